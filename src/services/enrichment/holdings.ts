// The library's own catalogue as the first provider: what it holds of an ISBN (any of the
// ISBNs its records carry), how many items, where a patron finds them, and what its record
// says of the book (title, authors, publisher, year, price): for the Chinese books that the
// remote providers hardly know, often the only description there is.
import { sql } from 'drizzle-orm';
import type { Held } from '../../context.js';
import type { Db } from '../../db/db.js';
import { EMPTY_METADATA } from '../../domain/metadata.js';

/**
 * Where a patron finds the copies of a holding `h`, as a requester is told: "call number,
 * location", either alone, or "in the catalogue". SQL, so that enrichment and the holdings
 * import (which updates every suggested title in one statement) say it the same way.
 */
export const whereShelved = sql`CASE
    WHEN nullif(h.call_number, '') IS NOT NULL AND nullif(h.location, '') IS NOT NULL
      THEN h.call_number || ', ' || h.location
    ELSE coalesce(nullif(h.call_number, ''), nullif(h.location, ''), 'in the catalogue')
  END`;

/** The copies of the first record in `heldCopies`' order: the one with the most items. */
export const MOST_ITEMS_FIRST = sql`ORDER BY h.items DESC, h.id`;

export async function heldCopies(db: Db, isbn13s: string[]): Promise<Map<string, Held>> {
  const out = new Map<string, Held>();
  if (isbn13s.length === 0) return out;
  const rows = await db.orm.all<{
    isbn13: string;
    title: string | null;
    call_number: string | null;
    location: string | null;
    items: number;
    discipline: string | null;
    where_shelved: string;
    authors: string | null;
    publisher: string | null;
    published_year: number | null;
    price_cents: number | null;
    price_currency: string | null;
    ils_record_id: string | null;
  }>(
    sql`SELECT i.isbn13, h.title, h.call_number, h.location, h.items, h.discipline, ${whereShelved} AS where_shelved,
          h.authors, h.publisher, h.published_year, h.price_cents, h.price_currency, h.ils_record_id
        FROM holding_isbns i JOIN holdings h ON h.id = i.holding_id
        WHERE i.isbn13 IN (SELECT value FROM json_each(${JSON.stringify(isbn13s)}))
        ${MOST_ITEMS_FIRST}`,
  );
  for (const row of rows) {
    const known = out.get(row.isbn13);
    if (known) {
      known.items += row.items;
      continue;
    }
    out.set(row.isbn13, {
      items: row.items,
      callNumber: row.call_number,
      location: row.location,
      where: row.where_shelved,
      discipline: row.discipline,
      recordId: row.ils_record_id,
      metadata: {
        ...EMPTY_METADATA,
        title: row.title,
        authors: row.authors ? (JSON.parse(row.authors) as string[]) : [],
        publisher: row.publisher,
        publishedYear: row.published_year,
        listPrice:
          row.price_cents !== null && row.price_currency
            ? { amount: row.price_cents / 100, currency: row.price_currency }
            : null,
        isbn13s: [row.isbn13],
      },
    });
  }
  return out;
}
