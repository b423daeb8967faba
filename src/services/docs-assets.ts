// Swagger UI's files, read from the installed swagger-ui-dist package once at start, so the
// API reference page needs no CDN. Node-only; the Workers build bundles its own copy.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { DocsAssets } from '../context.js';

export function loadDocsAssets(): DocsAssets {
  const require = createRequire(import.meta.url);
  const folder = dirname(require.resolve('swagger-ui-dist/package.json'));
  const files = new Map<string, string>();
  for (const name of ['swagger-ui-bundle.js', 'swagger-ui.css']) {
    files.set(name, readFileSync(join(folder, name), 'utf8'));
  }
  return { get: (name) => files.get(name) };
}
