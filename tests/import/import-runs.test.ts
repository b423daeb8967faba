// When a file counts as imported: a run is the file read one way (its options), and what a
// run actually imported decides what a later one does. Nothing is counted twice, nothing that
// was refused is lost, and an interrupted run still resumes exactly.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importDepartments } from '../../src/services/imports/departments.js';
import { fileSource } from '../../src/node/file-source.js';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { importLoans } from '../../src/services/imports/loans.js';
import { migrateSqlite } from '../../src/db/sqlite.js';
import { type Harness, harness } from '../api/harness.js';
import { databaseBefore } from '../support/migrated-before.js';

const csv = (name: string, lines: string[]) => bufferSource(name, Buffer.from(lines.join('\n')));
const slashed = (n: number) => Array.from({ length: n }, (_, i) => `${1 + (i % 12)}/${1 + (i % 28)}/2025,QA76.${i},CS`);

describe('what counts as imported', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
    h.advance(365 * 86_400_000);
  });
  afterEach(() => h.close());

  const count = async (query: string) => (await h.db.orm.get<{ n: number }>(sql.raw(query)))!.n;

  it('reads a file whose rows were all rejected again, and with the --dates its rejections ask for', async () => {
    const file = csv('us-dates.csv', ['loaned_at,call_number,department', ...slashed(30)]);
    const refused = await importLoans(h.deps, file);
    expect(refused).toMatchObject({ read: 30, imported: 0, rejected: 30 });
    expect(refused.rejections[0]!.reason).toContain('--dates mdy');
    // Nothing of it is in: the same run again is not "already imported".
    expect(await importLoans(h.deps, file)).toMatchObject({ alreadyImported: false, read: 30, rejected: 30 });

    const fixed = await importLoans(h.deps, file, { dateOrder: 'mdy' });
    expect(fixed).toMatchObject({ alreadyImported: false, read: 30, imported: 30, rejected: 0 });
    expect(await count('SELECT count(*) n FROM loans')).toBe(30);
    expect(await importLoans(h.deps, file, { dateOrder: 'mdy' })).toMatchObject({ alreadyImported: true });
  });

  it('reads a file imported in part another way only where it was refused: no loan is counted twice', async () => {
    const iso = Array.from({ length: 6 }, (_, i) => `2025-03-0${i + 1},QA76.${i},CS`);
    const file = csv('mixed.csv', ['loaned_at,call_number,department', ...iso, ...slashed(4)]);
    expect(await importLoans(h.deps, file)).toMatchObject({ imported: 6, rejected: 4 });
    const again = await importLoans(h.deps, file, { dateOrder: 'mdy' });
    expect(again).toMatchObject({ read: 10, imported: 4, rejected: 0, skipped: 6 });
    expect(again.warnings.join(' ')).toMatch(/6 rows were imported from this file before/);
    expect(await count('SELECT count(*) n FROM loans')).toBe(10);
    expect(await count('SELECT sum(loans) n FROM loan_aggregates')).toBe(10);
    // A third way of reading it finds nothing left to read.
    const third = await importLoans(h.deps, file, { dateOrder: 'dmy' });
    expect(third).toMatchObject({ read: 10, imported: 0, skipped: 10 });
    expect(await count('SELECT count(*) n FROM loans')).toBe(10);
  });

  it('resumes an interrupted run exactly after another way of reading the file was refused', async () => {
    const file = csv('big-us.csv', ['loaned_at,call_number,department', ...slashed(300)]);
    expect(await importLoans(h.deps, file, { batchSize: 100 })).toMatchObject({ imported: 0, rejected: 300 });
    let batches = 0;
    await expect(
      importLoans(h.deps, file, {
        dateOrder: 'mdy',
        batchSize: 100,
        onProgress: () => {
          if (++batches === 2) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    expect(await count('SELECT count(*) n FROM loans')).toBe(200);
    const resumed = await importLoans(h.deps, file, { dateOrder: 'mdy', batchSize: 100 });
    expect(resumed).toMatchObject({ resumedAfter: 200, read: 100, imported: 100 });
    expect(await count('SELECT count(*) n FROM loans')).toBe(300);
    expect(await count('SELECT sum(loans) n FROM loan_aggregates')).toBe(300);
  });

  it('imports a departments file read in the wrong encoding again in the right one, correcting its names', async () => {
    const file = fileSource(new URL('../../fixtures/encodings/departments-big5.csv', import.meta.url).pathname);
    await importDepartments(h.deps, file, { encoding: 'gb18030' });
    const wrong = await h.db.orm.get<{ name: string }>(sql`SELECT name FROM departments WHERE code = 'HIST'`);
    expect(wrong!.name).not.toBe('歷史學系');
    const right = await importDepartments(h.deps, file);
    expect(right).toMatchObject({ alreadyImported: false, imported: 2 });
    expect(await h.db.orm.get(sql`SELECT name FROM departments WHERE code = 'HIST'`)).toEqual({ name: '歷史學系' });
  });

  it('keeps what runs from before options were kept say: all-rejected files are read again, others are not counted twice', async () => {
    const db = databaseBefore('import_runs_by_options');
    const us = ['loaned_at,call_number,department', ...slashed(5)].join('\n');
    const iso = ['loaned_at,call_number,department', '2025-03-01,QA76.1,CS', '2025-03-02,QA76.2,CS'].join('\n');
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    const at = Date.UTC(2026, 0, 5);
    const oldRun = db.sqlite.prepare(
      "INSERT INTO import_runs (file_key, kind, file_name, records, imported, rejected, status, started_at, updated_at) VALUES (?, 'loans', ?, ?, ?, ?, 'complete', ?, ?)",
    );
    oldRun.run(sha(us), 'us.csv', 5, 0, 5, at, at);
    oldRun.run(sha(iso), 'iso.csv', 2, 2, 0, at, at);
    db.sqlite
      .prepare(
        "INSERT INTO loans (loaned_at, month, call_number, department_code) VALUES (?, '2025-03', 'QA76.1', 'CS'), (?, '2025-03', 'QA76.2', 'CS')",
      )
      .run(Date.UTC(2025, 2, 1), Date.UTC(2025, 2, 2));
    migrateSqlite(db);

    const upgraded = await harness({}, { db });
    upgraded.advance(365 * 86_400_000);
    expect(
      await importLoans(upgraded.deps, bufferSource('us.csv', Buffer.from(us)), { dateOrder: 'mdy' }),
    ).toMatchObject({
      imported: 5,
    });
    expect(await importLoans(upgraded.deps, bufferSource('iso.csv', Buffer.from(iso)))).toMatchObject({
      imported: 0,
      skipped: 2,
    });
    expect(await db.orm.get(sql`SELECT count(*) n FROM loans`)).toEqual({ n: 7 });
    upgraded.close();
    db.close();
  });
});
