// The types of bundle.js (see there why it is JavaScript).
import type { ClassificationFile } from '../services/classification-files.js';
import type { DocsFile } from '../services/docs-assets.js';

/** The parsed JSON of db/classification/*.json, by file name */
export declare const classificationFiles: Record<ClassificationFile, unknown>;
/** db/migrations/*.sql, by file name, in order */
export declare const migrationFiles: readonly string[];
/** Swagger UI's script and stylesheet, as text */
export declare const docsFiles: Record<DocsFile, string>;
