import { createRoute, z } from '@hono/zod-openapi';
import { IMPORTANCES } from '../../domain/course.js';
import { TEXT_LIMITS } from '../../domain/text-limits.js';
import { allow } from '../router.js';
import {
  authProblems,
  HistoryEntrySchema,
  IdParam,
  MetadataSchema,
  PageQuery,
  parameterProblem,
  problem,
  TitleSummarySchema,
} from '../schemas.js';

const DemandSchema = z
  .object({
    byCategory: z.record(z.string(), z.number().int()).openapi({ example: { faculty: 2, undergraduate: 3 } }),
    byDepartment: z.record(z.string(), z.number().int()).openapi({ example: { CS: 4, MATH: 1 } }),
  })
  .openapi('Demand');

const RequesterSchema = z
  .object({
    suggestionId: z.number().int(),
    patronId: z.number().int(),
    externalId: z.string(),
    displayName: z.string().nullable(),
    email: z.string().nullable(),
    category: z.string(),
    department: z.string().nullable(),
    format: z.string(),
    reason: z.string().nullable(),
    needBy: z.string().nullable(),
    wantsHold: z.boolean(),
    channel: z.string(),
    course: z
      .object({ code: z.string(), term: z.string(), enrolment: z.number().int() })
      .nullable()
      .openapi({ description: 'the course this request was for' }),
    publisher: z.string().nullable(),
    year: z.number().int().nullable(),
    edition: z.string().nullable(),
    series: z.string().nullable(),
    pickupBranch: z.string().nullable().openapi({ description: 'where they would collect it (PICKUP_BRANCHES)' }),
    staffNote: z.string().nullable().openapi({ description: "the requester's note to the selectors" }),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Requester');

export const TitleCourseSchema = z
  .object({
    course: z.string().openapi({ example: 'HIST 210' }),
    name: z.string().nullable().openapi({ example: 'The Atlantic World, 1450-1850' }),
    term: z.string().nullable().openapi({ example: '2027 Spring' }),
    enrolment: z.number().int().nullable().openapi({ example: 45 }),
    importance: z
      .enum(IMPORTANCES)
      .nullable()
      .openapi({ description: "the reading list's importance; null for a request for the course" }),
    source: z.enum(['request', 'reading-list']),
  })
  .openapi('TitleCourse');

export const TitleInIlsSchema = z
  .object({
    system: z.enum(['koha', 'folio', 'alma']),
    push: z.enum(['pending', 'sent', 'dead']).openapi({
      description:
        'pending: waiting to be sent; sent: the ILS has it; dead: given up on, lastError says why (POST /ils/retry)',
    }),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    ilsId: z
      .string()
      .nullable()
      .openapi({ description: "Koha's suggestion id, FOLIO's purchase order id, Alma's PO line" }),
    ilsNumber: z
      .string()
      .nullable()
      .openapi({ description: "FOLIO's PO number, Alma's PO line number", example: '10001' }),
    lineId: z.string().nullable().openapi({ description: "FOLIO's PO line id" }),
    lineNumber: z.string().nullable().openapi({ description: "FOLIO's PO line number", example: '10001-1' }),
    recordId: z
      .string()
      .nullable()
      .openapi({ description: "the catalogue record: Koha's biblio_id, FOLIO's instance, Alma's MMS id" }),
    ilsStatus: z.string().nullable().openapi({ description: "the ILS's own word for where it is", example: 'ORDERED' }),
    sentAt: z.string().nullable().openapi({ format: 'date-time' }),
    syncedAt: z.string().nullable().openapi({ format: 'date-time', description: 'when the sync last read it back' }),
  })
  .openapi('TitleInIls');

export const TitleSchema = TitleSummarySchema.extend({
  updatedAt: z.string().openapi({ format: 'date-time' }),
  demand: DemandSchema,
  courses: z.array(TitleCourseSchema).openapi({
    description: 'the courses it is for, one per course and term: requests for a course and reading lists',
  }),
  copies: z
    .object({
      recommended: z
        .number()
        .int()
        .openapi({ description: 'what its courses call for (READING_LIST_STUDENTS_PER_COPY)' }),
      held: z.number().int(),
      toOrder: z.number().int().openapi({ description: 'beyond those held, and at least one' }),
    })
    .openapi({ example: { recommended: 5, held: 2, toOrder: 3 } }),
  metadata: MetadataSchema.nullable().openapi({ description: 'merged from the providers; null until enriched' }),
  proposal: z.object({ isbn13: z.string(), provider: z.string(), metadata: MetadataSchema }).nullable().openapi({
    description:
      'for a title suggested without an ISBN: the edition a search found, to confirm with POST /titles/{id}/isbn',
  }),
  requesters: z.array(RequesterSchema).optional().openapi({ description: 'each request (selectors and admins)' }),
  history: z.array(HistoryEntrySchema).optional(),
  ils: TitleInIlsSchema.optional().openapi({
    description: 'where it is in the ILS, once it was queued for it (staff)',
  }),
  feedback: z
    .object({
      yes: z.number().int(),
      no: z.number().int(),
      notes: z
        .array(
          z.object({
            answer: z.enum(['yes', 'no']),
            note: z.string(),
            at: z.string().openapi({ format: 'date-time' }),
          }),
        )
        .optional()
        .openapi({ description: 'what requesters wrote (selectors and admins)' }),
    })
    .optional()
    .openapi({ description: 'requesters\' answers to "Was this what you needed?", once it is on the shelf' }),
}).openapi('Title');

export const StatusChangeSchema = z
  .strictObject({
    status: z.string().min(1).max(40).openapi({ example: 'approved' }),
    reason: z.string().max(TEXT_LIMITS.reason).nullish().openapi({
      description: "required for rejection; a reason code from GET /workflow is shown in each requester's language",
      example: 'out_of_scope',
    }),
  })
  .openapi('StatusChange');

export const list = createRoute({
  method: 'get',
  path: '/titles',
  tags: ['Titles'],
  summary: 'Pooled titles with their demand',
  security: [{ bearer: [] }],
  middleware: [allow('readTitles')] as const,
  request: { query: z.object(PageQuery) },
  responses: {
    200: {
      content: {
        'application/json': {
          schema: z.object({ items: z.array(TitleSchema), nextCursor: z.number().int().nullable() }),
        },
      },
      description: 'Newest first',
    },
    ...authProblems,
    422: parameterProblem('Invalid query parameters', 'limit', 'Too big: expected number to be <=200'),
  },
});

export const get = createRoute({
  method: 'get',
  path: '/titles/{id}',
  tags: ['Titles'],
  summary: 'One title with its requesters and status history',
  security: [{ bearer: [] }],
  middleware: [allow('readTitles')] as const,
  request: { params: IdParam },
  responses: {
    200: { content: { 'application/json': { schema: TitleSchema } }, description: 'The title' },
    ...authProblems,
    404: problem('not-found', 'No such title', 'There is no title 42.'),
  },
});

export const changeStatus = createRoute({
  method: 'post',
  path: '/titles/{id}/status',
  tags: ['Titles'],
  summary: 'Move a title through the workflow',
  description: 'Writes an event to the history and a message to every requester, together.',
  security: [{ bearer: [] }],
  middleware: [allow('decide')] as const,
  request: {
    params: IdParam,
    body: { content: { 'application/json': { schema: StatusChangeSchema } }, required: true },
  },
  responses: {
    200: { content: { 'application/json': { schema: TitleSchema } }, description: 'The title after the change' },
    ...authProblems,
    404: problem('not-found', 'No such title', 'There is no title 42.'),
    409: problem(
      'forbidden-move',
      'The workflow does not allow this move from the current status',
      'A title that is available cannot become approved; it can become in_review.',
      { from: 'available', to: 'approved', allowed: ['in_review'] },
    ),
    422: problem(
      'validation',
      'Unknown status, or a missing reason',
      '/reason: Moving a title to rejected needs a reason for the requesters.',
      { errors: [{ pointer: '/reason', detail: 'Moving a title to rejected needs a reason for the requesters.' }] },
    ),
  },
});

export const confirmIsbn = createRoute({
  method: 'post',
  path: '/titles/{id}/isbn',
  tags: ['Titles'],
  summary: 'Confirm the edition of a title suggested without an ISBN',
  description:
    'Gives the title an ISBN (usually its proposal). If another title has that ISBN, the requests pool onto it and this title is merged away; the answer is the title that remains.',
  security: [{ bearer: [] }],
  middleware: [allow('decide')] as const,
  request: {
    params: IdParam,
    body: {
      content: {
        'application/json': {
          schema: z.strictObject({
            isbn: z.string().min(1).max(TEXT_LIMITS.isbn).openapi({ example: '9787536692930' }),
          }),
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      content: { 'application/json': { schema: TitleSchema } },
      description: 'The title that holds the requests now',
    },
    ...authProblems,
    404: problem('not-found', 'No such title', 'There is no title 42.'),
    409: problem('forbidden-move', 'The title already has an ISBN', 'Title 42 already has the ISBN 9780132350884.'),
    422: problem('validation', 'Not a valid ISBN', '/isbn: An ISBN-13 begins with 978 or 979.', {
      errors: [
        { pointer: '/isbn', detail: 'An ISBN-13 begins with 978 or 979.', problem: 'not-an-isbn', candidates: [] },
      ],
    }),
  },
});
