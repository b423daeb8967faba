// Shapes shared by several resources, described once for the OpenAPI document, and the
// functions that turn stored rows into them.
import { z } from '@hono/zod-openapi';
import type { Metadata } from '../domain/metadata.js';
import { PROBLEMS, type ProblemType } from '../errors.js';
import type { HistoryEntry, TitleRow } from '../services/titles.js';

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ description: 'PUBLIC_BASE_URL/problems/ and the kind of problem' }),
    title: z.string().openapi({ description: 'the same for every problem of this type' }),
    status: z.number().int(),
    detail: z.string().openapi({ description: 'what went wrong this time, and what to do about it' }),
    instance: z.string().optional(),
    requestId: z
      .string()
      .optional()
      .openapi({ description: 'the id of this request in the server log and the X-Request-Id header' }),
    errors: z
      .array(
        z.object({
          pointer: z.string().openapi({ description: 'JSON Pointer to the field in the body', example: '/isbn' }),
          parameter: z.string().optional().openapi({ description: 'the query or path parameter at fault' }),
          detail: z.string(),
          candidates: z.array(z.string()).optional().openapi({ description: 'likely intended ISBNs' }),
          maxLength: z.number().int().optional().openapi({ description: 'the most characters the field accepts' }),
        }),
      )
      .optional(),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details' });

/**
 * A problem answer in the OpenAPI document, shown with an example of its own kind: a 401 reads
 * as a 401, not as the ISBN mistake of a 422.
 */
export function problem(type: ProblemType, description: string, detail: string, extensions: object = {}) {
  const example = {
    type: `https://library.example.edu/problems/${type}`,
    title: PROBLEMS[type].title,
    status: PROBLEMS[type].status,
    detail,
    ...extensions,
  };
  return { content: { 'application/problem+json': { schema: ProblemSchema, example } }, description };
}

export const authProblems = {
  401: problem('unauthenticated', 'No valid bearer token', 'This needs "Authorization: Bearer <token>".'),
  403: problem(
    'forbidden',
    'The role may not do this',
    "This is for selector or admin accounts; this token is a patron's.",
  ),
};

/** The 422 of a query or path parameter that is not what the operation takes. */
export const parameterProblem = (description: string, parameter: string, detail: string) =>
  problem('validation', description, `${parameter}: ${detail}`, { errors: [{ pointer: '', parameter, detail }] });

/**
 * A stored row's id, as a path or a cursor gives it: decimal digits only. Number() would read
 * "0x24" as 36, "1e1" as 10 and " 36" as 36, so one row would answer to many paths.
 */
export const Id = z
  .string()
  .regex(/^[1-9][0-9]{0,14}$/, 'An id is a whole number written in decimal digits, such as 42.')
  .transform(Number)
  .openapi({ type: 'integer', example: 42 });

export const IdParam = z.object({
  id: Id.openapi({ param: { name: 'id', in: 'path' } }),
});

export const PageQuery = {
  status: z
    .string()
    .max(40)
    .optional()
    .openapi({ description: 'only items whose title is in this status', example: 'submitted' }),
  department: z
    .string()
    .max(40)
    .optional()
    .openapi({ description: "only requesters from this department's code", example: 'CS' }),
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ example: 50 }),
  cursor: Id.optional().openapi({ description: 'nextCursor from the previous page' }),
};

export const TitleSummarySchema = z
  .object({
    id: z.number().int(),
    isbn13: z.string().nullable().openapi({ example: '9780132350884' }),
    title: z.string().nullable().openapi({ example: 'Clean code' }),
    author: z.string().nullable().openapi({ example: 'Martin, Robert C.' }),
    status: z.string().openapi({ example: 'submitted' }),
    statusChangedAt: z.string().openapi({ format: 'date-time' }),
    requesterCount: z.number().int(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    discipline: z
      .string()
      .nullable()
      .openapi({ description: 'from the classification in its metadata', example: 'computer-science' }),
    coverUrl: z.string().nullable(),
    held: z
      .object({ items: z.number().int(), where: z.string() })
      .nullable()
      .openapi({ description: 'what the library already owns of this ISBN, and where' }),
    price: z
      .object({ amount: z.number(), currency: z.string() })
      .nullable()
      .openapi({ description: 'list price, when a provider gives one' }),
  })
  .openapi('TitleSummary');

export const MetadataSchema = z
  .object({
    title: z.string().nullable(),
    subtitle: z.string().nullable(),
    authors: z.array(z.string()),
    publisher: z.string().nullable(),
    publishedYear: z.number().int().nullable(),
    language: z.string().nullable(),
    pageCount: z.number().int().nullable(),
    lcc: z.array(z.string()),
    ddc: z.array(z.string()),
    subjects: z.array(z.string()),
    coverUrl: z.string().nullable(),
    isbn13s: z.array(z.string()),
    listPrice: z.object({ amount: z.number(), currency: z.string() }).nullable(),
    link: z.string().nullable(),
    edition: z.string().nullable().optional().openapi({ description: 'as staff give it', example: '2nd ed.' }),
    sources: z
      .record(z.string(), z.string())
      .optional()
      .openapi({ description: 'which provider each field came from' }),
  })
  .openapi('Metadata');

export const HistoryEntrySchema = z
  .object({
    from: z.string().nullable(),
    to: z.string(),
    at: z.string().openapi({ format: 'date-time' }),
    reason: z.string().nullable(),
    actorRole: z.string().openapi({ description: 'patron, selector, admin or system' }),
    actor: z.string().optional().openapi({ description: 'token or patron that made the change (staff only)' }),
  })
  .openapi('HistoryEntry');

export function titleSummaryJson(row: TitleRow): z.infer<typeof TitleSummarySchema> {
  const metadata = row.metadata ? (JSON.parse(row.metadata) as Metadata) : null;
  return {
    id: row.id,
    isbn13: row.isbn13,
    title: row.title,
    author: row.author,
    status: row.status,
    statusChangedAt: row.statusChangedAt.toISOString(),
    requesterCount: row.requesterCount,
    createdAt: row.createdAt.toISOString(),
    discipline: row.discipline,
    coverUrl: metadata?.coverUrl ?? null,
    held: row.heldItems > 0 ? { items: row.heldItems, where: row.heldWhere ?? '' } : null,
    price: row.priceCents === null ? null : { amount: row.priceCents / 100, currency: row.priceCurrency ?? '' },
  };
}

/** Patrons see what happened and why, not which member of staff did it. */
export function historyJson(entries: HistoryEntry[], staff: boolean): z.infer<typeof HistoryEntrySchema>[] {
  return entries.map((e) => ({
    from: e.from,
    to: e.to,
    at: e.at.toISOString(),
    reason: e.reason,
    actorRole: e.actorRole,
    ...(staff ? { actor: e.actor } : {}),
  }));
}

export function nextCursor<T extends { id: number }>(items: T[], limit: number): number | null {
  return items.length === limit ? items[items.length - 1]!.id : null;
}
