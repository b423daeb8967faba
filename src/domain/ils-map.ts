// ILS_MAP_FILE (ILS_MAP_JSON on Workers): what the library's ILS calls our funds, formats and
// branch. Only the ILS knows its ids (Koha's budget_id, FOLIO's UUIDs, Alma's codes), so the
// library writes them down once here instead of re-keying them on every order.
import { z } from 'zod';
import { FORMATS, type Format } from '../db/schema.js';

const code = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[^\x00-\x1f\x7f]+$/, 'an id with no control characters');

export const ilsMapSchema = z
  .object({
    /** our fund code (a department's fund) to the ILS's: Koha's budget_id, FOLIO's fund UUID, Alma's fund code */
    funds: z.record(z.string(), code).default({}),
    /** the requested format to the ILS's item type: Koha's itype, Alma's PO line type, FOLIO's material type UUID */
    formats: z.partialRecord(z.enum(FORMATS), code).default({}),
    /** the branch that orders and owns the copies: Koha's library_id, Alma's library code */
    library: code.optional(),
    /** where the copies go: FOLIO's location UUID, Alma's shelving location */
    location: code.optional(),
    /** where requesters collect their holds: Koha's library_id, FOLIO's service point UUID, Alma's library code */
    pickup: code.optional(),
    /** the vendor: Alma's vendor code (FOLIO's is FOLIO_VENDOR_ID) */
    vendor: code.optional(),
    /** Koha's order mode: the basket_id of the basket staff opened for the vendor, which the order lines go into */
    basket: code.optional(),
  })
  .strict()
  // Maps, not objects: a fund code such as "constructor" must find nothing.
  .transform((m) => ({
    ...m,
    funds: new Map(Object.entries(m.funds)),
    formats: new Map(Object.entries(m.formats) as [Format, string][]),
  }));

export type IlsMap = z.output<typeof ilsMapSchema>;

export const EMPTY_ILS_MAP: IlsMap = ilsMapSchema.parse({});

const KOHA_ID = /^\d+$/;

/**
 * What a Koha order line cannot go without, said at start rather than at the first push: the
 * basket (Koha opens baskets per vendor, and only staff can open one) and the funds, each a
 * Koha fund_id, which Koha's REST API takes as a number.
 */
export function kohaOrderMapProblems(map: IlsMap): string[] {
  const problems: string[] = [];
  if (!map.basket)
    problems.push('"basket" is missing: give the basket_id of the basket staff opened in Koha for the vendor');
  else if (!KOHA_ID.test(map.basket)) problems.push(`"basket" is "${map.basket}", and Koha's basket_id is a number`);
  if (map.funds.size === 0)
    problems.push('"funds" is empty: map each of our fund codes to the fund_id of its Koha fund');
  for (const [ours, koha] of map.funds)
    if (!KOHA_ID.test(koha)) problems.push(`the fund ${ours} maps to "${koha}", and Koha's fund_id is a number`);
  return problems;
}
