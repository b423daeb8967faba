import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context.js';
import { lookupIsbn } from '../../services/lookup.js';
import { heldJson } from '../../services/suggestions.js';
import type * as routes from './lookup.routes.js';

export const lookup: RouteHandler<typeof routes.lookup, AppEnv> = async (c) => {
  const found = await lookupIsbn(c.get('deps'), c.get('principal'), c.req.valid('query').isbn);
  return c.json({ ...found, held: found.held && heldJson(found.held) }, 200);
};
