// Imports over HTTP, for moderate files: the same importers as the r2b command, on an upload
// held in memory (IMPORT_LIMIT_BYTES). Large histories go through `r2b import`, which streams.
import type { Context } from 'hono';
import type { AppEnv } from '../../context.js';
import { ApiError } from '../../errors.js';
import { importDepartments } from '../../services/imports/departments.js';
import { importHoldings } from '../../services/imports/holdings.js';
import { importReadingLists } from '../../services/imports/reading-lists.js';
import { importIll } from '../../services/imports/ill.js';
import { importSuggestions } from '../../services/imports/suggestions.js';
import { bufferSource, type ImportSummary } from '../../services/imports/import-run.js';
import { ImportError, importLoans } from '../../services/imports/loans.js';
import { createRouter } from '../router.js';
import * as routes from './imports.routes.js';

async function upload(c: Context<AppEnv>, name: string | undefined, fallback: string) {
  const body = Buffer.from(await c.req.arrayBuffer());
  if (body.length === 0) throw new ApiError('bad-request', 'The body is empty: send the file as the request body.');
  return bufferSource(name ?? fallback, body);
}

async function run(work: () => Promise<ImportSummary>): Promise<ImportSummary> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ImportError)
      throw new ApiError('validation', error.message, { errors: [{ pointer: '', detail: error.message }] });
    throw error;
  }
}

export const importsRouter = createRouter()
  .openapi(routes.loans, async (c) => {
    const query = c.req.valid('query');
    const source = await upload(c, query.name, 'upload.csv');
    const map = query.map === undefined ? [] : [query.map].flat();
    const summary = await run(() =>
      importLoans(c.get('deps'), source, {
        preset: query.preset,
        map,
        dateOrder: query.dates,
        ...(query.source === undefined ? {} : { source: query.source }),
        ...(query.encoding ? { encoding: query.encoding } : {}),
      }),
    );
    return c.json(summary, 200);
  })
  .openapi(routes.holdings, async (c) => {
    const query = c.req.valid('query');
    const source = await upload(c, query.name, 'upload');
    const summary = await run(() =>
      importHoldings(c.get('deps'), source, {
        ...(query.format ? { format: query.format } : {}),
        ...(query.encoding ? { encoding: query.encoding } : {}),
      }),
    );
    return c.json(summary, 200);
  })
  .openapi(routes.suggestions, async (c) => {
    const query = c.req.valid('query');
    const source = await upload(c, query.name, 'suggestions.csv');
    const options = query.encoding ? { encoding: query.encoding } : {};
    return c.json(await run(() => importSuggestions(c.get('deps'), source, options)), 200);
  })
  .openapi(routes.readingLists, async (c) => {
    const query = c.req.valid('query');
    const source = await upload(c, query.name, 'readinglists.csv');
    const summary = await run(() =>
      importReadingLists(c.get('deps'), source, {
        preset: query.preset,
        map: query.map === undefined ? [] : [query.map].flat(),
        ...(query.encoding ? { encoding: query.encoding } : {}),
      }),
    );
    return c.json(summary, 200);
  })
  .openapi(routes.departments, async (c) => {
    const query = c.req.valid('query');
    const source = await upload(c, query.name, 'departments.csv');
    const options = query.encoding ? { encoding: query.encoding } : {};
    return c.json(await run(() => importDepartments(c.get('deps'), source, options)), 200);
  })
  .openapi(routes.ill, async (c) => {
    const query = c.req.valid('query');
    const source = await upload(c, query.name, 'ill.csv');
    const summary = await run(() =>
      importIll(c.get('deps'), source, {
        preset: query.preset,
        map: query.map === undefined ? [] : [query.map].flat(),
        ...(query.dates ? { dateOrder: query.dates } : {}),
        ...(query.source === undefined ? {} : { source: query.source }),
        ...(query.encoding ? { encoding: query.encoding } : {}),
      }),
    );
    return c.json(summary, 200);
  });
