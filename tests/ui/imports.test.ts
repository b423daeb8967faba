// The imports page without a browser: an admin uploads each kind of file from a form that
// works without JavaScript and reads what the importer made of it; everyone else is refused,
// and so is a post from another site, a file over the limit, and a file the importer cannot read.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ILL_PRESETS } from '../../src/domain/ill-request.js';
import { LOAN_PRESETS } from '../../src/domain/loan-presets.js';
import { READING_LIST_PRESETS } from '../../src/domain/reading-list-presets.js';
import en from '../../src/i18n/en.js';
import zhHans from '../../src/i18n/zh-Hans.js';
import zhHant from '../../src/i18n/zh-Hant.js';
import { importDepartments } from '../../src/services/imports/departments.js';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { type Harness, harness } from '../api/harness.js';
import { type Visitor, visitor } from '../support/visitor.js';

const fixture = (path: string) => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url));

/** The page's text as a reader sees it: no markup, entities read, spaces as one. */
function text(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** The figures of an import's summary, by their names on the page. */
function figures(html: string): Record<string, string> {
  const list = /<section aria-labelledby="outcome"[^]*?<dl class="card">([^]*?)<\/dl>/.exec(html)?.[1] ?? '';
  return Object.fromEntries([...list.matchAll(/<dt>([^<]*)<\/dt><dd>([^<]*)<\/dd>/g)].map((m) => [m[1], m[2]]));
}

/** The rejected rows' table: line, reason. */
function rejections(html: string): [string, string][] {
  const table = /<table class="list">([^]*?)<\/table>/.exec(html)?.[1] ?? '';
  return [...table.matchAll(/<td class="num">([^<]*)<\/td><td><samp lang="en">([^<]*)<\/samp><\/td>/g)].map((m) => [
    m[1]!,
    text(m[2]!),
  ]);
}

describe('the imports page', () => {
  let h: Harness;
  let admin: Visitor;
  let csrf: string;

  beforeEach(async () => {
    h = await harness({ IMPORT_LIMIT_BYTES: String(64 * 1024) });
    admin = visitor(h);
    await admin.signIn(await h.token('admin'));
    csrf = await admin.csrfOf('/imports/loans');
  });
  afterEach(() => h.close());

  const upload = (kind: string, name: string, content: string | Buffer, fields: Record<string, string> = {}) =>
    admin.upload(`/imports/${kind}`, { _csrf: csrf, ...fields }, { file: { name, content } });
  const count = (table: string) => (h.db.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

  it('is a place in an admin’s header, listing each kind of file with what it is', async () => {
    const response = await admin.get('/imports');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<a href="/imports" aria-current="page">Imports</a>');
    expect(html).toContain('<h1>Imports</h1>');
    expect(html).toContain('on a file up to 64 kB sent from here');
    for (const [kind, name] of [
      ['loans', 'Loans'],
      ['holdings', 'Holdings'],
      ['departments', 'Departments'],
      ['suggestions', 'Suggestion history'],
      ['readinglists', 'Reading lists'],
      ['ill', 'Interlibrary loans'],
    ]) {
      expect(html).toContain(`<a href="/imports/${kind}">${name}</a>`);
    }
    expect(text(html)).toContain('from an ILLiad, Tipasa or ReShare export or any CSV');
    // Selectors have their own places, not this one.
    const selector = visitor(h);
    await selector.signIn(await h.token('selector'));
    expect(await (await selector.get('/buylist')).text()).not.toContain('href="/imports"');
  });

  it('offers each kind the options its importer takes, in a form that needs no script, with the columns each preset reads', async () => {
    const ill = await (await admin.get('/imports/ill')).text();
    expect(ill).toMatch(/<form method="post" action="\/imports\/ill" enctype="multipart\/form-data"/);
    expect(ill).toContain('<input type="hidden" name="_csrf"');
    for (const name of ['file', 'preset', 'dates', 'source', 'encoding', 'map'])
      expect(ill).toContain(`name="${name}"`);
    expect(ill).toMatch(/<option value="illiad">ILLiad<\/option>/);
    // The columns table: ILLiad keeps a loan's ISBN in ISSN; the loan title in LoanTitle.
    expect(ill).toMatch(
      /<th scope="row"><code>isbn<\/code><\/th><td><code>isbn<\/code><\/td><td><code>ISSN<\/code><\/td>/,
    );
    expect(ill).toContain('<code>LoanTitle</code>');
    expect(text(ill)).toContain('ILLiad’s transactions joined to its users for the department');
    // A reading list's field may be in any of several columns; they are tried in order.
    const lists = await (await admin.get('/imports/readinglists')).text();
    expect(lists).toContain('<code>ISBN13</code> or <code>ISBN10</code> or <code>ISBN</code>');
    expect(lists).not.toContain('name="dates"');
    expect(lists).not.toContain('name="source"');
    // FOLIO's call number is the effective one where the export has it (LDP), else the item's own
    // (Metadb); Koha's statistics are loans only where their type is issue.
    const loans = await (await admin.get('/imports/loans')).text();
    expect(loans).toContain('<code>item_effective_call_number</code> or <code>item_level_call_number</code>');
    expect(loans).toContain('<code>type = issue</code>');
    expect(loans).toContain('<code>parent_circ</code>');
    for (const name of ['delimiter', 'loanType']) expect(loans).toContain(`name="${name}"`);
    expect(loans).toMatch(/<option value="semicolon">Semicolons/);
    // A kind with one layout lists its columns; holdings take a format, no preset.
    const departments = await (await admin.get('/imports/departments')).text();
    expect(departments).not.toContain('name="preset"');
    expect(departments).toContain('<code>code</code>, <code>name</code>, <code>liaison_email</code>');
    const holdings = await (await admin.get('/imports/holdings')).text();
    expect(holdings).toContain('name="format"');
    expect(holdings).toMatch(
      /<select id="i-flavour" name="flavour"[^>]*><option value="">Recognised from the records<\/option><option value="marc21">MARC21<\/option><option value="unimarc">UNIMARC \(CNMARC\)<\/option>/,
    );
    expect(holdings).toContain('<code>call_number</code>, <code>items</code>');
    expect(holdings).toContain('<code>r2b import holdings FILE</code>');
    expect((await admin.get('/imports/catalogues')).status).toBe(404);
  });

  it('imports an ILLiad export, saying what was read, imported, rejected and passed over, with the rejected row’s line', async () => {
    const response = await upload('ill', 'illiad-transactions.csv', fixture('ill/illiad-transactions.csv'), {
      preset: 'illiad',
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h2 id="outcome">Imported from “illiad-transactions.csv”</h2>');
    expect(figures(html)).toMatchObject({ 'Rows read': '6', Imported: '3', Rejected: '1', 'Already in, skipped': '0' });
    expect(text(html)).toContain(
      'Warnings The importer said: 2 rows were articles or lending to other libraries, not books borrowed for patrons here: passed over',
    );
    expect(html).toContain('<caption>The 1 rejected row</caption>');
    expect(rejections(html)).toEqual([['7', 'neither a title nor a valid ISBN']]);
    expect(count('ill_requests')).toBe(3);
    // The form is there again, the preset chosen still chosen.
    expect(html).toMatch(/<h2 id="import-form"[^>]*>Import another file<\/h2>/);
    expect(html).toMatch(/<option value="illiad" selected="">ILLiad<\/option>/);
  });

  it('imports Leganto and Talis Aspire reading lists, each with its preset', async () => {
    const leganto = await (
      await upload('readinglists', 'leganto.csv', fixture('readinglists/leganto-course-reserves.csv'), {
        preset: 'leganto',
      })
    ).text();
    expect(figures(leganto)).toMatchObject({ 'Rows read': '15', Imported: '12', Rejected: '1' });
    expect(rejections(leganto)).toEqual([
      ['13', 'The check digit does not match: a digit may be mistyped. Did you mean 9780262033848?'],
    ]);
    const talis = await (
      await upload('readinglists', 'talis.csv', fixture('readinglists/talis-all-list-items.csv'), { preset: 'talis' })
    ).text();
    expect(figures(talis)).toMatchObject({ 'Rows read': '10', Imported: '8', Rejected: '0' });
    expect(text(talis)).toContain('2 rows are not books (articles, journals, web pages, ...) and were passed over');
    expect(talis).not.toContain('<table class="list">');
    const courses = h.db.sqlite.prepare('SELECT DISTINCT course_code FROM course_readings ORDER BY 1').pluck().all();
    expect(courses).toEqual(expect.arrayContaining(['HI2010', 'HIST 210']));
  });

  it('imports MARC holdings, the format recognised from the bytes, counting records', async () => {
    const html = await (await upload('holdings', 'acquisitions.mrc', fixture('marc/sample_acq_order.mrc'))).text();
    expect(figures(html)).toMatchObject({ 'Rows or records read': '10', Imported: '10', Rejected: '0' });
    expect(count('holdings')).toBe(10);
  });

  it('imports CNMARC holdings read as the flavour the form says', async () => {
    const cnmarc = fixture('cnmarc/dp2_sample_cnmarc.mrc');
    const html = await (await upload('holdings', 'bnu.mrc', cnmarc, { flavour: 'unimarc' })).text();
    expect(figures(html)).toMatchObject({ Imported: '10', Rejected: '0' });
    expect(html).toMatch(/<option value="unimarc" selected="">UNIMARC \(CNMARC\)<\/option>/);
    expect(h.db.sqlite.prepare("SELECT count(*) FROM holdings WHERE discipline = 'economics'").pluck().get()).toBe(8);
  });

  it('sets up departments from the demo’s file, and says so when the same file comes again', async () => {
    const first = await (await upload('departments', 'departments.csv', fixture('demo/departments.csv'))).text();
    expect(figures(first)).toMatchObject({ 'Rows read': '13', Imported: '13' });
    expect(count('departments')).toBe(13);
    const again = await (await upload('departments', 'departments.csv', fixture('demo/departments.csv'))).text();
    expect(again).toContain('This file was imported completely before, read the same way, so nothing was done again.');
    expect(figures(again)).toMatchObject({ 'Rows read': '0', Imported: '0' });
  });

  it('imports loans read the way the form says: day-first dates, a column named otherwise, a source of their own', async () => {
    await importDepartments(h.deps, bufferSource('departments.csv', fixture('demo/departments.csv')));
    const csv =
      'id,When,call_number,Faculty\n1,1/2/2026,QA76.73 .P98,CS\n2,13/2/2026,QA76.9 .D3,CS\n3,sometime,QA1,CS\n';
    const response = await upload('loans', 'circ.csv', csv, {
      dates: 'dmy',
      source: 'branch-koha',
      map: 'loan_id=id\r\nloaned_at=When\r\n\r\ndepartment=Faculty',
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(figures(html)).toMatchObject({ 'Rows read': '3', Imported: '2', Rejected: '1' });
    expect(rejections(html)).toEqual([
      ['4', 'loaned_at "sometime" is not a date (use YYYY-MM-DD or an ISO date-time)'],
    ]);
    const stored = h.db.sqlite.prepare('SELECT source, loaned_at, department_code FROM loans ORDER BY loaned_at').all();
    expect(stored).toEqual([
      { source: 'branch-koha', loaned_at: Date.UTC(2026, 1, 1), department_code: 'CS' },
      { source: 'branch-koha', loaned_at: Date.UTC(2026, 1, 13), department_code: 'CS' },
    ]);
    // What was chosen is shown again.
    expect(html).toMatch(/<option value="dmy" selected="">/);
    expect(html).toContain('value="branch-koha"');
    expect(html).toMatch(/<textarea id="i-map" name="map"[^>]*>loan_id=id\r?\nloaned_at=When/);
  });

  it('reads a file separated the way the form says, and transaction types as loans as it lists them', async () => {
    const departments =
      'code;name;liaison_email;locale;fund;budget;disciplines\nCS;Informatik;;en;;;computer-science\n';
    const response = await upload('departments', 'abteilungen.csv', departments, { delimiter: 'semicolon' });
    const html = await response.text();
    expect(figures(html)).toMatchObject({ 'Rows read': '1', Imported: '1', Rejected: '0' });
    expect(html).toMatch(/<option value="semicolon" selected="">/);
    const log =
      'datetime,type,itemcallnumber\n2026-01-05,issue,QA76.73\n2026-01-12,renew,QA76.73\n2026-01-20,return,QA76.73\n';
    const loans = await (
      await upload('loans', 'statistics.csv', log, { preset: 'koha-statistics', loanType: 'issue, renew' })
    ).text();
    expect(figures(loans)).toMatchObject({ 'Rows read': '3', Imported: '2' });
    expect(text(loans)).toContain('1 other transaction (return: 1) is not a new loan');
    expect(loans).toContain('value="issue, renew"');
  });

  it('brings in suggestion history', async () => {
    const csv = 'requested_at,patron_id,title,author\n2025-11-03,p-1,The Decagon House Murders,Yukito Ayatsuji\n';
    const html = await (await upload('suggestions', 'history.csv', csv)).text();
    expect(figures(html)).toMatchObject({ 'Rows read': '1', Imported: '1' });
    expect(count('suggestions')).toBe(1);
  });

  it('says in a sentence beside the form why the importer refused a file, quoting it, and keeps what was chosen', async () => {
    const response = await upload('loans', 'x.csv', 'when,isbn\n2025-01-01,0596007590\n', { preset: 'koha' });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('<div class="error-summary" role="alert"');
    expect(html).toContain(
      '<a href="#refusal">The file could not be imported: the importer’s reason is beside the form.</a>',
    );
    expect(text(html)).toContain(
      '“x.csv” could not be imported. The importer said: The file has no "issuedate" column for the loan date (preset koha). Its columns are: when, isbn. Use --map loaned_at=COLUMN.',
    );
    expect(html).toMatch(/<div class="note problem" id="refusal">[^]*<samp lang="en">The file has no/);
    expect(html).toMatch(/<option value="koha" selected="">Koha<\/option>/);
    expect(html).not.toMatch(/<h2 id="outcome">/);
    expect(count('loans')).toBe(0);
    // An encoding that does not exist is the importer's to refuse, too.
    const encoding = await upload('departments', 'd.csv', 'code,name\nX,Y\n', { encoding: 'ebcdic-klingon' });
    expect(encoding.status).toBe(422);
    expect(text(await encoding.text())).toContain('There is no text encoding "ebcdic-klingon"');
  });

  it('says beside its field what is wrong with a choice no form offers, or a file not chosen, and imports nothing', async () => {
    const forged = await upload('ill', 'ill.csv', fixture('ill/illiad-transactions.csv'), {
      preset: 'sirsi',
      source: 'x'.repeat(61),
    });
    expect(forged.status).toBe(422);
    const html = await forged.text();
    expect(html).toContain('<span class="field-error" id="i-preset-error">Choose one of the options.</span>');
    expect(html).toMatch(
      /<span class="field-error" id="i-source-error">This is too long: it can have at most 60 characters/,
    );
    expect(html).toContain('<a href="#i-preset">Choose one of the options.</a>');
    expect(count('ill_requests')).toBe(0);
    expect(count('import_runs')).toBe(0);
    const none = await admin.upload('/imports/loans', { _csrf: csrf }, {});
    expect(none.status).toBe(422);
    expect(await none.text()).toContain(
      '<span class="field-error" id="i-file-error">Choose the file to import.</span>',
    );
    const empty = await upload('loans', 'empty.csv', '');
    expect(await empty.text()).toContain('The file chosen is empty: choose the export itself.');
  });

  it('refuses a file over IMPORT_LIMIT_BYTES with a 413 page naming the limit and the command, and imports nothing', async () => {
    // Whole rows, then blank lines up to the size wanted.
    const loans = (size: number) => {
      const rows = `loaned_at,call_number\n${'2025-01-01,QA76.73 .P98\n'.repeat(size / 25)}`;
      return rows.slice(0, rows.lastIndexOf('\n', size - 1) + 1).padEnd(size, '\n');
    };
    // Just over the limit (the form's own fields have room beside it), and far over.
    for (const size of [64 * 1024 + 1, 400 * 1024]) {
      const response = await upload('loans', 'big.csv', loans(size));
      expect(response.status).toBe(413);
      const html = await response.text();
      expect(html).toContain('<h1>The file is too large to send from here</h1>');
      expect(html).toContain('Files up to 64 kB can be imported from this page.');
      expect(html).toContain('<code>r2b import loans FILE</code>');
    }
    expect(count('loans')).toBe(0);
    expect(count('import_runs')).toBe(0);
    expect((await upload('loans', 'limit.csv', loans(64 * 1024))).status).toBe(200);
    expect(count('loans')).toBeGreaterThan(2000);
  });

  it('refuses a post from another site, or without the session’s token, with a 403 page, importing nothing', async () => {
    const file = { file: { name: 'd.csv', content: 'code,name\nX,Y\n' } };
    const noToken = await admin.upload('/imports/departments', {}, file);
    expect(noToken.status).toBe(403);
    expect(await noToken.text()).toContain('The form could not be accepted');
    const wrongToken = await admin.upload('/imports/departments', { _csrf: 'guess' }, file);
    expect(wrongToken.status).toBe(403);
    const elsewhere = await admin.upload('/imports/departments', { _csrf: csrf }, file, {
      origin: 'https://evil.example',
    });
    expect(elsewhere.status).toBe(403);
    expect(count('departments')).toBe(0);
    expect(count('import_runs')).toBe(0);
  });

  it('is for admins only: others are refused with a page, visitors sent to sign in, and a large post from them is not read', async () => {
    const selector = visitor(h);
    await selector.signIn(await h.token('selector'));
    const page = await selector.get('/imports/loans');
    expect(page.status).toBe(403);
    expect(await page.text()).toContain('Not for this account');
    const selectorCsrf = await selector.csrfOf('/buylist');
    const post = await selector.upload(
      '/imports/departments',
      { _csrf: selectorCsrf },
      {
        file: { name: 'd.csv', content: 'code,name\nX,Y\n' },
      },
    );
    expect(post.status).toBe(403);
    expect(count('departments')).toBe(0);
    // Only an admin's upload may be larger than a form.
    const large = await selector.upload(
      '/imports/loans',
      { _csrf: selectorCsrf },
      {
        file: { name: 'big.csv', content: 'x'.repeat(100 * 1024) },
      },
    );
    expect(large.status).toBe(413);
    expect(await large.text()).toContain('Too much to send');
    const nobody = await visitor(h).get('/imports');
    expect(nobody.status).toBe(303);
    expect(nobody.headers.get('location')).toBe('/signin?next=%2Fimports');
  });

  it('keeps answering other pages all through an import of an upload', async () => {
    const big = await harness({ IMPORT_LIMIT_BYTES: String(4 * 1024 * 1024) });
    const bigAdmin = visitor(big);
    await bigAdmin.signIn(await big.token('admin'));
    const token = await bigAdmin.csrfOf('/imports/holdings');
    const record = (i: number) =>
      `<record><controlfield tag="001">r${i}</controlfield><datafield tag="050" ind1=" " ind2="0"><subfield code="a">QA76.${i}</subfield></datafield><datafield tag="245" ind1="0" ind2="0"><subfield code="a">Title ${i}</subfield></datafield></record>`;
    const xml = `<collection>${Array.from({ length: 8000 }, (_, i) => record(i)).join('\n')}</collection>`;
    let finished = false;
    const importing = bigAdmin
      .upload('/imports/holdings', { _csrf: token }, { file: { name: 'records.xml', content: xml } })
      .then((res) => {
        finished = true;
        return res;
      });
    // One request after another, each on a later turn of the event loop, for as long as the
    // import runs: an import that held the thread would let only a few through.
    let answered = 0;
    await new Promise<void>((resolve) => {
      const ask = async () => {
        if (finished) return resolve();
        if ((await big.app.request('/healthz')).status === 200 && !finished) answered++;
        setImmediate(ask);
      };
      setImmediate(ask);
    });
    expect(figures(await (await importing).text())).toMatchObject({ 'Rows or records read': '8,000' });
    expect(answered).toBeGreaterThanOrEqual(Math.floor(xml.length / (128 * 1024)));
    big.close();
  });

  it('reads in Chinese, quoting the importer’s English as English', async () => {
    await admin.get('/lang/zh-Hans?next=%2F');
    const index = await (await admin.get('/imports')).text();
    expect(index).toContain('<h1>导入数据</h1>');
    expect(index).toContain('<a href="/imports" aria-current="page">导入</a>');
    const refused = await (await upload('loans', '借阅.csv', 'when,isbn\n2025-01-01,0596007590\n')).text();
    expect(text(refused)).toContain('“借阅.csv”未能导入。导入程序的提示（英文）： The file has no "loaned_at" column');
    await admin.get('/lang/zh-Hant?next=%2F');
    const done = await (
      await upload('ill', 'ill.csv', fixture('ill/illiad-transactions.csv'), { preset: 'illiad' })
    ).text();
    expect(done).toContain('已從「ill.csv」匯入');
    expect(figures(done)).toMatchObject({ 讀取的列: '6', 已匯入: '3', 已拒絕: '1' });
    expect(done).toContain('<th scope="col" class="num">列號</th>');
  });

  it('says what export each preset reads, in every language', () => {
    const presets = { loans: LOAN_PRESETS, readinglists: READING_LIST_PRESETS, ill: ILL_PRESETS };
    for (const [kind, named] of Object.entries(presets)) {
      for (const name of Object.keys(named)) {
        const key = `ui.imports.preset.${kind}.${name}`;
        for (const catalog of [en, zhHans, zhHant]) expect(Object.hasOwn(catalog, key), key).toBe(true);
      }
    }
  });
});
