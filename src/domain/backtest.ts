// How well a ranking of titles foresaw the loans they went on to have. Rankings from scores tie
// a great deal (most titles have no evidence of a kind), and so do loans (most new books are
// borrowed once or never), so every measure here reads ties as they are: a tie in the ranking
// is an order not yet decided, and is scored as the average over its possible orders.
//
//   Spearman  rank correlation of score and loans, ties sharing their mean rank
//   P@k       of the k titles ranked first, the share that were among the most used: at least
//             as many loans as the k-th most used title, and at least one
//   NDCG@k    the loans of the titles ranked first, discounted by rank, against the best order
//
// Intervals are bootstrap percentiles: the titles resampled with replacement, the same
// resamples for every ranking, so two rankings can be compared pair by pair.
import { seededRandom } from './random.js';

/**
 * Numbers in ascending order, as a typed array the engine sorts as numbers: a bootstrap sorts
 * every resample, and sorting through a comparator was most of the outcome report's intervals.
 */
export const ascending = (values: ArrayLike<number>): Float64Array => Float64Array.from(values).sort();

export interface RankingMetrics {
  spearman: number;
  precision: number;
  ndcg: number;
}

export type MetricName = keyof RankingMetrics;
export const METRICS: MetricName[] = ['spearman', 'precision', 'ndcg'];

/** `predicted[i]` is title i's score (higher ranks first), `truth[i]` its loans afterwards. */
export function rankingMetrics(predicted: ArrayLike<number>, truth: ArrayLike<number>, k: number): RankingMetrics {
  return resampledMetrics(tieGroups(predicted), tieGroups(truth), everyRow(predicted.length), k);
}

/** The rows 0 to n - 1: every title once. */
const everyRow = (n: number): Uint32Array => Uint32Array.from({ length: n }, (_, i) => i);

export interface Interval {
  value: number;
  /** the 2.5th and 97.5th percentiles of the bootstrap */
  low: number;
  high: number;
}

export type MetricIntervals = Record<MetricName, Interval>;

/** A ranking to measure: each title's score, or "random" (a fresh shuffle in every resample). */
export type Ranking = ArrayLike<number> | 'random';

export interface BootstrapOptions {
  k: number;
  resamples: number;
  seed: number;
  /** the ranking the others are compared with, pair by pair */
  reference?: string;
}

export interface MeasuredRanking {
  name: string;
  metrics: MetricIntervals;
  /** this ranking's measure minus the reference's, in the same resamples: above 0 it does better */
  versusReference: MetricIntervals | null;
}

export function bootstrapRankings(
  rankings: { name: string; ranking: Ranking }[],
  truth: ArrayLike<number>,
  options: BootstrapOptions,
): MeasuredRanking[] {
  const n = truth.length;
  const random = seededRandom(options.seed);
  const shuffled = () => Float64Array.from({ length: n }, () => random());
  const all = everyRow(n);
  const truthTies = tieGroups(truth);
  const tiesOf = new Map(
    rankings.map((entry) => [entry, entry.ranking === 'random' ? null : tieGroups(entry.ranking)]),
  );
  // A random ranking is shuffled afresh for each resample.
  const measure = (entry: (typeof rankings)[number], rows: ArrayLike<number>) =>
    resampledMetrics(tiesOf.get(entry) ?? tieGroups(shuffled()), truthTies, rows, options.k);
  const samples = rankings.map(() => [] as RankingMetrics[]);
  eachResample(n, options.resamples, random, (rows) =>
    rankings.forEach((entry, i) => samples[i]!.push(measure(entry, rows))),
  );
  const whole = rankings.map((entry) =>
    entry.ranking === 'random' ? meanOf(Array.from({ length: 50 }, () => measure(entry, all))) : measure(entry, all),
  );
  const reference = rankings.findIndex((entry) => entry.name === options.reference);
  return rankings.map((entry, i) => ({
    name: entry.name,
    metrics: intervals(whole[i]!, samples[i]!),
    versusReference:
      reference < 0 || reference === i
        ? null
        : intervals(
            difference(whole[i]!, whole[reference]!),
            samples[i]!.map((s, r) => difference(s, samples[reference]![r]!)),
          ),
  }));
}

