// The buy list as the files ILSs load orders from: MARC order records for Evergreen's, Koha's,
// FOLIO's and Chinese ILSs' loaders, FOLIO's composite purchase order, and the order sheet.
// Each file is checked by readers that are not ours (YAZ, FOLIO's schemas, the ILS's own
// mapping applied as the ILS applies it) and read back with the MARC reader of the holdings
// import.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import marcjs from 'marcjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Metadata } from '../../src/domain/metadata.js';
import { ORDER_PROFILES, type OrderProfile } from '../../src/domain/order-profiles.js';
import { runEnrichment } from '../../src/jobs/enrich.js';
import { importDepartments } from '../../src/services/imports/departments.js';
import { fileSource } from '../../src/node/file-source.js';
import { type MarcRecord, readIso2709, subfields } from '../../src/services/imports/marc.js';
import { runRescoreJobs } from '../../src/services/scoring.js';
import { folioSchemas, yazCheck } from '../support/order-checks.js';
import { visitor } from '../support/visitor.js';
import { cacheProviderAnswers, type Harness, harness } from './harness.js';

const VENDOR = '168f8a86-d26c-406e-813f-c7527f241ac3';
const FUNDS = {
  'CS-MONO': '63157e96-0693-426d-b0df-948bacdfdb08',
  'HUM-MONO': '3652829d-a625-4c84-b297-9bd9955d6bc9',
  'GEN-MONO': '9d9ff36c-4ce0-4b4f-9ad6-3b2b8e2e3f0a',
};

/** A Chinese university library ordering through CNPIEC, its budgets in yuan. */
const SETTINGS = {
  ENRICH_PROVIDERS: 'holdings,googlebooks',
  GOOGLE_BOOKS_URL: 'http://127.0.0.1:9',
  LIBRARY_CURRENCY: 'CNY',
  ORDER_DEFAULT_FUND: 'GEN-MONO',
  ORDER_OWNING_LIBRARY: 'MAIN',
  ORDER_COPY_LOCATION: 'New books',
  ORDER_ITEM_TYPES: 'print=BK,ebook=EBOOK,audiobook=AB',
  ORDER_VENDOR: 'CNPIEC',
  ORDER_CNMARC_TAG: '960',
  FOLIO_VENDOR_ID: VENDOR,
  FOLIO_FUND_IDS: Object.entries(FUNDS)
    .map(([code, id]) => `${code}=${id}`)
    .join(','),
};

const yuan = (amount: number) => ({ amount, currency: 'CNY' });
const BOOKS: Record<string, Partial<Metadata>> = {
  '9780262035613': {
    title: 'Deep Learning',
    authors: ['Ian Goodfellow'],
    lcc: ['Q325.5 .G66 2016'],
    publisher: 'MIT Press',
    publishedYear: 2016,
    language: 'en',
    listPrice: yuan(80),
  },
  '9780226458120': {
    title: 'The Structure of Scientific Revolutions',
    authors: ['Thomas S. Kuhn'],
    lcc: ['Q175 .K95 2012'],
    publisher: 'University of Chicago Press',
    publishedYear: 2012,
    language: 'en',
    listPrice: yuan(18),
  },
  '9783596294312': {
    title: 'Der Process',
    authors: ['Franz Kafka'],
    lcc: ['PT2621.A26 P7 1990'],
    publisher: 'Fischer',
    publishedYear: 1990,
    language: 'de',
    listPrice: yuan(12),
  },
  '9780387310732': {
    title: 'Pattern Recognition and Machine Learning',
    authors: ['Christopher M. Bishop'],
    lcc: ['Q327 .B52 2006'],
    language: 'en',
    listPrice: yuan(90),
  },
  '9780393317558': {
    title: 'Guns, Germs, and Steel',
    subtitle: 'The Fates of Human Societies',
    authors: ['Jared Diamond'],
    lcc: ['HM206 .D48 1999'],
    language: 'en',
    listPrice: yuan(20),
  },
  '9787506365437': {
    title: '活着',
    authors: ['余华'],
    lcc: ['PL2928.H78 H86 2012'],
    publisher: '作家出版社',
    publishedYear: 2012,
    language: 'zh-CN',
    listPrice: yuan(8.5),
  },
  '9780262510875': {
    title: 'Structure and Interpretation of Computer Programs',
    authors: ['Harold Abelson', 'Gerald Jay Sussman'],
    lcc: ['QA76.6 .A255 1996'],
    language: 'en',
    listPrice: yuan(65),
  },
  '9780309046244': {
    title: 'Climate Change Science',
    authors: ['National Research Council'],
    lcc: ['QC981.8.G56 N38 2001'],
    language: 'en',
    listPrice: yuan(30),
  },
};
/** No provider knows this one: it is ordered by its ISBN. */
const UNKNOWN = '9787111000006';

