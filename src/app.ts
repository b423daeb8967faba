// createApp(deps): the whole HTTP service. It imports nothing Node-only, so the Node entry,
// the Workers entry and the tests (through app.request(), no server) build the same app.
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv, Deps } from './context.js';
import { ApiError, PROBLEMS, type ProblemType, problemResponse } from './errors.js';
import { allocationRouter } from './routes/allocation/index.js';
import { reportsRouter } from './routes/reports/index.js';
import { buyListRouter } from './routes/buylist/index.js';
import { catalogueRouter } from './routes/catalogue/index.js';
import { departmentsRouter } from './routes/departments/index.js';
import { docsRouter } from './routes/docs/index.js';
import { healthRouter } from './routes/health/index.js';
import { metricsRouter } from './routes/metrics/index.js';
import { importsRouter } from './routes/imports/index.js';
import { lookupRouter } from './routes/lookup/index.js';
import { notificationsRouter } from './routes/notifications/index.js';
import { ilsRouter } from './routes/ils/index.js';
import { purgeRouter } from './routes/purge/index.js';
import { suggestionsRouter } from './routes/suggestions/index.js';
import { titlesRouter } from './routes/titles/index.js';
import { tokensRouter } from './routes/tokens/index.js';
import { workflowRouter } from './routes/workflow/index.js';
import { authenticate } from './routes/router.js';
import { createAuthenticator } from './services/access/auth.js';
import { pageError, uiRouter, wantsPage } from './ui/index.js';
import { notFoundPage, slowDownPage } from './ui/pages/errors.js';
import { clientAddress, rateLimits, takeOrRefuse } from './services/access/rate-limit.js';

