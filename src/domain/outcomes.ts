// Did buying what patrons asked for pay? The measures patron-driven acquisition is judged by
// (Purdue's Books on Demand, Alma Analytics' purchase requests): how fast requests were
// answered, how many were filled, whether what was bought on request was used, and what each
// use cost. Pure: the service hands in each requested title's history and the loans of its
// editions by month (the aggregates kept at import), and the clock's "now".
import { ascending, bootstrapSpearman, type Interval, percentile } from './backtest.js';
import { seededRandom } from './random.js';

/** The ways a manager cuts the figures. A title belongs to each group any of its requesters is in. */
export const OUTCOME_DIMENSIONS = ['department', 'discipline', 'patronCategory', 'selector', 'fund'] as const;
export type OutcomeDimension = (typeof OUTCOME_DIMENSIONS)[number];

/** One requested title (its pooled suggestions), as its history and the loan aggregates tell it. */
export interface RequestedTitle {
  titleId: number;
  isbn13: string | null;
  /** how many patrons asked for it */
  requests: number;
  /** the first suggestion */
  requestedAt: Date;
  /** the first move out of the pending stage (approved, rejected, held, cancelled...) */
  decidedAt: Date | null;
  /** the first move to "available": bought and on the shelf */
  availableAt: Date | null;
  /** where it is now, and, when it ended otherwise than available, why (the reason or the status) */
  status: string;
  stage: 'pending' | 'active' | 'closed';
  endedBecause: string | null;
  /** what was paid (or, failing that, the list price the selector bought at) */
  price: { amount: number; currency: string } | null;
  /** loans of the title's editions by month (YYYY-MM) */
  loansByMonth: ReadonlyMap<string, number>;
  /** the score it had when it was decided, when that was recorded */
  scoreAtDecision: number | null;
  /** requesters' answers to "Was this what you needed?" */
  feedback: { yes: number; no: number };
  groups: Record<OutcomeDimension, readonly string[]>;
}

export interface UseFigures {
  /** titles old enough to be measured: bought at least the window's months before now */
  titles: number;
  loans: number;
  loansPerTitle: number | null;
  neverBorrowedShare: number | null;
}

export interface OutcomeSummary {
  /** requested titles, and the suggestions pooled into them */
  titles: number;
  requests: number;
  filled: number;
  /** filled among the titles whose request has ended (open ones are not yet a success or a failure) */
  fillRate: number | null;
  /** the titles that ended without being bought, by status or reason */
  notFilled: Record<string, number>;
  open: number;
  medianDaysToDecision: number | null;
  p90DaysToDecision: number | null;
  medianDaysToAvailable: number | null;
  p90DaysToAvailable: number | null;
  use6m: UseFigures;
  use12m: UseFigures;
  /** spent on the titles bought, by currency */
  spent: Record<string, number>;
  /** spent per loan in the first 12 months, where every measured title was paid in one currency */
  costPerLoan: { amount: number; currency: string } | null;
  /** requesters' answers about what arrived: it was what they needed, or not */
  feedback: { yes: number; no: number };
}

const DAY = 86_400_000;

/** Calendar days from one instant to another, to a tenth: weekends count, as a requester waits through them. */
export function daysBetween(from: Date, to: Date): number {
  return Math.round(((to.getTime() - from.getTime()) / DAY) * 10) / 10;
}

// A report sorts the turnaround of every group of five dimensions, each list once for both of
// its quantiles.
const quantileOfSorted = (sorted: Float64Array, p: number) => (sorted.length === 0 ? null : percentile(sorted, p));

/** The p-th quantile (0 to 1) of values in any order, as the backtest's intervals take it; null for no values. */
export function quantile(values: ArrayLike<number>, p: number): number | null {
  return quantileOfSorted(ascending(values), p);
}

