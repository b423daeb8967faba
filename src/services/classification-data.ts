// The classification reference data shipped in db/classification/: the discipline taxonomy
// and the LCC, DDC and CLC mappings. Librarians edit these files by hand, so a mistake must
// stop the service with a message that names the file and the entry, not a stack trace from
// the middle of an import. Read once per process; Workers bundle the same JSON instead.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { type ClassificationData, classificationDataSchema } from '../domain/classification.js';

// dist/ mirrors src/, so this resolves from both src/services (vitest, tsx) and dist/services.
const DATA_DIR = fileURLToPath(new URL('../../db/classification', import.meta.url));

// Which file holds each part of ClassificationData, and under which key.
const FILES = {
  disciplines: { file: 'disciplines.json', key: 'disciplines' },
  lcc: { file: 'lcc.json', key: 'ranges' },
  ddc: { file: 'ddc.json', key: 'ranges' },
  clc: { file: 'clc.json', key: 'classes' },
} as const;

type Part = keyof typeof FILES;

export class ClassificationDataError extends Error {
  override name = 'ClassificationDataError';
}

let cached: ClassificationData | undefined;

/** The shipped data, read and checked on first use. */
export function loadClassificationData(): ClassificationData {
  cached ??= readClassificationData(DATA_DIR);
  return cached;
}

/** Read and check the four files in a folder; throws ClassificationDataError naming each problem. */
export function readClassificationData(dir: string): ClassificationData {
  const raw = {} as Record<Part, unknown>;
  for (const part of Object.keys(FILES) as Part[]) {
    const { file, key } = FILES[part];
    const path = join(dir, file);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new ClassificationDataError(`${path}: ${(error as Error).message}`);
    }
    const entries = (parsed as Record<string, unknown> | null)?.[key];
    if (!Array.isArray(entries)) throw new ClassificationDataError(`${path}: expected an object with a "${key}" list`);
    raw[part] = entries;
  }
  const result = classificationDataSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => explain(dir, raw, issue));
    throw new ClassificationDataError(`Classification data is invalid:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  return result.data;
}

// "…/lcc.json ranges[12] {"prefix":"QA",…}: QA71-90 overlaps QA1-75"
function explain(dir: string, raw: Record<Part, unknown>, issue: z.core.$ZodIssue): string {
  const [part, index, ...field] = issue.path as [Part, number | undefined, ...PropertyKey[]];
  const where = FILES[part];
  if (!where) return issue.message;
  const entry = index === undefined ? undefined : (raw[part] as unknown[])[index];
  const location = index === undefined ? where.key : `${where.key}[${index}]`;
  const fieldName = field.length > 0 ? `.${field.map(String).join('.')}` : '';
  return `${join(dir, where.file)} ${location}${fieldName} ${JSON.stringify(entry)}: ${issue.message}`;
}
