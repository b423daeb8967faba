// Imports over HTTP, for moderate files: the same importers as the r2b command, on an upload
// held in memory (IMPORT_LIMIT_BYTES). Large histories go through `r2b import`, which streams.
import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../context.js';
import { ApiError } from '../../errors.js';
import { type ImportChoices, importFile } from '../../services/imports/import-file.js';
import { bufferSource, ImportError, type ImportKind } from '../../services/imports/import-run.js';
import type * as routes from './imports.routes.js';

/** A kind's query parameters: its options (`map` and `loanType` given once or repeated) and a name for the upload. */
type ImportQuery = Omit<ImportChoices, 'map' | 'loanType'> & {
  map?: string | string[] | undefined;
  loanType?: string | string[] | undefined;
  name?: string | undefined;
};

async function run(c: Context<AppEnv>, kind: ImportKind, query: ImportQuery) {
  const body = Buffer.from(await c.req.arrayBuffer());
  if (body.length === 0) throw new ApiError('bad-request', 'The body is empty: send the file as the request body.');
  const source = bufferSource(query.name ?? `${kind} upload`, body);
  try {
    const map = query.map === undefined ? [] : [query.map].flat();
    const loanType = query.loanType === undefined ? [] : [query.loanType].flat();
    return c.json(await importFile(c.get('deps'), kind, source, { ...query, map, loanType }), 200);
  } catch (error) {
    if (error instanceof ImportError)
      throw new ApiError('validation', error.message, { errors: [{ pointer: '', detail: error.message }] });
    throw error;
  }
}

export const loans: RouteHandler<typeof routes.loans, AppEnv> = (c) => run(c, 'loans', c.req.valid('query'));
export const holdings: RouteHandler<typeof routes.holdings, AppEnv> = (c) => run(c, 'holdings', c.req.valid('query'));
export const suggestions: RouteHandler<typeof routes.suggestions, AppEnv> = (c) =>
  run(c, 'suggestions', c.req.valid('query'));
export const readingLists: RouteHandler<typeof routes.readingLists, AppEnv> = (c) =>
  run(c, 'readinglists', c.req.valid('query'));
export const departments: RouteHandler<typeof routes.departments, AppEnv> = (c) =>
  run(c, 'departments', c.req.valid('query'));
export const catalogue: RouteHandler<typeof routes.catalogue, AppEnv> = (c) =>
  run(c, 'catalogue', c.req.valid('query'));
export const ill: RouteHandler<typeof routes.ill, AppEnv> = (c) => run(c, 'ill', c.req.valid('query'));
