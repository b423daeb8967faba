import { createRoute, z } from '@hono/zod-openapi';
import { FORMATS } from '../../db/schema.js';
import {
  courseCode,
  courseCodeProblem,
  courseTerm,
  courseTermProblem,
  MAX_REQUEST_ENROLMENT,
} from '../../domain/course.js';
import { FIRST_PRINTED_YEAR } from '../../domain/request-details.js';
import { TEXT_LIMITS } from '../../domain/text-limits.js';
import { allow, intakeBrake } from '../router.js';
import {
  authProblems,
  HistoryEntrySchema,
  IdParam,
  PageQuery,
  parameterProblem,
  problem,
  TitleSummarySchema,
} from '../schemas.js';

/** A course code or term as universities write it, checked by the rule in domain/course.ts and kept as it keeps them. */
const courseText = (normalize: (text: string) => string, problem: (text: string) => string | null, max: number) =>
  z
    .string()
    .max(max)
    .transform((text, ctx) => {
      const kept = normalize(text);
      const wrong = problem(kept);
      if (wrong) ctx.addIssue({ code: 'custom', message: wrong });
      return kept;
    });

export const CourseSchema = z
  .strictObject({
    code: courseText(courseCode, courseCodeProblem, TEXT_LIMITS.courseCode).openapi({
      description: 'as the university writes it; compared in capitals with spaces collapsed',
      example: 'HIST 210',
    }),
    term: courseText(courseTerm, courseTermProblem, TEXT_LIMITS.courseTerm).openapi({
      description: 'as the university writes it',
      example: '2027 Spring',
    }),
    enrolment: z
      .number()
      .int()
      .min(1)
      .max(MAX_REQUEST_ENROLMENT)
      .openapi({ description: 'students expected to take the course', example: 45 }),
  })
  .openapi('Course', {
    description:
      'the course the title is for; only faculty (by patron category) and liaisons may give one, others get a 422',
  });

/** What a requester says of their own request, beyond the book: the same rules at intake and on a change. */
const requestDetails = {
  format: z.enum(FORMATS).openapi({ description: 'one of the formats the library offers (the FORMATS setting)' }),
  reason: z.string().max(TEXT_LIMITS.reason).openapi({ example: 'Set reading for CS201 next term' }),
  needBy: z.iso.date().openapi({ description: 'YYYY-MM-DD', example: '2027-01-15' }),
  wantsHold: z.boolean().openapi({ description: 'place a hold for the requester when it arrives' }),
  publisher: z.string().trim().min(1).max(TEXT_LIMITS.publisher).openapi({ example: 'Prentice Hall' }),
  year: z
    .number()
    .int()
    .min(FIRST_PRINTED_YEAR)
    .max(9999)
    .openapi({ description: 'the year of the edition meant; at most two years ahead', example: 2008 }),
  edition: z.string().trim().min(1).max(TEXT_LIMITS.edition).openapi({ example: '2nd edition' }),
  series: z.string().trim().min(1).max(TEXT_LIMITS.series).openapi({ example: 'Robert C. Martin series' }),
  pickupBranch: z
    .string()
    .max(40)
    .openapi({ description: 'where to collect it: a code of the PICKUP_BRANCHES setting', example: 'SCI' }),
  noteToStaff: z.string().trim().min(1).max(TEXT_LIMITS.noteToStaff).openapi({
    description: 'for the selectors: shown to staff on the title, never to other patrons',
    example: 'The 2008 printing has the corrected chapter 3.',
  }),
};

/** The details a patron may leave out, optional at intake and clearable (null) on a change. */
const optionalDetails = [
  'reason',
  'needBy',
  'publisher',
  'year',
  'edition',
  'series',
  'pickupBranch',
  'noteToStaff',
] as const;

