import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context.js';
import { ApiError } from '../../errors.js';
import { ilsConnector } from '../../services/ils/index.js';
import { pendingMigrationsOf } from '../../services/operations.js';
import type * as routes from './health.routes.js';

export const healthz: RouteHandler<typeof routes.healthz, AppEnv> = (c) => c.json({ status: 'ok' as const }, 200);

export const readyz: RouteHandler<typeof routes.readyz, AppEnv> = async (c) => {
  const { db, logger } = c.get('deps');
  let pending: number;
  try {
    pending = await pendingMigrationsOf(db);
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
  return c.json({ status: 'ok' as const, pendingMigrations: 0 as const, ils: { system: ils.name, ...reachable } }, 200);
};
