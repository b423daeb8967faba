// POST /api/v1/purge: `r2b purge --older-than DAYS` over HTTP, for an administrator, and the
// way to purge where there is no command line (Workers).
import { createRoute, z } from '@hono/zod-openapi';
import { allow } from '../router.js';
import { authProblems, problem } from '../schemas.js';

export const purge = createRoute({
  method: 'post',
  path: '/purge',
  tags: ['Operations'],
  summary: 'Forget the requesters of titles closed longer ago than so many days, keeping the counts',
  security: [{ bearer: [] }],
  middleware: [allow('purge')] as const,
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.strictObject({
            olderThanDays: z.number().int().min(1).max(36_500).openapi({ example: 365 }),
          }),
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      content: {
        'application/json': {
          schema: z.object({
            titles: z.number().int().openapi({ description: 'closed titles whose requesters were forgotten' }),
            requests: z.number().int(),
            patronsDeleted: z.number().int().openapi({ description: 'patrons left with no request and no token' }),
            messagesDropped: z.number().int().openapi({
              description:
                'messages still waiting to be sent about a forgotten request or to a deleted patron: dropped, never sent',
            }),
            messagesAnonymised: z.number().int().openapi({
              description: 'sent or dead messages kept as records that no longer say whom they were for',
            }),
            endorsementsAnonymised: z.number().int().openapi({
              description: "liaisons' endorsements of those titles kept as counts that no longer say who gave them",
            }),
          }),
        },
      },
      description: 'What was forgotten',
    },
    ...authProblems,
    422: problem('validation', 'Invalid body', '/olderThanDays: Too small: expected number to be >=1', {
      errors: [{ pointer: '/olderThanDays', detail: 'Too small: expected number to be >=1' }],
    }),
  },
});
