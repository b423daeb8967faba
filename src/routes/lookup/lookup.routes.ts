// GET /api/v1/lookup: what the service knows of an ISBN before a patron suggests it.
import { createRoute, z } from '@hono/zod-openapi';
import { TEXT_LIMITS } from '../../domain/text-limits.js';
import { authProblems, MetadataSchema, problem } from '../schemas.js';

const LookupSchema = z
  .object({
    isbn13: z.string().openapi({ example: '9780132350884' }),
    isbn10: z.string().nullable().openapi({ example: '0132350882' }),
    hyphenated: z.string().openapi({ example: '978-0-13-235088-4' }),
    metadata: MetadataSchema.nullable(),
    discipline: z.string().nullable(),
    held: z
      .object({
        items: z.number().int(),
        where: z.string().nullable().openapi({ description: 'call number and location, when catalogued' }),
        catalogueUrl: z
          .string()
          .nullable()
          .openapi({ description: "the book's page in the catalogue (CATALOGUE_URL)" }),
      })
      .nullable()
      .openapi({ description: 'the library already has it, so it cannot be suggested' }),
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

export const lookup = createRoute({
  method: 'get',
  path: '/lookup',
  tags: ['Suggestions'],
  summary: 'Look an ISBN up before suggesting it',
  security: [{ bearer: [] }],
  request: { query: z.object({ isbn: z.string().min(1).max(TEXT_LIMITS.isbn).openapi({ example: '0-13-235088-2' }) }) },
  responses: {
    200: { content: { 'application/json': { schema: LookupSchema } }, description: 'What is known of the book' },
    ...authProblems,
    422: problem(
      'validation',
      'Not a valid ISBN; `candidates` holds the likely intended ones',
      'isbn: The check digit does not match: a digit may be mistyped. Did you mean 9780131103627?',
      {
        errors: [
          {
            pointer: '',
            parameter: 'isbn',
            detail: 'The check digit does not match: a digit may be mistyped. Did you mean 9780131103627?',
            problem: 'checksum',
            candidates: ['9780131103627'],
          },
        ],
      },
    ),
  },
});
