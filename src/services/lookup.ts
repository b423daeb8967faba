// The suggestion form's question before the patron submits: is this a real ISBN, which book is
// it, does the library already have it (then it is not suggested: the patron is told where it
// is), and has someone already asked (so the patron can add their voice). Metadata comes from the cache, or from the providers with a short timeout: a
// slow provider makes the answer thinner, never late. The API and the web form both ask here.
import { and, eq } from 'drizzle-orm';
import type { Deps, Principal } from '../context.js';
import { suggestions, titles } from '../db/schema.js';
import { parseIsbn } from '../domain/isbn.js';
import type { Metadata } from '../domain/metadata.js';
import { isbnWorkKey } from '../domain/work-key.js';
import { validationError } from '../errors.js';
import { type HeldBook, heldByLibrary } from './suggestions.js';

export interface Lookup {
  isbn13: string;
  isbn10: string | null;
  hyphenated: string;
  metadata: Metadata | null;
  discipline: string | null;
  held: HeldBook | null;
  /** the pooled title, when someone has suggested this book */
  title: { id: number; status: string; requesterCount: number; yourSuggestionId: number | null } | null;
  /** false when a provider did not answer in time */
  complete: boolean;
}

/** Throws a validation error (field `isbn`, with likely intended ISBNs) for a string that is no ISBN. */
export async function lookupIsbn(deps: Deps, principal: Principal, raw: string): Promise<Lookup> {
  const parsed = parseIsbn(raw);
  if (!parsed.ok) {
    const hint = parsed.candidates.length ? ` Did you mean ${parsed.candidates.join(' or ')}?` : '';
    throw validationError([
      {
        pointer: '',
        parameter: 'isbn',
        detail: parsed.message + hint,
        problem: parsed.reason,
        candidates: parsed.candidates,
      },
    ]);
  }
  const workKey = isbnWorkKey(parsed.isbn13);
  const [found, existing, held] = await Promise.all([
    deps.enricher.enrich([parsed.isbn13], { timeoutMs: deps.config.LOOKUP_TIMEOUT_MS }),
    deps.db.orm
      .select({ id: titles.id, status: titles.status, requesterCount: titles.requesterCount })
      .from(titles)
      .where(eq(titles.workKey, workKey))
      .get(),
    heldByLibrary(deps, { workKey, isbn13: parsed.isbn13 }),
  ]);
  const enrichment = found.get(parsed.isbn13)!;
  let yours: number | null = null;
  if (existing && principal.patron) {
    const mine = await deps.db.orm
      .select({ id: suggestions.id })
      .from(suggestions)
      .where(and(eq(suggestions.titleId, existing.id), eq(suggestions.patronId, principal.patron.id)))
      .get();
    yours = mine?.id ?? null;
  }
  return {
    isbn13: parsed.isbn13,
    isbn10: parsed.isbn10,
    hyphenated: parsed.hyphenated,
    metadata: enrichment.metadata,
    discipline: enrichment.discipline,
    held,
    title: existing ? { ...existing, yourSuggestionId: yours } : null,
    complete: enrichment.missing.length === 0,
  };
}
