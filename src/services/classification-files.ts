// The classification reference data as files: the discipline taxonomy and the LCC, DDC and CLC
// mappings in db/classification/. Librarians edit these files by hand, so a mistake must stop
// the service with a message that names the file and the entry, not a stack trace from the
// middle of an import. Node reads the files from disk (classification-data.ts); the Workers
// build bundles the same JSON. Both check it here, the same way.
import { z } from 'zod';
import { type ClassificationData, classificationDataSchema } from '../domain/classification.js';

/** Which file holds each part of ClassificationData, and under which key. */
export const CLASSIFICATION_FILES = {
  disciplines: { file: 'disciplines.json', key: 'disciplines' },
  lcc: { file: 'lcc.json', key: 'ranges' },
  ddc: { file: 'ddc.json', key: 'ranges' },
  clc: { file: 'clc.json', key: 'classes' },
} as const;

export type ClassificationFile = (typeof CLASSIFICATION_FILES)[keyof typeof CLASSIFICATION_FILES]['file'];

type Part = keyof typeof CLASSIFICATION_FILES;

export class ClassificationDataError extends Error {
  override name = 'ClassificationDataError';
}

/**
 * Check the parsed content of the four files, by file name, from `folder` (named in messages);
 * throws ClassificationDataError naming each problem.
 */
export function checkClassificationData(
  files: Record<ClassificationFile, unknown>,
  folder: string,
): ClassificationData {
  const raw = {} as Record<Part, unknown>;
  for (const part of Object.keys(CLASSIFICATION_FILES) as Part[]) {
    const { file, key } = CLASSIFICATION_FILES[part];
    const entries = (files[file] as Record<string, unknown> | null | undefined)?.[key];
    if (!Array.isArray(entries)) {
      throw new ClassificationDataError(`${folder}/${file}: expected an object with a "${key}" list`);
    }
    raw[part] = entries;
  }
  const result = classificationDataSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => explain(folder, raw, issue));
    throw new ClassificationDataError(`Classification data is invalid:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  return result.data;
}

// "…/lcc.json ranges[12] {"prefix":"QA",…}: QA71-90 overlaps QA1-75"
function explain(folder: string, raw: Record<Part, unknown>, issue: z.core.$ZodIssue): string {
  const [part, index, ...field] = issue.path as [Part, number | undefined, ...PropertyKey[]];
  const where = CLASSIFICATION_FILES[part];
  if (!where) return issue.message;
  const entry = index === undefined ? undefined : (raw[part] as unknown[])[index];
  const location = index === undefined ? where.key : `${where.key}[${index}]`;
  const fieldName = field.length > 0 ? `.${field.map(String).join('.')}` : '';
  return `${folder}/${where.file} ${location}${fieldName} ${JSON.stringify(entry)}: ${issue.message}`;
}
