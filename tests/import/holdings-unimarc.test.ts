// CNMARC and UNIMARC holdings: ten real records of Beijing Normal University's catalogue, as dp2
// keeps them (fixtures/cnmarc, see fixtures/README.md), in CNMARC-XML, UNIMARC-XML and ISO 2709.
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileSource } from '../../src/node/file-source.js';
import { importHoldings } from '../../src/services/imports/holdings.js';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { type Harness, harness } from '../api/harness.js';
import { collection, control, field, record } from './marcxml.js';

const path = (name: string) => new URL(`../../fixtures/cnmarc/${name}`, import.meta.url).pathname;
const cnmarc = (name: string) => fileSource(path(name));

interface Row {
  record_key: string;
  title: string | null;
  call_number: string | null;
  discipline: string | null;
  items: number;
  location: string | null;
  authors: string | null;
  publisher: string | null;
  published_year: number | null;
  price_cents: number | null;
  price_currency: string | null;
}

describe('importing CNMARC and UNIMARC holdings', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.close());

  const rows = () => h.db.orm.all<Row>(sql`SELECT * FROM holdings ORDER BY record_key`);
  const row = async (key: string) => (await h.db.orm.get<Row>(sql`SELECT * FROM holdings WHERE record_key = ${key}`))!;
  const isbns = async () =>
    (await h.db.orm.all<{ isbn13: string }>(sql`SELECT DISTINCT isbn13 FROM holding_isbns ORDER BY isbn13`)).map(
      (r) => r.isbn13,
    );
  const replaced = async () =>
    (await h.db.orm.get<{ n: number }>(
      sql`SELECT count(*) AS n FROM holdings WHERE instr(coalesce(title, '') || coalesce(call_number, '') ||
              coalesce(location, '') || coalesce(authors, '') || coalesce(publisher, ''), char(65533)) > 0`,
    ))!.n;

  it.each([
    ['dp2_sample_cnmarcxml.xml', 'CNMARC-XML (the nlc.cn namespace) in an SRU response'],
    ['dp2_sample_unimarcxml.xml', 'UNIMARC-XML in an SRU response'],
    ['dp2_sample_cnmarcxml_gbk.xml', 'CNMARC-XML written in the GBK its declaration names'],
    ['dp2_sample_cnmarc.mrc', 'ISO 2709 in UTF-8'],
    ['dp2_sample_cnmarc_gb18030.mrc', 'ISO 2709 in GB18030, as older Chinese systems write it'],
  ])('reads %s (%s): titles, ISBNs, copies, and the CLC class of each', async (file) => {
    const summary = await importHoldings(h.deps, cnmarc(file));
    expect(summary).toMatchObject({ read: 10, imported: 10, rejected: 0 });
    const all = await rows();
    expect(all.map((r) => r.title).sort()).toEqual([
      "'94中国发展报告",
      "'95中国发展报告",
      "'96 中国发展报告",
      "'97中国发展报告",
      "'97中国发展报告",
      "'98中国发展报告",
      "'99中国发展报告",
      '1999 年中国发展状况与趋势',
      '`93中国发展报告',
      '’92中国发展报告',
    ]);
    // 010 $a "7-5037-1744-0" and the rest, as ISBN-13; the two '97 records are one edition.
    expect(await isbns()).toHaveLength(9);
    expect(await isbns()).toContain('9787503717444');
    expect(await row('marc:990002180740203961')).toMatchObject({
      title: "'94中国发展报告",
      call_number: 'F124/26',
      // 690 F124 is the CLC's Chinese economy, never LC's F (American history).
      discipline: 'economics',
      // Alma's AVA counts: one copy in each of two locations.
      items: 2,
      location: '总馆普通文献 中文库本书—A-H(主馆六层)',
      authors: JSON.stringify(['叶震', '李强', '国家统计局']),
      publisher: '中国统计出版社',
      published_year: 1994,
      price_cents: 6800,
      price_currency: 'CNY',
    });
    // D668 is the CLC's Chinese politics; in LC, D is world history.
    expect(await row('marc:990002264090203961')).toMatchObject({
      call_number: 'D668/4',
      discipline: 'political-science',
    });
    const disciplines = all.map((r) => r.discipline);
    expect(disciplines.filter((d) => d === 'economics')).toHaveLength(8);
    expect(disciplines.filter((d) => d === 'political-science')).toHaveLength(2);
    expect(await replaced()).toBe(0);
  });

  it('says when it read CNMARC as GB18030', async () => {
    const gb = await importHoldings(h.deps, cnmarc('dp2_sample_cnmarc_gb18030.mrc'));
    expect(gb.warnings).toEqual([
      '10 records (the first is 1): UNIMARC not in UTF-8; read as GB18030 (GBK), as older Chinese systems write it',
    ]);
    const utf8 = await importHoldings(h.deps, cnmarc('dp2_sample_cnmarc.mrc'));
    expect(utf8.warnings).toEqual([]);
  });

  it("counts dp2's 906 fields, one per copy, where Alma's AVA does not say", async () => {
    const xml = readFileSync(path('dp2_sample_cnmarcxml.xml'), 'utf8').replace(
      /<datafield ind1=" " ind2=" " tag="AVA">.*?<\/datafield>/gs,
      '',
    );
    await importHoldings(h.deps, bufferSource('no-ava.xml', Buffer.from(xml)));
    // Three 906s; none on the '95 report, which has one copy all the same; the 905's library code is where.
    expect(await row('marc:990002180740203961')).toMatchObject({ items: 3, call_number: 'F124/26', location: 'BNU' });
    expect(await row('marc:990002181190203961')).toMatchObject({ items: 1, call_number: 'F124/26' });
  });

  it('reads a UNIMARC record by its fields whatever its namespace: Koha writes UNIMARC in MARC21-slim', async () => {
    const summary = await importHoldings(
      h.deps,
      collection(
        'koha-unimarc.xml',
        record(
          '00000nam  2200000   4500',
          control('001', 'k1'),
          field('010', '  ', ['a', '978-7-111-21382-6'], ['d', 'CNY99.00']),
          field('200', '1 ', ['a', 'Java编程思想'], ['f', '(美)Bruce Eckel著']),
          field('210', '  ', ['a', '北京'], ['c', '机械工业出版社'], ['d', '2007']),
          field('690', '  ', ['a', 'TP312JA'], ['v', '4']),
          field('700', ' 1', ['a', 'Eckel'], ['b', 'Bruce']),
        ),
      ),
    );
    expect(summary).toMatchObject({ imported: 1, rejected: 0 });
    expect(await row('marc:k1')).toMatchObject({
      title: 'Java编程思想',
      discipline: 'computer-science',
      call_number: 'TP312JA',
      authors: JSON.stringify(['Bruce Eckel']),
      publisher: '机械工业出版社',
      published_year: 2007,
      price_cents: 9900,
    });
    expect(await isbns()).toEqual(['9787111213826']);
  });

  it('reads the copies in the item field the library names (Koha UNIMARC 995 $k), one per field', async () => {
    const h2 = await harness({ HOLDINGS_ITEM_FIELD: '995$k' });
    try {
      await importHoldings(
        h2.deps,
        collection(
          'koha-items.xml',
          record(
            '00000nam  2200000   4500',
            control('001', 'k2'),
            field('010', '  ', ['a', '7-5037-1744-0']),
            field('200', '1 ', ['a', "'94中国发展报告"]),
            field('995', '  ', ['b', 'MAIN'], ['k', 'F124/26'], ['f', '0001']),
            field('995', '  ', ['b', 'MAIN'], ['k', 'F124/26'], ['f', '0002']),
          ),
        ),
      );
      const held = await h2.db.orm.get<Row>(sql`SELECT * FROM holdings WHERE record_key = 'marc:k2'`);
      expect(held).toMatchObject({ items: 2, call_number: 'F124/26', discipline: 'economics' });
    } finally {
      h2.close();
    }
  });

  it('reads the records as MARC21 when told to, and as UNIMARC when told to', async () => {
    await importHoldings(h.deps, cnmarc('dp2_sample_cnmarc.mrc'), { flavour: 'marc21' });
    // Read as MARC21, CNMARC has no 245 title and no 020 ISBN: what the issue saw before.
    expect((await rows()).every((r) => r.title === null)).toBe(true);
    expect(await isbns()).toEqual([]);
    await importHoldings(h.deps, cnmarc('dp2_sample_cnmarc.mrc'), { flavour: 'unimarc' });
    expect((await rows()).every((r) => r.title !== null)).toBe(true);
  });

  it('tells a patron looking up a held Chinese book where it is and what the catalogue says of it', async () => {
    await importHoldings(h.deps, cnmarc('dp2_sample_cnmarcxml.xml'));
    const ana = await h.patronToken('ana');
    const lookup = await (await h.call('GET', '/api/v1/lookup?isbn=7503722916', { token: ana })).json();
    expect(lookup.held).toMatchObject({ items: 4, where: 'F124/26, 总馆普通文献 中文书—A-H(主馆四层)' });
    expect(lookup.metadata).toMatchObject({
      title: "'96 中国发展报告",
      authors: ['张塞'],
      publisher: '中国统计出版社',
      publishedYear: 1996,
      listPrice: { amount: 88, currency: 'CNY' },
    });
  });
});