/** `count` resamples of `n` titles drawn with replacement, each handed to `each` in turn. */
function eachResample(n: number, count: number, random: () => number, each: (rows: Uint32Array, r: number) => void) {
  // One array, drawn into again for each resample: filling a fresh one through
  // Uint32Array.from's callback was most of the bootstrap.
  const rows = new Uint32Array(n);
  for (let r = 0; r < count; r++) {
    for (let i = 0; i < n; i++) rows[i] = Math.floor(random() * n);
    each(rows, r);
  }
}

/**
 * Spearman's correlation of one ranking with the loans and its bootstrap interval, alone: the
 * same resamples and the same figures as bootstrapRankings gives it, without the top-k
 * measures, which the outcomes report does not show.
 */
export function bootstrapSpearman(
  ranking: ArrayLike<number>,
  truth: ArrayLike<number>,
  options: { resamples: number; seed: number },
): Interval {
  const byScore = tieGroups(ranking);
  const byLoans = tieGroups(truth);
  const spearman = (rows: ArrayLike<number>) =>
    resampledSpearman(byScore, groupCounts(byScore, rows), byLoans, groupCounts(byLoans, rows), rows);
  const samples = new Float64Array(options.resamples);
  eachResample(truth.length, options.resamples, seededRandom(options.seed), (rows, r) => {
    samples[r] = spearman(rows);
  });
  return interval(spearman(everyRow(truth.length)), samples.sort());
}

/**
 * A ranking's (or the loans') values, each title's given as the index of its value among the
 * distinct values in ascending order. A resample's titles sort by those indexes by counting, so
 * the bootstrap sorts nothing: it was most of the outcome report once every title in it could
 * be compared (1,000 resamples of every title, each sorted four times).
 */
export interface TieGroups {
  /** each title's group: the index of its value among the distinct values, ascending */
  group: Uint32Array;
  /** the distinct values, ascending */
  values: Float64Array;
}

export function tieGroups(values: ArrayLike<number>): TieGroups {
  const sorted = ascending(values);
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!);
  const index = new Map(distinct.map((value, i) => [value, i]));
  return { group: Uint32Array.from(values, (value) => index.get(value)!), values: Float64Array.from(distinct) };
}

/** How many of the resample's titles fall in each group. */
function groupCounts(ties: TieGroups, rows: ArrayLike<number>): Uint32Array {
  const count = new Uint32Array(ties.values.length);
  for (let r = 0; r < rows.length; r++) count[ties.group[rows[r]!]!]!++;
  return count;
}

/** Each group's rank in the resample, from 1, its ties sharing the mean of the ranks they span. */
function groupRanks(count: Uint32Array): Float64Array {
  const rankOf = new Float64Array(count.length);
  for (let g = 0, start = 0; g < count.length; start += count[g]!, g++)
    rankOf[g] = (start + start + count[g]! - 1) / 2 + 1;
  return rankOf;
}

/**
 * The measures of the titles `rows` (a resample, with repeats; or every title once, for
 * rankingMetrics), with no sort: the ranks from each group's span, the most used from the
 * loans' groups counted down from the top, and the ranking walked a tie group at a time from
 * its highest score, their members' hits and loans summed in one pass. Within a tie group every
 * title is equally likely at each of its positions, so each position counts the group's mean.
 */
