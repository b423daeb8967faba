// A wanted title's demand score, built from components a collection librarian recognises and
// kept with the score, so a selector can see why a title ranks where it does:
//
//   requesters    who asked: log2(1 + Σ category weight), faculty counting most, and each
//                 liaison's endorsement counting as one requester of endorsementWeight
//   editions      another edition of the same work circulated here: its loans per copy
//   ill           the title was borrowed from other libraries for patrons here
//   reserve       the author's other books were on course reserve
//   narrow class  loans per title in the title's own class number against the library's
//   use factor    Bonn's use factor of the title's discipline: its share of (recent, decaying)
//                 loans over its share of the items held; above 1 the shelves are under strain
//   departments   how much the requesting departments borrow in that discipline, against the
//                 library as a whole
//   trend         loans in the discipline this year against the year before (nothing until
//                 the history holds a full year before this one)
//   held          copies the library already owns: a held title sinks
//   price         list price against a reference price: dearer titles need more demand
//   need by       a date the requester needs it by, when it is close
//   course        the students of the largest course it is for (a request for a course, a
//                 reading list), weighted by how firmly the course asks for it
//
// score = Σ weight × component. Each logarithmic component is clamped, so no single signal
// (a viral request, a tiny discipline) dominates, and a missing input contributes nothing.
// On a real library's history (docs/ranking.md's backtest) the title-level evidence carries what
// signal there is; the discipline's components say little of one title, and weigh little.
import { z } from 'zod';
import { type CourseDemand, IMPORTANCES, type Importance, largestCourse } from './course.js';
import {
  classUseRatio,
  editionLoansPerCopy,
  editionsSignal,
  illSignal,
  NO_EVIDENCE,
  narrowClassSignal,
  reserveSignal,
  type TitleEvidence,
} from './title-evidence.js';

export const COMPONENTS = [
  'requesters',
  'editions',
  'ill',
  'reserve',
  'narrowClass',
  'useFactor',
  'departments',
  'trend',
  'held',
  'price',
  'needBy',
  'course',
] as const;
export type ComponentName = (typeof COMPONENTS)[number];

// The evidence weights are what `r2b tune` kept on Reed College's checkout year (four
// periods, each checked on the next; docs/ranking.md): editions 0.25, ILL 1,
// reserve 2, narrow class 3, use factor 0. Reed has no requests, so it cannot say how much
// evidence weighs against a patron asking: the block is scaled so that its largest weight is
// the requesters' (1.5), and a request stays the strongest single input. Departments' use
// and the trend could not be measured there (no departments, one year); on the longer log
// of the same library neither ordered new titles, so each weighs little.
const DEFAULT_WEIGHTS: Record<ComponentName, number> = {
  requesters: 1.5,
  editions: 0.125,
  ill: 0.5,
  reserve: 1,
  narrowClass: 1.5,
  useFactor: 0,
  departments: 0.1,
  trend: 0.1,
  held: 1.5,
  price: 0.4,
  needBy: 0.5,
  // Reed's log has no courses to measure this on. A request for a course of 45 students adds
  // 0.4 × log2(1 + 45 × 0.5) = 1.8, about what a faculty member asking adds beyond a student.
  course: 0.4,
};
const DEFAULT_ENDORSEMENT_WEIGHT = 3;
const DEFAULT_COURSE_IMPORTANCE: Record<Importance, number> = { essential: 1, recommended: 0.5, optional: 0.2 };

/** The course component is clamped here: about 255 weighted students, so one lecture of 2,000 does not outweigh the rest. */
const COURSE_LIMIT = 8;

export const scoringConfigSchema = z
  .object({
    /** how much one requester of each category counts */
    categoryWeights: z.record(z.string(), z.number().nonnegative()),
    /**
     * how much one liaison's endorsement counts, as a requester would: a department's word for
     * its teaching, as much as a member of its faculty asking (3)
     */
    endorsementWeight: z.number().nonnegative().default(DEFAULT_ENDORSEMENT_WEIGHT),
    /**
     * how much each component counts in the score; a weight left out keeps its default, so a
     * file written before a component existed still loads
     */
    weights: z.object(
      Object.fromEntries(COMPONENTS.map((c) => [c, z.number().default(DEFAULT_WEIGHTS[c])])) as Record<
        ComponentName,
        z.ZodDefault<z.ZodNumber>
      >,
    ),
    /** how much a course's students count by how firmly it asks for the title (a request for a course is "recommended") */
    courseImportance: z
      .object(
        Object.fromEntries(IMPORTANCES.map((i) => [i, z.number().nonnegative()])) as Record<Importance, z.ZodNumber>,
      )
      .strict()
      .default(DEFAULT_COURSE_IMPORTANCE),
    /** loans older than this do not count toward use */
    windowMonths: z.number().int().min(1),
    /** a loan this many months old counts half */
    halfLifeMonths: z.number().positive(),
    /** trend compares the last this-many months with the same span before */
    trendMonths: z.number().int().min(1),
    /** loans added to both sides of the trend, so a discipline going from 1 loan to 3 is not "up 200%" */
    trendSmoothing: z.number().nonnegative(),
    /** a price this high counts as one doubling of cost */
    referencePrice: z.number().positive(),
    /** a need-by date this close (or past) earns the full need-by component */
    needBySoonDays: z.number().int().min(1),
  })
  .strict();

