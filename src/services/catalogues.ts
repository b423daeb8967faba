// Vendor catalogues on the request path: the lists imported (r2b import catalogue), their
// entries searched by title, author, ISBN or publisher, each with how many asked for the work
// (荐购人数: the requesters of the title it pools onto, however they asked) and whether the
// library holds it or has it on order; and a patron's one-click suggestion of an entry, which
// is an ordinary suggestion through intake's one entry point, limits and all.
import { type SQL, sql } from 'drizzle-orm';
import type { Deps, Principal } from '../context.js';
import { runAtomic } from '../db/db.js';
import { type Standing, standing } from '../domain/catalogue.js';
import { parseIsbn } from '../domain/isbn.js';
import { foldForSearch } from '../domain/work-key.js';
import type { Price } from '../domain/metadata.js';
import { ApiError } from '../errors.js';
import { createSuggestion } from './suggestions.js';

export interface Catalogue {
  id: number;
  name: string;
  vendor: string;
  issued: string;
  expires: string | null;
  entries: number;
  /** offered to patrons today */
  current: boolean;
}

export interface CatalogueEntry {
  id: number;
  catalogue: { id: number; name: string; vendor: string };
  isbn13: string | null;
  title: string;
  authors: string[];
  publisher: string | null;
  publishedYear: number | null;
  price: Price | null;
  classNumber: string | null;
  /** how many patrons asked for this work (荐购人数) */
  requesters: number;
  standing: Standing;
  /** the pooled title, once someone asked */
  titleId: number | null;
  /** the asking patron's own suggestion of it, if they made one */
  mine: number | null;
}

export interface CatalogueSearch {
  /** words of the title, an author, a publisher, or an ISBN */
  q?: string | undefined;
  catalogue?: number | undefined;
  /** a class number or its start: "I247" finds I247.5 and I247.55 */
  classNumber?: string | undefined;
  page: number;
  perPage: number;
}

/** Is catalogue `c` offered to patrons today: until the day it expires, that day included. */
function offered(deps: Deps): SQL {
  return sql`(c.expires IS NULL OR c.expires >= ${deps.clock().toISOString().slice(0, 10)})`;
}

/** The catalogues, newest first; `currentOnly` for what patrons are offered. */
export async function listCatalogues(deps: Deps, currentOnly = false): Promise<Catalogue[]> {
  const rows = await deps.db.orm.all<Omit<Catalogue, 'current'> & { current: number }>(
    sql`SELECT c.id, c.name, c.vendor, c.issued, c.expires, ${offered(deps)} AS current,
          (SELECT count(*) FROM catalogue_entries e WHERE e.catalogue_id = c.id) AS entries
        FROM catalogues c
        ${currentOnly ? sql`WHERE ${offered(deps)}` : sql``}
        ORDER BY c.issued DESC, c.id DESC`,
  );
  return rows.map((c) => ({ ...c, current: c.current === 1 }));
}

/** Forget a catalogue and its entries; the suggestions made from it stay, as suggestions. */
export async function deleteCatalogue(deps: Deps, id: number): Promise<boolean> {
  const known = await deps.db.orm.get<{ id: number }>(sql`SELECT id FROM catalogues WHERE id = ${id}`);
  if (!known) return false;
  await runAtomic(deps.db, [
    sql`DELETE FROM catalogue_entries WHERE catalogue_id = ${id}`,
    sql`DELETE FROM catalogues WHERE id = ${id}`,
  ]);
  return true;
}

interface EntryRow {
  id: number;
  catalogue_id: number;
  catalogue_name: string;
  vendor: string;
  isbn13: string | null;
  title: string;
  authors: string;
  publisher: string | null;
  published_year: number | null;
  price_cents: number | null;
  price_currency: string | null;
  class_number: string | null;
  title_id: number | null;
  status: string | null;
  requesters: number | null;
  held_items: number | null;
  mine: number | null;
}

/**
 * An entry with the title it pools onto (its requesters and status), the copies the library
 * holds of its ISBN, and the asking patron's own suggestion of it.
 */
function entrySelect(principal: Principal): SQL {
  return sql`SELECT e.id, e.catalogue_id, c.name AS catalogue_name, c.vendor, e.isbn13, e.title, e.authors,
      e.publisher, e.published_year, e.price_cents, e.price_currency, e.class_number,
      t.id AS title_id, t.status, t.requester_count AS requesters,
      (SELECT sum(h.items) FROM holding_isbns i JOIN holdings h ON h.id = i.holding_id WHERE i.isbn13 = e.isbn13) AS held_items,
      (SELECT s.id FROM suggestions s WHERE s.title_id = t.id AND s.patron_id = ${principal.patron?.id ?? null}) AS mine
    FROM catalogue_entries e JOIN catalogues c ON c.id = e.catalogue_id
    LEFT JOIN titles t ON t.work_key = e.work_key`;
}