export function resampledMetrics(
  predicted: TieGroups,
  truth: TieGroups,
  rows: ArrayLike<number>,
  k: number,
): RankingMetrics {
  const n = rows.length;
  const top = Math.min(k, n);
  const byScore = groupCounts(predicted, rows);
  const byLoans = groupCounts(truth, rows);
  // The loans of the resample in descending order, as far as the top positions reach.
  const mostUsed: number[] = [];
  for (let g = truth.values.length - 1; g >= 0 && mostUsed.length < top; g--) {
    for (let c = 0; c < byLoans[g]! && mostUsed.length < top; c++) mostUsed.push(truth.values[g]!);
  }
  const threshold = Math.max(1, top === 0 ? Infinity : (mostUsed[top - 1] ?? 0));
  // The score groups the top positions reach, from the highest down.
  let lowest = predicted.values.length;
  for (let covered = 0; covered < top;) covered += byScore[--lowest]!;
  const hits = new Float64Array(predicted.values.length);
  const gain = new Float64Array(predicted.values.length);
  for (let r = 0; r < n; r++) {
    const g = predicted.group[rows[r]!]!;
    if (g < lowest) continue;
    const loans = truth.values[truth.group[rows[r]!]!]!;
    if (loans >= threshold) hits[g]!++;
    gain[g]! += loans;
  }
  let relevant = 0;
  let dcg = 0;
  for (let g = predicted.values.length - 1, start = 0; start < top; g--) {
    const size = byScore[g]!;
    if (size === 0) continue;
    const end = start + size;
    for (let position = start; position < Math.min(end, top); position++) {
      relevant += hits[g]! / size;
      dcg += gain[g]! / size / Math.log2(position + 2);
    }
    start = end;
  }
  let ideal = 0;
  for (let position = 0; position < mostUsed.length; position++) ideal += mostUsed[position]! / Math.log2(position + 2);
  return {
    spearman: resampledSpearman(predicted, byScore, truth, byLoans, rows),
    precision: top === 0 ? 0 : relevant / top,
    ndcg: ideal === 0 ? 0 : dcg / ideal,
  };
}

function intervals(value: RankingMetrics, samples: RankingMetrics[]): MetricIntervals {
  const out = {} as MetricIntervals;
  for (const metric of METRICS) {
    out[metric] = interval(value[metric], Float64Array.from(samples, (s) => s[metric]).sort());
  }
  return out;
}

function interval(value: number, sortedSamples: Float64Array): Interval {
  return {
    value: round(value),
    low: round(percentile(sortedSamples, 0.025)),
    high: round(percentile(sortedSamples, 0.975)),
  };
}

function difference(a: RankingMetrics, b: RankingMetrics): RankingMetrics {
  return { spearman: a.spearman - b.spearman, precision: a.precision - b.precision, ndcg: a.ndcg - b.ndcg };
}

function meanOf(values: RankingMetrics[]): RankingMetrics {
  const mean = (metric: MetricName) => values.reduce((s, v) => s + v[metric], 0) / values.length;
  return { spearman: mean('spearman'), precision: mean('precision'), ndcg: mean('ndcg') };
}

/** The p-th quantile (0 to 1) of sorted values, by linear interpolation between the closest ranks. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const at = (sorted.length - 1) * p;
  const low = Math.floor(at);
  return sorted[low]! + (sorted[Math.min(low + 1, sorted.length - 1)]! - sorted[low]!) * (at - low);
}

/** Spearman's correlation of a resample: Pearson's of its ranks, from its groups' counts. */
function resampledSpearman(
  predicted: TieGroups,
  byScore: Uint32Array,
  truth: TieGroups,
  byLoans: Uint32Array,
  rows: ArrayLike<number>,
): number {
  return rankCorrelation(groupRanks(byScore), predicted.group, groupRanks(byLoans), truth.group, rows);
}

/**
 * Pearson's correlation of the resample's ranks, each title's rank read through its group: a
 * bootstrap of 1,000 resamples made two arrays of ranks for each, most of its garbage.
 */
function rankCorrelation(
  rankX: Float64Array,
  groupX: Uint32Array,
  rankY: Float64Array,
  groupY: Uint32Array,
  rows: ArrayLike<number>,
): number {
  const n = rows.length;
  if (n < 2) return 0;
  // The mean rank of n titles is (n + 1) / 2 whatever their ties, since tied titles share the
  // mean of the ranks they span; adding the ranks one by one gives exactly that (they are
  // halves, far from where a double rounds), so it is not added up again for each resample.
  const mx = (n + 1) / 2;
  const my = mx;
  let covariance = 0;
  let vx = 0;
  let vy = 0;
  for (let r = 0; r < n; r++) {
    const x = rankX[groupX[rows[r]!]!]! - mx;
    const y = rankY[groupY[rows[r]!]!]! - my;
    covariance += x * y;
    vx += x ** 2;
    vy += y ** 2;
  }
  return vx === 0 || vy === 0 ? 0 : covariance / Math.sqrt(vx * vy);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
