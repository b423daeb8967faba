import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ndcgAtK, precisionAtK, spearman } from '../../src/domain/backtest.js';
import { runBacktest } from '../../src/services/backtest.js';
import { loadClassificationData } from '../../src/services/classification-data.js';
import { DEMO_DEPARTMENTS } from '../../src/services/demo.js';
import {
  readDepartmentDisciplines,
  writeHoldings,
  writeLoanHistory,
  writeRequests,
} from '../../src/services/generate-loans.js';
import { importDepartments } from '../../src/services/imports/departments.js';
import { fileSource } from '../../src/services/imports/file-source.js';
import { importHoldings } from '../../src/services/imports/holdings.js';
import { importLoans } from '../../src/services/imports/loans.js';
import { importSuggestions } from '../../src/services/imports/suggestions.js';
import { harness } from '../api/harness.js';

describe('the measures of a ranking', () => {
  const loans = new Map([
    [1, 50],
    [2, 30],
    [3, 10],
    [4, 0],
  ]);
  it('are perfect for the order of the loans themselves', () => {
    expect(precisionAtK([1, 2, 3, 4], loans, 2)).toBe(1);
    expect(ndcgAtK([1, 2, 3, 4], loans, 3)).toBe(1);
    expect(spearman([1, 2, 3, 4], loans)).toBeCloseTo(1);
  });
  it('are poor for the reverse', () => {
    expect(precisionAtK([4, 3, 2, 1], loans, 2)).toBe(0);
    expect(ndcgAtK([4, 3, 2, 1], loans, 2)).toBeLessThan(0.3);
    expect(spearman([4, 3, 2, 1], loans)).toBeCloseTo(-1);
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
