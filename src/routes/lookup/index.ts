// The suggestion form's question before the patron submits: is this a real ISBN, which book is
// it, does the library already have it, and has someone already asked (so the patron can add
// their voice). Metadata comes from the cache, or from the providers with a short timeout:
// a slow provider makes the answer thinner, never late.
import { createRoute, z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { suggestions, titles } from '../../db/schema.js';
import { parseIsbn } from '../../domain/isbn.js';
import { isbnWorkKey } from '../../domain/work-key.js';
import { validationError } from '../../errors.js';
import { authenticate, createRouter } from '../router.js';
import { authProblems, MetadataSchema, problem } from '../schemas.js';

const LookupSchema = z
  .object({
    isbn13: z.string().openapi({ example: '9780132350884' }),
    isbn10: z.string().nullable().openapi({ example: '0132350882' }),
    hyphenated: z.string().openapi({ example: '978-0-13-235088-4' }),
    metadata: MetadataSchema.nullable(),
    discipline: z.string().nullable(),
    held: z
      .object({ items: z.number().int(), where: z.string() })
      .nullable()
      .openapi({ description: 'the library already has it' }),
    title: z
      .object({
        id: z.number().int(),
        status: z.string(),
        requesterCount: z.number().int(),
        yourSuggestionId: z
          .number()
          .int()
          .nullable()
          .openapi({ description: 'when the asking patron has suggested it already' }),
      })
      .nullable()
      .openapi({ description: 'the pooled title, when someone has suggested this book' }),
    complete: z.boolean().openapi({ description: 'false when a provider did not answer in time' }),
  })
  .openapi('Lookup');

const lookup = createRoute({
  method: 'get',
  path: '/lookup',
  tags: ['Suggestions'],
  summary: 'Look an ISBN up before suggesting it',
  security: [{ bearer: [] }],
  middleware: [authenticate] as const,
  request: { query: z.object({ isbn: z.string().min(1).max(100).openapi({ example: '0-13-235088-2' }) }) },
  responses: {
    200: { content: { 'application/json': { schema: LookupSchema } }, description: 'What is known of the book' },
    ...authProblems,
    422: problem('Not a valid ISBN; `candidates` holds the likely intended ones'),
  },
});

export const lookupRouter = createRouter().openapi(lookup, async (c) => {
  const deps = c.get('deps');
  const principal = c.get('principal');
  const parsed = parseIsbn(c.req.valid('query').isbn);
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
  const [found, existing] = await Promise.all([
    deps.enricher.enrich([parsed.isbn13], { timeoutMs: deps.config.LOOKUP_TIMEOUT_MS }),
    deps.db.orm
      .select({ id: titles.id, status: titles.status, requesterCount: titles.requesterCount })
      .from(titles)
      .where(eq(titles.workKey, isbnWorkKey(parsed.isbn13)))
      .get(),
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
  return c.json(
    {
      isbn13: parsed.isbn13,
      isbn10: parsed.isbn10,
      hyphenated: parsed.hyphenated,
      metadata: enrichment.metadata,
      discipline: enrichment.discipline,
      held: enrichment.held ? { items: enrichment.held.items, where: enrichment.held.where } : null,
      title: existing ? { ...existing, yourSuggestionId: yours } : null,
      complete: enrichment.missing.length === 0,
    },
    200,
  );
});
