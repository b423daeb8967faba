import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, harness } from './harness.js';

describe('imports over HTTP', () => {
  let h: Harness;
  let admin: string;
  beforeEach(async () => {
    h = await harness({ IMPORT_LIMIT_BYTES: String(200 * 1024) });
    admin = await h.token('admin');
  });
  afterEach(() => h.close());

  const upload = (path: string, body: string | Buffer, type: string, token = admin) =>
    h.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body });

  it('imports a loan export and answers with the same summary as the command', async () => {
    h.advance(365 * 86_400_000);
    const csv = readFileSync(new URL('../../fixtures/evergreen/action_circulation.csv', import.meta.url));
    const res = await upload('/api/v1/imports/loans?preset=evergreen&name=circ.csv', csv, 'text/csv');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      kind: 'loans',
      file: 'circ.csv',
      read: 432,
      imported: 429,
      rejected: 0,
      rejections: [],
      warnings: ['3 renewals or in-house uses are not new loans: passed over, never counted as loans'],
    });
  });

  it('takes --map and --dates as query parameters', async () => {
    const csv = 'When,Shelf\n1/2/2026,QA76.73\n13/2/2026,ML410\n';
    const res = await upload(
      '/api/v1/imports/loans?map=loaned_at=When&map=call_number=Shelf&dates=dmy',
      csv,
      'text/csv',
    );
    expect(await res.json()).toMatchObject({ imported: 2, rejected: 0 });
  });

  it('keeps answering other requests all through the import of an upload', async () => {
    const big = await harness({ IMPORT_LIMIT_BYTES: String(4 * 1024 * 1024) });
    const token = await big.token('admin');
    const record = (i: number) =>
      `<record><controlfield tag="001">r${i}</controlfield><datafield tag="050" ind1=" " ind2="0"><subfield code="a">QA76.${i}</subfield></datafield><datafield tag="245" ind1="0" ind2="0"><subfield code="a">Title ${i}</subfield></datafield></record>`;
    const xml = `<collection>${Array.from({ length: 8000 }, (_, i) => record(i)).join('\n')}</collection>`;
    let importFinished = false;
    const importing = big.app
      .request('/api/v1/imports/holdings', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/marcxml+xml' },
        body: xml,
      })
      .then((res) => {
        importFinished = true;
        return res;
      });
    // One request after another, each on a later turn of the event loop, for as long as the
    // import runs: an import that held the thread would let only a few through.
    let answered = 0;
    await new Promise<void>((resolve) => {
      const ask = async () => {
        if (importFinished) return resolve();
        if ((await big.app.request('/healthz')).status === 200 && !importFinished) answered++;
        setImmediate(ask);
      };
      setImmediate(ask);
    });
    expect(await (await importing).json()).toMatchObject({ read: 8000, imported: 8000 });
    expect(answered).toBeGreaterThanOrEqual(Math.floor(xml.length / (128 * 1024)));
    big.close();
  });

  it('takes encoding= as a query parameter, and refuses one that does not exist with 422', async () => {
    const big5 = readFileSync(new URL('../../fixtures/encodings/departments-big5.csv', import.meta.url));
    const res = await upload('/api/v1/imports/departments?encoding=big5', big5, 'text/csv');
    expect(await res.json()).toMatchObject({ imported: 2, rejected: 0, warnings: ['the file was read as big5'] });
    const name = await h.db.orm.get(sql`SELECT name FROM departments WHERE code = 'HIST'`);
    expect(name).toEqual({ name: '歷史學系' });
    const unknown = await upload('/api/v1/imports/loans?encoding=ebcdic-klingon', 'loaned_at,isbn\n', 'text/csv');
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).detail).toMatch(/There is no text encoding "ebcdic-klingon"/);
  });

  it('takes delimiter= and loanType= as the command takes --delimiter and --loan-type', async () => {
    const log =
      'datetime;type;itemcallnumber\n2026-01-05;issue;QA76.73\n2026-01-12;renew;QA76.73\n2026-01-20;return;QA76.73\n';
    const res = await upload(
      '/api/v1/imports/loans?preset=koha-statistics&delimiter=semicolon&loanType=issue&loanType=renew',
      log,
      'text/csv',
    );
    expect(await res.json()).toMatchObject({ read: 3, imported: 2 });
    const unknown = await upload('/api/v1/imports/departments?delimiter=colon', 'code:name\n', 'text/csv');
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).errors).toMatchObject([{ parameter: 'delimiter' }]);
  });

  it('refuses a file that is no CSV with 422 and one sentence, none of its bytes', async () => {
    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('xl/workbook.xml')]);
    const res = await upload('/api/v1/imports/loans', xlsx, 'text/csv');
    expect(res.status).toBe(422);
    expect((await res.json()).detail).toBe(
      'The file is an Excel workbook (.xlsx), not a CSV: save or export it as CSV (UTF-8) and import that.',
    );
  });

  it('takes source= as a query parameter: the ids of two sources never match', async () => {
    const csv = 'loan_id,loaned_at,call_number\n1,2026-01-05,QA76.73\n2,2026-01-05,ML410\n';
    const first = await upload('/api/v1/imports/loans?source=main-koha&name=a.csv', csv, 'text/csv');
    expect(await first.json()).toMatchObject({ imported: 2 });
    const branch = await upload(
      '/api/v1/imports/loans?source=branch&name=b.csv',
      `${csv}3,2026-01-06,QA76\n`,
      'text/csv',
    );
    expect(await branch.json()).toMatchObject({ imported: 3, skipped: 0 });
    const bad = await upload('/api/v1/imports/loans?source=main%20koha', csv, 'text/csv');
    expect(bad.status).toBe(422);
  });

  it('imports MARC holdings, recognising the format from the bytes', async () => {
    const marc = readFileSync(new URL('../../fixtures/marc/pymarc_marc.dat', import.meta.url));
    const res = await upload('/api/v1/imports/holdings', marc, 'application/marc');
    expect(await res.json()).toMatchObject({ kind: 'holdings', imported: 20 });
  });

  it('takes flavour= as --flavour, and refuses a file that is neither MARC nor text with 422 in one line', async () => {
    const cnmarc = readFileSync(new URL('../../fixtures/cnmarc/dp2_sample_cnmarc.mrc', import.meta.url));
    const asMarc21 = await upload('/api/v1/imports/holdings?flavour=marc21', cnmarc, 'application/marc');
    expect(await asMarc21.json()).toMatchObject({ imported: 10 });
    const titled = () => h.db.orm.get<{ n: number }>(sql`SELECT count(*) AS n FROM holdings WHERE title IS NOT NULL`);
    expect(await titled()).toEqual({ n: 0 });
    const recognised = await upload('/api/v1/imports/holdings', cnmarc, 'application/marc');
    expect(await recognised.json()).toMatchObject({ imported: 10 });
    expect(await titled()).toEqual({ n: 10 });
    expect((await upload('/api/v1/imports/holdings?flavour=cnmarc', cnmarc, 'application/marc')).status).toBe(422);

    const workbook = Buffer.concat([
      Buffer.from('PK\x03\x04', 'latin1'),
      Buffer.from('[Content_Types].xml xl/workbook.xml'),
    ]);
    const refused = await upload('/api/v1/imports/holdings?name=holdings.xlsx', workbook, 'text/csv');
    expect(refused.status).toBe(422);
    expect((await refused.json()).detail).toBe(
      'holdings.xlsx is an Excel workbook (.xlsx), not MARC or text: export the holdings as MARC (ISO 2709 or MARCXML) or as CSV.',
    );
  });

  it('imports departments', async () => {
    const csv = readFileSync(new URL('../../fixtures/demo/departments.csv', import.meta.url));
    const res = await upload('/api/v1/imports/departments', csv, 'text/csv');
    expect(await res.json()).toMatchObject({ kind: 'departments', imported: 13 });
  });

  it('imports a reading list, taking preset= and map= as the command takes --preset and --map', async () => {
    const talis = readFileSync(new URL('../../fixtures/readinglists/talis-all-list-items.csv', import.meta.url));
    const res = await upload('/api/v1/imports/readinglists?preset=talis&name=lists.csv', talis, 'text/csv');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ kind: 'readinglists', file: 'lists.csv', read: 10, imported: 8 });
    const mapped = await upload(
      '/api/v1/imports/readinglists?map=course_code=Module&map=enrolment=Class%20size',
      'Module,term,Class size,isbn,importance\nHI2010,Semester 1 2026/27,84,9780802141323,Essential\n',
      'text/csv',
    );
    expect(await mapped.json()).toMatchObject({ imported: 1, rejected: 0 });
    const missing = await upload(
      '/api/v1/imports/readinglists?preset=leganto',
      'Title,ISBN\nX,9780802141323\n',
      'text/csv',
    );
    expect(missing.status).toBe(422);
    expect((await missing.json()).detail).toMatch(
      /no column for the course code \(preset leganto looks for "Course Code"\)/,
    );
    expect((await upload('/api/v1/imports/readinglists?preset=aspire', 'a\n', 'text/csv')).status).toBe(422);
  });

  it('is for admins only', async () => {
    const selector = await h.token('selector');
    expect((await upload('/api/v1/imports/loans', 'loaned_at,isbn\n', 'text/csv', selector)).status).toBe(403);
    expect((await h.app.request('/api/v1/imports/loans', { method: 'POST', body: 'x' })).status).toBe(401);
  });

  it('refuses a file over the upload limit with 413, an unknown preset and a headerless file with 422', async () => {
    const big = `loaned_at,isbn\n${'2025-01-01,0596007590\n'.repeat(12_000)}`;
    expect((await upload('/api/v1/imports/loans', big, 'text/csv')).status).toBe(413);
    expect((await upload('/api/v1/imports/loans?preset=sirsi', 'a\n', 'text/csv')).status).toBe(422);
    const missing = await upload('/api/v1/imports/loans', 'when,isbn\n2025-01-01,0596007590\n', 'text/csv');
    expect(missing.status).toBe(422);
    expect((await missing.json()).detail).toMatch(/no "loaned_at" column/);
    expect((await upload('/api/v1/imports/loans', '', 'text/csv')).status).toBe(400);
  });
});
