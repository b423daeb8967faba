import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { r2b, tempDatabase } from './process.js';

const fixture = (path: string) => new URL(`../../fixtures/${path}`, import.meta.url).pathname;
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('the r2b import and generate commands', () => {
  it('generate the same history from the same seed, and import it with a JSON summary', async () => {
    const db = tempDatabase();
    const env = { DATABASE_PATH: db };
    const a = join(dirname(db), 'a.csv');
    const b = join(dirname(db), 'b.csv');
    await r2b(
      ['generate', 'loans', '--rows', '5000', '--seed', '9', '--titles', '800', '--end', '2026-06-30', '--out', a],
      env,
    );
    await r2b(
      ['generate', 'loans', '--rows', '5000', '--seed', '9', '--titles', '800', '--end', '2026-06-30', '--out', b],
      env,
    );
    expect(sha(a)).toBe(sha(b));
    const header = readFileSync(a, 'utf8').split('\n')[0];
    expect(header).toBe('loan_id,loaned_at,isbn,call_number,department,patron_category,patron_id,patron_barcode');

    await r2b(['import', 'departments', fixture('demo/departments.csv')], env);
    const { stdout } = await r2b(['import', 'loans', a, '--json'], env);
    expect(JSON.parse(stdout)).toMatchObject({ read: 5000, imported: 5000, rejected: 0, rejections: [] });
    const again = JSON.parse((await r2b(['import', 'loans', b, '--json'], env)).stdout);
    expect(again).toMatchObject({ alreadyImported: true, imported: 0 });
  });

  it("import Koha's statistics as their preset reads them, and a file separated as --delimiter says", async () => {
    const db = tempDatabase();
    const env = { DATABASE_PATH: db };
    const { stdout } = await r2b(
      [
        'import',
        'loans',
        fixture('koha/statistics-report.csv'),
        '--preset',
        'koha-statistics',
        '--loan-type',
        'issue',
        '--loan-type',
        'localuse',
      ],
      env,
    );
    expect(stdout).toMatch(/read 11 rows: 6 imported, 0 rejected/);
    expect(stdout).toContain('note: 5 other transactions (renew: 2, return: 2, payment: 1) are not new loans');
    const tabs = join(dirname(db), 'circ.txt');
    writeFileSync(tabs, 'loaned_at\tcall_number\n2025-09-01\tQA76.6\n');
    const json = JSON.parse((await r2b(['import', 'loans', tabs, '--delimiter', 'tab', '--json'], env)).stdout);
    expect(json).toMatchObject({ read: 1, imported: 1 });
  });

  it('print a readable summary with the first rejected lines', async () => {
    const env = { DATABASE_PATH: tempDatabase() };
    const { stdout } = await r2b(['import', 'holdings', fixture('marc/oss.marc')], env);
    expect(stdout).toMatch(/read 42 records: 37 imported, 5 rejected/);
    expect(stdout).toMatch(/record 38: no control number/);
  });

  it('explain a wrong preset, a missing column or a file that is no CSV, and exit non-zero', async () => {
    const env = { DATABASE_PATH: tempDatabase() };
    await expect(
      r2b(['import', 'loans', fixture('seattle/checkouts.csv'), '--preset', 'koha'], env),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('no "issuedate" column'),
    });
    await expect(
      r2b(['import', 'loans', fixture('seattle/checkouts.csv'), '--preset', 'sirsi'], env),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('Allowed choices are generic, koha, koha-statistics, alma, folio, evergreen'),
    });
    // The catalogue's MARC given as loans is named for what it is, in one line: never its bytes.
    await expect(r2b(['import', 'loans', fixture('marc/oss.marc'), '--preset', 'koha'], env)).rejects.toMatchObject({
      code: 1,
      stderr:
        'r2b: The file is MARC (ISO 2709), not a CSV: MARC records are imported as holdings (r2b import holdings).\n',
    });
  });

  it('import a Leganto reading list with --preset, and say what it passed over and refused', async () => {
    const env = { DATABASE_PATH: tempDatabase() };
    const { stdout } = await r2b(
      ['import', 'readinglists', fixture('readinglists/leganto-course-reserves.csv'), '--preset', 'leganto'],
      env,
    );
    expect(stdout).toMatch(/read 15 rows: 12 imported, 1 rejected/);
    expect(stdout).toMatch(/note: 2 rows are not books/);
    expect(stdout).toMatch(/line 13: The check digit does not match/);
    await expect(
      r2b(['import', 'readinglists', fixture('readinglists/leganto-course-reserves.csv'), '--preset', 'aspire'], env),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('Allowed choices are generic, leganto, talis') });
  });

  it('read a file whose rows were all rejected again with the --dates its rejections ask for', async () => {
    const env = { DATABASE_PATH: tempDatabase() };
    const file = fixture('seattle/checkouts.csv');
    const map = ['--map', 'loaned_at=CheckoutDateTime', '--map', 'call_number=CallNumber'];
    const refused = JSON.parse((await r2b(['import', 'loans', file, ...map, '--json'], env)).stdout);
    expect(refused).toMatchObject({ imported: 0, rejected: 164 });
    const fixed = JSON.parse((await r2b(['import', 'loans', file, ...map, '--dates', 'mdy', '--json'], env)).stdout);
    expect(fixed).toMatchObject({ alreadyImported: false, imported: 164, rejected: 0 });
  });

  it("import a vendor's catalogue with its name and vendor, and refuse one without them", async () => {
    const db = tempDatabase();
    const env = { DATABASE_PATH: db };
    const args = ['import', 'catalogue', fixture('catalogues/renmin-2026-03.csv')];
    const { stdout } = await r2b([...args, '--name', '2026年第3期', '--vendor', '人天书店', '--currency', 'CNY'], env);
    expect(stdout).toMatch(/^catalogue from .*renmin-2026-03\.csv/);
    expect(stdout).toContain('read 8 records: 8 imported, 0 rejected');
    const marc = JSON.parse(
      (
        await r2b(
          [
            'import',
            'catalogue',
            fixture('catalogues/dp2_cnmarc_new_titles.mrc'),
            '--name',
            'CNMARC',
            '--vendor',
            '人天书店',
            '--expires',
            '2099-12-31',
            '--json',
          ],
          env,
        )
      ).stdout,
    );
    expect(marc).toMatchObject({ kind: 'catalogue', read: 10, imported: 10, rejected: 0 });
    await expect(r2b([...args, '--name', 'No vendor'], env)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("required option '--vendor <vendor>' not specified"),
    });
    await expect(
      r2b([...args, '--name', 'Late', '--vendor', 'V', '--issued', '2026-13-01'], env),
    ).rejects.toMatchObject({
      code: 1,
      stderr: 'r2b: The issue date "2026-13-01" is not a day written YYYY-MM-DD.\n',
    });
  });
});