export function createApp(deps: Deps) {
  const app = new OpenAPIHono<AppEnv>();
  const authenticator = createAuthenticator(deps.db, deps.config, deps.clock, deps.logger);
  const limits = rateLimits(deps.config, deps.clock);
  const baseUrl = deps.config.PUBLIC_BASE_URL;

  app.use('*', async (c, next) => {
    const started = performance.now();
    // A proxy's id is kept, so the proxy's log and ours name a request alike; else a fresh one.
    const given = c.req.header('x-request-id');
    const requestId = given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
    c.set('requestId', requestId);
    c.set('deps', deps);
    c.set('authenticator', authenticator);
    c.set('limits', limits);
    await next();
    c.res.headers.set('x-request-id', requestId);
    const seconds = (performance.now() - started) / 1000;
    // The path is logged without its query (a lookup's ISBN, a sign-in's next page): never a
    // token, an address or a name.
    deps.logger.info('request', {
      requestId,
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      status: c.res.status,
      ms: Math.round(seconds * 10_000) / 10,
    });
    deps.metrics?.observeRequest(c.req.method, c.req.routePath, c.res.status, seconds);
  });

  // Who is asking comes first: a caller without valid credentials hears 401 whatever else is
  // wrong with the request, and learns nothing of what the route would have wanted.
  app.use('/api/*', authenticate);

  // Files come to /imports; everything else under /api takes small JSON bodies.
  const isImport = (path: string) => path.startsWith('/api/v1/imports/');
  const limit = (bytes: number, what: string) =>
    bodyLimit({
      maxSize: bytes,
      onError: () => {
        throw new ApiError('payload-too-large', `${what} are limited to ${bytes} bytes.`);
      },
    });
  const jsonLimit = limit(deps.config.BODY_LIMIT_BYTES, 'Bodies');
  const importLimit = limit(deps.config.IMPORT_LIMIT_BYTES, 'Uploaded files (use the r2b command for larger ones)');
  app.use('/api/*', (c, next) => (isImport(c.req.path) ? importLimit(c, next) : jsonLimit(c, next)));
  app.use('/api/*', async (c, next) => {
    const method = c.req.method;
    // A body, when there is one, must be JSON; actions such as /retry take none. Workers give
    // a bodiless POST an empty body stream, which its length of 0 tells apart.
    if (
      !isImport(c.req.path) &&
      c.req.raw.body !== null &&
      c.req.header('content-length') !== '0' &&
      (method === 'POST' || method === 'PUT' || method === 'PATCH')
    ) {
      const type = c.req.header('content-type') ?? '';
      if (!/^application\/([\w.-]+\+)?json\s*(;|$)/i.test(type)) {
        throw new ApiError('unsupported-media-type', `Send the body as application/json (got "${type || 'nothing'}").`);
      }
    }
    await next();
  });

  // Sign-in attempts per address, as nobody is known yet; suggestions are braked per caller
  // where each route knows who is asking (intakeBrake).
  app.on('POST', '/signin', async (c, next) => {
    takeOrRefuse(
      limits.signIn,
      clientAddress((n) => c.req.header(n), c.env, deps.config.TRUST_PROXY),
    );
    await next();
  });

  app.route('/', healthRouter);
  app.route('/', metricsRouter);
  app.route('/api/v1', suggestionsRouter);
  app.route('/api/v1', titlesRouter);
  app.route('/api/v1', workflowRouter);
  app.route('/api/v1', importsRouter);
  app.route('/api/v1', lookupRouter);
  app.route('/api/v1', buyListRouter);
  app.route('/api/v1', allocationRouter);
  app.route('/api/v1', reportsRouter);
  app.route('/api/v1', notificationsRouter);
  app.route('/api/v1', departmentsRouter);
  app.route('/api/v1', purgeRouter);
  app.route('/api/v1', ilsRouter);
  app.route('/api/v1', tokensRouter);
  app.route('/api/v1', catalogueRouter);
  app.route('/', docsRouter);
  app.route('/', uiRouter);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token from `r2b token create`, or a patron JWT from the identity provider',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'recommend-to-buy',
      version: '1',
      description:
        'Patron-driven acquisition: suggestions pooled by work, moved through the workflow by selectors. Errors are RFC 9457 problem details.',
    },
    // Relative: /docs tries requests out against the server it was loaded from, whatever name
    // or port it was reached by (a proxy, a laptop's port, a staging host).
    servers: [{ url: '/', description: 'the server this document was fetched from' }],
  });

  app.notFound((c) =>
    wantsPage(c)
      ? notFoundPage(c)
      : problemResponse(
          c,
          baseUrl,
          new ApiError('not-found', `Nothing is at ${c.req.method} ${new URL(c.req.url).pathname}.`),
        ),
  );

  app.onError((error, c) => {
    const page = wantsPage(c);
    if (error instanceof ApiError || (error instanceof HTTPException && error.status < 500)) {
      const problem = error instanceof ApiError ? error : fromHttpException(error);
      if (page && problem.type === 'rate-limited') return slowDownPage(c, Number(problem.extensions['retryAfter']));
      return page ? pageError(c, problem.status) : problemResponse(c, baseUrl, problem);
    }
    deps.logger.error('unhandled error', {
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      error: error.message,
      stack: error.stack,
    });
    if (page) return pageError(c, 500);
    return problemResponse(c, baseUrl, new ApiError('internal', 'The error has been logged; please try again.'));
  });

  return app;
}

export type App = ReturnType<typeof createApp>;

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,100}$/;

/** Hono's own errors (a body that is not JSON, say) in the same problem shape as ours. */
function fromHttpException(error: HTTPException): ApiError {
  if (/malformed json/i.test(error.message)) {
    return new ApiError('malformed-json', 'The body could not be parsed as JSON; check quotes, commas and brackets.');
  }
  const byStatus = (Object.keys(PROBLEMS) as ProblemType[]).find((type) => PROBLEMS[type].status === error.status);
  return new ApiError(byStatus ?? 'bad-request', error.message || PROBLEMS[byStatus ?? 'bad-request'].title);
}
