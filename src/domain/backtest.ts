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
  const n = predicted.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => predicted[b]! - predicted[a]!);
  const top = Math.min(k, n);
  const sorted = ascending(truth);
  // The k-th most used title's loans; with nothing ranked, none is relevant.
  const threshold = Math.max(1, top === 0 ? Infinity : (sorted[sorted.length - top] ?? 0));
  let relevant = 0;
  let dcg = 0;
  // Walk the ranking a tie group at a time: within a group every title is equally likely at
  // each of its positions, so each position counts the group's mean.
  for (let start = 0; start < top;) {
    let end = start + 1;
    while (end < n && predicted[order[end]!] === predicted[order[start]!]) end++;
    let hits = 0;
    let gain = 0;
    for (let i = start; i < end; i++) {
      const loans = truth[order[i]!]!;
      if (loans >= threshold) hits++;
      gain += loans;
    }
    const size = end - start;
    for (let position = start; position < Math.min(end, top); position++) {
      relevant += hits / size;
      dcg += gain / size / Math.log2(position + 2);
    }
    start = end;
  }
  let ideal = 0;
  for (let position = 0; position < Math.min(top, sorted.length); position++) {
    ideal += sorted[sorted.length - 1 - position]! / Math.log2(position + 2);
  }
  return {
    spearman: pearson(averageRanks(predicted), averageRanks(truth)),
    precision: top === 0 ? 0 : relevant / top,
    ndcg: ideal === 0 ? 0 : dcg / ideal,
  };
}

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
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  const measure = (ranking: Ranking, rows: ArrayLike<number>) => {
    const scores = ranking === 'random' ? shuffled() : ranking;
    return rankingMetrics(
      Float64Array.from(rows, (i) => scores[i]!),
      Float64Array.from(rows, (i) => truth[i]!),
      options.k,
    );
  };
  const samples = rankings.map(() => [] as RankingMetrics[]);
  for (let r = 0; r < options.resamples; r++) {
    const rows = Uint32Array.from({ length: n }, () => Math.floor(random() * n));
    rankings.forEach((entry, i) => samples[i]!.push(measure(entry.ranking, rows)));
  }
  const whole = rankings.map((entry) =>
    entry.ranking === 'random'
      ? meanOf(Array.from({ length: 50 }, () => measure('random', all)))
      : measure(entry.ranking, all),
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

function intervals(value: RankingMetrics, samples: RankingMetrics[]): MetricIntervals {
  const out = {} as MetricIntervals;
  for (const metric of METRICS) {
    const sorted = Float64Array.from(samples, (s) => s[metric]).sort();
    out[metric] = {
      value: round(value[metric]),
      low: round(percentile(sorted, 0.025)),
      high: round(percentile(sorted, 0.975)),
    };
  }
  return out;
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

/** Ranks from 1, ties sharing the mean of the ranks they span. */
function averageRanks(values: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]!] === values[order[i]!]) j++;
    for (let m = i; m <= j; m++) ranks[order[m]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return ranks;
}

function pearson(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  if (n < 2) return 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let covariance = 0;
  let vx = 0;
  let vy = 0;
  for (let i = 0; i < n; i++) {
    covariance += (x[i]! - mx) * (y[i]! - my);
    vx += (x[i]! - mx) ** 2;
    vy += (y[i]! - my) ** 2;
  }
  return vx === 0 || vy === 0 ? 0 : covariance / Math.sqrt(vx * vy);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
