// The classification reference data shipped in db/classification/, read from disk once per
// process and checked by classification-files.ts. The Workers build bundles the same JSON and
// checks it the same way (src/workers/bundle.js).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClassificationData } from '../domain/classification.js';
import {
  CLASSIFICATION_FILES,
  type ClassificationFile,
  ClassificationDataError,
  checkClassificationData,
} from '../services/classification-files.js';

export { ClassificationDataError };

// dist/ mirrors src/, so this resolves from both src/services (vitest, tsx) and dist/services.
const DATA_DIR = fileURLToPath(new URL('../../db/classification', import.meta.url));

let cached: ClassificationData | undefined;

/** The shipped data, read and checked on first use. */
export function loadClassificationData(): ClassificationData {
  cached ??= readClassificationData(DATA_DIR);
  return cached;
}

/** Read and check the four files in a folder; throws ClassificationDataError naming each problem. */
export function readClassificationData(dir: string): ClassificationData {
  const files = {} as Record<ClassificationFile, unknown>;
  for (const { file } of Object.values(CLASSIFICATION_FILES)) {
    const path = join(dir, file);
    try {
      files[file] = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new ClassificationDataError(`${path}: ${(error as Error).message}`);
    }
  }
  return checkClassificationData(files, dir);
}
