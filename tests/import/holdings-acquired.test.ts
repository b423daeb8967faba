// When each holding was acquired, as real exports say it: Koha's accession date per copy (952
// $d), the day a MARC21 record was entered (008/00-05) or a UNIMARC one (100 $a), or a CSV's
// acquired column. The outcomes report compares what was bought on request with them.
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileSource } from '../../src/node/file-source.js';
import { importHoldings } from '../../src/services/imports/holdings.js';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { type Harness, harness } from '../api/harness.js';
import { BOOK, collection, control, field, record } from './marcxml.js';

const fixture = (path: string) => fileSource(new URL(`../../fixtures/${path}`, import.meta.url).pathname);

describe('when holdings were acquired', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.close());
  const acquired = async (key: string) =>
    (await h.db.orm.get<{ acquired: string | null }>(sql`SELECT acquired FROM holdings WHERE record_key = ${key}`))
      ?.acquired;

  it("takes a Koha record's first copy to be accessioned, else the day the record was entered", async () => {
    await importHoldings(
      h.deps,
      collection(
        'koha.xml',
        record(
          BOOK,
          control('001', 'k1'),
          control('008', '190301s2018    nyu           000 0 eng d'),
          field('245', '10', ['a', 'Two copies']),
          field('952', '  ', ['o', 'QA76.73 .J38'], ['d', '2025-10-02']),
          field('952', '  ', ['o', 'QA76.73 .J38'], ['d', '2025-09-14']),
        ),
        record(
          BOOK,
          control('001', 'k2'),
          control('008', '250914s2024    nyu           000 0 eng d'),
          field('245', '10', ['a', 'No items']),
        ),
      ),
    );
    expect(await acquired('marc:k1')).toBe('2025-09-14');
    expect(await acquired('marc:k2')).toBe('2025-09-14');
  });

  it('reads the date entered of real MARC21 and CNMARC records', async () => {
    await importHoldings(h.deps, fixture('marc/pymarc_marc.dat'));
    // 008 begins 990802: entered on 2 August 1999.
    expect(await acquired('marc:11778504')).toBe('1999-08-02');
    await importHoldings(h.deps, fixture('cnmarc/dp2_sample_cnmarcxml.xml'));
    // 100 $a begins 20020204.
    const rows = await h.db.orm.all<{ acquired: string | null }>(
      sql`SELECT acquired FROM holdings WHERE record_key LIKE 'marc:9900%' ORDER BY record_key`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => /^\d{4}-\d\d-\d\d$/.test(r.acquired ?? ''))).toBe(true);
    expect(rows.map((r) => r.acquired)).toContain('2002-02-04');
  });

  it("reads a CSV's acquired column, and refuses a row whose date is no day, by its line", async () => {
    const summary = await importHoldings(
      h.deps,
      bufferSource(
        'holdings.csv',
        Buffer.from(
          'isbn,call_number,acquired\n9780134685991,QA76.73 .J38,2025-10-16\n9781593279509,QA76.73 .J39,16/10/2025\n',
        ),
      ),
    );
    expect(summary).toMatchObject({ imported: 1, rejected: 1 });
    expect(summary.rejections).toEqual([{ line: 3, reason: 'acquired "16/10/2025" is not a day written YYYY-MM-DD' }]);
    expect(await acquired('isbn:9780134685991')).toBe('2025-10-16');
  });
});
