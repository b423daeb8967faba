// createApp(deps): the whole HTTP service. It imports nothing Node-only, so the Node entry,
// the Workers entry and the tests (through app.request(), no server) build the same app.
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { Context, MiddlewareHandler } from 'hono';
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
      path: c.req.path,
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
  const limit = (bytes: number, what: string): MiddlewareHandler<AppEnv> => {
    const tooLarge = () => {
      throw new ApiError('payload-too-large', `${what} are limited to ${bytes} bytes.`);
    };
    const counted = bodyLimit({ maxSize: bytes, onError: tooLarge });
    return (c, next) => {
      // A body that announces its length is judged by it, as bodyLimit would: only one sent
      // without (chunked) is counted as it streams. bodyLimit asks for the body stream first,
      // which on Node makes a web Request around every request; read as it is, the JSON comes
      // straight off the socket.
      const length = announcedLength(c);
      if (length === undefined) return counted(c, next);
      return length > bytes ? tooLarge() : next();
    };
  };
  const jsonLimit = limit(deps.config.BODY_LIMIT_BYTES, 'Bodies');
  const importLimit = limit(deps.config.IMPORT_LIMIT_BYTES, 'Uploaded files (use the r2b command for larger ones)');
  app.use('/api/*', (c, next) => (isImport(c.req.path) ? importLimit(c, next) : jsonLimit(c, next)));
  app.use('/api/*', async (c, next) => {
    const method = c.req.method;
    // A body, when there is one, must be JSON; actions such as /retry take none. Its length
    // says whether there is one (Workers give a bodiless POST an empty body stream, and a
    // length of 0); only a body sent without a length is looked at.
    if (
      (method === 'POST' || method === 'PUT' || method === 'PATCH') &&
      !isImport(c.req.path) &&
      (announcedLength(c) ?? (c.req.raw.body === null ? 0 : 1)) > 0
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

/** The body's length as its Content-Length gives it (HTTP/1.1 framing), or undefined when it is
 *  sent chunked or the header says nothing usable: then only its bytes tell. */
function announcedLength(c: Context<AppEnv>): number | undefined {
  const length = c.req.header('content-length');
  if (length === undefined || c.req.header('transfer-encoding') !== undefined || !/^\d+$/.test(length))
    return undefined;
  return Number(length);
}

/** Hono's own errors (a body that is not JSON, say) in the same problem shape as ours. */
function fromHttpException(error: HTTPException): ApiError {
  if (/malformed json/i.test(error.message)) {
    return new ApiError('malformed-json', 'The body could not be parsed as JSON; check quotes, commas and brackets.');
  }
  const byStatus = (Object.keys(PROBLEMS) as ProblemType[]).find((type) => PROBLEMS[type].status === error.status);
  return new ApiError(byStatus ?? 'bad-request', error.message || PROBLEMS[byStatus ?? 'bad-request'].title);
}
