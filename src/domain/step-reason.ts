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

export function stepReason(workflow: Workflow, step: Step, heldWhere: string | null, locale: Locale): string | null {
  if (step.actorRole === 'system' && step.from === null && step.reason?.startsWith(READING_LIST_STEP))
    return t(locale, 'step.readingList', { course: step.reason.slice(READING_LIST_STEP.length) });
  if (step.to === 'held' && heldWhere) return t(locale, 'step.held', { where: heldWhere });
  if (step.to === 'held' && step.actorRole === 'system') return t(locale, 'step.heldSomewhere');
  if (step.actorRole === 'system' && step.from !== null && step.to === INITIAL_STATUS)
    return t(locale, 'step.reopened');
  return step.reason ? reasonText(workflow, step.reason, locale) : null;
}
