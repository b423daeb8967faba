import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context.js';
import { may } from '../../domain/access.js';
import { ApiError } from '../../errors.js';
import { constantTimeEqual } from '../../services/access/auth.js';
import type * as routes from './metrics.routes.js';

export const get: RouteHandler<typeof routes.get, AppEnv> = async (c) => {
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
};
