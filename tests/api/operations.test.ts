import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { openSqlite } from '../../src/db/sqlite.js';
import { loadDocsAssets } from '../../src/services/docs-assets.js';
import { type Harness, harness } from './harness.js';

describe('operations and the API description', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('is live and ready on a migrated database', async () => {
    h = await harness();
    expect(await (await h.call('GET', '/healthz')).json()).toEqual({ status: 'ok' });
    expect(await (await h.call('GET', '/readyz')).json()).toEqual({ status: 'ok', pendingMigrations: 0 });
  });

  it('is not ready while migrations are pending', async () => {
    h = await harness();
    const bare = openSqlite(':memory:');
    const app = createApp({ ...h.deps, db: bare });
    const res = await app.request('/readyz');
    expect(res.status).toBe(503);
    expect((await res.json()).detail).toMatch(/migrations are not applied yet; apply them with r2b migrate/);
    bare.close();
  });

  it('describes every endpoint in OpenAPI 3.1, generated from the schemas', async () => {
    h = await harness();
    const doc = await (await h.call('GET', '/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/suggestions',
        '/api/v1/suggestions/{id}',
        '/api/v1/titles',
        '/api/v1/titles/{id}',
        '/api/v1/titles/{id}/status',
        '/api/v1/workflow',
        '/healthz',
        '/readyz',
      ]),
    );
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.schemas.SuggestionCreate.properties.isbn.example).toBe('978-0-13-235088-4');
    expect(doc.paths['/api/v1/suggestions'].post.responses['422'].content['application/problem+json']).toBeDefined();
  });

  it('shows each problem answer in the reference with an example of its own status and type', async () => {
    h = await harness();
    const doc = await (await h.call('GET', '/openapi.json')).json();
    const seen: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, response] of Object.entries(operation.responses as Record<string, any>)) {
          const media = response.content?.['application/problem+json'];
          if (!media) continue;
          const where = `${method.toUpperCase()} ${path} ${status}`;
          expect(media.example, where).toBeDefined();
          expect(media.example.status, where).toBe(Number(status));
          expect(media.example.detail, where).not.toBe('');
          seen.push(`${status} ${media.example.type.split('/').pop()}`);
        }
      }
    }
    expect(seen).toContain('401 unauthenticated');
    expect(seen).toContain('403 forbidden');
    expect(seen).toContain('422 validation');
  });

  it('lets /docs try requests on the server it was loaded from, by whatever name it was reached', async () => {
    h = await harness({ PUBLIC_BASE_URL: 'https://library.example.edu' });
    const doc = await (await h.call('GET', '/openapi.json')).json();
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });

  it('serves the API reference page and its scripts from this server', async () => {
    h = await harness();
    const app = createApp({ ...h.deps, docsAssets: loadDocsAssets() });
    const page = await (await app.request('/docs')).text();
    expect(page).toContain('/docs/assets/swagger-ui-bundle.js');
    expect(page).not.toMatch(/https?:\/\/(cdn|unpkg|jsdelivr)/);
    const script = await app.request('/docs/assets/swagger-ui-bundle.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect((await app.request('/docs/assets/init.js')).status).toBe(200);
    expect((await app.request('/docs/assets/..%2Fpackage.json')).status).toBe(404);
  });

  it('answers unknown paths with a 404 problem (to a caller it knows) and explains each problem type', async () => {
    h = await harness();
    const res = await h.call('GET', '/api/v1/nothing-here', { token: await h.token('selector') });
    expect(res.status).toBe(404);
    // Without credentials nothing under /api is described, not even what is not there.
    expect((await h.call('GET', '/api/v1/nothing-here')).status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    const page = await h.call('GET', '/problems/suggestion-limit');
    expect(await page.text()).toContain('Suggestion limit reached');
    expect((await h.call('GET', '/problems/nonsense')).status).toBe(404);
  });
});
