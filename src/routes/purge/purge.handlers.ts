import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context.js';
import { purgeRequesters } from '../../services/purge.js';
import type * as routes from './purge.routes.js';

export const purge: RouteHandler<typeof routes.purge, AppEnv> = async (c) =>
  c.json(await purgeRequesters(c.get('deps'), c.req.valid('json').olderThanDays), 200);
