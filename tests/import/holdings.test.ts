import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runEnrichment } from '../../src/jobs/enrich.js';
import { fileSource } from '../../src/node/file-source.js';
import { importHoldings } from '../../src/services/imports/holdings.js';
import { bufferSource, ImportError } from '../../src/services/imports/import-run.js';
import { type Harness, harness } from '../api/harness.js';

const marc = (name: string) => fileSource(new URL(`../../fixtures/marc/${name}`, import.meta.url).pathname);
const marcBytes = (name: string) => readFileSync(new URL(`../../fixtures/marc/${name}`, import.meta.url));

/** Each ISO 2709 record of `file` changed by `change` (the record's bytes, terminator included). */
function eachRecord(file: Buffer, change: (record: Buffer, index: number) => void): Buffer {
  const copy = Buffer.from(file);
  let start = 0;
  for (let end = copy.indexOf(0x1d), i = 0; end >= 0; start = end + 1, end = copy.indexOf(0x1d, start), i++) {
    change(copy.subarray(start, end + 1), i);
  }
  return copy;
}

describe('importing holdings', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.close());

  const one = async <T>(query: string) => (await h.db.orm.get<T>(sql.raw(query)))!;
  const heldAs = (isbn13: string) =>
    h.db.orm.get<{ title: string; items: number; discipline: string | null }>(
      sql`SELECT h.title, h.items, h.discipline FROM holdings h JOIN holding_isbns i ON i.holding_id = h.id WHERE i.isbn13 = ${isbn13}`,
    );

  it('reads MARC-8 records, diacritics and all, and counts each 949 as an item', async () => {
    const summary = await importHoldings(h.deps, marc('jazz_1k.mrc'));
    expect(summary).toMatchObject({ read: 1000, imported: 1000, rejected: 0 });
    const koln = await one<{ title: string; location: string; record_key: string }>(
      "SELECT title, location, record_key FROM holdings WHERE title LIKE '%concert%' AND title LIKE 'The K%'",
    );
    expect(koln.title).toBe('The Köln concert');
    expect(koln.location).toBe('HUNT-AUDIO HUNTINGTON');
    const items = await one<{ n: number }>('SELECT sum(items) n FROM holdings');
    expect(items.n).toBeGreaterThan(1000);
  });

  it('finds every ISBN of a record, messy 020s included, and its discipline from 050 and 082', async () => {
    const summary = await importHoldings(h.deps, marc('oss.marc'));
    expect(summary).toMatchObject({ read: 42, imported: 37, rejected: 5 });
    expect(summary.rejections[0]).toEqual({ line: 38, reason: expect.stringContaining('no control number (001)') });
    // 020 $a "9780596007591 (pbk.)" and "0596007590 (pbk.)" are one book.
    expect(await heldAs('9780596007591')).toMatchObject({
      title: expect.stringMatching(/^Producing open source software/),
      discipline: 'computer-science',
    });
    // An ISBN catalogued only in 020 $z still says the library has it.
    expect(await heldAs('9780124273504')).toBeDefined();
  });

  it('reads UTF-8 records in non-Latin scripts with 852 holdings', async () => {
    const summary = await importHoldings(h.deps, marc('nepali.marc'));
    expect(summary).toMatchObject({ read: 96, imported: 96, rejected: 0 });
    const first = await one<{ title: string; location: string }>(
      'SELECT title, location FROM holdings ORDER BY id LIMIT 1',
    );
    expect(first.title).toMatch(/[\u0900-\u097F]/);
    expect(first.location).toContain('Madan Puraskar Pustakalaya');
  });

  it('keeps the valid ISBNs of MARCXML with deliberately broken ones, and drops the rest', async () => {
    const summary = await importHoldings(h.deps, marc('badisbns.xml'));
    expect(summary).toMatchObject({ read: 10, imported: 10 });
    const isbns = (await h.db.orm.all<{ isbn13: string }>(sql`SELECT isbn13 FROM holding_isbns`)).map((r) => r.isbn13);
    expect(isbns).toContain('9780440487333'); // from "0440487331pbk."
    expect(isbns).toContain('9781845332136');
    expect(isbns.every((i) => /^97[89]\d{10}$/.test(i))).toBe(true);
  });

  it.each([
    ['pymarc_marc.dat', 20],
    ['pymarc_test.dat', 10],
    ['pymarc_batch.xml', 2],
    ['pymarc_utf8.xml', 1],
    ['serials_marc21.xml', 6],
  ])('reads %s (namespaced, bare or binary) into %i holdings', async (file, expected) => {
    const summary = await importHoldings(h.deps, marc(file));
    expect(summary.imported).toBe(expected);
  });

  it('gives every pymarc record with an 050 its discipline', async () => {
    await importHoldings(h.deps, marc('pymarc_marc.dat'));
    const rows = await h.db.orm.all<{ discipline: string | null }>(sql`SELECT discipline FROM holdings`);
    expect(rows.filter((r) => r.discipline === 'computer-science').length).toBeGreaterThanOrEqual(18);
  });

  it('counts items and titles per discipline, the denominator of use', async () => {
    await importHoldings(h.deps, marc('pymarc_marc.dat'));
    await importHoldings(h.deps, marc('oss.marc'));
    const counted = await h.db.orm.all<{ discipline: string; items: number; titles: number }>(
      sql`SELECT * FROM discipline_holdings`,
    );
    const direct = await h.db.orm.all<{ discipline: string; items: number; titles: number }>(
      sql`SELECT coalesce(discipline, '') discipline, sum(items) items, count(*) titles FROM holdings GROUP BY 1`,
    );
    expect(counted.sort((a, b) => a.discipline.localeCompare(b.discipline))).toEqual(
      direct.sort((a, b) => a.discipline.localeCompare(b.discipline)),
    );
  });

  it('reports a record cut off at the end of the file, keeping the whole ones', async () => {
    const whole = readFileSync(new URL('../../fixtures/marc/pymarc_marc.dat', import.meta.url));
    const cut = whole.subarray(0, whole.length - 300);
    const summary = await importHoldings(h.deps, bufferSource('cut.mrc', cut));
    expect(summary).toMatchObject({ imported: 19, rejected: 1 });
    expect(summary.rejections[0]!.reason).toMatch(/ends in the middle of a record/);
  });

  it('refuses XML nested far deeper than MARCXML at the first element too deep, keeping the records before it', async () => {
    const record = (id: string) =>
      `<record><controlfield tag="001">${id}</controlfield><datafield tag="245" ind1="0" ind2="0"><subfield code="a">Title ${id}</subfield></datafield></record>`;
    const depth = 40_000;
    const xml = `<collection>${record('ok-1')}<record>${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</record></collection>`;
    const summary = await importHoldings(h.deps, bufferSource('deep.xml', Buffer.from(xml)));
    expect(summary).toMatchObject({ read: 2, imported: 1, rejected: 1 });
    expect(summary.rejections).toEqual([
      {
        line: 2,
        reason: expect.stringMatching(
          /nests elements more than 15 deep at line 1, where MARCXML needs four .*not a MARCXML file/,
        ),
      },
    ]);
    expect(await one<{ n: number }>('SELECT count(*) n FROM holdings')).toEqual({ n: 1 });
  });

  const replacementCharacters = async () =>
    (
      await one<{ n: number }>(
        "SELECT count(*) n FROM holdings WHERE instr(coalesce(title, '') || coalesce(call_number, '') || coalesce(location, '') || coalesce(authors, ''), char(65533)) > 0",
      )
    ).n;

  it('reads MARC-8 records whose leader says UTF-8 as MARC-8, and says so', async () => {
    const mislabelled = eachRecord(marcBytes('jazz_1k.mrc'), (record) => {
      record[9] = 0x61; // 'a': UTF-8
    });
    const summary = await importHoldings(h.deps, bufferSource('jazz-utf8-leader.mrc', mislabelled));
    expect(summary).toMatchObject({ read: 1000, imported: 1000, rejected: 0 });
    expect(summary.warnings).toEqual([
      expect.stringMatching(
        /^\d+ records \(the first is \d+\): the leader says UTF-8 \(position 9 is "a"\) but the text is MARC-8; read as MARC-8$/,
      ),
    ]);
    const koln = await one<{ title: string }>("SELECT title FROM holdings WHERE title LIKE 'The K%ln concert'");
    expect(koln.title).toBe('The Köln concert');
    expect(await replacementCharacters()).toBe(0);
  });

  it('refuses a record whose bytes are neither UTF-8 nor MARC-8, storing the others', async () => {
    const broken = eachRecord(marcBytes('pymarc_marc.dat'), (record, i) => {
      if (i > 1) return;
      record[9] = i === 0 ? 0x61 : 0x20;
      // A byte neither encoding has, in the middle of the record's data.
      record[record.length - 20] = 0xff;
    });
    const summary = await importHoldings(h.deps, bufferSource('broken.mrc', broken));
    expect(summary).toMatchObject({ read: 20, imported: 18, rejected: 2 });
    expect(summary.rejections).toEqual([
      {
        line: 1,
        reason:
          'the leader says UTF-8 (position 9 is "a") but the text is neither UTF-8 nor MARC-8: refused rather than stored with broken characters',
      },
      {
        line: 2,
        reason:
          'the text is neither MARC-8 (as the leader says) nor UTF-8: refused rather than stored with broken characters',
      },
    ]);
    expect(await replacementCharacters()).toBe(0);
  });

  it('refuses MARCXML from the first byte that is not in its encoding, keeping the records before it', async () => {
    const xml = marcBytes('pymarc_batch.xml');
    const second = xml.indexOf('<marc:record', xml.indexOf('</marc:record>'));
    const subfield = '<marc:subfield code="a">';
    const title = xml.indexOf(subfield, xml.indexOf('tag="245"', second)) + subfield.length;
    const broken = Buffer.concat([xml.subarray(0, title), Buffer.from([0xff, 0xfe]), xml.subarray(title)]);
    const summary = await importHoldings(h.deps, bufferSource('broken.xml', broken));
    expect(summary).toMatchObject({ read: 2, imported: 1, rejected: 1 });
    expect(summary.rejections[0]!.reason).toBe(
      'the file is not valid UTF-8 at line 111: the rest is refused rather than stored with broken characters',
    );
    expect(await replacementCharacters()).toBe(0);
  });

  it('refuses a record already holding U+FFFD, the mark of text damaged before it was exported', async () => {
    const xml = `<collection><record><leader>00000nam a2200000 a 4500</leader><controlfield tag="001">d1</controlfield><datafield tag="245" ind1="0" ind2="0"><subfield code="a">Caf\uFFFD society</subfield></datafield></record></collection>`;
    const summary = await importHoldings(h.deps, bufferSource('damaged.xml', Buffer.from(xml)));
    expect(summary).toMatchObject({ imported: 0, rejected: 1 });
    expect(summary.rejections[0]!.reason).toMatch(/^field 245 holds U\+FFFD, the replacement character/);
  });

  it.each([
    [
      'an Excel workbook (.xlsx)',
      Buffer.concat([
        Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1'),
        Buffer.from('[Content_Types].xml xl/workbook.xml'),
      ]),
    ],
    ['a gzip-compressed file (uncompress it first)', gzipSync(marcBytes('pymarc_marc.dat'))],
    ['a PDF', Buffer.from('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj', 'latin1')],
    ['binary data', Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919) % 256))],
  ])('refuses %s in one line, reading nothing of it', async (kind, bytes) => {
    const refusal = importHoldings(h.deps, bufferSource('export.bin', bytes));
    await expect(refusal).rejects.toThrow(ImportError);
    await expect(refusal).rejects.toThrow(
      `export.bin is ${kind}, not MARC or text: export the holdings as MARC (ISO 2709 or MARCXML) or as CSV.`,
    );
    expect(await one<{ n: number }>('SELECT count(*) n FROM import_runs')).toEqual({ n: 0 });
  });

  it('takes a UTF-16 CSV, zero bytes and all, for text', async () => {
    const text = Buffer.from('\uFEFFisbn,call_number,items\n0596007590,QA76.76.D47 F63,2\n', 'utf16le');
    expect(await importHoldings(h.deps, bufferSource('holdings-utf16.csv', text))).toMatchObject({ imported: 1 });
  });

  it('reads a holdings CSV, rejecting bad rows by line, and updates rows on a later import', async () => {
    const first = await importHoldings(
      h.deps,
      bufferSource(
        'holdings.csv',
        Buffer.from(
          'isbn,call_number,items,title\n0596007590,QA76.76.D47 F63,2,Producing OSS\n,ML410,three,Mozart\nnone,,1,Nothing\n9780132350884,QA76.76.D47,1,Clean code\n',
        ),
      ),
    );
    expect(first).toMatchObject({ read: 4, imported: 2, rejected: 2 });
    expect(first.rejections).toEqual([
      { line: 3, reason: 'items "three" is not a whole number' },
      { line: 4, reason: 'isbn "none" holds no valid ISBN and no call number' },
    ]);
    await importHoldings(
      h.deps,
      bufferSource('later.csv', Buffer.from('isbn,call_number,items\n0596007590,QA76.76.D47 F63,5\n')),
    );
    expect(await heldAs('9780596007591')).toMatchObject({ items: 5 });
    expect((await one<{ n: number }>('SELECT count(*) n FROM holdings')).n).toBe(2);
  });

  it('imports nothing the second time the same file comes', async () => {
    await importHoldings(h.deps, marc('oss.marc'));
    expect(await importHoldings(h.deps, marc('oss.marc'))).toMatchObject({ alreadyImported: true, imported: 0 });
  });
  it('tells suggested titles what the library now owns, and where; a new suggestion it owns becomes held', async () => {
    const ana = await h.patronToken('ana', { email: 'ana@example.edu' });
    const suggest = async (isbn: string) =>
      (await (await h.call('POST', '/api/v1/suggestions', { token: ana, body: { isbn } })).json()).title.id as number;
    const justSuggested = await suggest('9780596007591');
    const inReview = await suggest('9780132350884');
    const notOwned = await suggest('9780262033848');
    await runEnrichment(h.deps); // nothing is held yet
    const admin = await h.token('admin');
    const moved = await h.call('POST', `/api/v1/titles/${inReview}/status`, {
      token: admin,
      body: { status: 'in_review' },
    });
    expect(moved.status).toBe(200);

    await importHoldings(
      h.deps,
      bufferSource(
        'holdings.csv',
        Buffer.from(
          'isbn,call_number,items,location\n0596007590,QA76.76.D47 F63,3,Main Library 3rd floor\n9780132350884,QA76.76.D47 M37,1,\n',
        ),
      ),
    );
    const titleRow = (id: number) =>
      h.db.orm.get<{ status: string; held_items: number; held_where: string | null }>(
        sql`SELECT status, held_items, held_where FROM titles WHERE id = ${id}`,
      );
    expect(await titleRow(justSuggested)).toMatchObject({
      held_items: 3,
      held_where: 'QA76.76.D47 F63, Main Library 3rd floor',
    });
    expect(await titleRow(inReview)).toMatchObject({
      status: 'in_review',
      held_items: 1,
      held_where: 'QA76.76.D47 M37',
    });
    expect(await titleRow(notOwned)).toMatchObject({ status: 'submitted', held_items: 0, held_where: null });

    // The next enrichment run moves the just-suggested title to "held" and tells Ana where it
    // is; the one a selector is reviewing stays with the selector.
    await runEnrichment(h.deps);
    expect((await titleRow(justSuggested))!.status).toBe('held');
    expect((await titleRow(inReview))!.status).toBe('in_review');
    const told = await h.db.orm.all<{ payload: string }>(
      sql`SELECT payload FROM notifications WHERE title_id = ${justSuggested} AND kind = 'status_changed'`,
    );
    expect(told).toHaveLength(1);
    expect(told[0]!.payload).toContain('Main Library 3rd floor');
  });
});
