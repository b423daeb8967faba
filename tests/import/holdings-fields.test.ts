// Where MARC21 exports keep copies and schemes: holdings records (MFHD) beside their
// bibliographic records, Alma's AVA fields, the scheme names of 084, 852 and Koha's 952, and
// the placeholders catalogues put where a call number will be.
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileSource } from '../../src/node/file-source.js';
import { importHoldings } from '../../src/services/imports/holdings.js';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { importLoans } from '../../src/services/imports/loans.js';
import { type Harness, harness } from '../api/harness.js';
import { BOOK, collection, control, field, MFHD, record } from './marcxml.js';

interface Row {
  record_key: string;
  title: string | null;
  call_number: string | null;
  discipline: string | null;
  items: number;
  location: string | null;
}

const bnu = (name: string) => fileSource(new URL(`../../fixtures/cnmarc/${name}`, import.meta.url).pathname);

describe('holdings records, AVA and scheme names in MARC21', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.close());

  const all = () => h.db.orm.all<Row>(sql`SELECT * FROM holdings ORDER BY record_key`);
  const row = async (key: string) => h.db.orm.get<Row>(sql`SELECT * FROM holdings WHERE record_key = ${key}`);

  const bib = (id: string, ...fields: string[]) =>
    record(BOOK, control('001', id), field('245', '10', ['a', `Book ${id} /`]), ...fields);
  const mfhd = (id: string, bibId: string, ...fields: string[]) =>
    record(MFHD, control('001', id), control('004', bibId), ...fields);

  describe('MARC21 holdings records (MFHD)', () => {
    it('attaches each to its bibliographic record by 004 and counts its items, the holdings record first in the file', async () => {
      const summary = await importHoldings(
        h.deps,
        collection(
          'mfhd.xml',
          mfhd(
            'h1',
            'b1',
            field('852', '0 ', ['b', 'MAIN'], ['c', 'STACKS'], ['h', 'QA76.73.P98'], ['i', 'L88 2001']),
            field('876', '  ', ['p', '31234000000011']),
            field('876', '  ', ['p', '31234000000012']),
          ),
          bib('b1', field('020', '  ', ['a', '0596000855']), field('050', '00', ['a', 'QA76.73.P98'])),
          mfhd('h2', 'b1', field('852', '0 ', ['b', 'SCIENCE'], ['h', 'QA76.73.P98'], ['i', 'L88 2001'])),
        ),
      );
      expect(summary).toMatchObject({ read: 3, imported: 3, rejected: 0, warnings: [] });
      // One holding, never a title-less one per holdings record: two copies at MAIN, one at SCIENCE.
      expect(await all()).toEqual([
        expect.objectContaining({
          record_key: 'marc:b1',
          title: 'Book b1',
          items: 3,
          call_number: 'QA76.73.P98 L88 2001',
          location: 'MAIN STACKS',
          discipline: 'computer-science',
        }),
      ]);
      const told = await h.db.orm.get<{ n: number }>(
        sql`SELECT items AS n FROM discipline_holdings WHERE discipline = 'computer-science'`,
      );
      expect(told).toEqual({ n: 3 });
    });

    it('counts holdings records from another file, before or after their bibliographic records, and says which wait', async () => {
      const bibs = (title: string) =>
        collection(
          `bibs-${title}.xml`,
          bib('b2', field('050', '00', ['a', 'ML410.M5'])),
          record(BOOK, control('001', 'b3'), field('245', '10', ['a', title])),
        );
      const holdings = collection(
        'holdings.xml',
        mfhd(
          'h3',
          'b2',
          field('852', '0 ', ['b', 'MUSIC'], ['h', 'ML410.M5'], ['i', 'S6 1990']),
          field('876', '  ', ['p', '1']),
          field('876', '  ', ['p', '2']),
        ),
        mfhd('h4', 'b9', field('852', '0 ', ['b', 'MAIN'], ['h', 'QA76'])),
      );
      const first = await importHoldings(h.deps, holdings);
      expect(first.warnings).toEqual([
        '2 holdings records (MFHD) name bibliographic records (004) not imported yet: their copies count once those are',
      ]);
      expect(await all()).toEqual([]);
      await importHoldings(h.deps, bibs('Another book'));
      expect(await row('marc:b2')).toMatchObject({ items: 2, call_number: 'ML410.M5 S6 1990', location: 'MUSIC' });
      expect(await row('marc:b3')).toMatchObject({ items: 1 });
      // An updated export of the bibliographic records keeps the copies their holdings records hold.
      const again = await importHoldings(h.deps, bibs('Another book, revised'));
      expect(again.warnings).toEqual([
        '1 holdings records (MFHD) name bibliographic records (004) not imported yet: their copies count once those are',
      ]);
      expect(await row('marc:b2')).toMatchObject({ items: 2, call_number: 'ML410.M5 S6 1990' });
    });

    it('refuses a holdings record that names no bibliographic record', async () => {
      const summary = await importHoldings(
        h.deps,
        collection('orphan.xml', record(MFHD, control('001', 'h5'), field('852', '0 ', ['h', 'QA76']))),
      );
      expect(summary).toMatchObject({ imported: 0, rejected: 1 });
      expect(summary.rejections[0]!.reason).toBe(
        'a holdings record (leader position 6 is "x") with no 004 naming the bibliographic record it holds',
      );
    });
  });

  describe("Alma's AVA fields", () => {
    it('read the call number ($d), the copies ($f), the library ($q or $b) and the location ($c)', async () => {
      const summary = await importHoldings(h.deps, bnu('dp2_sample_marcxml.xml'));
      expect(summary).toMatchObject({ read: 10, imported: 10, rejected: 0 });
      expect(await row('marc:990006328110203961')).toMatchObject({
        title: "'08中国改革跟踪报告",
        call_number: 'D61 bnu201',
        items: 3,
        location: '总馆普通文献 中文书—A-H(主馆四层)',
      });
      // E-books (AVE, no AVA) are one record each, with no call number.
      expect(await row('marc:9910666685103961')).toMatchObject({ items: 1, call_number: null });
    });

    it('are read the same from ISO 2709, whose leader says MARC-8 for text in UTF-8', async () => {
      const summary = await importHoldings(h.deps, bnu('dp2_sample_marc21.mrc'));
      expect(summary.warnings).toEqual([
        '10 records (the first is 1): the leader says MARC-8 (position 9 is blank) but the text is UTF-8; read as UTF-8',
      ]);
      expect(await row('marc:990006328110203961')).toMatchObject({ title: "'08中国改革跟踪报告", items: 3 });
    });

    it('give CLC call numbers typed "other scheme" (8) the library’s own scheme', async () => {
      // "D61" and "K18" are LC's world history and law to a library that says nothing, the
      // CLC's Chinese politics and history to one that shelves by the CLC.
      const read = async (harnessed: Harness) => {
        await importHoldings(harnessed.deps, bnu('dp2_sample_marcxml.xml'));
        return harnessed.db.orm.all<Row>(
          sql`SELECT call_number, discipline FROM holdings
              WHERE record_key IN ('marc:990006328110203961', 'marc:990000742440203961') ORDER BY call_number`,
        );
      };
      expect(await read(h)).toEqual([
        { call_number: 'D61 bnu201', discipline: 'history' },
        { call_number: 'K18 7', discipline: 'law' },
      ]);
      const clc = await harness({ CLASSIFICATION_SCHEME: 'clc' });
      try {
        expect(await read(clc)).toEqual([
          { call_number: 'D61 bnu201', discipline: 'political-science' },
          { call_number: 'K18 7', discipline: 'history' },
        ]);
      } finally {
        clc.close();
      }
    });
  });

  describe('the scheme a record names', () => {
    it("reads Koha's 952 $o in the scheme its $2 names: z is a local shelf mark, not a class number", async () => {
      await importHoldings(
        h.deps,
        collection(
          'koha.xml',
          bib('k1', field('952', '  ', ['a', 'MAIN'], ['o', 'STORE 123'], ['2', 'z'])),
          bib('k2', field('952', '  ', ['a', 'MAIN'], ['o', '005.133 SCH'], ['2', 'ddc'])),
          bib('k3', field('952', '  ', ['a', 'MAIN'], ['o', 'K825'], ['2', 'clc'])),
        ),
      );
      // The shelf mark is still where the book is; it just counts toward no discipline.
      expect(await row('marc:k1')).toMatchObject({ call_number: 'STORE 123', discipline: null });
      expect(await row('marc:k2')).toMatchObject({ discipline: 'computer-science' });
      // K825 is CLC biography (history) here, not LC law.
      expect(await row('marc:k3')).toMatchObject({ discipline: 'history' });
    });

    it('reads 084 in the scheme its $2 names, and passes over schemes we do not read', async () => {
      await importHoldings(
        h.deps,
        collection(
          '084.xml',
          bib('c1', field('084', '  ', ['a', 'F124'], ['2', 'clc'])),
          bib('c2', field('084', '  ', ['a', 'ST 230'], ['2', 'rvk'])),
        ),
      );
      expect(await row('marc:c1')).toMatchObject({ discipline: 'economics', call_number: 'F124' });
      expect(await row('marc:c2')).toMatchObject({ discipline: null, call_number: null });
    });

    it('reads 852 in the scheme its first indicator names; a collection shelved apart is not Dewey', async () => {
      await importHoldings(
        h.deps,
        collection(
          '852.xml',
          bib('s1', field('852', '6 ', ['b', 'ANNEX'], ['h', '123.45'])),
          bib('s2', field('852', '1 ', ['b', 'MAIN'], ['h', '005.133'], ['i', 'SCH'])),
          bib('s3', field('852', '7 ', ['b', 'MAIN'], ['h', 'TP391.41'], ['2', 'clc'])),
        ),
      );
      expect(await row('marc:s1')).toMatchObject({ call_number: '123.45', discipline: null });
      expect(await row('marc:s2')).toMatchObject({ discipline: 'computer-science' });
      // Without the $2, TP391.41 would read as LC food processing.
      expect(await row('marc:s3')).toMatchObject({ discipline: 'computer-science' });
    });

    it("reads Evergreen's marc_export --items: one 852 4_ per copy, its call number in $j", async () => {
      const copy = (barcode: string) =>
        field('852', '4 ', ['b', 'BR1'], ['b', 'BR1'], ['c', 'Stacks'], ['j', 'ML410.M5 S6'], ['p', barcode]);
      await importHoldings(h.deps, collection('evergreen.xml', bib('e1', copy('3123'), copy('3124'))));
      expect(await row('marc:e1')).toMatchObject({
        items: 2,
        call_number: 'ML410.M5 S6',
        discipline: 'music',
        location: 'BR1 BR1 Stacks',
      });
    });

    it('stores no placeholder as a call number: 050 ACQUISITION IN PROCESS, 952 ON ORDER', async () => {
      await importHoldings(
        h.deps,
        collection(
          'placeholders.xml',
          bib('p1', field('050', ' 4', ['a', 'ACQUISITION IN PROCESS']), field('082', '04', ['a', '005.133'])),
          bib('p2', field('050', '00', ['a', 'IN PROCESS'])),
          bib('p3', field('952', '  ', ['a', 'MAIN'], ['o', 'ON ORDER'])),
        ),
      );
      expect(await row('marc:p1')).toMatchObject({ call_number: '005.133', discipline: 'computer-science' });
      expect(await row('marc:p2')).toMatchObject({ call_number: null, discipline: null });
      expect(await row('marc:p3')).toMatchObject({ call_number: null, location: 'MAIN', items: 1 });
    });
  });
});

