// The ranking on real circulation: Reed College's checkout year (../shared/data/reed), four
// as-of dates inside it, each candidate ranked on the loans before its date and measured on its
// loans after. Real data, so nothing here asserts that the score does well: what is specified is
// that the backtest reads a real log by itself, measures every ranking with its interval, and
// that the shipped weights are the ones `r2b tune` keeps on this history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultScoring } from '../../src/domain/scoring.js';
import { backtestCandidates } from '../../src/analysis/backtest-candidates.js';
import { fileSource } from '../../src/node/file-source.js';
import { tune } from '../../src/analysis/tune.js';
import { REED_AS_OF } from './reed-log.js';
import { type ReedLibrary, reedLibrary } from './reed-library.js';

describe('the backtest on Reed College’s checkout year', () => {
  let reed: ReedLibrary;
  beforeAll(async () => {
    reed = await reedLibrary();
  }, 120_000);
  afterAll(() => reed.h.close());

  it('ranks every candidate once, best first, and measures the score beside chance, simple orders and each component alone', async () => {
    const date = REED_AS_OF[1]!;
    const report = await backtestCandidates(reed.h.deps, fileSource(reed.candidates.get(date)!), {
      asOf: new Date(`${date}T00:00:00Z`),
      resamples: 200,
    });
    expect(report.candidates).toBeGreaterThan(150);
    expect(new Set(report.ranking.map((r) => r.line)).size).toBe(report.candidates);
    const scores = report.ranking.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // The evidence the log holds: earlier editions, reserve, the narrow class, the use factor.
    expect(report.coverage.editions).toBeGreaterThan(10);
    expect(report.coverage.narrowClass).toBeGreaterThan(50);
    expect(report.truthLoans).toBeGreaterThan(0);
    const names = report.metrics!.map((m) => m.name);
    expect(names.slice(0, 5)).toEqual(['score', 'random', 'file order', 'requester count', "discipline's loans"]);
    expect(names).toContain('editions alone');
    for (const m of report.metrics!) {
      for (const metric of Object.values(m.metrics)) {
        expect(metric.low, m.name).toBeLessThanOrEqual(metric.high);
      }
      if (m.name !== 'score') expect(m.versusReference, m.name).not.toBeNull();
    }
  });

  it('ships the weights that tuning over the four periods keeps: no move that did not hold on the next period', async () => {
    const report = await tune(reed.h.deps, {
      periods: REED_AS_OF.map((date) => ({
        asOf: new Date(`${date}T00:00:00Z`),
        source: fileSource(reed.candidates.get(date)!),
      })),
    });
    expect(report.folds).toHaveLength(3);
    expect(report.unmeasured).toEqual(expect.arrayContaining(['requesters', 'departments', 'trend']));
    expect(report.proposed).toEqual(defaultScoring.weights);
  });
});
