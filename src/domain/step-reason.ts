// What one step of a title's history says to its reader, in their language. A reason the
// library gave is a code of its workflow, read by its label; the steps the service takes by
// itself are told here in the reader's words, not by the English the event keeps for the API:
// a copy found already held says where it is, a closed title a new request reopened says so,
// a title a course's reading list first asked for names the course.
import { t } from '../i18n/index.js';
import type { Locale } from './locale.js';
import { INITIAL_STATUS, reasonText, type Workflow } from './workflow.js';

export interface Step {
  from: string | null;
  to: string;
  reason: string | null;
  actorRole: string;
}

/** The reason the event keeps when a reading list first asks for a title, before the course code. */
export const READING_LIST_STEP = 'on the reading list of ';

/** The reasons the history keeps when a requester withdraws a request, or changes it (before the fields' names). */
export const WITHDRAWN_STEP = 'a request was withdrawn by its requester';
export const WITHDRAWN_LAST_STEP = 'withdrawn by its only requester';
export const EDITED_STEP = 'request changed by its requester: ';

export function stepReason(workflow: Workflow, step: Step, heldWhere: string | null, locale: Locale): string | null {
  if (step.actorRole === 'system' && step.from === null && step.reason?.startsWith(READING_LIST_STEP))
    return t(locale, 'step.readingList', { course: step.reason.slice(READING_LIST_STEP.length) });
  if (step.to === 'held' && heldWhere) return t(locale, 'step.held', { where: heldWhere });
  if (step.to === 'held' && step.actorRole === 'system') return t(locale, 'step.heldSomewhere');
  if (step.actorRole === 'system' && step.from !== null && step.to === INITIAL_STATUS)
    return t(locale, 'step.reopened');
  if (step.reason === WITHDRAWN_STEP) return t(locale, 'step.withdrawn');
  if (step.reason === WITHDRAWN_LAST_STEP) return t(locale, 'step.withdrawnLast');
  if (step.reason?.startsWith(EDITED_STEP)) return t(locale, 'step.edited');
  return step.reason ? reasonText(workflow, step.reason, locale) : null;
}
