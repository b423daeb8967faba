// GET /api/v1/allocation: how a total budget could split across departments, from each
// department's share of loans, of the budgets now and of what was bought, with the reasons.
import { createRoute, z } from '@hono/zod-openapi';
import { ALLOCATION_PARTS } from '../../domain/allocation.js';
import { LOCALES } from '../../domain/locale.js';
import { BudgetParameter } from '../buylist/buylist.routes.js';
import { allow } from '../router.js';
import { authProblems, parameterProblem } from '../schemas.js';

/** The question, as the API, the command and the page all take it. */
export const AllocationQuery = z.object({
  total: BudgetParameter.openapi({
    type: 'number',
    description: "the budget to split, in the library's currency; else the sum of the departments' budgets now",
    example: 36000,
  }),
  // Left empty, as a form sends it, the window and the month are their defaults.
  window: z
    .string()
    .regex(/^\s*\d{0,3}\s*$/, 'The window is a whole number of months, such as 12.')
    .transform((text) => (text.trim() === '' ? undefined : Number(text)))
    .refine((n) => n === undefined || (n >= 1 && n <= 120), 'The window is from 1 to 120 months.')
    .optional()
    .openapi({
      type: 'integer',
      description: 'months of loans and purchases to look at (default ALLOCATION_WINDOW_MONTHS)',
      example: 12,
    }),
  asOf: z
    .string()
    .regex(/^\s*(\d{4}-(0[1-9]|1[0-2]))?\s*$/, 'The last month of the window is written YYYY-MM, such as 2026-02.')
    .transform((text) => (text.trim() === '' ? undefined : text.trim()))
    .optional()
    .openapi({
      type: 'string',
      description: "the window's last month (default: the last complete month)",
      example: '2026-02',
    }),
});

const share = (description: string) => z.number().openapi({ description, example: 0.22 });
const money = z.number().openapi({ description: "in the library's currency" });

const AllocationSchema = z
  .object({
    asOf: z.string().openapi({ example: '2026-02' }),
    window: z.object({
      months: z.number().int(),
      from: z.string().openapi({ example: '2025-03' }),
      to: z.string().openapi({ example: '2026-02' }),
    }),
    currency: z.string().openapi({ example: 'USD' }),
    total: money
      .nullable()
      .openapi({ description: 'the budget split; null when none was given and no department has one' }),
    totalFrom: z.enum(['given', 'budgets']).nullable(),
    settings: z.object({
      weights: z.object(Object.fromEntries(ALLOCATION_PARTS.map((p) => [p, z.number()]))),
      useFactor: z.number().openapi({ description: "the use factor's nudge: × use factor^this" }),
      floor: z.number().openapi({ description: "every department's guaranteed part, as a fraction of an equal share" }),
    }),
    basis: z.object(Object.fromEntries(ALLOCATION_PARTS.map((p) => [p, z.number()]))).openapi({
      description:
        'the weights as they counted, summing to 1: a part without figures drops out; spend counts only as far as it covers the total',
    }),
    trend: z.boolean().openapi({ description: 'the loans imported cover the window before, so trends are given' }),
    library: z.object({
      loans: z.number(),
      items: z.number(),
      spend: money,
      budgets: money,
      unattributed: z.object({ loans: z.number(), items: z.number(), spend: money }).openapi({
        description: 'counted for no department: loans without one in a discipline no department reads, and so on',
      }),
      unpricedTitles: z
        .number()
        .int()
        .openapi({ description: 'titles bought in the window with no price in the currency' }),
    }),
    departments: z.array(
      z.object({
        code: z.string().openapi({ example: 'CS' }),
        name: z.string().openapi({ example: 'Computer Science' }),
        fund: z.string().nullable(),
        disciplines: z.array(z.string()),
        loans: z.number().openapi({ description: 'loans counted for it, to a tenth (shared loans are split)' }),
        loanShare: share('its share of the loans counted for departments'),
        items: z
          .number()
          .openapi({ description: 'items in its disciplines, to a tenth (shared disciplines are split)' }),
        holdingShare: share('its share of those items'),
        useFactor: z.number().nullable().openapi({ description: "Bonn's use factor of its disciplines", example: 1.8 }),
        spend: money.openapi({ description: 'list prices of titles bought in the window and charged to it' }),
        spendShare: share('its share of that spend'),
        budget: money.nullable().openapi({ description: 'its budget now' }),
        budgetShare: share('its share of the budgets now'),
        trend: z.number().nullable().openapi({
          description: 'its loans against the window before (0.12: up 12%); null without a full window before',
        }),
        suggestedShare: share('the share of the total suggested'),
        suggested: money.nullable().openapi({ description: 'of the total, to the cent; the suggestions sum to it' }),
        change: money.nullable().openapi({ description: 'suggested less its budget now' }),
        notes: z
          .array(z.enum(['no-disciplines', 'no-loans', 'no-budget', 'floor']))
          .openapi({ description: 'floor: mostly the guaranteed minimum' }),
        reason: z.string().openapi({
          example:
            '22% of loans from 12% of the books (use factor 1.8); 18% of the spend; 15% of the budgets now; suggested 20%',
        }),
      }),
    ),
  })
  .openapi('Allocation');

export const get = createRoute({
  method: 'get',
  path: '/allocation',
  tags: ['Allocation'],
  summary: 'How a total budget could split across departments, and why',
  security: [{ bearer: [] }],
  middleware: [allow('allocate')] as const,
  request: {
    query: AllocationQuery.extend({
      lang: z.enum(LOCALES).optional().openapi({ description: 'language of the reasons' }),
    }),
  },
  responses: {
    200: { content: { 'application/json': { schema: AllocationSchema } }, description: 'The suggested split' },
    ...authProblems,
    422: parameterProblem(
      'Invalid parameters',
      'total',
      "A budget is an amount in the library's currency, such as 2500 or 2500.50.",
    ),
  },
});
