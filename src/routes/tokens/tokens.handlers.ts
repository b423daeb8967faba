import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context.js';
import { createStaffToken, listTokens, revokeToken, type TokenListing } from '../../services/access/tokens.js';
import type * as routes from './tokens.routes.js';

export const create: RouteHandler<typeof routes.create, AppEnv> = async (c) => {
  const { db, clock } = c.get('deps');
  const made = await createStaffToken(db, c.req.valid('json'), clock());
  return c.json({ token: made.token, listing: tokenJson(made.listing) }, 201);
};

export const list: RouteHandler<typeof routes.list, AppEnv> = async (c) =>
  c.json({ items: (await listTokens(c.get('deps').db)).map(tokenJson) }, 200);

export const revoke: RouteHandler<typeof routes.revoke, AppEnv> = async (c) => {
  const { db, clock } = c.get('deps');
  return c.json(tokenJson(await revokeToken(db, c.req.valid('param').id, clock())), 200);
};

const iso = (at: Date | null) => at?.toISOString() ?? null;
export const tokenJson = ({ departmentCode, createdAt, lastUsedAt, revokedAt, ...rest }: TokenListing) => ({
  ...rest,
  department: departmentCode,
  createdAt: createdAt.toISOString(),
  lastUsedAt: iso(lastUsedAt),
  revokedAt: iso(revokedAt),
});
