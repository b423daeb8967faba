// GET /api/v1/buylist: the ranked, budget-aware buy list, as JSON for screens and scripts, CSV
// for spreadsheets (the review sheet, or the order sheet), MARC order records for the ILS's
// loader or the vendor, and FOLIO's composite purchase order.
import { createRoute, z } from '@hono/zod-openapi';
import { SORT_KEYS } from '../../domain/buylist.js';
import { COMPONENTS } from '../../domain/scoring.js';
import { LOCALES } from '../../domain/locale.js';
import { ORDER_PROFILES } from '../../domain/order-profiles.js';
import { FORMATS } from '../../db/schema.js';
import { allow } from '../router.js';
import { authProblems, parameterProblem, problem } from '../schemas.js';

const ComponentSchema = z.object({ value: z.number().nullable(), contribution: z.number() });

const BuyListSchema = z
  .object({
    scope: z.object({
      department: z.string().nullable(),
      fund: z.string().nullable(),
      selector: z.boolean().openapi({ description: "limited to the selector's assignment" }),
      discipline: z.string().nullable(),
      format: z.string().nullable(),
      status: z.string().nullable(),
    }),
    currency: z.string().openapi({ example: 'USD' }),
    scopeFund: z.string().nullable().openapi({
      description:
        "the fund the list's scope draws on: the fund asked for, or the department's; the order records' fund for a title no department pays for",
    }),
    budget: z.number().nullable(),
    committed: z.number().openapi({
      description:
        "list prices of titles approved, ordered or received and charged to the scope's departments (or, without a department or fund, in the scope)",
    }),
    remaining: z.number().nullable(),
    cutLine: z.number().int().nullable().openapi({ description: 'rank of the last title the remaining budget covers' }),
    withinTotal: z.number().openapi({ description: 'what the titles above the cut line cost, every copy' }),
    ranked: z.number().int().openapi({
      description:
        'titles ranked on the whole list, every page and whatever the search: the cut line is drawn across them',
    }),
    search: z.string().nullable(),
    sort: z.object({ by: z.enum(SORT_KEYS), dir: z.enum(['asc', 'desc']) }),
    paging: z.object({
      page: z.number().int().openapi({ example: 2 }),
      pages: z.number().int().openapi({ example: 7 }),
      pageSize: z.number().int().openapi({ example: 50 }),
      total: z
        .number()
        .int()
        .openapi({ description: 'titles the filters and the search hold, on every page', example: 320 }),
    }),
    items: z.array(
      z.object({
        rank: z.number().int(),
        titleId: z.number().int(),
        isbn13: z.string().nullable(),
        title: z.string().nullable(),
        subtitle: z.string().nullable(),
        author: z.string().nullable(),
        publisher: z.string().nullable(),
        edition: z.string().nullable().openapi({ description: 'the edition its requesters mean, as they gave it' }),
        series: z.string().nullable(),
        year: z.number().int().nullable(),
        status: z.string(),
        discipline: z.string().nullable(),
        disciplineName: z.string().nullable(),
        requesters: z.number().int(),
        score: z.number().nullable(),
        components: z.object(Object.fromEntries(COMPONENTS.map((c) => [c, ComponentSchema]))).nullable(),
        reason: z.string().openapi({
          example:
            '4 requesters, 2 faculty; Computer science circulates 2.3× its share of the collection; rising 40% this year',
        }),
        summary: z.string().openapi({
          description: 'the two or three strongest of those reasons, the line a list shows under the title',
          example: '4 requesters, 2 faculty · Computer science circulates 2.3× its share of the collection',
        }),
        createdAt: z
          .string()
          .openapi({ description: 'when it was first asked for', example: '2026-09-14T08:30:00.000Z' }),
        department: z.string().nullable().openapi({
          description:
            "the department whose budget the title's cost is charged to: the one that reads its discipline, else its first requester's",
          example: 'CS',
        }),
        fund: z
          .string()
          .nullable()
          .openapi({ description: "the fund a selector set for it, else that department's", example: 'CS-MONO' }),
        vendor: z
          .string()
          .nullable()
          .openapi({ description: 'the vendor a selector set for it; null: ORDER_VENDOR', example: 'YBP' }),
        quantity: z.number().int().openapi({
          description:
            'copies to order: as a selector set it, else what its courses call for beyond those held, at least one',
        }),
        format: z.enum(FORMATS).openapi({
          description:
            'the format to order: the one the list is filtered to, else the one most of its requesters asked for',
        }),
        needBy: z
          .string()
          .nullable()
          .openapi({ description: 'the earliest date a requester needs it by', example: '2027-01-15' }),
        language: z
          .string()
          .nullable()
          .openapi({ description: "the title's language, as its provider names it", example: 'en' }),
        classNumber: z
          .string()
          .nullable()
          .openapi({ description: 'its narrow class number, scheme first', example: 'clc:F124' }),
        price: z.number().nullable(),
        currency: z.string(),
        runningTotal: z.number(),
        withinBudget: z.boolean().nullable(),
        flags: z.array(z.string()).openapi({ description: 'no-price, held, unscored' }),
      }),
    ),
  })
  .openapi('BuyList');

