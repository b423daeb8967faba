import { createRoute, z } from '@hono/zod-openapi';
import { IMPORTANCES } from '../../domain/course.js';
import { EDIT_FIELDS } from '../../domain/title-edits.js';
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
    noteToStaff: z.string().nullable().openapi({ description: "the requester's note to the selectors" }),
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
      .openapi({
        description: "Koha's suggestion id (or basket_id, KOHA_MODE=order), FOLIO's purchase order id, Alma's PO line",
      }),
    ilsNumber: z
      .string()
      .nullable()
      .openapi({ description: "FOLIO's PO number, Alma's PO line number, Koha's order_id", example: '10001' }),
    lineId: z.string().nullable().openapi({ description: "FOLIO's PO line id, Koha's order_id" }),
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

export const EndorsementSchema = z
  .object({
    department: z.string().openapi({ example: 'HIST' }),
    comment: z.string().nullable().openapi({ example: 'Core reading for HIST 210 from next spring.' }),
    name: z
      .string()
      .nullable()
      .optional()
      .openapi({ description: 'the liaison who endorsed it (selectors and admins)', example: 'Dr. Chen' }),
    mine: z.boolean().openapi({ description: 'whether it is the reader’s own, to withdraw' }),
    at: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Endorsement');

export const TitleChangeSchema = z
  .object({
    field: z.enum(EDIT_FIELDS).openapi({ example: 'price' }),
    before: z.unknown().openapi({ example: { amount: 45, currency: 'USD' } }),
    after: z.unknown().openapi({ example: { amount: 39.5, currency: 'USD' } }),
    at: z.string().openapi({ format: 'date-time' }),
    actorRole: z.string().openapi({ example: 'selector' }),
    actor: z.string().openapi({ example: 'token:3' }),
    actorName: z.string().nullable().openapi({ example: 'Priya' }),
  })
  .openapi('TitleChange');

const code = (what: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(TEXT_LIMITS.orderCode)
    .regex(/^[^\x00-\x1f\x7f]+$/, `${what} is a code with no control characters`);
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** A staff edit: partial, and each field given as null goes back to the providers' (or to none). */
export const TitleEditSchema = z
  .strictObject({
    title: z.string().trim().min(1).max(TEXT_LIMITS.title).nullish().openapi({ example: 'The three-body problem' }),
    subtitle: z.string().trim().min(1).max(TEXT_LIMITS.title).nullish(),
    authors: z
      .array(z.string().trim().min(1).max(TEXT_LIMITS.author))
      .min(1)
      .max(30)
      .nullish()
      .openapi({ example: ['Liu, Cixin', 'Liu, Ken'] }),
    publisher: z.string().trim().min(1).max(TEXT_LIMITS.publisher).nullish().openapi({ example: 'Tor Books' }),
    publishedYear: z.number().int().min(1450).max(2100).nullish().openapi({ example: 2014 }),
    edition: z.string().trim().min(1).max(TEXT_LIMITS.edition).nullish().openapi({ example: '1st ed.' }),
    price: z
      .strictObject({
        amount: z.number().positive().max(1_000_000),
        currency: z
          .string()
          .regex(/^[A-Z]{3}$/, 'a currency is its ISO 4217 code, such as USD or CNY')
          .refine((c) => CURRENCIES.has(c), 'not a currency ISO 4217 knows'),
      })
      .nullish()
      .openapi({ description: "null: the providers' list price again", example: { amount: 39.5, currency: 'USD' } }),
    fund: code('A fund')
      .nullish()
      .openapi({ description: "null: the charged department's fund", example: 'HIST-MONO' }),
    quantity: z
      .number()
      .int()
      .min(1)
      .max(999)
      .nullish()
      .openapi({ description: 'copies to order; null: what its courses call for', example: 2 }),
    vendor: code('A vendor').nullish().openapi({ description: 'null: ORDER_VENDOR', example: 'YBP' }),
    staffNote: z
      .string()
      .trim()
      .max(TEXT_LIMITS.staffNote)
      .nullish()
      .openapi({ description: 'for staff only, never shown to patrons', example: 'Vendor quotes 6 weeks.' }),
    assignee: z
      .string()
      .min(1)
      .max(200)
      .nullish()
      .openapi({ description: "the colleague who manages it: a selector's or admin's --patron id", example: 'priya' }),
  })
  .openapi('TitleEdit');

export const EndorseSchema = z
  .strictObject({
    comment: z
      .string()
      .trim()
      .max(TEXT_LIMITS.comment)
      .nullish()
      .openapi({ example: 'Core reading for HIST 210 from next spring.' }),
  })
  .openapi('Endorse');

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
  endorsements: z
    .array(EndorsementSchema)
    .optional()
    .openapi({ description: "liaisons' endorsements, each counted as demand (one title)" }),
  staff: z
    .object({
      fund: z.string().nullable().openapi({ description: "set by staff; null: the charged department's" }),
      quantity: z.number().int().nullable().openapi({ description: 'set by staff; null: what its courses call for' }),
      vendor: z.string().nullable(),
      note: z.string().nullable().openapi({ description: 'never shown to patrons' }),
      assignee: z
        .object({ id: z.string(), name: z.string() })
        .nullable()
        .openapi({ example: { id: 'priya', name: 'Priya' } }),
    })
    .optional()
    .openapi({ description: 'the order as staff set it, their note and who manages it (selectors and admins)' }),
  changes: z
    .array(TitleChangeSchema)
    .optional()
    .openapi({ description: 'every staff edit, field by field, oldest first (selectors and admins)' }),
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

export const edit = createRoute({
  method: 'patch',
  path: '/titles/{id}',
  tags: ['Titles'],
  summary: "Correct a title's record, set its order, note and assignee",
  description:
    "Only the fields given change; null gives a field back to the providers (or to none). Each change is audited (who, when, field, before, after) and shown in the title's changes. The record staff set stays over what providers say at every later enrichment; price, fund and copies flow into the buy list, its downloads and the ILS push.",
  security: [{ bearer: [] }],
  middleware: [allow('editTitles')] as const,
  request: {
    params: IdParam,
    body: {
      content: {
        'application/json': {
          schema: TitleEditSchema,
          example: { price: { amount: 39.5, currency: 'USD' }, fund: 'HIST-MONO', quantity: 2, assignee: 'priya' },
        },
      },
      required: true,
    },
  },
  responses: {
    200: { content: { 'application/json': { schema: TitleSchema } }, description: 'The title after the change' },
    ...authProblems,
    404: problem('not-found', 'No such title', 'There is no title 42.'),
    422: problem(
      'validation',
      'A field is not what it takes',
      '/publishedYear: Too big: expected number to be <=2100',
      {
        errors: [{ pointer: '/publishedYear', detail: 'Too big: expected number to be <=2100' }],
      },
    ),
  },
});

export const endorse = createRoute({
  method: 'post',
  path: '/titles/{id}/endorsements',
  tags: ['Titles'],
  summary: "Endorse a title for the liaison's department",
  description:
    "A liaison's word for a title someone of their department asked for, with a comment. It counts as demand (docs/ranking.md) and shows on the title. Endorsing again changes the comment.",
  security: [{ bearer: [] }],
  middleware: [allow('endorse')] as const,
  request: {
    params: IdParam,
    body: { content: { 'application/json': { schema: EndorseSchema } }, required: true },
  },
  responses: {
    200: { content: { 'application/json': { schema: TitleSchema } }, description: 'The title, endorsed' },
    ...authProblems,
    404: problem('not-found', 'No such title for this department', 'There is no title 42 for you to see.'),
    422: problem(
      'validation',
      'The comment is too long',
      '/comment: Too big: expected string to have <=2000 characters',
      {
        errors: [{ pointer: '/comment', detail: 'Too big: expected string to have <=2000 characters' }],
      },
    ),
  },
});

export const withdrawEndorsement = createRoute({
  method: 'delete',
  path: '/titles/{id}/endorsements',
  tags: ['Titles'],
  summary: "Withdraw the liaison's endorsement",
  security: [{ bearer: [] }],
  middleware: [allow('endorse')] as const,
  request: { params: IdParam },
  responses: {
    200: { content: { 'application/json': { schema: TitleSchema } }, description: 'The title without it' },
    ...authProblems,
    404: problem('not-found', 'No such endorsement', 'You have not endorsed title 42.'),
  },
});

const mergeRefused = problem(
  'forbidden-move',
  'The title to merge away has gone to the ILS',
  '三体 has already gone to the ILS (koha), so it cannot be merged away: the ILS would keep an order for a title that is gone here. Open 三体 and merge 三体 into it instead.',
  { problem: 'in-ils' },
);

export const merge = createRoute({
  method: 'post',
  path: '/titles/{id}/merge',
  tags: ['Titles'],
  summary: 'Merge another title of the same work into this one',
  description:
    "Title `from` is merged into title `{id}`: its requests, history, messages, reading-list entries and requesters' feedback move here, and it is gone. A patron who asked for both keeps one request (the one on this title, with the other's reason if it had none), so nobody hears of a decision twice. This title keeps its status and its ILS record; if it has no ISBN it takes `from`'s. A title already sent to the ILS cannot be merged away (409): merge the other way round. The note in the history says who merged what. Errors are in the language of Accept-Language.",
  security: [{ bearer: [] }],
  middleware: [allow('mergeTitles')] as const,
  request: {
    params: IdParam,
    body: {
      content: {
        'application/json': {
          schema: z
            .strictObject({
              from: z.number().int().positive().openapi({ description: 'the title to merge away', example: 5 }),
            })
            .openapi('TitleMerge'),
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      content: { 'application/json': { schema: TitleSchema } },
      description: 'The kept title, with every request',
    },
    ...authProblems,
    404: problem(
      'not-found',
      'No such title',
      'That title is no longer there: it may have been merged already. Reload the page and choose again.',
    ),
    409: mergeRefused,
    422: problem(
      'validation',
      'A title merged into itself',
      '三体 cannot be merged into itself; choose the other title.',
      {
        problem: 'same',
      },
    ),
  },
});

export const split = createRoute({
  method: 'post',
  path: '/titles/{id}/split',
  tags: ['Titles'],
  summary: 'Move chosen requests off this title onto a new one',
  description:
    'For requests pooled onto the wrong title (another edition, a namesake): the chosen requests move, with their feedback, to a new title for the book they are for (its ISBN, or its title and author), which starts the workflow afresh and is looked up and scored. At least one request stays. Both histories note the split. A book that already has a title is refused (409, `titleId` names it): merge into that title instead. Errors are in the language of Accept-Language.',
  security: [{ bearer: [] }],
  middleware: [allow('mergeTitles')] as const,
  request: {
    params: IdParam,
    body: {
      content: {
        'application/json': {
          schema: z
            .strictObject({
              suggestions: z
                .array(z.number().int().positive())
                .min(1)
                .max(500)
                .openapi({ description: 'the ids of the requests to move (requesters[].suggestionId)', example: [12] }),
              isbn: z.string().max(TEXT_LIMITS.isbn).optional().openapi({ example: '9780765382030' }),
              title: z.string().max(TEXT_LIMITS.title).optional().openapi({ example: 'The Three-Body Problem' }),
              author: z.string().max(TEXT_LIMITS.author).optional().openapi({ example: 'Liu, Cixin' }),
            })
            .openapi('TitleSplit'),
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      content: { 'application/json': { schema: TitleSchema } },
      description: 'The new title, with the moved requests',
    },
    ...authProblems,
    404: problem(
      'not-found',
      'No such title',
      'That title is no longer there: it may have been merged already. Reload the page and choose again.',
    ),
    409: problem(
      'forbidden-move',
      'The book already has a title',
      'There is already a title for that book: The three-body problem. Open it and merge 三体 into it, or give another book.',
      { problem: 'exists', titleId: 7 },
    ),
    422: problem(
      'validation',
      'Nothing to move, every request, or no book',
      'Leave at least one request on 三体; to say which book it is, confirm its edition instead.',
      {
        problem: 'all-chosen',
      },
    ),
  },
});

export const rejectProposal = createRoute({
  method: 'post',
  path: '/titles/{id}/proposal/reject',
  tags: ['Titles'],
  summary: 'Set aside the edition enrichment proposed',
  description:
    'For a title suggested without an ISBN whose proposed edition (`proposal`) is not the book: the proposal is cleared and the history notes it; the title keeps its requests and can still be given an ISBN with POST /titles/{id}/isbn.',
  security: [{ bearer: [] }],
  middleware: [allow('decide')] as const,
  request: { params: IdParam },
  responses: {
    200: { content: { 'application/json': { schema: TitleSchema } }, description: 'The title, without a proposal' },
    ...authProblems,
    404: problem('not-found', 'No such title', 'There is no title 42.'),
    409: problem(
      'forbidden-move',
      'No proposal to set aside',
      '三体 has no proposed edition any more; reload the page.',
    ),
  },
});
