// What enrichment reads of the titles it works on, and writes back: the merged metadata, the
// discipline, the list price and what the library holds, or, for a title with no ISBN, the
// edition it proposes.
import { inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/db.js';
import { titles } from '../../db/schema.js';
import { lccSortKey } from '../../domain/selectors.js';
import { type StaffMetadata, withStaffEdits } from '../../domain/title-edits.js';
import type { Enrichment, Proposal } from '../../context.js';

/** The titles of the claimed jobs, as enrichment needs them. */
export async function titlesToEnrich(db: Db, ids: number[]) {
  return await db.orm
    .select({
      id: titles.id,
      isbn13: titles.isbn13,
      title: titles.title,
      author: titles.author,
      status: titles.status,
      edits: titles.edits,
    })
    .from(titles)
    .where(inArray(titles.id, ids))
    .all();
}

/** One title's row of the update: [id, metadata JSON, title, author, discipline, price cents, currency, held items,
 *  held where, LC sort key, class key], bound as JSON so a run of any size is one statement. */
export type TitleUpdate = [number, ...unknown[]];

/**
 * The providers' record is kept as they gave it; the title, author and price the lists read
 * are the library's, staff's edits laid over it (`edits`, the stored JSON of them).
 */
export function titleUpdate(id: number, enrichment: Enrichment, edits: string | null): TitleUpdate {
  const provided = enrichment.metadata;
  const m = withStaffEdits(provided, edits ? (JSON.parse(edits) as StaffMetadata) : null);
  const price = m?.listPrice ?? null;
  return [
    id,
    provided ? JSON.stringify(provided) : null,
    m?.title ?? null,
    m?.authors[0] ?? null,
    enrichment.discipline,
    price ? Math.round(price.amount * 100) : null,
    price?.currency ?? null,
    enrichment.held?.items ?? 0,
    enrichment.held?.where ?? null,
    lccSortKey(m?.lcc[0] ?? enrichment.held?.callNumber),
    enrichment.classKey,
  ];
}

/** The statement that writes what one run learned of its titles, all of them at once. */
export function enrichedTitlesStep(updates: TitleUpdate[], at: number): SQL {
  return sql`UPDATE titles SET
      metadata = j.value->>1,
      title = coalesce(j.value->>2, titles.title),
      author = coalesce(j.value->>3, titles.author),
      discipline = coalesce(j.value->>4, titles.discipline),
      price_cents = coalesce(j.value->>5, titles.price_cents),
      price_currency = coalesce(j.value->>6, titles.price_currency),
      held_items = j.value->>7,
      held_where = j.value->>8,
      lcc_sort = coalesce(j.value->>9, titles.lcc_sort),
      class_key = coalesce(j.value->>10, titles.class_key),
      enriched_at = ${at},
      updated_at = ${at}
    FROM json_each(${JSON.stringify(updates)}) j
    WHERE titles.id = j.value->>0`;
}

/** A title with no ISBN: the edition enrichment proposes for staff to confirm, or none found. */
export function proposalStep(titleId: number, proposal: Proposal | null, at: number): SQL {
  return sql`UPDATE titles SET proposal = ${proposal ? JSON.stringify(proposal) : null}, enriched_at = ${at}, updated_at = ${at}
             WHERE id = ${titleId}`;
}
