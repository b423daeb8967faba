// GET /metrics: the Prometheus exposition, for an admin token or the scraper's METRICS_TOKEN.
// Served where the process keeps the counters (Node); on Workers, Cloudflare's analytics count
// requests instead, and the route answers 404.
import { createRoute, z } from '@hono/zod-openapi';
import { may } from '../../domain/access.js';
import { constantTimeEqual } from '../../services/auth.js';
import { ApiError } from '../../errors.js';
import { createRouter } from '../router.js';
import { authProblems, problem } from '../schemas.js';

const route = createRoute({
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

export const metricsRouter = createRouter().openapi(route, async (c) => {
  const deps = c.get('deps');
  const header = c.req.header('authorization') ?? '';
  const given = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  const scraper =
    deps.config.METRICS_TOKEN !== undefined &&
    given !== undefined &&
    constantTimeEqual(given, deps.config.METRICS_TOKEN);
  if (!scraper) {
    const principal = await c.get('authenticator').authenticate(header);
    if (!may(principal.role, 'readMetrics'))
      throw new ApiError('forbidden', 'Metrics are for admins and the METRICS_TOKEN scraper.');
  }
  if (!deps.metrics) {
    throw new ApiError('not-found', 'Metrics are not kept on this platform: read Cloudflare’s analytics for requests.');
  }
  const { contentType, body } = await deps.metrics.render(deps);
  return c.body(body, 200, { 'content-type': contentType, 'cache-control': 'no-store' }) as never;
});
