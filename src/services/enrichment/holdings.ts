// The library's own catalogue as the first provider: what it holds of an ISBN (any of the
// ISBNs its records carry), how many items, where a patron finds them, and what its record
// says of the book (title, authors, publisher, year, price): for the Chinese books that the
// remote providers hardly know, often the only description there is.
import { eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Held } from '../../context.js';
import type { Db } from '../../db/db.js';
import { prepared } from '../../db/prepared.js';
import { holdingIsbns, holdings } from '../../db/schema.js';
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

const MOST_ITEMS = sql`h.items DESC, h.id`;
/** The copies of the first record in `heldCopies`' order: the one with the most items. */
export const MOST_ITEMS_FIRST = sql`ORDER BY ${MOST_ITEMS}`;

const h = alias(holdings, 'h');
const i = alias(holdingIsbns, 'i');

export async function heldCopies(db: Db, isbn13s: string[]): Promise<Map<string, Held>> {
  const out = new Map<string, Held>();
  if (isbn13s.length === 0) return out;
  // Prepared once: every suggestion asks, and building the query cost more than running it.
  const rows = await prepared(db, 'held-copies', (orm) =>
    orm
      .select({
        isbn13: i.isbn13,
        title: h.title,
        callNumber: h.callNumber,
        location: h.location,
        items: h.items,
        discipline: h.discipline,
        where: sql<string>`${whereShelved}`,
        authors: h.authors,
        publisher: h.publisher,
        publishedYear: h.publishedYear,
        priceCents: h.priceCents,
        priceCurrency: h.priceCurrency,
        recordId: h.ilsRecordId,
      })
      .from(i)
      .innerJoin(h, eq(h.id, i.holdingId))
      .where(sql`${i.isbn13} IN (SELECT value FROM json_each(${sql.placeholder('isbns')}))`)
      .orderBy(MOST_ITEMS)
      .prepare(),
  ).all({ isbns: JSON.stringify(isbn13s) });
  for (const row of rows) {
    const known = out.get(row.isbn13);
    if (known) {
      known.items += row.items;
      continue;
    }
    out.set(row.isbn13, {
      items: row.items,
      callNumber: row.callNumber,
      location: row.location,
      where: row.where,
      discipline: row.discipline,
      recordId: row.recordId,
      metadata: {
        ...EMPTY_METADATA,
        title: row.title,
        authors: row.authors ?? [],
        publisher: row.publisher,
        publishedYear: row.publishedYear,
        listPrice:
          row.priceCents !== null && row.priceCurrency
            ? { amount: row.priceCents / 100, currency: row.priceCurrency }
            : null,
        isbn13s: [row.isbn13],
      },
    });
  }
  return out;
}
