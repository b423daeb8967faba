// Loan ids belong to the system that issued them: Koha's issue_id 1 and another system's loan
// 1 are two loans. An export of the same system that overlaps one already imported is skipped
// where it overlaps, and loans stored before sources existed are still recognised.
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateSqlite } from '../../src/db/sqlite.js';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { importLoans } from '../../src/services/imports/loans.js';
import { type Harness, harness } from '../api/harness.js';
import { databaseBefore } from '../support/migrated-before.js';

const csv = (name: string, lines: string[]) => bufferSource(name, Buffer.from(lines.join('\n')));
const HEADER = 'loan_id,loaned_at,call_number,department';
/** Loans `first` to `last` as a system numbers them: each id on its own day of `month`. */
const loans = (first: number, last: number, month: string, department = 'CS') =>
  Array.from({ length: last - first + 1 }, (_, i) => first + i).map(
    (id) => `${id},${month}-${String(1 + (id % 28)).padStart(2, '0')},QA76.${id},${department}`,
  );

describe('loan ids and the system they come from', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.close());

  const count = async (query: string) => (await h.db.orm.get<{ n: number }>(sql.raw(query)))!.n;

  it("keeps another system's loans whose ids restart at 1, though both files use the same preset", async () => {
    await importLoans(h.deps, csv('old-ils.csv', [HEADER, ...loans(1, 50, '2024-03')]));
    const other = await importLoans(h.deps, csv('new-ils.csv', [HEADER, ...loans(1, 50, '2025-10')]));
    expect(other).toMatchObject({ read: 50, imported: 50, skipped: 0 });
    expect(await count('SELECT count(*) n FROM loans')).toBe(100);
    expect(await count('SELECT sum(loans) n FROM loan_aggregates')).toBe(100);
  });

  it('skips the overlap of two exports of one system, and never matches the ids of two named sources', async () => {
    await importLoans(h.deps, csv('sept.csv', [HEADER, ...loans(1, 40, '2025-09')]), { source: 'koha-main' });
    const overlap = await importLoans(h.deps, csv('sept-oct.csv', [HEADER, ...loans(21, 60, '2025-09')]), {
      source: 'koha-main',
    });
    expect(overlap).toMatchObject({ read: 40, imported: 20, skipped: 20 });
    // The branch's system numbered its loans the same way, on the same days: still its own loans.
    const branch = await importLoans(h.deps, csv('branch.csv', [HEADER, ...loans(1, 40, '2025-09', 'MATH')]), {
      source: 'branch-koha',
    });
    expect(branch).toMatchObject({ read: 40, imported: 40, skipped: 0 });
    expect(await count("SELECT count(*) n FROM loans WHERE source = 'koha-main'")).toBe(60);
    expect(await count("SELECT count(*) n FROM loans WHERE source = 'branch-koha'")).toBe(40);
  });

  it('refuses a source name that is not a short plain name', async () => {
    for (const source of ['', 'koha main', 'x'.repeat(41), '-koha', 'kö\u0000ha']) {
      await expect(importLoans(h.deps, csv('a.csv', [HEADER]), { source })).rejects.toThrow(
        /a source is named with letters, digits/,
      );
    }
  });

  it('recognises loans imported before sources existed, in a later export of the same system', async () => {
    // A database as it was before sources: migrated up to the migration before them, with a
    // Koha loan stored under its old "preset:id" key; then migrated as an upgrade would.
    const db = databaseBefore('loan_sources');
    db.sqlite
      .prepare(
        "INSERT INTO loans (loan_key, loaned_at, month, call_number, department_code) VALUES ('koha:7', ?, '2025-09', 'QA76.7', 'CS')",
      )
      .run(Date.UTC(2025, 8, 7));
    migrateSqlite(db);

    const upgraded = await harness({}, { db });
    const again = await importLoans(
      upgraded.deps,
      csv('koha.csv', ['issue_id,issuedate,itemcallnumber,sort1', '7,2025-09-07,QA76.7,CS', '8,2025-09-08,QA76.8,CS']),
      { preset: 'koha' },
    );
    expect(again).toMatchObject({ read: 2, imported: 1, skipped: 1 });
    expect(await db.orm.all(sql`SELECT source, loan_key FROM loans ORDER BY id`)).toEqual([
      { source: 'koha', loan_key: '7' },
      { source: 'koha', loan_key: '8' },
    ]);
    upgraded.close();
    db.close();
  });
});
