import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context.js';
import { listSortOf } from '../../domain/buylist.js';
import { validationError } from '../../errors.js';
import { buyListFile, buyListFor, downloadFor } from '../../services/buylist-request.js';
import type * as routes from './buylist.routes.js';

export const get: RouteHandler<typeof routes.get, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const principal = c.get('principal');
  const query = c.req.valid('query');
  // A profile or sheet asked of a file that has none is a mistake the caller should hear of.
  if (query.profile && query.format !== 'marc')
    throw validationError([{ pointer: '', parameter: 'profile', detail: 'A profile goes with format=marc.' }]);
  if (query.sheet && query.format !== 'csv')
    throw validationError([{ pointer: '', parameter: 'sheet', detail: 'A sheet goes with format=csv.' }]);
  const request = await buyListFor(deps, principal, {
    department: query.department,
    fund: query.fund,
    discipline: query.discipline,
    format: query.medium,
    status: query.status,
    budget: query.budget,
    search: query.q,
    sort: listSortOf(query.sort, query.dir),
    // A file is the whole list as filtered and searched, however the screen pages it.
    limit: query.format === 'json' ? query.limit : null,
    page: query.page,
    all: query.all === 'true',
    mine: query.mine === 'true',
    locale: query.lang,
  });
  if (query.format === 'json') return c.json(request.list, 200);
  const file = await buyListFile(deps, request, downloadFor({ ...query, format: query.format }));
  return c.body(file.body, 200, file.headers);
};
