import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bootstrapRankings,
  bootstrapSpearman,
  rankingMetrics,
  resampledMetrics,
  tieGroups,
} from '../../src/domain/backtest.js';
import { seededRandom } from '../../src/domain/random.js';
import { runBacktest } from '../../src/analysis/backtest.js';
import { loadClassificationData } from '../../src/node/classification-data.js';
import { DEMO_DEPARTMENTS } from '../../src/demo/library.js';
import {
  readDepartmentDisciplines,
  writeHoldings,
  writeLoanHistory,
  writeRequests,
} from '../../src/demo/generate-loans.js';
import { importDepartments } from '../../src/services/imports/departments.js';
import { fileSource } from '../../src/node/file-source.js';
import { importHoldings } from '../../src/services/imports/holdings.js';
import { importLoans } from '../../src/services/imports/loans.js';
import { importSuggestions } from '../../src/services/imports/suggestions.js';
import { harness } from '../api/harness.js';

describe('the measures of a ranking', () => {
  // Four titles' later loans, and rankings of them as scores (higher first).
  const loans = [50, 30, 10, 0];
  it('are perfect for the order of the loans themselves', () => {
    expect(rankingMetrics([4, 3, 2, 1], loans, 2)).toEqual({ spearman: 1, precision: 1, ndcg: 1 });
  });
  it('are poor for the reverse', () => {
    const reverse = rankingMetrics([1, 2, 3, 4], loans, 2);
    expect(reverse.precision).toBe(0);
    expect(reverse.ndcg).toBeLessThan(0.3);
    expect(reverse.spearman).toBeCloseTo(-1);
  });
  it('score a tie as the average of its orders, not as whichever came first', () => {
    // All four tied: each of the top two places is a quarter chance of each title.
    const tied = rankingMetrics([0, 0, 0, 0], loans, 2);
    expect(tied.precision).toBeCloseTo(0.5);
    expect(tied.spearman).toBe(0);
    // A ranking tied at the cut counts the tied titles by share.
    expect(rankingMetrics([2, 1, 1, 0], loans, 2).precision).toBeCloseTo(0.75);
  });
  it('count as most used every title tied with the k-th, and none never borrowed', () => {
    expect(rankingMetrics([4, 3, 2, 1], [1, 0, 1, 1], 2).precision).toBe(0.5);
    expect(rankingMetrics([4, 3, 2, 1], [0, 0, 0, 0], 2)).toEqual({ spearman: 0, precision: 0, ndcg: 0 });
  });
});

describe('bootstrap intervals', () => {
  const truth = Array.from({ length: 200 }, (_, i) => (i % 7 === 0 ? 3 : i % 3 === 0 ? 1 : 0));
  const perfect = truth.map((t, i) => t + i / 1000);
  it('hold the measure, are narrow for a clear signal, and put chance around zero', () => {
    const [best, chance] = bootstrapRankings(
      [
        { name: 'score', ranking: perfect },
        { name: 'random', ranking: 'random' },
      ],
      truth,
      { k: 20, resamples: 200, seed: 1, reference: 'score' },
    );
    expect(best!.metrics.spearman.value).toBeGreaterThan(0.85);
    expect(best!.metrics.spearman.low).toBeGreaterThan(0.75);
    expect(chance!.metrics.spearman.low).toBeLessThan(0);
    expect(chance!.metrics.spearman.high).toBeGreaterThan(0);
    // Pair by pair, chance does worse than the score in every resample.
    expect(chance!.versusReference!.spearman.high).toBeLessThan(0);
  });
  it('are the same for the same seed', () => {
    const run = () =>
      bootstrapRankings([{ name: 'random', ranking: 'random' }], truth, { k: 20, resamples: 50, seed: 9 });
    expect(run()).toEqual(run());
  });
  it('are, for a given seed, the intervals recorded before the resamples became typed arrays', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 340; i++) random();
    const scores: number[] = [];
    const loans: number[] = [];
    for (let i = 0; i < 60; i++) {
      scores.push(Math.round(random() * 20) / 4);
      loans.push(Math.max(0, Math.round(scores[i]! + (random() - 0.5) * 6)));
    }
    const measured = bootstrapRankings(
      [
        { name: 'score', ranking: scores },
        { name: 'random', ranking: 'random' },
      ],
      loans,
      { k: 10, resamples: 500, seed: 3, reference: 'random' },
    );
    expect(measured).toEqual([
      {
        name: 'score',
        metrics: {
          spearman: { value: 0.535, low: 0.316, high: 0.686 },
          precision: { value: 0.443, low: 0.162, high: 0.7 },
          ndcg: { value: 0.689, low: 0.578, high: 0.857 },
        },
        versusReference: {
          spearman: { value: 0.533, low: 0.167, high: 0.981 },
          precision: { value: 0.061, low: -0.307, high: 0.6 },
          ndcg: { value: 0.191, low: -0.08, high: 0.522 },
        },
      },
      {
        name: 'random',
        metrics: {
          spearman: { value: 0.002, low: -0.391, high: 0.328 },
          precision: { value: 0.382, low: 0, high: 0.6 },
          ndcg: { value: 0.498, low: 0.226, high: 0.753 },
        },
        versusReference: null,
      },
    ]);
  });
});

