import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openD1 } from '../../src/db/d1.js';
import { fileSource } from '../../src/node/file-source.js';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { ImportError, importLoans } from '../../src/services/imports/loans.js';
import { type Harness, harness } from '../api/harness.js';
import { d1OnSqlite } from '../support/d1-on-sqlite.js';
import { dumpDatabase } from './dump.js';

const fixture = (path: string) => new URL(`../../fixtures/${path}`, import.meta.url).pathname;
const csv = (name: string, text: string) => bufferSource(name, Buffer.from(text));
const EVERGREEN = 'evergreen/action_circulation.csv';

describe('importing a loan history', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
    h.advance(365 * 86_400_000 * 1.5);
  });
  afterEach(() => h.close());

  const count = async (query: string) => (await h.db.orm.get<{ n: number }>(sql.raw(query)))!.n;

  it("reads Evergreen's circulations: every loan, each in the discipline of its call number, renewals passed over", async () => {
    const summary = await importLoans(h.deps, fileSource(fixture(EVERGREEN)), { preset: 'evergreen' });
    expect(summary).toMatchObject({ read: 432, imported: 429, rejected: 0, skipped: 0, alreadyImported: false });
    expect(await count('SELECT count(*) n FROM loans')).toBe(429);
    // The Concerto dataset is a music collection: ML and MT call numbers.
    expect(await count("SELECT count(*) n FROM loans WHERE discipline = 'music'")).toBe(429);
    expect(await count("SELECT count(*) n FROM loans WHERE source = 'evergreen' AND loan_key IS NOT NULL")).toBe(429);
    // Loans are counted by (discipline, department, month) as they land.
    expect(await count('SELECT sum(loans) n FROM loan_aggregates')).toBe(429);
    expect(summary.warnings).toContain(
      '3 renewals or in-house uses are not new loans: passed over, never counted as loans',
    );
  });

  it("reads the Seattle Public Library's checkouts, US dates and shelf prefixes included", async () => {
    const summary = await importLoans(h.deps, fileSource(fixture('seattle/checkouts.csv')), {
      preset: 'generic',
      map: ['loaned_at=CheckoutDateTime', 'call_number=CallNumber'],
      dateOrder: 'mdy',
    });
    expect(summary).toMatchObject({ read: 164, imported: 164, rejected: 0 });
    // Fiction (MYSTERY COTTERI 2016, FIC ...) counts toward no discipline; Dewey numbers do.
    const classified = await count('SELECT count(*) n FROM loans WHERE discipline IS NOT NULL');
    expect(classified).toBe(48);
    expect(await count("SELECT count(*) n FROM loans WHERE month = '2017-01'")).toBe(164);
  });

  it('says what is wrong with slashed dates when their order is not given', async () => {
    const summary = await importLoans(h.deps, fileSource(fixture('seattle/checkouts.csv')), {
      map: ['loaned_at=CheckoutDateTime', 'call_number=CallNumber'],
    });
    expect(summary.imported).toBe(0);
    expect(summary.rejections[0]).toEqual({ line: 2, reason: expect.stringContaining('--dates mdy') });
  });

  it('reads a large file on a worker thread with the same result as in the importing thread', async () => {
    const onWorker = await importLoans(h.deps, fileSource(fixture(EVERGREEN)), {
      preset: 'evergreen',
      worker: true,
      batchSize: 50,
    });
    expect(onWorker).toMatchObject({ read: 432, imported: 429, rejected: 0 });
    expect(onWorker.warnings.join(' ')).toContain('3 renewals');
    const other = await harness();
    other.advance(365 * 86_400_000 * 1.5);
    await importLoans(other.deps, fileSource(fixture(EVERGREEN)), {
      preset: 'evergreen',
      worker: false,
    });
    const aggregates = (db: Harness) => db.db.orm.all(sql`SELECT * FROM loan_aggregates ORDER BY 1, 2, 3`);
    expect(await aggregates(h)).toEqual(await aggregates(other));
    other.close();
  });

  /** Everything a loan import writes, in an order that does not depend on how it was committed. */
  const evidence = (db: Harness) =>
    Promise.all(
      [
        'SELECT source, loan_key, loaned_at, month, isbn13, call_number, discipline, department_code, patron_category, flags FROM loans ORDER BY id',
        'SELECT * FROM loan_aggregates ORDER BY 1, 2, 3',
        'SELECT * FROM loan_editions ORDER BY edition_key',
        'SELECT * FROM edition_loans ORDER BY 1, 2',
        'SELECT * FROM class_loans ORDER BY 1, 2',
        "SELECT records, imported, rejected, skipped, status FROM import_runs WHERE kind = 'loans'",
      ].map((query) => db.db.orm.all(sql.raw(query))),
    );

  it('writes the batches read ahead of it together, their evidence summed, leaving the database as writing them one by one does', async () => {
    // Batches of 10 loans: the worker reads far ahead of the writing, which commits up to eight
    // at once and writes each edition-month and class-month of them once.
    const cacheSize = () => h.db.orm.get<{ cache_size: number }>(sql`PRAGMA cache_size`);
    const cacheBefore = await cacheSize();
    const grouped = await importLoans(h.deps, fileSource(fixture(EVERGREEN)), {
      preset: 'evergreen',
      worker: true,
      batchSize: 10,
    });
    // The page cache widened for the import is the connection's own again.
    expect(await cacheSize()).toEqual(cacheBefore);
    const other = await harness();
    other.advance(365 * 86_400_000 * 1.5);
    const oneByOne = await importLoans(other.deps, fileSource(fixture(EVERGREEN)), {
      preset: 'evergreen',
      worker: false,
      batchSize: 10,
    });
    expect({ ...grouped, seconds: 0 }).toEqual({ ...oneByOne, seconds: 0 });
    const [written, expected] = [await evidence(h), await evidence(other)];
    expect(written[2]!.length).toBeGreaterThan(0);
    expect(written).toEqual(expected);
    other.close();
  });

  it("writes through D1's adapter (each commit one batch() of statements) the same database as on Node", async () => {
    const onD1 = await harness();
    onD1.advance(365 * 86_400_000 * 1.5);
    const d1 = { ...onD1, db: { ...onD1.db, ...openD1(d1OnSqlite(onD1.db.sqlite), []) } } as Harness;
    const throughD1 = await importLoans({ ...onD1.deps, db: d1.db }, fileSource(fixture(EVERGREEN)), {
      preset: 'evergreen',
      batchSize: 10,
    });
    const onNode = await importLoans(h.deps, fileSource(fixture(EVERGREEN)), { preset: 'evergreen', batchSize: 10 });
    expect({ ...throughD1, seconds: 0 }).toEqual({ ...onNode, seconds: 0 });
    const [written, expected] = [await evidence(d1), await evidence(h)];
    expect(written[3]!.length).toBeGreaterThan(0);
    expect(written).toEqual(expected);
    onD1.close();
  });

  it('imports nothing the second time the same file comes', async () => {
    await importLoans(h.deps, fileSource(fixture(EVERGREEN)), { preset: 'evergreen' });
    const again = await importLoans(h.deps, fileSource(fixture(EVERGREEN)), { preset: 'evergreen' });
    expect(again).toMatchObject({ alreadyImported: true, read: 0, imported: 0 });
    expect(await count('SELECT count(*) n FROM loans')).toBe(429);
    expect(await count('SELECT sum(loans) n FROM loan_aggregates')).toBe(429);
  });

  it('rejects a bad row in the middle with its line number, and keeps the good rows around it', async () => {
    const summary = await importLoans(
      h.deps,
      csv(
        'loans.csv',
        [
          'loaned_at,isbn,call_number,department,patron_category',
          '2025-09-01,0596007590,QA76.76.D47 F63,CS,undergraduate',
          '2025-09-02,,QA76.73.P98,CS,graduate',
          'yesterday,0201616165,QA76.73.P98,CS,faculty',
          '"2025-09-03","","HM851 .K45","SOC","faculty"',
          '2025-09-04,n/a,,CS,faculty',
          '',
          '2025-09-05,9780132350884,,MATH,staff',
        ].join('\n'),
      ),
    );
    expect(summary).toMatchObject({ read: 6, imported: 4, rejected: 2 });
    expect(summary.rejections).toEqual([
      { line: 4, reason: 'loaned_at "yesterday" is not a date (use YYYY-MM-DD or an ISO date-time)' },
      { line: 6, reason: 'isbn "n/a" is not a valid ISBN and there is no call number' },
    ]);
    expect(await count('SELECT count(*) n FROM loans')).toBe(4);
  });

  it('counts lines right past a quoted field with line breaks in it', async () => {
    const summary = await importLoans(
      h.deps,
      csv('notes.csv', 'loaned_at,call_number,note\n2025-09-01,QA76.6,"two\nlines"\nbad,QA76.6,x\n'),
      { map: [] },
    );
    expect(summary.rejections).toEqual([{ line: 4, reason: expect.stringContaining('"bad"') }]);
  });

  it('skips loans an overlapping export already brought in, by the ILS loan id', async () => {
    const rows = (from: number, to: number) =>
      Array.from(
        { length: to - from + 1 },
        (_, i) => `${from + i},${from + i},2025-10-01 10:00:00,QA76.${from + i},${from + i},PG`,
      );
    const header = 'issue_id,borrowernumber,issuedate,itemcallnumber,sort1,categorycode';
    await importLoans(h.deps, csv('sept.csv', [header, ...rows(1, 100)].join('\n')), { preset: 'koha' });
    const second = await importLoans(h.deps, csv('oct.csv', [header, ...rows(51, 150)].join('\n')), { preset: 'koha' });
    expect(second).toMatchObject({ read: 100, imported: 50, skipped: 50 });
    expect(await count('SELECT count(*) n FROM loans')).toBe(150);
    expect(await count('SELECT sum(loans) n FROM loan_aggregates')).toBe(150);
  });

  it('resumes an interrupted import after its last committed batch: nothing twice, nothing missing', async () => {
    const lines = ['loan_id,loaned_at,call_number,department'];
    for (let i = 1; i <= 1000; i++) lines.push(`${i},2025-0${1 + (i % 9)}-1${i % 10},QA76.${i},D${i % 7}`);
    const file = csv('big.csv', lines.join('\n'));
    let batches = 0;
    await expect(
      importLoans(h.deps, file, {
        batchSize: 100,
        onProgress: () => {
          // The process dies after the third batch has been committed.
          if (++batches === 3) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    expect(await count('SELECT count(*) n FROM loans')).toBe(300);

    const resumed = await importLoans(h.deps, file, { batchSize: 100 });
    expect(resumed).toMatchObject({ resumedAfter: 300, read: 700, imported: 700 });
    expect(await count('SELECT count(*) n FROM loans')).toBe(1000);
    expect(await count('SELECT count(DISTINCT loan_key) n FROM loans')).toBe(1000);
    expect(await count('SELECT sum(loans) n FROM loan_aggregates')).toBe(1000);
  });

  it('keeps the aggregates equal to the loans they count', async () => {
    await importLoans(h.deps, fileSource(fixture(EVERGREEN)), { preset: 'evergreen' });
    const mismatches = await h.db.orm.all(sql`
      SELECT a.discipline, a.department_code, a.month FROM loan_aggregates a
      LEFT JOIN (SELECT coalesce(discipline,'') d, coalesce(department_code,'') p, month m, count(*) n FROM loans GROUP BY 1,2,3) l
        ON l.d = a.discipline AND l.p = a.department_code AND l.m = a.month
      WHERE l.n IS NULL OR l.n != a.loans`);
    expect(mismatches).toEqual([]);
  });

  it('never stores a borrower identifier from the file, anywhere', async () => {
    const header =
      'issue_id,borrowernumber,cardnumber,surname,firstname,email,issuedate,isbn,itemcallnumber,sort1,categorycode';
    const people = [
      ['88120455', '23450001234567', 'Okonkwo-Smythe', 'Philippa', 'p.okonkwo@students.example.edu'],
      ['77031288', '23450007654321', 'Vasquez-Lindqvist', 'Torbjorn', 'torbjorn.vl@example.org'],
    ];
    const rows = people.flatMap(([number, card, surname, first, email], p) =>
      Array.from(
        { length: 5 },
        (_, i) =>
          `${p * 10 + i + 1},${number},${card},${surname},${first},${email},2025-11-0${i + 1},0596007590,QA76.76.D47,CS,FAC`,
      ),
    );
    await importLoans(h.deps, csv('koha.csv', [header, ...rows].join('\n')), { preset: 'koha' });
    const dump = await dumpDatabase(h.db);
    expect(dump).toContain('QA76.76.D47');
    for (const value of people.flat()) expect(dump).not.toContain(value);
    expect(await count('SELECT count(*) n FROM loans')).toBe(10);
  });

  it('refuses a file without a loan date column, naming the columns it has', async () => {
    await expect(
      importLoans(h.deps, csv('x.csv', 'date,isbn\n2025-01-01,0596007590\n'), { preset: 'generic' }),
    ).rejects.toThrow(/no "loaned_at" column .* Its columns are: date, isbn/);
    await expect(importLoans(h.deps, csv('y.csv', 'a\n'), { preset: 'sirsi' })).rejects.toThrow(ImportError);
  });

  it('stops at a CSV broken past repair, keeping the rows before it', async () => {
    const summary = await importLoans(
      h.deps,
      csv('broken.csv', 'loaned_at,call_number\n2025-01-01,QA76\n2025-01-02,"QA76\n'),
    );
    expect(summary.imported).toBe(1);
    expect(summary.failed).toMatch(/cannot be read past line/);
  });

  it('reads a file with a byte-order mark and Windows line ends', async () => {
    const text = '\uFEFFloaned_at,call_number\r\n2025-01-01,QA76\r\n2025-01-02,ML410\r\n';
    const summary = await importLoans(h.deps, csv('excel.csv', text));
    expect(summary).toMatchObject({ imported: 2, rejected: 0 });
  });

  it('takes a category or department named like a property every object has as a plain value', async () => {
    const names = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
    const summary = await importLoans(
      h.deps,
      csv(
        'odd-names.csv',
        ['loaned_at,call_number,department,patron_category', ...names.map((n) => `2025-09-01,QA76.6,${n},${n}`)].join(
          '\n',
        ),
      ),
    );
    expect(summary).toMatchObject({ read: 4, imported: 4, rejected: 0 });
    const stored = await h.db.orm.all<{ department_code: string; patron_category: string }>(
      sql`SELECT department_code, patron_category FROM loans ORDER BY id`,
    );
    expect(stored).toEqual(names.map((n) => ({ department_code: n, patron_category: n.toLowerCase() })));
    await expect(importLoans(h.deps, csv('z.csv', 'loaned_at,isbn\n'), { preset: 'constructor' })).rejects.toThrow(
      /There is no preset "constructor"/,
    );
  });

  it('refuses a department or category with a control character in it, by line, and keeps the rows around it', async () => {
    const summary = await importLoans(
      h.deps,
      csv(
        'damaged.csv',
        [
          'loaned_at,call_number,department,patron_category',
          '2025-09-01,QA76.6,CS,faculty',
          '2025-09-01,QA76.6,C\u0000S,faculty',
          '2025-09-01,QA76.6,CS,fac\bulty',
          '2025-09-02,QA76.6,MATH,graduate',
        ].join('\n'),
      ),
    );
    expect(summary).toMatchObject({ read: 4, imported: 2, rejected: 2 });
    expect(summary.rejections).toEqual([
      { line: 3, reason: 'department holds a control character (U+0000) at character 2' },
      { line: 4, reason: 'patron_category holds a control character (U+0008) at character 4' },
    ]);
    expect(await count("SELECT count(*) n FROM loans WHERE department_code GLOB '*[^ -~]*'")).toBe(0);
  });
});