/** LIKE's own characters in what a patron typed are only characters. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The entries of current catalogues that match, a page of them, and how many match in all. */
export async function searchCatalogue(
  deps: Deps,
  principal: Principal,
  search: CatalogueSearch,
): Promise<{ entries: CatalogueEntry[]; total: number }> {
  const where: SQL[] = [offered(deps)];
  const q = search.q?.trim();
  if (q) {
    const isbn = parseIsbn(q);
    if (isbn.ok) where.push(sql`e.isbn13 = ${isbn.isbn13}`);
    else {
      // Folded as the entries' search text is (domain/catalogue.ts): a reader in Taipei finds a
      // Beijing vendor's list in their own script.
      where.push(
        sql`(e.search_text LIKE ${`%${escapeLike(foldForSearch(q))}%`} ESCAPE '\\'
             OR e.isbn13 LIKE ${`%${escapeLike(q.replace(/[-\s]/g, ''))}%`} ESCAPE '\\')`,
      );
    }
  }
  if (search.catalogue !== undefined) where.push(sql`e.catalogue_id = ${search.catalogue}`);
  const classNumber = search.classNumber?.trim();
  if (classNumber) where.push(sql`e.class_number LIKE ${`${escapeLike(classNumber)}%`} ESCAPE '\\'`);
  const filter = sql.join(where, sql` AND `);
  const from = sql`FROM catalogue_entries e JOIN catalogues c ON c.id = e.catalogue_id WHERE ${filter}`;
  const total = (await deps.db.orm.get<{ n: number }>(sql`SELECT count(*) AS n ${from}`))?.n ?? 0;
  const rows = await deps.db.orm.all<EntryRow>(
    sql`${entrySelect(principal)} WHERE ${filter}
        ORDER BY c.issued DESC, e.catalogue_id DESC, e.line, e.id
        LIMIT ${search.perPage} OFFSET ${(search.page - 1) * search.perPage}`,
  );
  return { entries: rows.map(entryOf), total };
}

function entryOf(row: EntryRow): CatalogueEntry {
  const title = row.status === null ? null : { status: row.status, requesters: row.requesters ?? 0 };
  return {
    id: row.id,
    catalogue: { id: row.catalogue_id, name: row.catalogue_name, vendor: row.vendor },
    isbn13: row.isbn13,
    title: row.title,
    authors: JSON.parse(row.authors) as string[],
    publisher: row.publisher,
    publishedYear: row.published_year,
    price:
      row.price_cents !== null && row.price_currency
        ? { amount: row.price_cents / 100, currency: row.price_currency }
        : null,
    classNumber: row.class_number,
    requesters: row.requesters ?? 0,
    standing: standing(title, row.held_items ?? 0),
    titleId: row.title_id,
    mine: row.mine,
  };
}

/** One entry of a current catalogue, as the patron about to suggest it sees it; undefined when there is none. */
export async function catalogueEntry(
  deps: Deps,
  principal: Principal,
  id: number,
): Promise<CatalogueEntry | undefined> {
  const row = await deps.db.orm.get<EntryRow>(sql`${entrySelect(principal)} WHERE e.id = ${id} AND ${offered(deps)}`);
  return row ? entryOf(row) : undefined;
}

/**
 * A patron suggests an entry: the book as the vendor describes it, with the patron's reason,
 * through intake like any suggestion (their limits, "already held", pooling, the messages).
 */
export async function suggestEntry(
  deps: Deps,
  principal: Principal,
  id: number,
  reason: string | undefined,
): Promise<number> {
  const entry = await catalogueEntry(deps, principal, id);
  if (!entry) throw new ApiError('not-found', `There is no entry ${id} in a catalogue on offer.`);
  const { id: suggestionId } = await createSuggestion(
    deps,
    principal,
    {
      ...(entry.isbn13 ? { isbn: entry.isbn13 } : {}),
      title: entry.title,
      ...(entry.authors[0] ? { author: entry.authors[0] } : {}),
      format: 'print',
      wantsHold: false,
      ...(reason ? { reason } : {}),
    },
    'catalogue',
  );
  return suggestionId;
}
