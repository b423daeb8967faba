// Liveness and readiness for the process supervisor or load balancer: /healthz answers while
// the process runs; /readyz only when the database answers and every migration is applied.
import { createRoute, z } from '@hono/zod-openapi';
import { problem } from '../schemas.js';

const Health = z.object({ status: z.literal('ok') }).openapi('Health');

export const healthz = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['Operations'],
  summary: 'Liveness',
  responses: { 200: { content: { 'application/json': { schema: Health } }, description: 'The process is up' } },
});

export const readyz = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['Operations'],
  summary: 'Readiness: database reachable, migrations applied; whether the ILS answers',
  responses: {
    200: {
      content: {
        'application/json': {
          schema: Health.extend({
            pendingMigrations: z.literal(0),
            ils: z
              .object({
                system: z.enum(['koha', 'folio', 'alma']),
                reachable: z.boolean(),
                detail: z.string().optional().openapi({ description: 'why not, when it is not' }),
              })
              .optional()
              .openapi({
                description:
                  'the ILS set by ILS, when one is. An ILS that does not answer leaves the service ready: approved titles wait in the outbox',
              }),
          }),
        },
      },
      description: 'Ready',
    },
    503: problem('unavailable', 'Not ready', 'The database does not answer.'),
  },
});
