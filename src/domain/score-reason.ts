// Why a title ranks where it does, in words a librarian reads in a second: who asked and the
// course it is for, then the two components that lift its score most, then what a selector must
// know before buying (already held, no price): "3 requesters, 2 faculty · for HIST 210, 45
// students · earlier edition 4.0 loans a copy". The score's parts, with their inputs, are on demand.
// The rule chooses the reasons and their figures; the words are the reader's language's, chosen
// at the edge (src/i18n/reasons.ts).
import type { Importance } from './course.js';
import { byCourse, largestCourse } from './course.js';
import type { Locale } from './locale.js';
import type { ComponentName, Score, ScoringConfig, TitleFacts } from './scoring.js';

export interface ReasonContext {
  /** the discipline's name in the reader's language */
  disciplineName: string | null;
  /** the scoring's weights of a course's students by importance: which course the line names */
  courseImportance: ScoringConfig['courseImportance'];
}

/** Each reason's figures, by the reason's name (its message is `reason.<name>`). */
export interface ReasonValues {
  requesters: { n: number; faculty: number; graduate: number };
  endorsed: { n: number };
  course: { course: string; students: number | null; importance: Importance | null; more: number };
  editions: { factor: string };
  ill: { n: number };
  reserve: { n: number };
  classBusy: { factor: string };
  useHigh: { discipline: string; factor: string };
  useLow: { discipline: string; factor: string };
  departments: { discipline: string; factor: string };
  rising: { percent: number };
  falling: { percent: number };
  needBy: { date: string };
  /** the amount in the library's currency: formatted in the reader's language at the edge */
  price: { amount: number };
  held: { items: number };
  noPrice: Record<string, never>;
}

export type ScoreReason = { [K in keyof ReasonValues]: { code: K; values: ReasonValues[K] } }[keyof ReasonValues];

const reason = <K extends keyof ReasonValues>(code: K, values: ReasonValues[K]) => ({ code, values }) as ScoreReason;

const MOST = 2;

/** The reasons, in the order a librarian reads them: who asked and the course first, then the two largest lifts, then the cautions. */
export function scoreReasons(score: Score, facts: TitleFacts, ctx: ReasonContext): ScoreReason[] {
  const c = score.components;
  const phrases: { weight: number; reason: ScoreReason }[] = [];
  const add = (name: ComponentName, reason: ScoreReason) => {
    phrases.push({ weight: Math.abs(c[name].contribution), reason });
  };
  const count = (category: string) =>
    facts.requesters.filter((r) => r.category === category).reduce((s, r) => s + r.count, 0);
  const n = facts.requesters.reduce((s, r) => s + r.count, 0);
  const courses = facts.courses ?? [];
  // Who asked leads: it is the first thing a selector asks. A title only a reading list asked
  // for is not "0 requesters": its course says who wants it.
  if (n > 0 || courses.length === 0) {
    phrases.push({
      weight: Infinity,
      reason: reason('requesters', { n, faculty: count('faculty'), graduate: count('graduate') }),
    });
  }
  // A department's liaison vouching for it is demand too, and said beside who asked.
  if ((facts.endorsements ?? 0) > 0) {
    phrases.push({ weight: Infinity, reason: reason('endorsed', { n: facts.endorsements! }) });
  }
  // Then the course it is for, the strongest sign there is that a new book will be used.
  const course = largestCourse(courses, ctx.courseImportance);
  if (course) {
    phrases.push({
      weight: Infinity,
      reason: reason('course', {
        course: course.course.course,
        students: course.course.enrolment,
        importance: course.course.source === 'request' ? null : course.course.importance,
        more: byCourse(courses).length - 1,
      }),
    });
  }

  const discipline = ctx.disciplineName;
  const factor = (x: number) => (x >= 10 ? x.toFixed(0) : x.toFixed(1));
  // The title-level evidence, when it lifts the score: what the library's own loans say of this book.
  const lifts = (name: ComponentName) => c[name] !== undefined && c[name].contribution > 0 && c[name].value !== null;
  if (lifts('editions')) add('editions', reason('editions', { factor: factor(c.editions.value!) }));
  if (lifts('ill')) add('ill', reason('ill', { n: c.ill.value! }));
  if (lifts('reserve')) add('reserve', reason('reserve', { n: c.reserve.value! }));
  if (lifts('narrowClass') && c.narrowClass.value! >= 1.5) {
    add('narrowClass', reason('classBusy', { factor: factor(c.narrowClass.value!) }));
  }
  const uf = c.useFactor.value;
  if (discipline && uf !== null && (uf >= 1.2 || uf <= 0.8) && c.useFactor.contribution !== 0) {
    add('useFactor', reason(uf >= 1.2 ? 'useHigh' : 'useLow', { discipline, factor: factor(uf) }));
  }
  const affinity = c.departments.value;
  if (discipline && affinity !== null && affinity >= 1.5 && c.departments.contribution !== 0)
    add('departments', reason('departments', { discipline, factor: factor(affinity) }));
  const trend = c.trend.value;
  if (trend !== null && Math.abs(trend - 1) >= 0.1 && c.trend.contribution !== 0) {
    const percent = Math.round(Math.abs(trend - 1) * 100);
    add('trend', reason(trend > 1 ? 'rising' : 'falling', { percent }));
  }
  if (facts.needBy && c.needBy.contribution > 0)
    add('needBy', reason('needBy', { date: facts.needBy.toISOString().slice(0, 10) }));
  if (facts.price !== null && c.price.contribution <= -0.5) {
    add('price', reason('price', { amount: facts.price }));
  }

  const chosen = phrases
    .sort((a, b) => b.weight - a.weight)
    .slice(0, phrases.filter((p) => p.weight === Infinity).length + MOST)
    .map((p) => p.reason);
  if (facts.heldItems > 0) chosen.push(reason('held', { items: facts.heldItems }));
  if (facts.price === null) chosen.push(reason('noPrice', {}));
  return chosen;
}

// What a selector must know before buying; the buy list shows these as flags beside the title.
const CAUTIONS: ReadonlySet<ScoreReason['code']> = new Set(['held', 'noPrice']);

/** The compact line under a title on the buy list: its strongest reasons, who asked first, no cautions. */
export function strongestReasons(reasons: readonly ScoreReason[], count = 3): ScoreReason[] {
  return reasons.filter((r) => !CAUTIONS.has(r.code)).slice(0, count);
}

export function money(amount: number, currency: string | null, locale: Locale): string {
  if (!currency) return amount.toFixed(2);
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}
