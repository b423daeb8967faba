import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context.js';
import { lookupIsbn } from '../../services/lookup.js';
import type * as routes from './lookup.routes.js';

export const lookup: RouteHandler<typeof routes.lookup, AppEnv> = async (c) =>
  c.json(await lookupIsbn(c.get('deps'), c.get('principal'), c.req.valid('query').isbn), 200);