describe("one ranking's Spearman interval alone", () => {
  it('is the interval the bootstrap of every measure gives it, from the same resamples', () => {
    const random = seededRandom(5);
    for (const n of [5, 60, 400]) {
      const loans = Array.from({ length: n }, () => Math.floor(random() * 7));
      const scores = loans.map((l) => Math.round((l + random() * 4) * 4) / 4);
      for (const seed of [1, 2]) {
        const [all] = bootstrapRankings([{ name: 'score', ranking: scores }], loans, { k: 10, resamples: 300, seed });
        expect(bootstrapSpearman(scores, loans, { resamples: 300, seed })).toEqual(all!.metrics.spearman);
      }
    }
  });
});

describe('a resample measured by its tie groups', () => {
  it('gives, to the last digit, the measures of its titles taken out and measured one by one', () => {
    const random = seededRandom(11);
    for (const [n, k] of [
      [1, 10],
      [7, 3],
      [60, 10],
      [300, 1],
      [300, 25],
    ] as const) {
      // Heavy ties in both, fractional scores, many titles never borrowed.
      const scores = Array.from({ length: n }, () => Math.round(random() * 12) / 8);
      const loans = Array.from({ length: n }, (_, i) => Math.max(0, Math.round(scores[i]! * 2 + (random() - 0.6) * 5)));
      const byScore = tieGroups(scores);
      const byLoans = tieGroups(loans);
      for (let r = 0; r < 40; r++) {
        const rows = Uint32Array.from({ length: n }, () => Math.floor(random() * n));
        const expected = rankingMetrics(
          Float64Array.from(rows, (i) => scores[i]!),
          Float64Array.from(rows, (i) => loans[i]!),
          k,
        );
        expect(resampledMetrics(byScore, byLoans, rows, k)).toEqual(expected);
      }
    }
  });
});

describe('the backtest on a generated history where later demand depends on the signals', () => {
  it('ranks the titles bought last year better than the order of request, and overall better than the count of requesters', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'r2b-backtest-'));
    const asOf = new Date('2026-05-01T00:00:00Z');
    const options = {
      seed: 7,
      rows: 250_000,
      titles: 6000,
      years: 3,
      end: new Date('2026-10-31T23:59:59Z'),
      acquisitions: { count: 250, asOf },
      departments: await readDepartmentDisciplines(DEMO_DEPARTMENTS),
      classification: loadClassificationData(),
    };
    await writeHoldings(join(folder, 'holdings.csv'), options);
    await writeLoanHistory(join(folder, 'loans.csv'), options);
    await writeRequests(join(folder, 'requests.csv'), options);

    const h = await harness({ SUGGEST_MAX_OPEN: '0', SUGGEST_MAX_RECENT: '0' });
    h.advance(270 * 86_400_000);
    await importDepartments(h.deps, fileSource(DEMO_DEPARTMENTS));
    await importHoldings(h.deps, fileSource(join(folder, 'holdings.csv')));
    await importLoans(h.deps, fileSource(join(folder, 'loans.csv')), { worker: false });
    const imported = await importSuggestions(h.deps, fileSource(join(folder, 'requests.csv')));
    expect(imported.rejected).toBe(0);

    const report = await runBacktest(h.deps, asOf, 20);
    expect(report.titles).toBe(250);
    expect(report.loansAfter).toBeGreaterThan(500);
    const { score, requestOrder, requesterCount } = report.rankings;
    for (const measure of ['precision', 'ndcg', 'spearman'] as const) {
      expect(score[measure], measure).toBeGreaterThan(requestOrder[measure] + 0.15);
    }
    expect(score.spearman).toBeGreaterThan(requesterCount.spearman);
    h.close();
  }, 120_000);
});
