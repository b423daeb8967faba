import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context.js';
import { buildAllocation } from '../../services/allocation.js';
import type * as routes from './allocation.routes.js';

export const get: RouteHandler<typeof routes.get, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const query = c.req.valid('query');
  const report = await buildAllocation(deps, {
    total: query.total,
    windowMonths: query.window,
    asOf: query.asOf,
    locale: query.lang ?? deps.config.DEFAULT_LOCALE,
  });
  return c.json(report, 200);
};