async function marcRecords(bytes: Buffer): Promise<MarcRecord[]> {
  const records: MarcRecord[] = [];
  for await (const read of readIso2709([bytes])) {
    expect(read.ok, read.ok ? '' : read.error).toBe(true);
    if (read.ok) records.push(read.record);
  }
  return records;
}

function unimarcRecords(bytes: Buffer): MarcRecord[] {
  const records: MarcRecord[] = [];
  for (let start = 0; start < bytes.length;) {
    const end = bytes.indexOf(0x1d, start) + 1;
    const raw = bytes.subarray(start, end);
    const record: MarcRecord = marcjs.Iso2709Parser.parse({
      toString: (_e: string, a: number, b: number) => raw.toString('utf8', a, b),
    });
    expect(subfields(record, '100', 'a')[0]!.slice(26, 28)).toBe('50');
    records.push(record);
    start = end;
  }
  return records;
}

const field = (record: MarcRecord, tag: string) => record.fields.find((f) => f[0] === tag);
const fields = (record: MarcRecord, tag: string) => record.fields.filter((f) => f[0] === tag);
/** The record of a title, found by the ISBN MARC 21 (020) or UNIMARC (010, hyphenated) gives it. */
const byIsbn = (records: MarcRecord[], isbn: string) =>
  records.find((r) =>
    [...subfields(r, '020', 'a'), ...subfields(r, '010', 'a')].some((a) => a.replace(/-/g, '') === isbn),
  );
const byTitle = (records: MarcRecord[], title: string) =>
  records.find((r) => [...subfields(r, '245', 'a'), ...subfields(r, '200', 'a')].some((a) => a.includes(title)));

/** Where each profile puts one copy's price, the fund and the copies: [tag, subfield] each. */
const ORDER_DATA: Record<
  OrderProfile,
  { price: [string, string]; fund: [string, string]; quantity: [string, string] }
> = {
  evergreen: { price: ['970', 'p'], fund: ['970', 'f'], quantity: ['970', 'q'] },
  koha: { price: ['975', 'p'], fund: ['975', 'h'], quantity: ['975', 'q'] },
  folio: { price: ['981', 'i'], fund: ['980', 'h'], quantity: ['980', 'g'] },
  cnmarc: { price: ['960', 'p'], fund: ['960', 'f'], quantity: ['960', 'q'] },
};

