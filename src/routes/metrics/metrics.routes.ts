// GET /metrics: the Prometheus exposition, for an admin token or the scraper's METRICS_TOKEN.
// Served where the process keeps the counters (Node); on Workers, Cloudflare's analytics count
// requests instead, and the route answers 404.
import { createRoute, z } from '@hono/zod-openapi';
import { authProblems, problem } from '../schemas.js';

export const get = createRoute({
  method: 'get',
  path: '/metrics',
  tags: ['Operations'],
  summary: 'Metrics in the Prometheus text format: requests, the outbox, jobs, imports, providers, the database',
  description:
    'Bearer METRICS_TOKEN (for the scraper) or an admin token. Labels are routes as patterns, statuses and kinds: no patron data.',
  security: [{ bearer: [] }],
  responses: {
    200: { content: { 'text/plain': { schema: z.string() } }, description: 'The exposition' },
    ...authProblems,
    404: problem('not-found', 'Not served on this platform', 'Metrics are not kept here: read Cloudflare’s analytics.'),
  },
});
