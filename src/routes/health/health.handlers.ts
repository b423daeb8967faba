import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context.js';
import { ApiError } from '../../errors.js';
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
  return c.json({ status: 'ok' as const, pendingMigrations: 0 as const }, 200);
};