/** A budget asked for with the list: the API's `?budget=` and the page's budget field alike. */
// An amount as a person types it: "2500" or "2500.50". Left empty it is no budget (the
// department's or fund's own), never a budget of 0; "0x10" or "1e3" is refused, not read as 16.
export const BudgetParameter = z
  .string()
  .regex(/^\s*(\d{1,12}(\.\d{1,2})?)?\s*$/, "A budget is an amount in the library's currency, such as 2500 or 2500.50.")
  .transform((text) => (text.trim() === '' ? undefined : Number(text)))
  .optional()
  .openapi({ type: 'number', description: "in the library's currency; else the department's or fund's budget" });

/**
 * Which titles the list holds and the budget it is drawn against: the API's query, and the buy
 * list page's filters parsed with the same schema.
 */
export const BuyListFilters = z.object({
  department: z.string().max(40).optional(),
  fund: z.string().max(60).optional(),
  discipline: z.string().max(60).optional(),
  status: z.string().max(40).optional().openapi({
    description: 'only titles in this status (default: every status awaiting a decision); e.g. approved, to order',
  }),
  budget: BudgetParameter,
  q: z.string().max(200).optional().openapi({
    description:
      "titles whose name or author holds the words, or with this ISBN (hyphens, ISBN-10 or part of one); for selectors and admins also those one of whose requesters' name, address or id holds them",
    example: '978-0-262-04630-5',
  }),
  sort: z.enum(SORT_KEYS).optional().openapi({
    description: 'the order shown (default: score, the rank); each title keeps its rank and its side of the cut line',
  }),
  dir: z.enum(['asc', 'desc']).optional().openapi({ description: "the sort's direction (default: the column's own)" }),
  limit: z.coerce.number().int().min(1).max(1000).default(100).openapi({
    description: 'titles a page; a file (csv, marc, folio-json) holds every title the filters and the search find',
  }),
  page: z.coerce.number().int().min(1).max(100_000).default(1).openapi({ description: 'the page, from 1' }),
  all: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: "a selector's whole library, not only their assignment" }),
  mine: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: 'only the titles assigned to the reader (PATCH /titles/{id} assignee)' }),
});

/** Only titles requested in this format (print, ebook, audiobook). */
export const MediumParameter = z
  .enum(FORMATS)
  .optional()
  .openapi({ description: 'only titles requested in this format' });

export const get = createRoute({
  method: 'get',
  path: '/buylist',
  tags: ['Buy list'],
  summary: 'Open titles ranked by demand, with the running total and the cut line of the budget',
  security: [{ bearer: [] }],
  middleware: [allow('readBuylist')] as const,
  request: {
    query: BuyListFilters.extend({
      medium: MediumParameter,
      lang: z.enum(LOCALES).optional().openapi({ description: 'language of the reasons' }),
      format: z.enum(['json', 'csv', 'marc', 'folio-json']).default('json').openapi({
        description: "folio-json: a FOLIO composite purchase order, the body of FOLIO's POST /orders/composite-orders",
      }),
      profile: z.enum(ORDER_PROFILES).optional().openapi({
        description:
          "with format=marc: the ILS whose order loader the records are for (default: the library's ORDER_PROFILE)",
      }),
      sheet: z.enum(['review', 'order']).optional().openapi({
        description:
          'with format=csv: the review sheet (the default) or the order sheet, in the language of the reasons',
      }),
    }),
  },
  responses: {
    200: {
      content: {
        'application/json': { schema: BuyListSchema },
        'text/csv': { schema: z.string() },
        'application/marc': { schema: z.string().openapi({ format: 'binary' }) },
      },
      description: 'The buy list',
    },
    ...authProblems,
    409: problem(
      'not-configured',
      'A FOLIO purchase order without the FOLIO ids it needs',
      "The fund CS-MONO has no FOLIO id: an administrator adds it to FOLIO_FUND_IDS (CS-MONO=<the fund's UUID in FOLIO>).",
    ),
    404: problem('not-found', 'No such department or fund', 'There is no department PHIL.'),
    422: parameterProblem(
      'Invalid parameters',
      'status',
      'There is no status "bought"; the workflow has submitted, in_review, approved, ordered, received, available, held, rejected, cancelled.',
    ),
  },
});
