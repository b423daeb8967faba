import { createRoute, z } from '@hono/zod-openapi';
import { TEXT_LIMITS } from '../../domain/text-limits.js';
import { allow, intakeBrake } from '../router.js';
import { authProblems, Id, IdParam, parameterProblem, problem } from '../schemas.js';

export const CatalogueQuery = z.object({
  q: z.string().max(200).optional().openapi({
    description: 'words of the title, an author or a publisher, or an ISBN',
    example: '三体',
  }),
  catalogue: Id.optional().openapi({ description: 'only this catalogue’s entries' }),
  class: z.string().max(40).optional().openapi({
    description: 'only entries whose class number starts so (中图分类号 I247, an LC class QA76)',
    example: 'I247',
  }),
  page: z.coerce.number().int().min(1).max(10_000).default(1).openapi({ example: 1 }),
  perPage: z.coerce.number().int().min(1).max(100).default(20).openapi({ example: 20 }),
});

const Price = z.object({ amount: z.number(), currency: z.string() }).nullable();

export const CatalogueEntrySchema = z
  .object({
    id: z.number().int().openapi({ example: 12 }),
    catalogue: z.object({ id: z.number().int(), name: z.string(), vendor: z.string() }),
    isbn13: z.string().nullable().openapi({ example: '9787536692930' }),
    title: z.string().openapi({ example: '三体' }),
    authors: z.array(z.string()).openapi({ example: ['刘慈欣'] }),
    publisher: z.string().nullable().openapi({ example: '重庆出版社' }),
    publishedYear: z.number().int().nullable().openapi({ example: 2008 }),
    price: Price.openapi({ example: { amount: 23, currency: 'CNY' } }),
    classNumber: z.string().nullable().openapi({ example: 'I247.55' }),
    requesters: z
      .number()
      .int()
      .openapi({ description: 'how many patrons asked for this work, however they asked (荐购人数)', example: 3 }),
    standing: z.enum(['held', 'on-order', 'suggested', 'open']).openapi({
      description: 'held by the library, bought and on order, asked for by others, or not yet asked for',
    }),
    titleId: z.number().int().nullable().openapi({ description: 'the pooled title, once someone asked' }),
    mine: z.number().int().nullable().openapi({ description: 'the id of your own suggestion of it, if you made one' }),
  })
  .openapi('CatalogueEntry');

export const search = createRoute({
  method: 'get',
  path: '/catalogue',
  tags: ['Catalogues'],
  summary: 'Search the vendor catalogues on offer (征订目录), each entry with how many asked for it',
  security: [{ bearer: [] }],
  request: { query: CatalogueQuery },
  responses: {
    200: {
      content: {
        'application/json': {
          schema: z.object({
            entries: z.array(CatalogueEntrySchema),
            total: z.number().int().openapi({ description: 'entries matching, on all pages' }),
            page: z.number().int(),
            perPage: z.number().int(),
          }),
        },
      },
      description: 'The newest catalogues first, each in the vendor’s order',
    },
    ...authProblems,
    422: parameterProblem('Invalid query parameters', 'perPage', 'Too big: expected number to be <=100'),
  },
});

export const suggest = createRoute({
  method: 'post',
  path: '/catalogue/{id}/suggestions',
  tags: ['Catalogues'],
  summary: 'Suggest a catalogue entry (one click): an ordinary suggestion of the book as the vendor describes it',
  description:
    'Goes through the same intake as POST /suggestions: the patron’s limits, "already held", pooling and the messages apply.',
  security: [{ bearer: [] }],
  middleware: [intakeBrake] as const,
  request: {
    params: IdParam,
    body: {
      content: {
        'application/json': {
          schema: z.strictObject({
            reason: z
              .string()
              .max(TEXT_LIMITS.reason)
              .optional()
              .openapi({ example: 'For my thesis on science fiction' }),
          }),
        },
      },
      required: false,
    },
  },
  responses: {
    201: {
      content: {
        'application/json': {
          schema: z.object({
            suggestionId: z.number().int().openapi({ example: 42 }),
            titleId: z.number().int(),
            requesters: z.number().int().openapi({ description: 'how many have asked, this request included' }),
          }),
        },
      },
      description: 'Suggested; Location names the suggestion',
    },
    ...authProblems,
    404: problem('not-found', 'No such entry in a catalogue on offer', 'There is no entry 12 in a catalogue on offer.'),
    409: problem(
      'duplicate-suggestion',
      'This patron already suggested this work, or the library already has it (`already-held`)',
      'You suggested this title before (suggestion 42); its status page shows where it stands.',
      { suggestionId: 42, titleId: 7 },
    ),
    429: problem(
      'suggestion-limit',
      "Over the patron's suggestion limit",
      'You have 5 suggestions waiting for a decision, the most this library allows at once.',
      { limit: 'open' },
    ),
  },
});

export const CatalogueSchema = z
  .object({
    id: z.number().int(),
    name: z.string().openapi({ example: '2026年第3期新书征订目录' }),
    vendor: z.string().openapi({ example: '人天书店' }),
    issued: z.string().openapi({ example: '2026-03-01' }),
    expires: z.string().nullable().openapi({ example: '2026-06-30' }),
    entries: z.number().int(),
    current: z.boolean().openapi({ description: 'offered to patrons today' }),
  })
  .openapi('Catalogue');

export const list = createRoute({
  method: 'get',
  path: '/catalogues',
  tags: ['Catalogues'],
  summary: 'The vendor catalogues imported, newest first, expired ones too',
  security: [{ bearer: [] }],
  middleware: [allow('import')] as const,
  responses: {
    200: {
      content: { 'application/json': { schema: z.object({ items: z.array(CatalogueSchema) }) } },
      description: 'The catalogues',
    },
    ...authProblems,
  },
});

export const remove = createRoute({
  method: 'delete',
  path: '/catalogues/{id}',
  tags: ['Catalogues'],
  summary: 'Delete a vendor catalogue and its entries; suggestions made from it stay',
  security: [{ bearer: [] }],
  middleware: [allow('import')] as const,
  request: { params: IdParam },
  responses: {
    204: { description: 'Deleted' },
    ...authProblems,
    404: problem('not-found', 'No such catalogue', 'There is no catalogue 3.'),
  },
});
