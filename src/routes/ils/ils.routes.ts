// GET /api/v1/ils and POST /api/v1/ils/retry: where approved titles are on their way to the
// ILS, and another try for those given up on, for an administrator (the API twin of
// `r2b ils status` and `r2b ils push --retry-dead`).
import { createRoute, z } from '@hono/zod-openapi';
import { allow } from '../router.js';
import { authProblems, problem } from '../schemas.js';

const Summary = z
  .object({
    ils: z.enum(['none', 'koha', 'folio', 'alma']),
    pending: z.number().int().openapi({ description: 'titles waiting to be sent' }),
    sent: z.number().int(),
    dead: z.number().int().openapi({ description: 'titles given up on: retry them once the cause is fixed' }),
    failures: z.array(
      z.object({
        titleId: z.number().int(),
        title: z.string().nullable(),
        attempts: z.number().int(),
        lastError: z.string().nullable(),
      }),
    ),
    recent: z
      .array(
        z.object({
          titleId: z.number().int(),
          title: z.string().nullable(),
          ilsId: z.string().nullable(),
          ilsNumber: z.string().nullable(),
          recordId: z.string().nullable(),
          ilsStatus: z.string().nullable(),
        }),
      )
      .openapi({
        description: "the 20 titles sent last, with the ILS's ids for them (as a title's ils field has them)",
        example: [
          { titleId: 7, title: 'Clean code', ilsId: '3', ilsNumber: '57', recordId: '5001', ilsStatus: 'ordered' },
        ],
      }),
    lastSyncedAt: z.string().nullable().openapi({ format: 'date-time' }),
  })
  .openapi('IlsSummary');

export const status = createRoute({
  method: 'get',
  path: '/ils',
  tags: ['Operations'],
  summary: "Approved titles on their way to the library's ILS, and those given up on",
  security: [{ bearer: [] }],
  middleware: [allow('manageIls')] as const,
  responses: {
    200: { content: { 'application/json': { schema: Summary } }, description: 'The outbox to the ILS' },
    ...authProblems,
  },
});

export const retry = createRoute({
  method: 'post',
  path: '/ils/retry',
  tags: ['Operations'],
  summary: 'Try again to send the titles given up on (or one of them) at the next push',
  security: [{ bearer: [] }],
  middleware: [allow('manageIls')] as const,
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.strictObject({
            titleId: z.number().int().min(1).optional().openapi({ description: 'only this title; all by default' }),
          }),
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      content: { 'application/json': { schema: z.object({ retried: z.number().int() }) } },
      description: 'How many go again',
    },
    ...authProblems,
    422: problem('validation', 'Invalid body', '/titleId: Invalid input: expected number, received string', {
      errors: [{ pointer: '/titleId', detail: 'Invalid input: expected number, received string' }],
    }),
  },
});