export const SuggestionCreateSchema = z
  .strictObject({
    isbn: z.string().max(TEXT_LIMITS.isbn).optional().openapi({
      description: 'ISBN-10 or ISBN-13, with or without hyphens; text around it ("(pbk.)") is ignored',
      example: '978-0-13-235088-4',
    }),
    title: z
      .string()
      .max(TEXT_LIMITS.title)
      .optional()
      .openapi({ description: 'needed when there is no ISBN', example: 'Clean code' }),
    author: z.string().max(TEXT_LIMITS.author).optional().openapi({ example: 'Robert C. Martin' }),
    format: requestDetails.format.default('print'),
    wantsHold: requestDetails.wantsHold.default(false),
    ...(Object.fromEntries(optionalDetails.map((key) => [key, requestDetails[key].optional()])) as {
      [K in (typeof optionalDetails)[number]]: z.ZodOptional<(typeof requestDetails)[K]>;
    }),
    course: CourseSchema.optional(),
  })
  .openapi('SuggestionCreate');

export const SuggestionEditSchema = z
  .strictObject({
    format: requestDetails.format.optional(),
    wantsHold: requestDetails.wantsHold.optional(),
    ...(Object.fromEntries(optionalDetails.map((key) => [key, requestDetails[key].nullable().optional()])) as {
      [K in (typeof optionalDetails)[number]]: z.ZodOptional<z.ZodNullable<(typeof requestDetails)[K]>>;
    }),
  })
  .openapi('SuggestionEdit', {
    description: 'the details to change; those left out stay as they are',
    example: { reason: 'Set reading for CS201 and CS202', needBy: '2027-02-01' },
  });

export const SuggestionSchema = z
  .object({
    id: z.number().int().openapi({ example: 42 }),
    status: z.string().openapi({ description: "the title's status", example: 'submitted' }),
    format: z.enum(FORMATS),
    reason: z.string().nullable(),
    needBy: z.string().nullable(),
    wantsHold: z.boolean(),
    publisher: z.string().nullable(),
    year: z.number().int().nullable(),
    edition: z.string().nullable(),
    series: z.string().nullable(),
    pickupBranch: z.string().nullable(),
    noteToStaff: z
      .string()
      .nullable()
      .optional()
      .openapi({ description: 'to the requester and to selectors and admins; never to anyone else' }),
    channel: z.string().openapi({ example: 'api' }),
    createdAt: z.string().openapi({ format: 'date-time' }),
    given: z.object({ isbn: z.string().nullable(), title: z.string().nullable(), author: z.string().nullable() }),
    course: z
      .object({ code: z.string(), term: z.string(), enrolment: z.number().int() })
      .nullable()
      .openapi({ description: 'the course it was asked for, if any' }),
    requester: z
      .object({
        patronId: z.number().int(),
        category: z.string(),
        department: z.string().nullable(),
        externalId: z.string().optional(),
        displayName: z.string().nullable().optional(),
        email: z.string().nullable().optional(),
      })
      .openapi({ description: 'who asked; names and contact details for selectors and admins only' }),
    title: TitleSummarySchema,
    history: z.array(HistoryEntrySchema).optional().openapi({ description: "the title's status history" }),
  })
  .openapi('Suggestion');

export const create = createRoute({
  method: 'post',
  path: '/suggestions',
  tags: ['Suggestions'],
  summary: 'Suggest a title for the library to buy',
  description:
    'Pools onto the title for the same work (same ISBN, or same title and first author) and tells the requester it arrived.',
  security: [{ bearer: [] }],
  middleware: [intakeBrake] as const,
  request: {
    body: { content: { 'application/json': { schema: SuggestionCreateSchema } }, required: true },
  },
  responses: {
    201: { content: { 'application/json': { schema: SuggestionSchema } }, description: 'Suggested' },
    ...authProblems,
    409: problem(
      'duplicate-suggestion',
      'This patron already suggested this title (`duplicate-suggestion`; `suggestionId` names it), or the library already has it (`already-held`; `where` and `catalogueUrl` say where)',
      'You suggested this title before (suggestion 42); its status page shows where it stands.',
      { suggestionId: 42, titleId: 7 },
    ),
    413: problem('payload-too-large', 'Body too large', 'Bodies are limited to 65536 bytes.'),
    415: problem('unsupported-media-type', 'Body is not JSON', 'Send the body as application/json (got "text/plain").'),
    422: problem(
      'validation',
      'Invalid fields, such as an ISBN whose check digit is wrong, or a course from a patron who is not faculty or a liaison',
      '/isbn: The check digit does not match: a digit may be mistyped. Did you mean 9781781682135?',
      {
        errors: [
          {
            pointer: '/isbn',
            detail: 'The check digit does not match: a digit may be mistyped. Did you mean 9781781682135?',
            problem: 'checksum',
            candidates: ['9781781682135'],
          },
        ],
      },
    ),
    429: problem(
      'suggestion-limit',
      "Over the patron's suggestion limit, or posting faster than RATE_LIMIT_INTAKE_PER_MINUTE; Retry-After says when, if a time is known",
      'You have made 20 suggestions in the last 30 days, the most this library allows. You can suggest again from 2026-12-04 09:14 UTC.',
      { limit: 'recent', retryAt: '2026-12-04T09:14:03.120Z' },
    ),
  },
});

