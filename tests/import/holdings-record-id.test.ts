// The ILS's own id of each holding's record, kept for the catalogue link (CATALOGUE_URL's
// {record}) and a hold placed from "already held": Koha's biblionumber in 999 $c, else the
// record's 001 (Alma's MMS id), or a CSV's record_id.
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importHoldings } from '../../src/services/imports/holdings.js';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { type Harness, harness } from '../api/harness.js';
import { BOOK, collection, control, field, record } from './marcxml.js';

describe("a holding's record id in the ILS", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.close());
  const recordIds = () =>
    h.db.orm.all<{ record_key: string; ils_record_id: string | null }>(
      sql`SELECT record_key, ils_record_id FROM holdings ORDER BY record_key`,
    );

  it("is Koha's biblionumber (999 $c) where the export has one, else the 001", async () => {
    await importHoldings(
      h.deps,
      collection(
        'koha.xml',
        record(
          BOOK,
          control('001', 'ocm12345'),
          field('020', '  ', ['a', '9780262032933']),
          field('245', '10', ['a', 'Introduction to algorithms']),
          field('999', '  ', ['c', '4242'], ['d', '4242']),
        ),
        record(BOOK, control('001', '991234567890123'), field('245', '10', ['a', 'An Alma record'])),
      ),
    );
    expect(await recordIds()).toEqual([
      { record_key: 'marc:991234567890123', ils_record_id: '991234567890123' },
      { record_key: 'marc:ocm12345', ils_record_id: '4242' },
    ]);
  });

  it("is a CSV's record_id, and none without one; a re-import updates it", async () => {
    const csv = (text: string) => bufferSource('holdings.csv', Buffer.from(text));
    await importHoldings(h.deps, csv('isbn,call_number,record_id\n9780262032933,QA76.6,77\n9780132350884,QA76.7,\n'));
    expect(await recordIds()).toEqual([
      { record_key: 'csv:77', ils_record_id: '77' },
      { record_key: 'isbn:9780132350884', ils_record_id: null },
    ]);
    await importHoldings(h.deps, csv('isbn,call_number,record_id\n9780132350884,QA76.7,\n'));
    expect((await recordIds()).find((r) => r.record_key === 'isbn:9780132350884')?.ils_record_id).toBeNull();
  });
});
