// The outcomes report on the benchmark's own library (1,000 titles requested in a year, five
// other acquisitions each), at a fixed "now", against the report the code gave before its
// computing was made faster: every figure and interval the same, to the last digit. The
// title lines are compared by their digest, the rest as they are.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { outcomesReport } from '../../dist/services/outcomes.js';
import { outcomesLibrary } from '../bench/outcomes.bench.js';
import { removeScratch } from '../bench/scratch.js';

const recorded = JSON.parse(
  readFileSync(new URL('../../fixtures/outcomes/bench-report-1000.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

it("gives the benchmark's library the same report, figure for figure, as before its computing was made faster", async () => {
  const now = new Date('2027-03-01T00:00:00Z');
  const { context, deps, ask, folder } = await outcomesLibrary(1_000, 0, () => now);
  try {
    const report = JSON.parse(JSON.stringify(await outcomesReport(deps, ask))) as Record<string, unknown>;
    const titles = report.titles as unknown[];
    expect({
      ...report,
      titles: { count: titles.length, sha256: createHash('sha256').update(JSON.stringify(titles)).digest('hex') },
    }).toEqual(recorded);
    // The comparison's interval is exercised, not empty.
    expect(report.comparison).toMatchObject({ others: { titles: 58 } });
  } finally {
    context.close();
    removeScratch(folder);
  }
});
