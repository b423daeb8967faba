import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context.js';
import { ApiError } from '../../errors.js';
import { deleteCatalogue, listCatalogues, searchCatalogue, suggestEntry } from '../../services/catalogues.js';
import { getSuggestion } from '../../services/suggestions.js';
import type * as routes from './catalogue.routes.js';

export const search: RouteHandler<typeof routes.search, AppEnv> = async (c) => {
  const query = c.req.valid('query');
  const found = await searchCatalogue(c.get('deps'), c.get('principal'), {
    q: query.q,
    catalogue: query.catalogue,
    classNumber: query.class,
    page: query.page,
    perPage: query.perPage,
  });
  return c.json({ ...found, page: query.page, perPage: query.perPage }, 200);
};

export const suggest: RouteHandler<typeof routes.suggest, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const { id } = c.req.valid('param');
  const { reason } = c.req.valid('json');
  const suggestionId = await suggestEntry(deps, c.get('principal'), id, reason);
  const row = (await getSuggestion(deps, suggestionId))!;
  c.header('location', `/api/v1/suggestions/${suggestionId}`);
  return c.json({ suggestionId, titleId: row.title.id, requesters: row.title.requesterCount }, 201);
};

export const list: RouteHandler<typeof routes.list, AppEnv> = async (c) =>
  c.json({ items: await listCatalogues(c.get('deps')) }, 200);

export const remove: RouteHandler<typeof routes.remove, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  if (!(await deleteCatalogue(c.get('deps'), id))) throw new ApiError('not-found', `There is no catalogue ${id}.`);
  return c.body(null, 204);
};