describe("the library's classification scheme (CLASSIFICATION_SCHEME)", () => {
  it('reads call numbers no column names a scheme for in it, in a holdings CSV and in loans', async () => {
    const holdingsCsv = Buffer.from('isbn,call_number,items\n,F124,2\n,TP391.41,1\n');
    const loansCsv = Buffer.from('loan_id,loaned_at,call_number\n1,2025-03-01,F124\n2,2025-03-02,TP391.41\n');
    const disciplines = async (env: Record<string, string>) => {
      const h = await harness(env);
      try {
        await importHoldings(h.deps, bufferSource('holdings.csv', holdingsCsv));
        await importLoans(h.deps, bufferSource('loans.csv', loansCsv), { preset: 'generic' });
        const of = (table: string) =>
          h.db.orm.all<{ discipline: string | null }>(sql.raw(`SELECT discipline FROM ${table} ORDER BY call_number`));
        return { holdings: await of('holdings'), loans: await of('loans') };
      } finally {
        h.close();
      }
    };
    const lcc = [{ discipline: 'history' }, { discipline: 'food-science' }];
    const clc = [{ discipline: 'economics' }, { discipline: 'computer-science' }];
    expect(await disciplines({})).toEqual({ holdings: lcc, loans: lcc });
    expect(await disciplines({ CLASSIFICATION_SCHEME: 'clc' })).toEqual({ holdings: clc, loans: clc });
  });
});
