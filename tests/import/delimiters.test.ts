// CSV files as systems and spreadsheets separate them: commas, the semicolons of a European
// Excel, the tabs of a database client or of Excel's "Unicode text", the bars of a report
// writer. Each is read whichever importer gets it (they all read through csv.ts), the
// delimiter recognised from the header or said; and a file that is no CSV at all is refused in
// one sentence that says what it is.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importDepartments } from '../../src/services/imports/departments.js';
import { importHoldings } from '../../src/services/imports/holdings.js';
import { importIll } from '../../src/services/imports/ill.js';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { importLoans } from '../../src/services/imports/loans.js';
import { importReadingLists } from '../../src/services/imports/reading-lists.js';
import { importSuggestions } from '../../src/services/imports/suggestions.js';
import { type Harness, harness } from '../api/harness.js';

const fixture = (path: string) => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url));
const file = (name: string, content: string | Buffer) =>
  bufferSource(name, typeof content === 'string' ? Buffer.from(content) : content);
/** A fixture written again with another delimiter, quoted where its values need it. */
const separated = (path: string, delimiter: string) =>
  Buffer.from(stringify(parse(fixture(path)) as string[][], { delimiter }));

describe('CSV files separated otherwise than by commas', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.close());

  const count = async (table: string) =>
    (await h.db.orm.get<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${table}`)))!.n;

  it('imports a semicolon-separated loan file, as a European spreadsheet saves one, and says how it read it', async () => {
    const summary = await importLoans(
      h.deps,
      file(
        'ausleihen.csv',
        'loan_id;loaned_at;call_number;department\n1;2025-09-01;QA76.6;CS\n2;2025-09-02;QA76.73;CS\n',
      ),
    );
    expect(summary).toMatchObject({ read: 2, imported: 2, rejected: 0 });
    expect(summary.warnings).toContain(
      'the columns are separated by semicolons, recognised from the header (say another with --delimiter)',
    );
    expect(await h.db.orm.all(sql`SELECT loan_key, call_number FROM loans ORDER BY id`)).toEqual([
      { loan_key: '1', call_number: 'QA76.6' },
      { loan_key: '2', call_number: 'QA76.73' },
    ]);
  });

  it('imports a tab-separated loan file, as a database client writes one', async () => {
    const summary = await importLoans(
      h.deps,
      file('circ.tsv', 'loan_id\tloaned_at\tcall_number\n1\t2025-09-01\tQA76.6\n2\t2025-09-02\tHB171.5\n'),
    );
    expect(summary).toMatchObject({ read: 2, imported: 2, rejected: 0 });
    expect(summary.warnings).toContain(
      'the columns are separated by tabs, recognised from the header (say another with --delimiter)',
    );
  });

  it("imports Excel's Unicode text: UTF-16 with tabs", async () => {
    const text = '\uFEFFloan_id\tloaned_at\tcall_number\tdepartment\r\n1\t2025-09-01\tQA76.6\t计算机科学系\r\n';
    const summary = await importLoans(h.deps, file('unicode.txt', Buffer.from(text, 'utf16le')));
    expect(summary).toMatchObject({ read: 1, imported: 1 });
    expect(await h.db.orm.get(sql`SELECT department_code FROM loans`)).toEqual({ department_code: '计算机科学系' });
  });

  it('imports a file separated by vertical bars, commas and semicolons inside its values kept', async () => {
    const summary = await importLoans(
      h.deps,
      file(
        'report.txt',
        'loaned_at|call_number|title|author\n2025-09-01|QA76.6 .C662 2009|Introduction to algorithms; 3rd ed.|Cormen, Thomas H.\n',
      ),
    );
    expect(summary).toMatchObject({ read: 1, imported: 1, rejected: 0 });
    expect(await h.db.orm.get(sql`SELECT call_number FROM loans`)).toEqual({ call_number: 'QA76.6 .C662 2009' });
  });

  it('keeps reading commas when only the values hold semicolons, as the departments file does', async () => {
    const summary = await importDepartments(h.deps, file('departments.csv', fixture('demo/departments.csv')));
    expect(summary.rejected).toBe(0);
    expect(summary.warnings).toEqual([]);
    const disciplines = await h.db.orm.all(
      sql`SELECT discipline FROM department_disciplines WHERE department_code = 'CS' ORDER BY discipline`,
    );
    expect(disciplines).toEqual([{ discipline: 'computer-science' }, { discipline: 'statistics' }]);
  });

  it('reads a GB18030 file separated by semicolons, as older Chinese systems write them', async () => {
    // In GB18030 a comma is never part of a character: every one of them separates fields.
    const gb18030 = Buffer.from(fixture('encodings/loans-gb18030.csv').map((b) => (b === 0x2c ? 0x3b : b)));
    const summary = await importLoans(h.deps, file('借阅.csv', gb18030));
    expect(summary).toMatchObject({ read: 3, imported: 3, rejected: 0 });
    expect(summary.warnings.join('\n')).toMatch(/read as gb18030[^]*separated by semicolons/);
    const stored = await h.db.orm.all(sql`SELECT department_code, patron_category FROM loans ORDER BY id`);
    expect(stored[1]).toEqual({ department_code: '中国语言文学系', patron_category: '研究生' });
  });

  it('reads the delimiter it is told, and refuses one it does not know', async () => {
    // A header of one column with a comma-free value in it would be read as one column.
    const told = await importLoans(h.deps, file('loans.csv', 'loaned_at;call_number\n2025-09-01;QA76.6\n'), {
      delimiter: 'semicolon',
    });
    expect(told).toMatchObject({ imported: 1 });
    expect(told.warnings.join(' ')).not.toContain('separated by');
    await expect(
      importLoans(h.deps, file('loans.csv', 'loaned_at;call_number\n2025-09-02;QA76.6\n'), { delimiter: 'comma' }),
    ).rejects.toThrow(
      'Its columns are: loaned_at;call_number. Use --map loaned_at=COLUMN. The header is one column: if its fields are separated otherwise, say how with --delimiter.',
    );
    await expect(
      importLoans(h.deps, file('loans.csv', 'loaned_at;call_number\n'), { delimiter: 'colon' }),
    ).rejects.toThrow('There is no delimiter "colon"; give comma, semicolon, tab or pipe.');
  });

  it('knows a file read with another delimiter as another reading of it: its own run', async () => {
    const text = 'loan_id;loaned_at;call_number\n1;2025-09-01;QA76.6\n';
    await importLoans(h.deps, file('a.csv', text));
    // Told what it recognised, the same reading: nothing to do again.
    expect(await importLoans(h.deps, file('a.csv', text), { delimiter: ';' })).toMatchObject({ alreadyImported: true });
    const runs = await h.db.orm.all<{ options: string }>(sql`SELECT options FROM import_runs`);
    expect(runs.map((r) => JSON.parse(r.options).delimiter)).toEqual([';']);
    // A comma file's reading says nothing of its delimiter, as every run's did before others were read.
    await importLoans(h.deps, file('b.csv', 'loan_id,loaned_at,call_number\n1,2025-09-01,QA76.6\n'));
    const comma = await h.db.orm.get<{ options: string }>(
      sql`SELECT options FROM import_runs WHERE file_name = 'b.csv'`,
    );
    expect(JSON.parse(comma!.options)).not.toHaveProperty('delimiter');
  });

  it('reads every kind of CSV import separated by semicolons or tabs', async () => {
    h.advance(365 * 86_400_000);
    const departments = await importDepartments(h.deps, file('d.csv', separated('demo/departments.csv', ';')));
    expect(departments).toMatchObject({ imported: parse(fixture('demo/departments.csv')).length - 1, rejected: 0 });
    const lists = await importReadingLists(
      h.deps,
      file('lists.csv', separated('readinglists/leganto-course-reserves.csv', '\t')),
      { preset: 'leganto' },
    );
    expect(lists.imported).toBeGreaterThan(0);
    expect(lists.warnings.join(' ')).toContain('separated by tabs');
    const ill = await importIll(h.deps, file('ill.csv', separated('ill/illiad-transactions.csv', ';')), {
      preset: 'illiad',
    });
    expect(ill).toMatchObject({ imported: 3, rejected: 1 });
    const holdings = await importHoldings(
      h.deps,
      file('holdings.csv', 'isbn;call_number;items\n9780262033848;QA76.6 .C662 2009;2\n'),
    );
    expect(holdings).toMatchObject({ imported: 1, rejected: 0 });
    const suggestions = await importSuggestions(
      h.deps,
      file(
        's.csv',
        'requested_at\tpatron_id\tpatron_category\tdepartment\tisbn\ttitle\n2025-03-01\tp1\tfaculty\tHIST\t9780393317558\t\n',
      ),
    );
    expect(suggestions).toMatchObject({ imported: 1, rejected: 0 });
    expect(await count('holdings')).toBe(1);
  });
});

describe('a file that is no CSV', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.close());

  const refusal = async (content: Buffer | string, importer = importLoans) => {
    try {
      await importer(h.deps, file('upload', content));
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('the file was imported');
  };

  it("is FOLIO's loans API answer: named, with the export to make instead", async () => {
    const answer = JSON.stringify({
      loans: [
        { id: 'cf23adf0-61ba-4887-bf82-956c4aae2260', loanDate: '2025-09-02T14:03:11.000Z', action: 'checkedout' },
      ],
      totalRecords: 1,
    });
    expect(await refusal(answer)).toBe(
      'The file is a FOLIO loans API answer (JSON), not a CSV: export the loans_items table of FOLIO Reporting (LDP or Metadb) as CSV and import it with --preset folio.',
    );
    expect(await refusal('[{"isbn": "9780262033848"}]', importDepartments)).toBe(
      'The file is JSON, not a CSV: export the data as CSV (its values separated by commas, semicolons, tabs or |) and import that.',
    );
  });

  it('is a spreadsheet, a compressed file or MARC: named for what it is', async () => {
    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), Buffer.from('[Content_Types].xml')]);
    expect(await refusal(xlsx)).toBe(
      'The file is a ZIP archive (an .xlsx or .ods spreadsheet?), not a CSV: save or export it as CSV (UTF-8) and import that.',
    );
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    expect(await refusal(xls)).toContain('an old Excel or Word file (.xls, .doc), not a CSV');
    expect(await refusal(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00]))).toBe(
      'The file is a gzip-compressed file (uncompress it first), not a CSV: save or export it as CSV (UTF-8) and import that.',
    );
    expect(await refusal(fixture('marc/oss.marc'))).toBe(
      'The file is MARC (ISO 2709), not a CSV: MARC records are imported as holdings (r2b import holdings).',
    );
  });

  it('is anything else binary: refused in one line, none of its bytes in it, nothing stored', async () => {
    // A deterministic stand-in for an unknown binary format: every byte value, shuffled.
    const bytes = Buffer.alloc(4096);
    for (let i = 0, x = 7; i < bytes.length; i++) bytes[i] = x = (x * 73 + 41) % 256;
    for (const importer of [importLoans, importDepartments, importSuggestions]) {
      const message = await refusal(bytes, importer);
      expect(message).toBe(
        'The file is not text: it holds bytes no CSV has. Export the data from its system as CSV and import that.',
      );
    }
    expect(await h.db.orm.get(sql`SELECT count(*) AS n FROM import_runs`)).toEqual({ n: 0 });
  });

  it('is still a CSV when a row or two is damaged: those rows are refused by their lines', async () => {
    const summary = await importLoans(
      h.deps,
      file('damaged.csv', 'loaned_at,call_number,department\n2025-09-01,QA76.6,C\u0000S\n2025-09-02,QA76.6,CS\n'),
    );
    expect(summary).toMatchObject({ imported: 1, rejected: 1 });
  });
});