describe('order files for the ILS', () => {
  let h: Harness;
  let selector: string;
  let liaison: string;
  const patrons: Record<string, string> = {};
  const get = async (query: string, token = selector) => {
    const res = await h.call('GET', `/api/v1/buylist?${query}`, { token });
    expect(res.status, await res.clone().text()).toBe(200);
    return res;
  };
  const marcOf = async (query: string) => Buffer.from(await (await get(query)).arrayBuffer());

  beforeAll(async () => {
    h = await harness(SETTINGS);
    h.advance(260 * 86_400_000); // 2026-11-17
    await importDepartments(
      h.deps,
      fileSource(new URL('../../fixtures/demo/departments.csv', import.meta.url).pathname),
    );
    await cacheProviderAnswers(h, BOOKS);
    selector = await h.token('selector', { externalId: 'priya', displayName: 'Priya Raman' });
    liaison = await h.token('liaison', undefined, 'CS');
    patrons.prof = await h.patronToken('prof', { category: 'faculty', departmentCode: 'CS' });
    patrons.grad = await h.patronToken('grad', { category: 'graduate', departmentCode: 'CS' });
    patrons.ug = await h.patronToken('ug', { category: 'undergraduate', departmentCode: 'CS' });
    patrons.hist = await h.patronToken('hist', { category: 'faculty', departmentCode: 'HIST', locale: 'zh-Hant' });
    patrons.lit = await h.patronToken('lit', { category: 'faculty', departmentCode: 'LIT' });
    patrons.walkin = await h.patronToken('walkin', { category: 'public' });
    const ask = async (who: string, body: Record<string, unknown>) => {
      const res = await h.call('POST', '/api/v1/suggestions', { token: patrons[who]!, body });
      expect(res.status, await res.clone().text()).toBe(201);
    };
    await ask('prof', { isbn: '9780262035613', reason: 'For my deep learning seminar' });
    await ask('grad', { isbn: '9780262035613', reason: 'My thesis is on neural networks', needBy: '2027-01-15' });
    await ask('prof', { isbn: '9780262510875', course: { code: 'CS 101', term: '2027 Spring', enrolment: 95 } });
    await ask('prof', { isbn: '9780309046244' });
    await ask('grad', { isbn: '9780387310732', format: 'ebook' });
    await ask('lit', { isbn: '9780387310732', format: 'ebook', reason: 'For the digital humanities lab' });
    await ask('ug', { isbn: '9780226458120', reason: 'Cited in every philosophy of science class' });
    await ask('ug', { title: 'Collected Poems', author: 'Philip Larkin' });
    await ask('hist', { isbn: '9780393317558', format: 'audiobook' });
    await ask('hist', { isbn: '9787506365437', reason: '现代文学课程参考' });
    await ask('lit', { isbn: '9783596294312' });
    await ask('walkin', { isbn: UNKNOWN });
    await runEnrichment(h.deps);
    await runRescoreJobs(h.deps);
    // What the catalogue and the vendor said of the rest: 活着's class (中图法 I247, Chinese
    // fiction) from the library's call number for its earlier edition, and quoted prices.
    h.db.sqlite.prepare("UPDATE titles SET class_key = 'clc:I247' WHERE isbn13 = '9787506365437'").run();
    h.db.sqlite
      .prepare("UPDATE titles SET price_cents = 4500, price_currency = 'CNY' WHERE isbn13 = ? OR title = ?")
      .run(UNKNOWN, 'Collected Poems');
  });
  afterAll(() => h.close());

  describe.each(ORDER_PROFILES)('the %s profile', (profile) => {
    it('passes YAZ with no warning and reads back with a price, a fund and the copies on every record', async () => {
      const bytes = await marcOf(`all=true&format=marc&profile=${profile}`);
      const yaz = await yazCheck(bytes);
      expect(yaz).toEqual({ code: 0, warnings: [], records: 10 });
      const records = await marcRecords(bytes);
      expect(records).toHaveLength(10);
      const where = ORDER_DATA[profile];
      for (const record of records) {
        const id = record.fields[0]![1];
        expect(subfields(record, ...where.price), id).toHaveLength(1);
        expect(subfields(record, ...where.price)[0], id).toMatch(/^\d+\.\d\d$/);
        expect(subfields(record, ...where.fund), id).toHaveLength(1);
        expect(subfields(record, ...where.quantity)[0], id).toMatch(/^[1-9]\d*$/);
        // A brief record: MARC 21's abbreviated level, UNIMARC's less than full.
        expect(record.leader[17], id).toBe('3');
      }
      const sicp = byIsbn(records, '9780262510875')!;
      expect(subfields(sicp, ...where.quantity)).toEqual(['4']);
      expect(subfields(sicp, ...where.price)).toEqual(['65.00']);
      expect(subfields(sicp, ...where.fund)).toEqual(['CS-MONO']);
      // The library's list has no fund of its own: a title no department pays for takes the default.
      expect(subfields(byIsbn(records, UNKNOWN)!, ...where.fund)).toEqual(['GEN-MONO']);
      // An audiobook is a sound recording; the rest language material.
      expect(byIsbn(records, '9780393317558')!.leader[6]).toBe('i');
      expect(byIsbn(records, '9780262035613')!.leader[6]).toBe('a');
    });
  });

  it('is checked by a YAZ that does find a record whose directory and data disagree', async () => {
    const bytes = await marcOf('all=true&format=marc&profile=evergreen');
    // The first record's base address, one byte off: its fields no longer start where it says.
    const broken = Buffer.from(bytes);
    broken.write(String(Number(bytes.toString('latin1', 12, 17)) + 1).padStart(5, '0'), 12, 'latin1');
    const yaz = await yazCheck(broken);
    expect(yaz.warnings.length).toBeGreaterThan(0);
    expect(yaz.warnings.join('\n')).toMatch(/Base address/);
  });

  it('writes for Evergreen only the 970 subfields its loader maps, none it reads as something else', async () => {
    const records = await marcRecords(await marcOf('all=true&format=marc&profile=evergreen'));
    // Evergreen's own sample provider map (acq.provider_holding_subfield_map): $c would be
    // read as a collection code and $b as a barcode.
    const map: Record<string, string> = {
      q: 'quantity',
      p: 'estimated_price',
      o: 'owning_lib',
      n: 'call_number',
      f: 'fund_code',
      m: 'circ_modifier',
      z: 'note',
      l: 'copy_location',
      b: 'barcode',
      c: 'collection_code',
    };
    const attributes = (record: MarcRecord) => {
      const [f] = fields(record, '970');
      const out: Record<string, string> = {};
      for (let i = 2; i < f!.length; i += 2) {
        expect(map, `970 $${f![i]}`).toHaveProperty(f![i]!);
        out[map[f![i]!]!] = f![i + 1]!;
      }
      return out;
    };
    for (const record of records) {
      expect(fields(record, '970')).toHaveLength(1);
      expect(attributes(record)).not.toHaveProperty('collection_code');
      expect(attributes(record)).not.toHaveProperty('barcode');
    }
    expect(attributes(byIsbn(records, '9780262035613')!)).toEqual({
      estimated_price: '80.00',
      quantity: '1',
      fund_code: 'CS-MONO',
      owning_lib: 'MAIN',
      copy_location: 'New books',
      circ_modifier: 'BK',
      note: 'Asked for as: Print · needed by 2027-01-15',
    });
    expect(attributes(byIsbn(records, '9780387310732')!)).toMatchObject({ circ_modifier: 'EBOOK' });
  });

  it('reads for Koha through the MarcFieldsToOrder and MarcItemFieldsToOrder of docs/buylist.md, applied as Koha applies them', async () => {
    const records = await marcRecords(await marcOf('department=CS&all=true&format=marc&profile=koha'));
    const page = readFileSync(new URL('../../docs/buylist.md', import.meta.url), 'utf8');
    const yaml = (preference: string) => {
      const block = new RegExp(`${preference}:\\n *\`\`\`yaml\\n([^]*?)\`\`\``).exec(page);
      expect(block, `docs/buylist.md's ${preference}`).not.toBeNull();
      return Object.fromEntries(
        block![1]!
          .trim()
          .split('\n')
          .map((line) => line.trim().split(/:\s*/) as [string, string]),
      );
    };
    // Koha::MarcOrder::_get_syspref_mappings: each key's "TAG$sub" (alternatives split by |).
    const mapped = (record: MarcRecord, mapping: Record<string, string>) =>
      Object.fromEntries(
        Object.entries(mapping).map(([key, where]) => {
          const value = where
            .split('|')
            .map((w) => w.split('$') as [string, string])
            .map(([tag, code]) => subfields(record, tag, code)[0])
            .find((v) => v !== undefined);
          return [key, value];
        }),
      );
    const order = yaml('MarcFieldsToOrder');
    const items = yaml('MarcItemFieldsToOrder');
    const sicp = byIsbn(records, '9780262510875')!;
    expect(mapped(sicp, order)).toEqual({ price: '65.00', quantity: '4', budget_code: 'CS-MONO' });
    expect(mapped(sicp, items)).toMatchObject({
      homebranch: 'MAIN',
      holdingbranch: 'MAIN',
      itype: 'BK',
      loc: 'New books',
      quantity: '4',
      budget_code: 'CS-MONO',
      price: '65.00',
    });
    // Koha counts the fields an item mapping names, and refuses a record where they differ.
    const tags = new Set(Object.values(items).map((w) => w.split('$')[0]));
    for (const record of records)
      expect(new Set([...tags].map((t) => fields(record, t!).length))).toEqual(new Set([1]));
    // Unmapped, Koha takes the price from 020 $c (C4::Biblio::GetMarcPrice, then MungeMarcPrice).
    expect(subfields(sicp, '020', 'c')).toEqual(['CNY 65.00']);
    const poems = byTitle(records, 'Collected Poems')!;
    expect(subfields(poems, '020', 'a')).toEqual([]);
    expect(subfields(poems, '020', 'c')).toEqual(['CNY 45.00']);
  });

  it('lays out 980 and 981 as FOLIO order imports read them: copies, fund, vendor, selector, price, currency, requester', async () => {
    const records = await marcRecords(await marcOf('all=true&format=marc&profile=folio'));
    const dl = byIsbn(records, '9780262035613')!;
    expect(fields(dl, '980')).toEqual([
      [
        '980',
        '  ',
        'g',
        '1',
        'h',
        'CS-MONO',
        'v',
        'CNPIEC',
        'y',
        'Priya Raman',
        'z',
        'PRINT',
        'n',
        'Asked for as: Print · needed by 2027-01-15',
      ],
    ]);
    expect(fields(dl, '981')).toEqual([['981', '  ', 'i', '80.00', 'k', 'CNY', 'r', '2 requesters']]);
    expect(subfields(byIsbn(records, '9780387310732')!, '980', 'z')).toEqual(['ELECTRONIC']);
    // Who asked is counted, never named.
    expect(subfields(byIsbn(records, '9780262510875')!, '981', 'r')).toEqual(['1 requester']);
  });

  it('heads every MARC 21 record as a catalogue would: surname first, the article skipped, a title for every order', async () => {
    const records = await marcRecords(await marcOf('all=true&format=marc&profile=koha'));
    const heading = (record: MarcRecord, tag: string) => fields(record, tag).map((f) => [f[1], f[3]]);
    expect(heading(byIsbn(records, '9780262035613')!, '100')).toEqual([['1 ', 'Goodfellow, Ian']]);
    expect(heading(byIsbn(records, '9780226458120')!, '100')).toEqual([['1 ', 'Kuhn, Thomas S.']]);
    expect(heading(byIsbn(records, '9780262510875')!, '100')).toEqual([['1 ', 'Abelson, Harold']]);
    expect(heading(byIsbn(records, '9780309046244')!, '110')).toEqual([['2 ', 'National Research Council']]);
    expect(heading(byIsbn(records, '9787506365437')!, '100')).toEqual([['1 ', '余华']]);
    // 245: an added entry (1) when there is a 100, and the article's characters skipped.
    expect(field(byIsbn(records, '9780226458120')!, '245')!.slice(1, 4)).toEqual([
      '14',
      'a',
      'The Structure of Scientific Revolutions',
    ]);
    expect(field(byIsbn(records, '9783596294312')!, '245')!.slice(1, 4)).toEqual(['14', 'a', 'Der Process']);
    expect(field(byIsbn(records, '9780262035613')!, '245')!.slice(1, 2)).toEqual(['10']);
    expect(field(byIsbn(records, '9780393317558')!, '245')!.slice(2)).toEqual([
      'a',
      'Guns, Germs, and Steel :',
      'b',
      'The Fates of Human Societies',
    ]);
    // A title known by its ISBN alone is ordered under it, and says so; one with no ISBN says that.
    const unknown = byIsbn(records, UNKNOWN)!;
    expect(field(unknown, '245')!.slice(1)).toEqual(['00', 'a', 'ISBN 978-7-111-00000-6 (details to come)']);
    expect(subfields(unknown, '500', 'a')).toContain(
      'Ordered by ISBN alone: no title was known for it when the order was made.',
    );
    const poems = byTitle(records, 'Collected Poems')!;
    expect(field(poems, '245')!.slice(1, 4)).toEqual(['10', 'a', 'Collected Poems']);
    expect(heading(poems, '100')).toEqual([['1 ', 'Larkin, Philip']]);
    expect(subfields(poems, '500', 'a')).toContain('No ISBN is known: order by title and author.');
    // 008: the form of item of an e-book is online; the language the provider gave.
    expect(field(byIsbn(records, '9780387310732')!, '008')![1]![23]).toBe('o');
    expect(field(byIsbn(records, '9783596294312')!, '008')![1]!.slice(35, 38)).toBe('ger');
    for (const record of records) expect(field(record, '008')![1]).toHaveLength(40);
  });

  it('writes CNMARC for Chinese ILSs: 010 with the price in yuan, 200, 210, 690, names as CNMARC enters them, the order in the library’s 9xx', async () => {
    const bytes = await marcOf('all=true&format=marc&profile=cnmarc&lang=zh-Hans');
    // Our reader reads every record (the profile test above); UNIMARC gives its character set
    // in 100 $a/26-27 (50, ISO 10646), not in leader/09 as MARC 21 does, so its text is read
    // here as the UTF-8 that 100 $a says.
    const records = unimarcRecords(bytes);
    const huozhe = byIsbn(records, '9787506365437')!;
    expect(field(huozhe, '010')!.slice(2)).toEqual(['a', '978-7-5063-6543-7', 'd', 'CNY8.50']);
    expect(field(huozhe, '200')!.slice(1)).toEqual(['1 ', 'a', '活着', 'f', '余华']);
    expect(field(huozhe, '210')!.slice(2)).toEqual(['c', '作家出版社', 'd', '2012']);
    expect(subfields(huozhe, '690', 'a')).toEqual(['I247']);
    expect(field(huozhe, '700')!.slice(1)).toEqual([' 0', 'a', '余华']);
    expect(subfields(huozhe, '101', 'a')).toEqual(['chi']);
    const general = subfields(huozhe, '100', 'a')[0]!;
    expect(general).toHaveLength(36);
    // Entered today, published 2012, catalogued in Chinese, ISO 10646 (50), in Han script.
    expect([
      general.slice(0, 8),
      general.slice(8, 13),
      general.slice(22, 25),
      general.slice(26, 28),
      general.slice(34),
    ]).toEqual(['20261117', 'd2012', 'chi', '50', 'ea']);
    expect(field(huozhe, '960')!.slice(2)).toEqual([
      'p',
      '8.50',
      'q',
      '1',
      'f',
      'HUM-MONO',
      'o',
      'MAIN',
      'l',
      'New books',
      'm',
      'BK',
      'z',
      '读者要求的载体：纸本',
    ]);
    expect(subfields(huozhe, '300', 'a')[0]).toMatch(/^1位读者荐购；排名第\d+：/);
    const kuhn = byIsbn(records, '9780226458120')!;
    expect(field(kuhn, '700')!.slice(1)).toEqual([' 1', 'a', 'Kuhn', 'b', 'Thomas S.']);
    // UNIMARC marks the article it does not file under between NSB and NSE.
    expect(subfields(kuhn, '200', 'a')).toEqual(['\u0098The \u009cStructure of Scientific Revolutions']);
    expect(field(byIsbn(records, '9780309046244')!, '710')!.slice(1)).toEqual(['02', 'a', 'National Research Council']);
    expect(subfields(byIsbn(records, UNKNOWN)!, '200', 'a')).toEqual(['ISBN 978-7-111-00000-6（书目信息待补充）']);
  });

  it("writes a FOLIO composite purchase order whose lines validate against FOLIO's po_line.json", async () => {
    const res = await get('all=true&format=folio-json');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="buylist-all-2026-11-17-folio.json"');
    const order = await res.json();
    const { poLine, compositeOrder } = folioSchemas();
    expect(order.poLines).toHaveLength(10);
    for (const line of order.poLines) expect(poLine(line) ? [] : poLine.errors, line.titleOrPackage).toEqual([]);
    expect(compositeOrder(order) ? [] : compositeOrder.errors).toEqual([]);
    expect(order).toMatchObject({ vendor: VENDOR, orderType: 'One-Time', workflowStatus: 'Pending', approved: false });
    const line = (title: string) =>
      order.poLines.find((l: { titleOrPackage: string }) => l.titleOrPackage.startsWith(title));
    expect(line('Structure and Interpretation')).toMatchObject({
      orderFormat: 'Physical Resource',
      acquisitionMethod: 'df26d81b-9d63-4ff8-bf41-49bf75cfa70e',
      cost: { currency: 'CNY', listUnitPrice: 65, quantityPhysical: 4 },
      fundDistribution: [{ code: 'CS-MONO', fundId: FUNDS['CS-MONO'], distributionType: 'percentage', value: 100 }],
      details: { productIds: [{ productId: '9780262510875', productIdType: '8261054f-be78-422d-bd51-4ed9f33c3422' }] },
      contributors: [{ contributor: 'Abelson, Harold', contributorNameTypeId: '2b94c631-fca9-4892-a730-03ee529ffe2a' }],
      selector: 'Priya Raman',
      requester: '1 requester',
    });
    expect(line('Pattern Recognition')).toMatchObject({
      orderFormat: 'Electronic Resource',
      cost: { currency: 'CNY', listUnitPriceElectronic: 90, quantityElectronic: 1 },
    });
    expect(line('Deep Learning').physical).toEqual({ volumes: [], receiptDue: '2027-01-15T00:00:00.000+00:00' });
    expect(line('Guns, Germs, and Steel : The Fates of Human Societies')).toMatchObject({ orderFormat: 'Other' });
    expect(line('ISBN 978-7-111-00000-6')).toMatchObject({
      fundDistribution: [{ code: 'GEN-MONO', fundId: FUNDS['GEN-MONO'] }],
    });
  });

  it('keeps the review CSV as it was and adds an order sheet in the reader’s language, with only the reasons the reader may see', async () => {
    const review = await (await get('all=true&format=csv')).text();
    expect(review.split('\r\n')[0]).toBe(
      'rank,isbn13,title,author,publisher,year,discipline,requesters,score,reason,price,quantity,currency,running_total,within_budget,flags,status,title_id,fund',
    );
    const res = await get('all=true&format=csv&sheet=order&lang=zh-Hans');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="buylist-all-2026-11-17-order.csv"');
    const rows = parse(await res.text(), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(10);
    const dl = rows.find((r) => r['ISBN'] === '9780262035613')!;
    expect(dl).toEqual({
      ISBN: '9780262035613',
      题名: 'Deep Learning',
      著者: 'Ian Goodfellow',
      出版者: 'MIT Press',
      出版年: '2016',
      载体: '纸本',
      复本数: '1',
      单价: '80.00',
      币种: 'CNY',
      金额: '80.00',
      经费: 'CS-MONO',
      院系: 'CS',
      需到馆日期: '2027-01-15',
      读者荐购理由: 'For my deep learning seminar | My thesis is on neural networks',
      状态: expect.stringMatching(/\S/),
      题名编号: expect.stringMatching(/^\d+$/),
    });
    expect(dl['状态']).not.toBe('submitted');
    expect(rows.find((r) => r['ISBN'] === '9780262510875')).toMatchObject({ 复本数: '4', 金额: '260.00' });
    expect(rows.find((r) => r['ISBN'] === '9780387310732')).toMatchObject({ 载体: '电子书' });
    // A liaison reads the reasons of their own department's requesters, not those of others.
    const cs = parse(await (await get('format=csv&sheet=order', liaison)).text(), {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    expect(cs.find((r) => r['ISBN'] === '9780262035613')).toMatchObject({
      "Requesters' reasons": 'For my deep learning seminar | My thesis is on neural networks',
    });
    expect(cs.find((r) => r['ISBN'] === '9780387310732')).toMatchObject({ "Requesters' reasons": '' });
    const all = parse(await (await get('all=true&format=csv&sheet=order')).text(), {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    expect(all.find((r) => r['ISBN'] === '9780387310732')).toMatchObject({
      "Requesters' reasons": 'For the digital humanities lab',
    });
    expect(all.find((r) => r['ISBN'] === '9787506365437')).toMatchObject({ "Requesters' reasons": '现代文学课程参考' });
  });

  it('refuses a profile or a sheet asked of a file that has none, and a profile it does not know', async () => {
    for (const query of [
      'format=csv&profile=koha',
      'format=json&sheet=order',
      'format=marc&profile=aleph',
      'format=marc&sheet=order',
    ]) {
      const res = await h.call('GET', `/api/v1/buylist?all=true&${query}`, { token: selector });
      expect(res.status, query).toBe(422);
    }
  });

  it("offers the page's downloads: the order sheet, every ILS's records with the library's first, FOLIO's order", async () => {
    const pages = visitor(h);
    await pages.signIn(selector);
    const page = await (await pages.get('/buylist?department=CS')).text();
    expect(page).toContain('href="/buylist/export?department=CS&amp;as=csv&amp;sheet=order"');
    expect(page).toContain('href="/buylist/export?department=CS&amp;as=folio-json"');
    expect(page).toMatch(/<option value="evergreen" selected="">Evergreen<\/option>/);
    const koha = await pages.get('/buylist/export?department=CS&as=marc&profile=koha');
    expect(koha.headers.get('content-type')).toBe('application/marc');
    const records = await marcRecords(Buffer.from(await koha.arrayBuffer()));
    expect(records.every((r) => subfields(r, '975', 'h').length === 1)).toBe(true);
    const sheet = await pages.get('/buylist/export?department=CS&as=csv&sheet=order');
    expect((await sheet.text()).split('\r\n')[0]).toContain('Needed by');
    const folio = await pages.get('/buylist/export?department=CS&as=folio-json');
    expect((await folio.json()).poLines.length).toBeGreaterThan(0);
  });
});

describe('a FOLIO purchase order the library has not set up', () => {
  it('is refused with what to set, on the API and on the page, never half written', async () => {
    const h = await harness({ ORDER_DEFAULT_FUND: 'GEN-MONO' });
    try {
      const selector = await h.token('selector', { externalId: 'priya', locale: 'zh-Hans' });
      const walkin = await h.patronToken('walkin');
      await h.call('POST', '/api/v1/suggestions', { token: walkin, body: { isbn: UNKNOWN } });
      const noVendor = await h.call('GET', '/api/v1/buylist?all=true&format=folio-json', { token: selector });
      expect(noVendor.status).toBe(409);
      expect(await noVendor.json()).toMatchObject({
        setting: 'FOLIO_VENDOR_ID',
        detail: expect.stringContaining('FOLIO_VENDOR_ID'),
      });

      h.deps.config = { ...h.deps.config, FOLIO_VENDOR_ID: VENDOR };
      const noFund = await h.call('GET', '/api/v1/buylist?all=true&format=folio-json', { token: selector });
      expect(noFund.status).toBe(409);
      expect(await noFund.json()).toMatchObject({ setting: 'FOLIO_FUND_IDS', fund: 'GEN-MONO' });
      const pages = visitor(h);
      await pages.signIn(selector);
      const page = await pages.get('/buylist/export?as=folio-json');
      expect(page.status).toBe(409);
      expect(await page.text()).toContain('经费 GEN-MONO 在 FOLIO 中的 ID');
    } finally {
      h.close();
    }
  });
});
