// A title's use in teaching: a request "for a course" from a member of faculty or a liaison,
// and the entries of courses' reading lists. On a real academic library's checkouts, use for a
// course after purchase was the strongest sign that a new book would be borrowed again (51%
// against 15%); the course, its students and how firmly the list asks for the book are how
// that use shows before the book is bought.
//
// Course codes and terms are written the way universities write them: "HIST 210", "CS-101",
// "历史 210"; "2027 Spring", "2027-S1", "Semester 1, 2020/21". Any letters and digits are taken,
// with the spaces and punctuation those use; a code is compared in capitals with its spaces
// collapsed, so "hist  210" on a request meets "HIST 210" on the reading list.
import { may, type Role } from './access.js';
import { TEXT_LIMITS } from './text-limits.js';

/** How firmly a reading list asks for a book: Leganto's and Talis Aspire's importance levels. */
export const IMPORTANCES = ['essential', 'recommended', 'optional'] as const;
export type Importance = (typeof IMPORTANCES)[number];

/** The most students a request for a course may name: a lecture hall, not a typo. */
export const MAX_REQUEST_ENROLMENT = 5000;

/** One course's use of a title: from a request for the course, or from its reading list. */
export interface CourseDemand {
  /** the course code, as `courseCode` keeps it */
  course: string;
  /** the course's name, when a reading list gave it */
  name: string | null;
  /** the term, as the library writes it; '' when none was given */
  term: string;
  /** the students expected; null when not known */
  enrolment: number | null;
  importance: Importance;
  source: 'request' | 'reading-list';
}

/** Students per copy worth buying, by importance; 0 asks for no copies beyond the first. */
export type StudentsPerCopy = Record<Importance, number>;

export const DEFAULT_STUDENTS_PER_COPY: StudentsPerCopy = { essential: 10, recommended: 25, optional: 0 };

const CODE = /^[\p{L}\p{N}][\p{L}\p{N} .\-_/&:]*$/u;
const TERM = /^[\p{L}\p{N}][\p{L}\p{N} .,\-_/()]*$/u;

/** A course code as it is kept and compared: spaces collapsed, in capitals. */
export function courseCode(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toUpperCase();
}

