// What one step of a title's history says to its reader, in their language. A reason the
// library gave is a code of its workflow, read by its label; the steps the service takes by
// itself are told here in the reader's words, not by the English the event keeps for the API:
// a copy found already held says where it is, a closed title a new request reopened says so,
// a title a course's reading list first asked for names the course, and staff's notes (a
// merge, a split, an edition confirmed) are told as such.
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

const plural = (n: number) => (n === 1 ? 'request' : 'requests');

/**
 * The notes staff's merges, splits and editions leave in a title's history: the English the
 * API gives (written here, by the services that take the step) and how a page reads it back.
 */
export const NOTES = {
  merged: (from: number, label: string) => `merged: title ${from} (${label}), with its requests, history and messages`,
  splitFrom: (from: number, label: string, n: number) => `split from title ${from} (${label}): ${n} ${plural(n)}`,
  splitOff: (label: string, n: number) => `split: ${n} ${plural(n)} moved to a new title (${label})`,
  otherScript: (from: number) =>
    `the same work as title ${from}, written in the other Chinese script, whose requests it now holds`,
  sameEdition: (from: number, isbn: string) =>
    `the same edition as title ${from} (ISBN ${isbn}), whose requests it now holds`,
  editionConfirmed: (isbn: string) => `edition confirmed: ISBN ${isbn}`,
  editionSetAside: (isbn: string) => `proposed edition set aside: ISBN ${isbn}`,
};

/** Each note as written above, and its words for a reader. */
const NOTE_READINGS: [RegExp, (m: RegExpExecArray, locale: Locale) => string][] = [
  [/^merged: title \d+ \((.*)\), with its requests/, (m, l) => t(l, 'step.merged', { title: m[1]! })],
  [
    /^split from title \d+ \((.*)\): (\d+) requests?$/,
    (m, l) => t(l, 'step.splitFrom', { title: m[1]!, n: Number(m[2]) }),
  ],
  [
    /^split: (\d+) requests? moved to a new title \((.*)\)$/,
    (m, l) => t(l, 'step.splitOff', { title: m[2]!, n: Number(m[1]) }),
  ],
  [/^the same work as title \d+, written in the other Chinese script/, (_m, l) => t(l, 'step.otherScript')],
  [/^the same edition as title \d+ \(ISBN ([\d-]+X?)\)/, (m, l) => t(l, 'step.sameEdition', { isbn: m[1]! })],
  [/^edition confirmed: ISBN ([\d-]+X?)$/, (m, l) => t(l, 'step.editionConfirmed', { isbn: m[1]! })],
  [/^proposed edition set aside: ISBN ([\d-]+X?)$/, (m, l) => t(l, 'step.editionSetAside', { isbn: m[1]! })],
];
/** The reasons the history keeps when a requester withdraws a request, or changes it (before the fields' names). */
export const WITHDRAWN_STEP = 'a request was withdrawn by its requester';
export const WITHDRAWN_LAST_STEP = 'withdrawn by its only requester';
export const EDITED_STEP = 'request changed by its requester: ';

export function stepReason(workflow: Workflow, step: Step, heldWhere: string | null, locale: Locale): string | null {
  if (step.reason) {
    for (const [pattern, read] of NOTE_READINGS) {
      const match = pattern.exec(step.reason);
      if (match) return read(match, locale);
    }
  }
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