export type ScoringConfig = z.infer<typeof scoringConfigSchema>;

export const defaultScoring: ScoringConfig = {
  categoryWeights: { faculty: 3, graduate: 2, undergraduate: 1, staff: 1, public: 0.75 },
  endorsementWeight: DEFAULT_ENDORSEMENT_WEIGHT,
  weights: { ...DEFAULT_WEIGHTS },
  courseImportance: { ...DEFAULT_COURSE_IMPORTANCE },

  windowMonths: 24,
  halfLifeMonths: 12,
  trendMonths: 12,
  trendSmoothing: 5,
  referencePrice: 50,
  needBySoonDays: 60,
};

/** Loans of one (discipline, department, month), as the aggregates hold them. */
export interface LoanCell {
  discipline: string;
  department: string;
  month: string;
  loans: number;
}

export interface DisciplineUse {
  /** loans in the window, each weighted by its age */
  decayed: number;
  /** loans in the last trendMonths, and in the trendMonths before */
  recent: number;
  previous: number;
  items: number;
}

export interface ScoringContext {
  asOfMonth: string;
  disciplines: Map<string, DisciplineUse>;
  totalDecayed: number;
  totalItems: number;
  /** per department: decayed loans in all, and per discipline */
  departments: Map<string, { total: number; byDiscipline: Map<string, number> }>;
  /** the history reaches back a full trend window before the one compared: else no trend */
  fullTrendWindow: boolean;
  /** loans per title lent before asOfMonth, library-wide: the narrow class is read against it */
  loansPerTitle: number | null;
}

/**
 * What scoring needs from the loan history, read from the aggregates (never the raw loans):
 * counted up to `asOfMonth`, the month scores are made in, which is excluded (it is not over).
 */
export function buildContext(
  cells: Iterable<LoanCell>,
  items: Iterable<{ discipline: string; items: number }>,
  asOfMonth: string,
  config: ScoringConfig,
  /** the month of the first loan in the history, and loans per title lent before asOfMonth */
  history: { firstMonth: string | null; loansPerTitle?: number | null } = { firstMonth: null },
): ScoringContext {
  const context: ScoringContext = {
    asOfMonth,
    disciplines: new Map(),
    totalDecayed: 0,
    totalItems: 0,
    departments: new Map(),
    fullTrendWindow:
      history.firstMonth !== null && monthsBetween(history.firstMonth, asOfMonth) >= 2 * config.trendMonths,
    loansPerTitle: history.loansPerTitle ?? null,
  };
  const use = (d: string) => {
    let u = context.disciplines.get(d);
    if (!u) context.disciplines.set(d, (u = { decayed: 0, recent: 0, previous: 0, items: 0 }));
    return u;
  };
  for (const cell of cells) {
    const age = monthsBetween(cell.month, asOfMonth);
    if (age < 1 || cell.discipline === '') continue;
    const u = use(cell.discipline);
    if (age <= config.trendMonths) u.recent += cell.loans;
    else if (age <= 2 * config.trendMonths) u.previous += cell.loans;
    if (age > config.windowMonths) continue;
    const decayed = cell.loans * 0.5 ** ((age - 1) / config.halfLifeMonths);
    u.decayed += decayed;
    context.totalDecayed += decayed;
    if (cell.department !== '') {
      let dept = context.departments.get(cell.department);
      if (!dept) context.departments.set(cell.department, (dept = { total: 0, byDiscipline: new Map() }));
      dept.total += decayed;
      dept.byDiscipline.set(cell.discipline, (dept.byDiscipline.get(cell.discipline) ?? 0) + decayed);
    }
  }
  for (const held of items) {
    if (held.discipline === '') continue;
    use(held.discipline).items += held.items;
    context.totalItems += held.items;
  }
  return context;
}