/** A term as it is kept: spaces collapsed, otherwise as written. */
export function courseTerm(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

/** Why `code` (as `courseCode` keeps it) is not a course code, or null when it is one. */
export function courseCodeProblem(code: string): string | null {
  if (code === '') return 'The course code is empty: give it as the university writes it, such as HIST 210.';
  if (code.length > TEXT_LIMITS.courseCode)
    return `A course code has at most ${TEXT_LIMITS.courseCode} characters; this one has ${code.length}.`;
  if (!CODE.test(code))
    return `"${code}" is not a course code: use letters and digits, with spaces, dots, hyphens or slashes between them, such as HIST 210.`;
  return null;
}

/** Why `term` (as `courseTerm` keeps it) is not a term, or null when it is one. */
export function courseTermProblem(term: string): string | null {
  if (term === '') return 'The term is empty: give it as the university writes it, such as 2027 Spring.';
  if (term.length > TEXT_LIMITS.courseTerm)
    return `A term has at most ${TEXT_LIMITS.courseTerm} characters; this one has ${term.length}.`;
  if (!TERM.test(term))
    return `"${term}" is not a term: use letters and digits, with spaces, commas, hyphens or slashes, such as 2027 Spring or 2027-S1.`;
  return null;
}

/**
 * Who may say a title is for a course: faculty, who teach them, and liaisons, who speak for
 * their department's teaching. A student's "for my course" is a reason, not an enrolment.
 */
export function mayRequestForCourse(role: Role, category: string | null | undefined): boolean {
  return may(role, 'requestForCourse') || category === 'faculty';
}

/**
 * The importance a reading list's words say, or null when they say none of the three.
 * Leganto's citation tags and Talis Aspire's importances are the library's own words, so the
 * usual ones are read: "Essential", "Core reading", "Required" (必读); "Recommended", "Suggested
 * for student purchase" (推荐); "Optional", "Further reading", "Background reading" (选读). A
 * cell holding several tags ("Week 3; Essential") takes the firmest.
 */
export function readImportance(text: string): Importance | null {
  const words = text.toLowerCase();
  if (/\b(essential|required|core|key text|must read)\b|必读|必讀/.test(words)) return 'essential';
  if (/\b(recommended|suggested)\b|推荐|推薦/.test(words)) return 'recommended';
  if (/\b(optional|further|background|supplementary|additional|wider)\b|选读|選讀|拓展/.test(words)) return 'optional';
  return null;
}

/**
 * READING_LIST_STUDENTS_PER_COPY as the settings give it, "essential:10,recommended:25,optional:0";
 * an importance left out keeps its default.
 */
export function parseStudentsPerCopy(
  text: string,
): { ok: true; value: StudentsPerCopy } | { ok: false; problems: string[] } {
  const value = { ...DEFAULT_STUDENTS_PER_COPY };
  const problems: string[] = [];
  for (const pair of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, count, ...rest] = pair.split(':').map((p) => p.trim());
    if (!(IMPORTANCES as readonly string[]).includes(name ?? '') || rest.length > 0) {
      problems.push(`"${pair}" should be importance:students with importance one of ${IMPORTANCES.join(', ')}`);
      continue;
    }
    if (!/^\d{1,5}$/.test(count ?? '')) {
      problems.push(`"${pair}": the students per copy is a whole number (0 asks for no more than one copy)`);
      continue;
    }
    value[name as Importance] = Number(count);
  }
  return problems.length ? { ok: false, problems } : { ok: true, value };
}

/** One entry per course and term: a reading list's word outranks a request's, more students fewer. */
export function byCourse(demand: readonly CourseDemand[]): CourseDemand[] {
  const kept = new Map<string, CourseDemand>();
  const rank = (d: CourseDemand) => (d.source === 'reading-list' ? 1e9 : 0) + (d.enrolment ?? 0);
  for (const d of demand) {
    const key = `${courseCode(d.course)}\n${d.term}`;
    const known = kept.get(key);
    if (!known || rank(d) > rank(known)) kept.set(key, d);
  }
  return [...kept.values()];
}

/**
 * Copies worth having for the courses that use a title: in each term, one copy per so many of
 * the students of every course reading it (by its importance there), rounded up; the busiest
 * term decides, since the copies serve every term. 0 when no course asks for copies.
 */
export function recommendedCopies(demand: readonly CourseDemand[], perCopy: StudentsPerCopy): number {
  const terms = new Map<string, number>();
  for (const d of byCourse(demand)) {
    const ratio = perCopy[d.importance];
    if (ratio === 0 || !d.enrolment) continue;
    terms.set(d.term, (terms.get(d.term) ?? 0) + d.enrolment / ratio);
  }
  // A hair under a whole copy (45 students at 10 a copy, summed in floating point) is that copy.
  return Math.max(0, ...[...terms.values()].map((copies) => Math.ceil(copies - 1e-9)));
}

/** Copies to order: what the courses call for beyond the copies held, and at least the one being bought. */
export function copiesToOrder(recommended: number, heldItems: number): number {
  return Math.max(1, recommended - heldItems);
}

/** The course that weighs most for a title: its students, weighted by how firmly it asks. */
export function largestCourse(
  demand: readonly CourseDemand[],
  weights: Record<Importance, number>,
): { course: CourseDemand; weighted: number } | null {
  let best: { course: CourseDemand; weighted: number } | null = null;
  for (const course of byCourse(demand)) {
    const weighted = (course.enrolment ?? 0) * weights[course.importance];
    if (!best || weighted > best.weighted) best = { course, weighted };
  }
  return best;
}
