import { Hono } from 'hono';
import type { AppEnv } from '../../context.js';
import * as handlers from './docs.handlers.js';

// Pages rather than API operations, so not in the OpenAPI document and no specs of their own.
export const docsRouter = new Hono<AppEnv>()
  .get('/docs', handlers.reference)
  .get('/docs/assets/:name', handlers.asset)
  .get('/problems/:type', handlers.problemPage);
