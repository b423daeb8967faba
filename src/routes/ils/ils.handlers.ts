import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context.js';
import { retryDead } from '../../services/ils/outbox.js';
import { ilsSummary } from '../../services/ils/status.js';
import type * as routes from './ils.routes.js';

export const status: RouteHandler<typeof routes.status, AppEnv> = async (c) => {
  const summary = await ilsSummary(c.get('deps'));
  return c.json({ ...summary, lastSyncedAt: summary.lastSyncedAt?.toISOString() ?? null }, 200);
};

export const retry: RouteHandler<typeof routes.retry, AppEnv> = async (c) =>
  c.json({ retried: await retryDead(c.get('deps'), c.req.valid('json').titleId) }, 200);
