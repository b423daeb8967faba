// A file on disk as an import source (the r2b command); Node-only, so kept apart from the
// importers, which the Workers build also runs on uploads.
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { ImportSource } from '../services/imports/import-run.js';

export function fileSource(path: string): ImportSource {
  return {
    name: basename(path),
    size: statSync(path).size,
    path,
    open: () => createReadStream(path, { highWaterMark: 1 << 20 }),
  };
}
