// Swagger UI's files, served by the service itself so the API reference page needs no CDN. Node
// reads them from the installed swagger-ui-dist package once at start; the Workers build
// bundles the same two files as text modules (src/workers/bundle.js).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { DocsAssets } from '../context.js';

export const DOCS_FILES = ['swagger-ui-bundle.js', 'swagger-ui.css'] as const;

export type DocsFile = (typeof DOCS_FILES)[number];

export function docsAssets(files: Record<DocsFile, string>): DocsAssets {
  const byName = new Map<string, string>(Object.entries(files));
  return { get: (name) => byName.get(name) };
}

export function loadDocsAssets(): DocsAssets {
  const require = createRequire(import.meta.url);
  const folder = dirname(require.resolve('swagger-ui-dist/package.json'));
  const files = {} as Record<DocsFile, string>;
  for (const name of DOCS_FILES) files[name] = readFileSync(join(folder, name), 'utf8');
  return docsAssets(files);
}