export const list = createRoute({
  method: 'get',
  path: '/suggestions',
  tags: ['Suggestions'],
  summary: "List suggestions: a patron's own, or everyone's for staff",
  security: [{ bearer: [] }],
  request: { query: z.object(PageQuery) },
  responses: {
    200: {
      content: {
        'application/json': {
          schema: z.object({ items: z.array(SuggestionSchema), nextCursor: z.number().int().nullable() }),
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
  path: '/suggestions/{id}',
  tags: ['Suggestions'],
  summary: "One suggestion, with its title's status history",
  security: [{ bearer: [] }],
  request: { params: IdParam },
  responses: {
    200: { content: { 'application/json': { schema: SuggestionSchema } }, description: 'The suggestion' },
    ...authProblems,
    404: problem(
      'not-found',
      "No such suggestion, or it is another patron's",
      'There is no suggestion 42 for you to see.',
    ),
  },
});

const notYours = problem(
  'not-found',
  "No such suggestion, or it is another patron's",
  'There is no suggestion 42 for you to change.',
);
const alreadyReviewed = problem(
  'already-reviewed',
  'A selector has already moved its title on from "submitted": the request stands as it was made',
  'A selector has already looked at this suggestion (it is now "In review"), so it can no longer be changed or withdrawn; ask the library if something is wrong with it.',
  { titleStatus: 'in_review' },
);

export const edit = createRoute({
  method: 'patch',
  path: '/suggestions/{id}',
  tags: ['Suggestions'],
  summary: 'Change the details of your own suggestion before it is reviewed',
  description:
    "The requester's own suggestion, while its title is still submitted (no selector has moved it): the fields given replace the stored ones, and the title's history notes the change.",
  security: [{ bearer: [] }],
  middleware: [allow('amendOwnSuggestion')] as const,
  request: {
    params: IdParam,
    body: { content: { 'application/json': { schema: SuggestionEditSchema } }, required: true },
  },
  responses: {
    200: { content: { 'application/json': { schema: SuggestionSchema } }, description: 'The suggestion as it now is' },
    ...authProblems,
    404: notYours,
    409: alreadyReviewed,
    422: problem('validation', 'Invalid fields', '/needBy: The date the book is needed by (2020-01-01) has passed.', {
      errors: [
        { pointer: '/needBy', detail: 'The date the book is needed by (2020-01-01) has passed.', problem: 'past' },
      ],
    }),
  },
});

export const withdraw = createRoute({
  method: 'post',
  path: '/suggestions/{id}/withdraw',
  tags: ['Suggestions'],
  summary: 'Withdraw your own suggestion before it is reviewed',
  description:
    "Removes the request at once, so it no longer counts against the patron's limits or as demand. The last request of a title cancels the title (its history says it was withdrawn); other patrons' requests for it are untouched.",
  security: [{ bearer: [] }],
  middleware: [allow('amendOwnSuggestion')] as const,
  request: { params: IdParam },
  responses: {
    200: {
      content: {
        'application/json': {
          schema: z
            .object({
              withdrawn: z.number().int().openapi({ description: 'the suggestion withdrawn', example: 42 }),
              title: TitleSummarySchema,
            })
            .openapi('SuggestionWithdrawn'),
        },
      },
      description: 'Withdrawn; the title as it now stands (cancelled when it was the last request)',
    },
    ...authProblems,
    404: notYours,
    409: alreadyReviewed,
  },
});
