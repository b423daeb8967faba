// Each preset against an export shaped by its system's own schema (fixtures/README.md names the
// schema file and commit each was checked against): the loans it makes, the keys they are
// known by, their disciplines, the rows that are no new loan passed over, and not one value of
// a borrower column stored anywhere.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOAN_PRESETS } from '../../src/domain/loan-presets.js';
import { fileSource } from '../../src/node/file-source.js';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { importLoans } from '../../src/services/imports/loans.js';
import { type Harness, harness } from '../api/harness.js';
import { dumpDatabase } from './dump.js';

const fixture = (path: string) => new URL(`../../fixtures/${path}`, import.meta.url).pathname;

interface Stored {
  loan_key: string | null;
  isbn13: string | null;
  call_number: string | null;
  discipline: string | null;
  department_code: string | null;
  patron_category: string | null;
  month: string;
}

describe('the loan presets, each on an export named as its system names its columns', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.close());

  const loans = () =>
    h.db.orm.all<Stored>(
      sql`SELECT loan_key, isbn13, call_number, discipline, department_code, patron_category, month FROM loans ORDER BY id`,
    );

  /** Every value of the preset's borrower columns in the file long enough to be searched for. */
  function borrowerValues(file: string | Buffer, preset: string): string[] {
    const rows = parse(typeof file === 'string' ? readFileSync(file) : file, { columns: true }) as Record<
      string,
      string
    >[];
    const columns = LOAN_PRESETS[preset]!.borrowerColumns;
    expect(columns.filter((c) => c in rows[0]!).length, 'the fixture has borrower columns').toBeGreaterThan(0);
    return [...new Set(rows.flatMap((r) => columns.map((c) => r[c] ?? '')))].filter(
      (v) => v.length >= 5 && v !== 'None',
    );
  }

  async function expectNoneStored(values: string[]) {
    expect(values.length).toBeGreaterThan(0);
    const dump = await dumpDatabase(h.db);
    expect(values.filter((v) => dump.includes(v))).toEqual([]);
  }

  it('reads a Koha report over old_issues: one loan a checkout, renewed or not, by its issue_id', async () => {
    const file = fixture('koha/old_issues-report.csv');
    const summary = await importLoans(h.deps, fileSource(file), { preset: 'koha' });
    expect(summary).toMatchObject({ read: 8, imported: 8, rejected: 0, warnings: [] });
    const stored = await loans();
    expect(stored.map((l) => l.loan_key)).toEqual([
      '10231',
      '10232',
      '10233',
      '10234',
      '10235',
      '10236',
      '10237',
      '10238',
    ]);
    // LC, Dewey and 中图法 call numbers side by side, as a Chinese university's Koha holds them.
    expect(stored.map((l) => l.discipline)).toEqual([
      'computer-science',
      'computer-science',
      'computer-science',
      'economics',
      'chinese-language-literature',
      'history',
      'english-language-literature',
      'statistics',
    ]);
    // biblioitems.isbn joins a record's ISBNs with " | ": the first valid one is the loan's.
    expect(stored.map((l) => l.isbn13)).toEqual([
      '9780596517748',
      '9780262033848',
      '9780131103627',
      '9780674430006',
      '9787020002207',
      null,
      '9780141439518',
      '9780387402727',
    ]);
    expect(stored.map((l) => l.department_code)).toEqual(['CS', 'CS', 'CS', 'ECON', 'CHN', 'HIST', 'ENGL', 'MATH']);
    expect(new Set(stored.map((l) => l.patron_category))).toEqual(new Set(['ug', 'pg', 'fac']));
    await expectNoneStored(borrowerValues(file, 'koha'));
  });

  it("reads Koha's statistics table: only its issues are loans, the rest passed over by type", async () => {
    const file = fixture('koha/statistics-report.csv');
    const summary = await importLoans(h.deps, fileSource(file), { preset: 'koha-statistics' });
    expect(summary).toMatchObject({ read: 11, imported: 5, rejected: 0, skipped: 0 });
    expect(summary.warnings).toEqual([
      'the file has no loan id: a loan in two overlapping exports would be counted twice, so import each period once (or export the loan id and read it with --map loan_id=COLUMN)',
      '6 other transactions (renew: 2, return: 2, localuse: 1, payment: 1) are not new loans: passed over, never counted as loans',
    ]);
    const stored = await loans();
    expect(stored.map((l) => l.loan_key)).toEqual([null, null, null, null, null]);
    expect(stored.map((l) => l.discipline)).toEqual([
      'computer-science',
      'computer-science',
      'economics',
      'history',
      'statistics',
    ]);
    expect(await h.db.orm.get(sql`SELECT sum(loans) AS n FROM loan_aggregates`)).toEqual({ n: 5 });
    await expectNoneStored(borrowerValues(file, 'koha-statistics'));
  });

  it("takes other transaction types as loans when told (--loan-type), Koha's on-site checkouts for one", async () => {
    const file = readFileSync(fixture('koha/statistics-report.csv'), 'utf8').replace(',localuse,', ',onsite_checkout,');
    const summary = await importLoans(h.deps, bufferSource('stats.csv', Buffer.from(file)), {
      preset: 'koha-statistics',
      loanTypes: ['issue', 'onsite_checkout'],
    });
    expect(summary).toMatchObject({ read: 11, imported: 6 });
    expect(summary.warnings.at(-1)).toContain('5 other transactions (renew: 2, return: 2, payment: 1)');
  });

  it("reads FOLIO's loans_items as LDP derives it: the effective call number, each loan once however often renewed", async () => {
    const file = fixture('folio/loans_items-ldp.csv');
    const summary = await importLoans(h.deps, fileSource(file), { preset: 'folio' });
    expect(summary).toMatchObject({ read: 6, imported: 6, rejected: 0 });
    // The LDP table has no department: it is joined from users_departments_unpacked, and said so.
    expect(summary.warnings).toEqual([
      'no "department_code" or "department_name" column for department: loans are imported without it (use --map department=COLUMN)',
    ]);
    const stored = await loans();
    expect(stored.map((l) => l.loan_key)).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => `6f0b1a52-3c1e-4a1f-9d3e-0c5a1e7b2d0${n}`),
    );
    // Two of the items have their call number on the holdings record: the effective one has it.
    expect(stored.map((l) => l.call_number)).toEqual([
      'QA76.73.J39 C76 2008',
      'QA76.6 .C662 2009',
      'HB501 .P43613 2014',
      'DS735 .F3 1992',
      'QA276 .W37 2004',
      'PR4034 .P7 2003',
    ]);
    expect(stored.map((l) => l.discipline)).toEqual([
      'computer-science',
      'computer-science',
      'economics',
      'history',
      'statistics',
      'english-language-literature',
    ]);
    expect(stored.map((l) => l.patron_category)).toEqual([
      'undergrad',
      'graduate',
      'faculty',
      'undergrad',
      'graduate',
      'staff',
    ]);
    await expectNoneStored(borrowerValues(file, 'folio'));
  });

  it("reads FOLIO's loans_items as Metadb derives it: the item's own call number, the department joined by code", async () => {
    const file = fixture('folio/loans_items-metadb.csv');
    const summary = await importLoans(h.deps, fileSource(file), { preset: 'folio' });
    // Metadb's table has only the item-level call number: an item whose call number is on its
    // holdings record has none, and is refused by its line (docs/imports.md says what to join).
    expect(summary).toMatchObject({ read: 6, imported: 4, rejected: 2, warnings: [] });
    expect(summary.rejections).toEqual([
      { line: 3, reason: 'neither an ISBN nor a call number' },
      { line: 5, reason: 'neither an ISBN nor a call number' },
    ]);
    const stored = await loans();
    expect(stored.map((l) => l.loan_key)).toEqual([1, 3, 5, 6].map((n) => `6f0b1a52-3c1e-4a1f-9d3e-0c5a1e7b2d0${n}`));
    expect(stored.map((l) => l.department_code)).toEqual(['CS', 'ECON', 'MATH', 'ENGL']);
    expect(stored.map((l) => l.discipline)).toEqual([
      'computer-science',
      'economics',
      'statistics',
      'english-language-literature',
    ]);
    await expectNoneStored(borrowerValues(file, 'folio'));
  });

  it('reads an Alma Analytics Fulfillment report: each loan by its Item Loan Id, in-house loans passed over', async () => {
    const file = fixture('alma/fulfillment-loans.csv');
    const summary = await importLoans(h.deps, fileSource(file), { preset: 'alma' });
    expect(summary).toMatchObject({ read: 7, imported: 5, rejected: 0 });
    expect(summary.warnings).toEqual([
      'no "Statistical Category 1" column for department: loans are imported without it (use --map department=COLUMN)',
      '2 renewals or in-house uses are not new loans: passed over, never counted as loans',
    ]);
    const stored = await loans();
    expect(stored.map((l) => l.loan_key)).toEqual([
      '2390156780004761',
      '2390156790004761',
      '2390156800004761',
      '2390156820004761',
      '2390156830004761',
    ]);
    // The ISBN field holds every ISBN of the record, joined by "; ".
    expect(stored.map((l) => l.isbn13)).toEqual([
      '9780596517748',
      '9780262033848',
      '9780674430006',
      null,
      '9780387402727',
    ]);
    // An item with no permanent call number is shelved by the loan's own.
    expect(stored.map((l) => l.discipline)).toEqual([
      'computer-science',
      'computer-science',
      'economics',
      'history',
      'statistics',
    ]);
    expect(stored.map((l) => l.patron_category)).toEqual([
      'undergraduate',
      'graduate',
      'faculty',
      'undergraduate',
      'graduate',
    ]);
    await expectNoneStored(borrowerValues(file, 'alma'));
  });

  it('counts an Alma loan once when reports with and without the loan time overlap', async () => {
    await importLoans(h.deps, fileSource(fixture('alma/fulfillment-loans.csv')), { preset: 'alma' });
    const withoutTime = readFileSync(fixture('alma/fulfillment-loans.csv'), 'utf8')
      .split('\n')
      .map((line) => line.replace(/^([^,]*,[^,]*),[^,]*,/, '$1,'))
      .join('\n');
    const again = await importLoans(h.deps, bufferSource('no-time.csv', Buffer.from(withoutTime)), { preset: 'alma' });
    expect(again).toMatchObject({ read: 7, imported: 0, skipped: 5 });
  });

  it("reads Evergreen's action.circulation: each loan by its id, a renewal (parent_circ) passed over", async () => {
    // The Concerto patrons' ids are small numbers, as Evergreen's are in a new library: made
    // distinct here, so that finding one in the database could only mean it was stored.
    const rows = parse(readFileSync(fixture('evergreen/action_circulation.csv')), { columns: true }) as Record<
      string,
      string
    >[];
    const header = Object.keys(rows[0]!);
    const staff = (id: string) => (id ? String(880_000_000 + Number(id)) : '');
    const file = [
      header.join(','),
      ...rows.map((r) =>
        header
          .map((c) => (['usr', 'circ_staff', 'checkin_staff'].includes(c) ? staff(r[c]!) : r[c]!))
          .map((v) => (/[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v))
          .join(','),
      ),
    ].join('\n');
    const summary = await importLoans(h.deps, bufferSource('circ.csv', Buffer.from(file)), { preset: 'evergreen' });
    expect(summary).toMatchObject({ read: 432, imported: 429, rejected: 0 });
    expect(summary.warnings).toEqual([
      '3 renewals or in-house uses are not new loans: passed over, never counted as loans',
    ]);
    const stored = await loans();
    const renewals = rows.filter((r) => r.parent_circ).map((r) => r.id);
    expect(renewals).toEqual(['487', '488', '489']);
    expect(stored.map((l) => l.loan_key)).toEqual(rows.filter((r) => !r.parent_circ).map((r) => r.id));
    expect(new Set(stored.map((l) => l.discipline))).toEqual(new Set(['music']));
    expect(new Set(stored.map((l) => l.month))).toEqual(new Set(['2014-05', '2020-09', '2020-10']));
    await expectNoneStored(borrowerValues(Buffer.from(file), 'evergreen'));
  });

  it('passes over the renewals a generic file marks, named with --map renewal=COLUMN', async () => {
    const file = [
      'loan_id,loaned_at,call_number,Renewed',
      '1,2025-09-01,QA76.6,',
      '2,2025-09-15,QA76.6,yes',
      '3,2025-09-20,QA76.6,0',
    ].join('\n');
    const summary = await importLoans(h.deps, bufferSource('loans.csv', Buffer.from(file)), {
      map: ['renewal=Renewed'],
    });
    expect(summary).toMatchObject({ read: 3, imported: 2 });
    expect(summary.warnings).toContain(
      '1 renewal or in-house use is not a new loan: passed over, never counted as loans',
    );
    expect((await loans()).map((l) => l.loan_key)).toEqual(['1', '3']);
  });

  it('reads a transaction log through --map type=COLUMN and --loan-type, and refuses one without them', async () => {
    const file = [
      'Date,Action,Shelfmark',
      '2025-09-01,Checkout,QA76.6',
      '2025-09-08,Renewal,QA76.6',
      '2025-09-15,Checkin,QA76.6',
    ].join('\n');
    const summary = await importLoans(h.deps, bufferSource('log.csv', Buffer.from(file)), {
      map: ['loaned_at=Date', 'call_number=Shelfmark', 'type=Action'],
      loanTypes: ['checkout'],
    });
    expect(summary).toMatchObject({ read: 3, imported: 1 });
    expect(summary.warnings).toContain(
      '2 other transactions (Renewal: 1, Checkin: 1) are not new loans: passed over, never counted as loans',
    );
    await expect(
      importLoans(h.deps, bufferSource('log.csv', Buffer.from(file)), {
        map: ['loaned_at=Date', 'call_number=Shelfmark', 'type=Action'],
      }),
    ).rejects.toThrow('say which of its values mean a new loan with --loan-type VALUE');
    await expect(
      importLoans(h.deps, bufferSource('stats.csv', Buffer.from('datetime,itemcallnumber\n2025-09-01,QA76\n')), {
        preset: 'koha-statistics',
      }),
    ).rejects.toThrow('The file has no "type" column (preset koha-statistics), which tells its loans from its returns');
  });

  it('says so when a file has no loan id, since overlapping exports would count a loan twice', async () => {
    const summary = await importLoans(
      h.deps,
      bufferSource('loans.csv', Buffer.from('loaned_at,call_number\n2025-09-01,QA76.6\n')),
    );
    expect(summary.warnings).toContain(
      'no "loan_id" column for the loan id: a loan in two overlapping exports would be counted twice (use --map loan_id=COLUMN)',
    );
  });
});
