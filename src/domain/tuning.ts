// Choosing the score's weights on a library's own history without fooling ourselves. Weights
// fitted to one period fit its accidents as well as its signal; on Reed's log they did not
// carry over to the other periods. So every fit here is judged on a later period it did not
// see (rolling origin: fit on the periods before, test on the next), and a weight moves from
// its default only where that move did better on the periods held out: on average, and in at
// least half of them.
import { type MetricName, rankingMetrics } from './backtest.js';
import type { ComponentName } from './scoring.js';

export type Weights = Record<ComponentName, number>;

export interface TuningPeriod {
  name: string;
  /** each component's signal for each candidate: the score is Σ weight × signal */
  signals: Partial<Record<ComponentName, ArrayLike<number>>>;
  truth: ArrayLike<number>;
}

export interface TuningOptions {
  /** the components whose weights may move */
  components: ComponentName[];
  grid: number[];
  metric: MetricName;
  k: number;
}

export const DEFAULT_GRID = [0, 0.25, 0.5, 1, 1.5, 2, 3];

export function scoresWith(weights: Weights, period: TuningPeriod): Float64Array {
  const scores = new Float64Array(period.truth.length);
  for (const [name, signal] of Object.entries(period.signals) as [ComponentName, ArrayLike<number>][]) {
    const w = weights[name] ?? 0;
    if (w === 0) continue;
    for (let i = 0; i < scores.length; i++) scores[i]! += w * signal[i]!;
  }
  return scores;
}

export function meanMetric(weights: Weights, periods: TuningPeriod[], options: TuningOptions): number {
  if (periods.length === 0) return 0;
  const total = periods.reduce(
    (sum, p) => sum + rankingMetrics(scoresWith(weights, p), p.truth, options.k)[options.metric],
    0,
  );
  return total / periods.length;
}

/** Coordinate ascent over the grid from `start`: each weight in turn, twice over, to the best mean. */
export function fitWeights(periods: TuningPeriod[], start: Weights, options: TuningOptions): Weights {
  const weights = { ...start };
  let best = meanMetric(weights, periods, options);
  for (let pass = 0; pass < 2; pass++) {
    for (const name of options.components) {
      for (const w of options.grid) {
        if (w === weights[name]) continue;
        const tried = { ...weights, [name]: w };
        const measured = meanMetric(tried, periods, options);
        // Only a real improvement moves a weight: a tie keeps what was there.
        if (measured > best + 1e-9) {
          best = measured;
          weights[name] = w;
        }
      }
    }
  }
  return weights;
}

export interface Fold {
  /** the periods fitted on, and the one tested on */
  train: string[];
  test: string;
  fitted: Weights;
  /** the metric on the test period: the defaults, and the weights fitted on the periods before */
  defaults: number;
  tuned: number;
}

export interface ComponentVerdict {
  component: ComponentName;
  default: number;
  /** the weight a fit on every period gives */
  fitted: number;
  /** per fold: the test metric with only this weight moved to that fold's fit, minus the defaults' */
  gains: number[];
  adopted: boolean;
}

export interface Tuning {
  folds: Fold[];
  verdicts: ComponentVerdict[];
  /** the defaults, moved only where the moves held up on held-out periods */
  proposed: Weights;
}

/** `periods` in time order; at least two, so that one can be held out. */
export function tuneWeights(periods: TuningPeriod[], defaults: Weights, options: TuningOptions): Tuning {
  const folds: Fold[] = [];
  for (let i = 1; i < periods.length; i++) {
    const train = periods.slice(0, i);
    const test = periods[i]!;
    const fitted = fitWeights(train, defaults, options);
    folds.push({
      train: train.map((p) => p.name),
      test: test.name,
      fitted,
      defaults: meanMetric(defaults, [test], options),
      tuned: meanMetric(fitted, [test], options),
    });
  }
  const overall = fitWeights(periods, defaults, options);
  const verdicts = options.components.map((component): ComponentVerdict => {
    const gains = folds.map((fold, i) => {
      const moved = { ...defaults, [component]: fold.fitted[component] };
      return meanMetric(moved, [periods[i + 1]!], options) - fold.defaults;
    });
    const mean = gains.reduce((s, g) => s + g, 0) / Math.max(1, gains.length);
    const better = gains.filter((g) => g > 1e-9).length;
    const moves = overall[component] !== defaults[component];
    return {
      component,
      default: defaults[component],
      fitted: overall[component],
      gains: gains.map(round),
      adopted: moves && mean > 1e-9 && better * 2 >= gains.length,
    };
  });
  const proposed = { ...defaults };
  for (const v of verdicts) if (v.adopted) proposed[v.component] = v.fitted;
  return {
    folds: folds.map((f) => ({ ...f, defaults: round(f.defaults), tuned: round(f.tuned) })),
    verdicts,
    proposed,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
