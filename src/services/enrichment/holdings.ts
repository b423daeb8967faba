// The library's own catalogue as the first provider: what it holds of an ISBN (any of the
// ISBNs its records carry), how many items, and where a patron finds them.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/db.js';
import { EMPTY_METADATA, type Metadata } from '../../domain/metadata.js';

export interface Held {
  items: number;
  callNumber: string | null;
  location: string | null;
  /** "QA76.76.D47 F63 2005, Main Library 3rd floor": what the requester is told */
  where: string;
  discipline: string | null;
  metadata: Metadata;
}

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
  }>(
    sql`SELECT i.isbn13, h.title, h.call_number, h.location, h.items, h.discipline
        FROM holding_isbns i JOIN holdings h ON h.id = i.holding_id
        WHERE i.isbn13 IN (SELECT value FROM json_each(${JSON.stringify(isbn13s)}))
        ORDER BY h.items DESC, h.id`,
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
      where: [row.call_number, row.location].filter(Boolean).join(', ') || 'in the catalogue',
      discipline: row.discipline,
      metadata: { ...EMPTY_METADATA, title: row.title, isbn13s: [row.isbn13] },
    });
  }
  return out;
}