export interface TitleFacts {
  discipline: string | null;
  requesters: { category: string; department: string | null; count: number }[];
  /** liaisons who endorsed it (services/endorsements.ts) */
  endorsements?: number;
  heldItems: number;
  /** list price in the library's currency, or null when no provider gave one */
  price: number | null;
  /** the earliest need-by date among the requests */
  needBy: Date | null;
  now: Date;
  /** what the library's history says of this title (services/title-evidence.ts); none when unknown */
  evidence?: TitleEvidence;
  /** the courses it is for: requests for a course and reading-list entries */
  courses?: CourseDemand[];
}

export interface Component {
  /** the measure itself: weighted requesters, the use factor, a ratio; null when unknown */
  value: number | null;
  /** what it adds to the score */
  contribution: number;
}

export interface Score {
  total: number;
  components: Record<ComponentName, Component>;
}

export function scoreTitle(facts: TitleFacts, context: ScoringContext, config: ScoringConfig): Score {
  const w = config.weights;
  const components = {} as Record<ComponentName, Component>;
  const set = (name: ComponentName, value: number | null, signal: number) => {
    components[name] = {
      value: value === null ? null : round(value),
      contribution: round(value === null ? 0 : w[name] * signal),
    };
  };

  const weighted =
    facts.requesters.reduce((sum, r) => sum + r.count * (config.categoryWeights[r.category] ?? 1), 0) +
    (facts.endorsements ?? 0) * config.endorsementWeight;
  set('requesters', weighted, Math.log2(1 + weighted));

  const evidence = facts.evidence ?? NO_EVIDENCE;
  const perCopy = editionLoansPerCopy(evidence);
  set('editions', perCopy, editionsSignal(perCopy));
  set('ill', evidence.illLoans, illSignal(evidence.illLoans));
  set('reserve', evidence.authorReserveLoans, reserveSignal(evidence.authorReserveLoans));
  const classRatio = classUseRatio(evidence, context.loansPerTitle);
  set('narrowClass', classRatio, narrowClassSignal(classRatio));

  const use = facts.discipline ? context.disciplines.get(facts.discipline) : undefined;
  const loanShare = use && context.totalDecayed > 0 ? use.decayed / context.totalDecayed : null;
  const itemShare = use && context.totalItems > 0 && use.items > 0 ? use.items / context.totalItems : null;
  const useFactor = loanShare !== null && itemShare !== null ? loanShare / itemShare : null;
  set('useFactor', useFactor, useFactor === null ? 0 : clampLog(useFactor, 2));

  // The requesting departments' appetite for this discipline, against the library's as a whole.
  let affinity: number | null = null;
  if (facts.discipline && loanShare) {
    let sum = 0;
    let weight = 0;
    for (const r of facts.requesters) {
      const dept = r.department ? context.departments.get(r.department) : undefined;
      if (!dept || dept.total === 0) continue;
      const share = (dept.byDiscipline.get(facts.discipline) ?? 0) / dept.total;
      sum += r.count * (share / loanShare);
      weight += r.count;
    }
    affinity = weight > 0 ? sum / weight : null;
  }
  set('departments', affinity, affinity === null ? 0 : clampLog(Math.max(affinity, 1e-6), 2));

  // With less than two full windows of history, the earlier one is short and every discipline
  // looks like it is growing: no trend at all is the honest reading.
  const trend =
    use && context.fullTrendWindow
      ? (use.recent + config.trendSmoothing) / (use.previous + config.trendSmoothing)
      : null;
  set('trend', trend, trend === null ? 0 : clampLog(trend, 1));

  set('held', facts.heldItems, facts.heldItems > 0 ? -(1 + Math.log2(facts.heldItems)) : 0);

  set('price', facts.price, facts.price === null ? 0 : -Math.log2(1 + facts.price / config.referencePrice));

  const days = facts.needBy ? (facts.needBy.getTime() - facts.now.getTime()) / 86_400_000 : null;
  set('needBy', days, days === null ? 0 : Math.min(1, Math.max(0, 1 - days / config.needBySoonDays)));

  const course = largestCourse(facts.courses ?? [], config.courseImportance);
  set('course', course?.weighted ?? null, course ? Math.min(COURSE_LIMIT, Math.log2(1 + course.weighted)) : 0);

  const total = COMPONENTS.reduce((sum, name) => sum + components[name].contribution, 0);
  return { total: round(total), components };
}

/** Months from `from` to `to` (YYYY-MM): 2026-10 to 2026-11 is 1. */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm);
}

/** YYYY-MM moved by whole months: 2026-01 less 2 is 2025-11. */
export function shiftMonth(month: string, by: number): string {
  const index = monthsBetween('0000-01', month) + by;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function clampLog(x: number, limit: number): number {
  return Math.max(-limit, Math.min(limit, Math.log2(x)));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
