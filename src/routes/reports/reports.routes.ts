// GET /api/v1/reports/outcomes: did buying on request pay? Turnaround, fill rate, use after
// purchase, cost per loan and the ranking's own record, for the requests of a period; as JSON,
// or as a spreadsheet of the titles bought (format=csv).
import { createRoute, z } from '@hono/zod-openapi';
import { OUTCOME_DIMENSIONS } from '../../domain/outcomes.js';
import { allow } from '../router.js';
import { authProblems, parameterProblem } from '../schemas.js';

const dayParameter = (description: string, example: string) =>
  z
    .string()
    .regex(/^\s*(\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]))?\s*$/, 'A day is written YYYY-MM-DD, such as 2026-09-01.')
    .transform((text) => (text.trim() === '' ? undefined : new Date(`${text.trim()}T00:00:00Z`)))
    .optional()
    .openapi({ type: 'string', format: 'date', description, example });

/** The question, as the API, the command and the page all take it. */
export const OutcomesQuery = z.object({
  from: dayParameter('requests made from this day on (default: all)', '2026-01-01'),
  to: dayParameter('requests made before this day (default: now)', '2027-01-01'),
  department: z
    .string()
    .max(40)
    .optional()
    .openapi({ description: "only the requests of this department's members (a liaison: their own)", example: 'CS' }),
});

const days = (description: string) => z.number().nullable().openapi({ description, example: 6.5 });
const use = z.object({
  titles: z.number().int().openapi({ description: 'titles on the shelf for the whole window, so measured' }),
  loans: z.number().int(),
  loansPerTitle: z.number().nullable(),
  neverBorrowedShare: z.number().nullable().openapi({ description: 'share of those titles not borrowed once' }),
});
const price = z.object({ amount: z.number(), currency: z.string().openapi({ example: 'USD' }) });
const interval = z.object({ value: z.number(), low: z.number(), high: z.number() }).openapi({
  description: 'the figure and its 95% bootstrap interval',
});

const SummarySchema = z
  .object({
    titles: z.number().int().openapi({ description: 'requested titles (suggestions for one work are pooled)' }),
    requests: z.number().int().openapi({ description: 'the suggestions pooled into them' }),
    filled: z.number().int().openapi({ description: 'titles that reached the shelf' }),
    fillRate: z
      .number()
      .nullable()
      .openapi({ description: 'filled among the requests that have ended; null when none has', example: 0.72 }),
    notFilled: z.record(z.string(), z.number().int()).openapi({
      description: 'the requests that ended without a purchase, by reason (or status when none was given)',
      example: { too_expensive: 2, held: 3 },
    }),
    open: z.number().int().openapi({ description: 'requests still pending or on order' }),
    medianDaysToDecision: days('calendar days from the first request to the first decision'),
    p90DaysToDecision: days('90th percentile of the same'),
    medianDaysToAvailable: days('calendar days from the first request to the shelf'),
    p90DaysToAvailable: days('90th percentile of the same'),
    use6m: use.openapi({ description: 'loans in the first six months on the shelf' }),
    use12m: use.openapi({ description: 'loans in the first twelve months on the shelf' }),
    spent: z.record(z.string(), z.number()).openapi({ description: 'by currency', example: { USD: 1840.5 } }),
    feedback: z.object({ yes: z.number().int(), no: z.number().int() }).openapi({
      description: 'requesters\' answers to "Was this what you needed?" in the message that the book is on the shelf',
    }),
    costPerLoan: price.nullable().openapi({
      description:
        'spent per loan in the first 12 months; null when the titles measured were paid in several currencies',
    }),
  })
  .openapi('OutcomeSummary');

const OutcomesSchema = z
  .object({
    from: z.string().nullable().openapi({ example: '2026-01-01' }),
    to: z.string().openapi({ example: '2027-01-01' }),
    department: z.string().nullable(),
    departments: z
      .array(z.object({ code: z.string(), name: z.string() }))
      .openapi({ description: "the library's departments, to name the groups by" }),
    summary: SummarySchema,
    by: z
      .object(
        Object.fromEntries(
          OUTCOME_DIMENSIONS.map((d) => [d, z.array(z.object({ group: z.string(), summary: SummarySchema }))]),
        ) as Record<
          (typeof OUTCOME_DIMENSIONS)[number],
          z.ZodArray<z.ZodObject<{ group: z.ZodString; summary: typeof SummarySchema }>>
        >,
      )
      .openapi({ description: 'the same figures per department, discipline, patron category, selector and fund' }),
    ranking: z
      .object({
        titles: z
          .number()
          .int()
          .openapi({ description: 'titles bought with a score recorded at decision and a full year on the shelf' }),
        spearman: interval.nullable().openapi({
          description:
            'how the score at decision ordered them against their loans in 12 months; null for fewer than five',
        }),
      })
      .openapi({ description: "the ranking's own record on this library's outcomes" }),
    comparison: z
      .object({
        requested: use,
        others: use,
        difference: interval.nullable(),
        since: z.string().openapi({
          description: 'the other acquisitions counted were acquired from this day',
          example: '2025-10-16',
        }),
        disciplines: z.array(z.string()),
      })
      .nullable()
      .openapi({
        description:
          "loans in the first 12 months of what was bought on request against the library's other acquisitions of the same period and disciplines (holdings with an acquired date and an ISBN); null when there are none to compare",
      }),
    titles: z.array(
      z.object({
        titleId: z.number().int(),
        isbn13: z.string().nullable(),
        title: z.string().nullable(),
        requests: z.number().int(),
        requestedAt: z.string().openapi({ format: 'date-time' }),
        availableAt: z.string().openapi({ format: 'date-time' }),
        price: price.nullable(),
        fund: z.string().nullable(),
        loans6m: z.number().int().nullable().openapi({ description: 'null until it has been six months on the shelf' }),
        loans12m: z.number().int().nullable().openapi({ description: 'null until it has been a year on the shelf' }),
      }),
    ),
  })
  .openapi('Outcomes');

export const get = createRoute({
  method: 'get',
  path: '/reports/outcomes',
  tags: ['Reports'],
  summary: 'How the requests of a period turned out: turnaround, fill rate, use after purchase, cost per loan',
  security: [{ bearer: [] }],
  middleware: [allow('readOutcomes')] as const,
  request: {
    query: OutcomesQuery.extend({
      format: z.enum(['json', 'csv']).default('json').openapi({
        description: 'csv: one row per title bought on request, for a spreadsheet',
      }),
    }),
  },
  responses: {
    200: {
      content: { 'application/json': { schema: OutcomesSchema }, 'text/csv': { schema: z.string() } },
      description: 'The outcomes',
    },
    ...authProblems,
    422: parameterProblem('Invalid parameters', 'from', 'A day is written YYYY-MM-DD, such as 2026-09-01.'),
  },
});
