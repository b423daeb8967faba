// `r2b tune`: weights for this library's score, chosen on its own history and checked on
// periods the choice did not see (domain/tuning.ts). Each period is an as-of date and the
// candidates file of titles acquired from it, as `r2b backtest --candidates` reads them; the
// database must hold the loans before and after each date. The result is a SCORING_FILE.
import type { Deps } from '../context.js';
import type { MetricName } from '../domain/backtest.js';
import { COMPONENTS, type ComponentName, scoreTitle, type ScoringConfig } from '../domain/scoring.js';
import { DEFAULT_GRID, type Tuning, type TuningPeriod, tuneWeights, type Weights } from '../domain/tuning.js';
import { ABLATED, loadPeriod } from './backtest-candidates.js';
import { ImportError, type ImportSource } from '../services/imports/import-run.js';

export interface TuneRequest {
  periods: { asOf: Date; source: ImportSource }[];
  metric?: MetricName;
  k?: number;
}

export interface TuneReport extends Tuning {
  metric: MetricName;
  periods: { asOf: string; candidates: number; used: number }[];
  /** components with no variation in any period: nothing to learn their weight from */
  unmeasured: ComponentName[];
  /** the library's scoring settings with the proposed weights: what SCORING_FILE should hold */
  scoring: ScoringConfig;
}

export async function tune(deps: Deps, request: TuneRequest): Promise<TuneReport> {
  const ordered = [...request.periods].sort((a, b) => a.asOf.getTime() - b.asOf.getTime());
  if (ordered.length < 2) throw new ImportError('Tuning needs at least two periods: one to fit on, one to check on.');
  // Each component's signal alone: its contribution with every weight 1.
  const unit: ScoringConfig = {
    ...deps.scoring,
    weights: Object.fromEntries(COMPONENTS.map((c) => [c, 1])) as Weights,
  };
  const periods: TuningPeriod[] = [];
  const summary: TuneReport['periods'] = [];
  for (const { asOf, source } of ordered) {
    const period = await loadPeriod(deps, source, { asOf });
    if (!period.truth) {
      throw new ImportError(`There are no loans after ${asOf.toISOString().slice(0, 10)} to check ${source.name} on.`);
    }
    const scores = period.facts.map((f) => scoreTitle(f, period.context, unit));
    const signals: TuningPeriod['signals'] = {};
    for (const name of COMPONENTS) signals[name] = Float64Array.from(scores, (s) => s.components[name].contribution);
    const date = asOf.toISOString().slice(0, 10);
    periods.push({ name: date, signals, truth: period.truth.loans });
    summary.push({
      asOf: date,
      candidates: period.candidates.length,
      used: period.truth.loans.filter((n) => n > 0).length,
    });
  }
  const varies = (name: ComponentName) =>
    periods.some((p) => {
      const signal = p.signals[name]!;
      for (let i = 1; i < signal.length; i++) if (signal[i] !== signal[0]) return true;
      return false;
    });
  const components = ABLATED.filter(varies);
  const metric = request.metric ?? 'spearman';
  const tuning = tuneWeights(periods, deps.scoring.weights, {
    components,
    grid: DEFAULT_GRID,
    metric,
    k: request.k ?? 20,
  });
  return {
    ...tuning,
    metric,
    periods: summary,
    unmeasured: ABLATED.filter((name) => !components.includes(name)),
    scoring: { ...deps.scoring, weights: tuning.proposed },
  };
}
