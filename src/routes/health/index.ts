// Liveness and readiness for the process supervisor or load balancer: /healthz answers while
// the process runs; /readyz only when the database answers and every migration is applied.
import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { ApiError } from '../../errors.js';
import { ilsConnector } from '../../services/ils/index.js';
import { createRouter } from '../router.js';
import { problem } from '../schemas.js';

const Health = z.object({ status: z.literal('ok') }).openapi('Health');

const healthz = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['Operations'],
  summary: 'Liveness',
  responses: { 200: { content: { 'application/json': { schema: Health } }, description: 'The process is up' } },
});

const readyz = createRoute({
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

export const healthRouter = createRouter()
  .openapi(healthz, (c) => c.json({ status: 'ok' as const }, 200))
  .openapi(readyz, async (c) => {
    const { db, logger } = c.get('deps');
    let pending: number;
    try {
      await db.orm.get(sql`SELECT 1`);
      pending = await db.pendingMigrations();
    } catch (error) {
      logger.error('readiness check failed', { error: (error as Error).message });
      throw new ApiError('unavailable', 'The database does not answer.');
    }
    if (pending > 0)
      throw new ApiError(
        'unavailable',
        `${pending} database migrations are not applied yet; apply them with ${db.migrateCommand}.`,
      );
    const ils = ilsConnector(c.get('deps'));
    if (!ils) return c.json({ status: 'ok' as const, pendingMigrations: 0 as const }, 200);
    const reachable = await ils.ping().then(
      () => ({ reachable: true }),
      (error: Error) => ({ reachable: false, detail: error.message }),
    );
    return c.json(
      { status: 'ok' as const, pendingMigrations: 0 as const, ils: { system: ils.name, ...reachable } },
      200,
    );
  });