// Months counted from year 0, so a window is integer arithmetic and not a string per month.
const monthIndex = (date: Date) => date.getUTCFullYear() * 12 + date.getUTCMonth();
function monthKey(index: number): string {
  const month = (index % 12) + 1;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}`;
}

/**
 * Loans in the first `months` months on the shelf, counted by month as the aggregates keep
 * them: the month it became available and the next ones. Null while that window has not
 * ended by `now`: a title bought last month has not yet had its chance to be used.
 */
export function loansWithin(
  loansByMonth: ReadonlyMap<string, number>,
  availableAt: Date,
  months: number,
  now: Date,
): number | null {
  const first = monthIndex(availableAt);
  if (monthIndex(now) < first + months) return null;
  // The title's own months, not every month of the window: YYYY-MM compares as it counts.
  const from = monthKey(first);
  const end = monthKey(first + months);
  // forEach, not for...of: a report walks every title's months twice, and each entry for...of
  // yields is a new array.
  let loans = 0;
  loansByMonth.forEach((n, month) => {
    if (month >= from && month < end) loans += n;
  });
  return loans;
}

/**
 * The first day (YYYY-MM-DD) of the first month whose acquisitions have not had their first
 * `months` months by `now`: what reached the shelf before it can be measured, what came after
 * cannot yet (loansWithin is null for it).
 */
export function unmeasuredFrom(now: Date, months: number): string {
  return `${monthKey(monthIndex(now) - months + 1)}-01`;
}

export interface TitleUse {
  /** loans in the first 6 and 12 months on the shelf; null until that window has ended, or never bought */
  loans6m: number | null;
  loans12m: number | null;
}

// A report asks each title's use for the whole period, again for every group the title is in,
// for the ranking's record, the comparison and the title's own line: measured once per title
// and "now", not a score of times.
const measured = new WeakMap<RequestedTitle, TitleUse & { now: number }>();

/** A requested title's loans in its first 6 and 12 months on the shelf, as of `now`. */
export function titleUse(t: RequestedTitle, now: Date): TitleUse {
  const known = measured.get(t);
  if (known?.now === now.getTime()) return known;
  const use = {
    now: now.getTime(),
    loans6m: t.availableAt && loansWithin(t.loansByMonth, t.availableAt, 6, now),
    loans12m: t.availableAt && loansWithin(t.loansByMonth, t.availableAt, 12, now),
  };
  measured.set(t, use);
  return use;
}

function useFigures(perTitle: ArrayLike<number>): UseFigures {
  let loans = 0;
  let never = 0;
  for (let i = 0; i < perTitle.length; i++) {
    loans += perTitle[i]!;
    if (perTitle[i] === 0) never++;
  }
  return {
    titles: perTitle.length,
    loans,
    loansPerTitle: perTitle.length ? loans / perTitle.length : null,
    neverBorrowedShare: perTitle.length ? never / perTitle.length : null,
  };
}

export function summarise(titles: readonly RequestedTitle[], now: Date): OutcomeSummary {
  const notFilled: Record<string, number> = {};
  // Filled in place, one slot a title at most, and cut to what was filled.
  const toDecision = new Float64Array(titles.length);
  const toAvailable = new Float64Array(titles.length);
  const loans6 = new Float64Array(titles.length);
  const loans12 = new Float64Array(titles.length);
  let decided = 0;
  let six = 0;
  let twelve = 0;
  const spent: Record<string, number> = {};
  // The cost per loan's one currency: undefined until a measured title, null for an unpriced one.
  let currency: string | null | undefined;
  let oneCurrency = true;
  let paid12 = 0;
  let filled = 0;
  let ended = 0;
  let requests = 0;
  const feedback = { yes: 0, no: 0 };
  for (const t of titles) {
    requests += t.requests;
    feedback.yes += t.feedback.yes;
    feedback.no += t.feedback.no;
    if (t.decidedAt) toDecision[decided++] = daysBetween(t.requestedAt, t.decidedAt);
    if (t.availableAt) {
      toAvailable[filled++] = daysBetween(t.requestedAt, t.availableAt);
      const use = titleUse(t, now);
      if (use.loans6m !== null) loans6[six++] = use.loans6m;
      if (use.loans12m !== null) {
        loans12[twelve++] = use.loans12m;
        const paidIn = t.price?.currency ?? null;
        if (currency === undefined) currency = paidIn;
        else if (currency !== paidIn) oneCurrency = false;
        paid12 += t.price?.amount ?? 0;
      }
      if (t.price) spent[t.price.currency] = (spent[t.price.currency] ?? 0) + t.price.amount;
    }
    if (t.availableAt || t.stage === 'closed') ended++;
    if (!t.availableAt && t.stage === 'closed') {
      const why = t.endedBecause ?? t.status;
      notFilled[why] = (notFilled[why] ?? 0) + 1;
    }
  }
  const decision = toDecision.subarray(0, decided).sort();
  const available = toAvailable.subarray(0, filled).sort();
  const use12m = useFigures(loans12.subarray(0, twelve));
  return {
    titles: titles.length,
    requests,
    filled,
    fillRate: ended ? filled / ended : null,
    notFilled,
    open: titles.length - ended,
    medianDaysToDecision: quantileOfSorted(decision, 0.5),
    p90DaysToDecision: quantileOfSorted(decision, 0.9),
    medianDaysToAvailable: quantileOfSorted(available, 0.5),
    p90DaysToAvailable: quantileOfSorted(available, 0.9),
    use6m: useFigures(loans6.subarray(0, six)),
    use12m,
    spent,
    // A cost per loan mixing yuan and dollars, or counting unpriced titles as free, would mislead.
    costPerLoan: oneCurrency && currency && use12m.loans > 0 ? { amount: paid12 / use12m.loans, currency } : null,
    feedback,
  };
}

/** The summary of each group of a dimension, largest group first. */
export function summariseBy(
  titles: readonly RequestedTitle[],
  dimension: OutcomeDimension,
  now: Date,
): { group: string; summary: OutcomeSummary }[] {
  const groups = new Map<string, RequestedTitle[]>();
  for (const t of titles) {
    const named = t.groups[dimension];
    for (const g of named.length > 1 ? new Set(named) : named) {
      let list = groups.get(g);
      if (!list) groups.set(g, (list = []));
      list.push(t);
    }
  }
  return [...groups]
    .map(([group, list]) => ({ group, summary: summarise(list, now) }))
    .sort((a, b) => b.summary.titles - a.summary.titles || a.group.localeCompare(b.group));
}

export interface UseComparison {
  requested: UseFigures;
  others: UseFigures;
  /** requested loans per title minus the others', with a bootstrap interval; null when either side is empty */
  difference: Interval | null;
}

/**
 * Loans per title of what was bought on request against the library's other acquisitions of
 * the same period and discipline (each side a list of loans per title in the same window),
 * with a 95% bootstrap interval for the difference: few titles make a wide interval, and the
 * reader should see that rather than a bare "4.1 against 2.4".
 */
export function compareUse(
  requested: readonly number[],
  others: readonly number[],
  options: { resamples?: number; seed?: number } = {},
): UseComparison {
  const figures = { requested: useFigures(requested), others: useFigures(others) };
  if (!requested.length || !others.length) return { ...figures, difference: null };
  const random = seededRandom(options.seed ?? 1);
  const mean = (values: readonly number[]) => {
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += values[Math.floor(random() * values.length)]!;
    return sum / values.length;
  };
  const samples = new Float64Array(options.resamples ?? 1000);
  for (let r = 0; r < samples.length; r++) samples[r] = mean(requested) - mean(others);
  samples.sort();
  return {
    ...figures,
    difference: {
      value: figures.requested.loansPerTitle! - figures.others.loansPerTitle!,
      low: quantileOfSorted(samples, 0.025)!,
      high: quantileOfSorted(samples, 0.975)!,
    },
  };
}

export interface RankingRecord {
  /** titles bought with a score recorded at decision and a full 12 months on the shelf */
  titles: number;
  /** Spearman's rank correlation of the score at decision with the loans in 12 months */
  spearman: Interval | null;
}

/**
 * The ranking's own record on the library's outcomes: how the score at decision time ordered
 * the titles bought, against how they were then used. With fewer than five titles there is no
 * interval worth showing.
 */
export function rankingRecord(titles: readonly RequestedTitle[], now: Date, seed = 1): RankingRecord {
  const measured = titles.flatMap((t) => {
    if (t.scoreAtDecision === null || !t.availableAt) return [];
    const loans = titleUse(t, now).loans12m;
    return loans === null ? [] : [{ score: t.scoreAtDecision, loans }];
  });
  if (measured.length < 5) return { titles: measured.length, spearman: null };
  return {
    titles: measured.length,
    spearman: bootstrapSpearman(
      measured.map((m) => m.score),
      measured.map((m) => m.loans),
      { resamples: 1000, seed },
    ),
  };
}
