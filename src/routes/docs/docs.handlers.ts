// The API reference: the OpenAPI document is generated from the route schemas (app.ts serves
// it at /openapi.json); this page renders it with Swagger UI, whose files are served from
// this server so the page works with no internet. Each problem type has a page of its own.
import type { Handler } from 'hono';
import { html } from 'hono/html';
import type { AppEnv } from '../../context.js';
import { PROBLEMS, type ProblemType } from '../../errors.js';

const ASSET_TYPES: Record<string, string> = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
};

// Kept in its own file rather than inline, so the page runs under a script-src 'self' policy.
const INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#reference', deepLinking: true,
    persistAuthorization: false, tryItOutEnabled: false });
});`;

export const reference: Handler<AppEnv> = (c) => {
  const available = Boolean(c.get('deps').docsAssets?.get('swagger-ui-bundle.js'));
  if (!available) {
    return c.html(
      html`<!doctype html>
        <html lang="en">
          <head>
            <meta charset="utf-8" />
            <title>API reference</title>
          </head>
          <body>
            <h1>recommend-to-buy API</h1>
            <p>
              The interactive reference is not bundled with this deployment. The OpenAPI 3.1 document is at
              <a href="/openapi.json">/openapi.json</a>.
            </p>
          </body>
        </html>`,
    );
  }
  return c.html(
    html`<!doctype html>
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>recommend-to-buy API reference</title>
          <link rel="stylesheet" href="/docs/assets/swagger-ui.css" />
        </head>
        <body>
          <div id="reference"></div>
          <script src="/docs/assets/swagger-ui-bundle.js"></script>
          <script src="/docs/assets/init.js"></script>
        </body>
      </html>`,
  );
};

export const asset: Handler<AppEnv, '/docs/assets/:name'> = (c) => {
  const name = c.req.param('name');
  if (name === 'init.js') return c.body(INIT_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' });
  const type = ASSET_TYPES[name];
  const body = type ? c.get('deps').docsAssets?.get(name) : undefined;
  if (!type || body === undefined) return c.notFound();
  return c.body(body, 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
};

export const problemPage: Handler<AppEnv, '/problems/:type'> = (c) => {
  const type = c.req.param('type');
  if (!(type in PROBLEMS)) return c.notFound();
  const { status, title } = PROBLEMS[type as ProblemType];
  return c.html(
    html`<!doctype html>
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <title>${title}</title>
        </head>
        <body>
          <h1>${title}</h1>
          <p>
            HTTP status ${status}. The <code>detail</code> member of the response says what was wrong with this
            request${status === 422 ? html`, and <code>errors</code> points at each field` : ''}. See the
            <a href="/docs">API reference</a>.
          </p>
        </body>
      </html>`,
  );
};
