// What every importer shares: the file as a source that can be read twice (once to know it,
// once to import it), the per-file checkpoint that makes imports resumable and repeatable, and
// the summary a systems librarian reads at the end.
import { createHash } from 'node:crypto';
import { eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/db.js';
import { importRuns } from '../../db/schema.js';

export type ImportKind = 'loans' | 'holdings' | 'departments' | 'suggestions';

/** A file that cannot be imported as given: a missing column, an unknown preset. */
export class ImportError extends Error {}

export interface ImportSource {
  name: string;
  size: number;
  /** where the file is on disk, if it is (a large one is then read on a worker thread) */
  path?: string;
  open(): AsyncIterable<Buffer>;
}

// An upload is already in memory, so nothing in reading it waits for I/O: without a pause of
// its own, an import would run from the first byte to the last before the server answered
// anyone else. It is read in slices, and the event loop has a turn between two slices.
const SLICE_BYTES = 64 * 1024;

/** A file held in memory (an upload) as an import source. */
export function bufferSource(name: string, content: Buffer): ImportSource {
  return {
    name,
    size: content.length,
    async *open() {
      for (let at = 0; at < content.length; at += SLICE_BYTES) {
        if (at > 0) await nextTurn();
        yield content.subarray(at, at + SLICE_BYTES);
      }
    },
  };
}

/** Wait for the event loop's next turn (setImmediate on Node; Workers have only timers). */
function nextTurn(): Promise<void> {
  return new Promise((resolve) =>
    typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0),
  );
}

export interface Rejection {
  line: number;
  reason: string;
}

export interface ImportSummary {
  kind: ImportKind;
  file: string;
  /** data rows (or MARC records) read in this run */
  read: number;
  imported: number;
  rejected: number;
  /** already in the database: loans whose ILS id was imported from another file */
  skipped: number;
  /** the first rejected rows, with their line (or record) numbers */
  rejections: Rejection[];
  /** the same file was imported completely before: nothing was done */
  alreadyImported: boolean;
  /** rows skipped because an earlier, interrupted run of this file had committed them */
  resumedAfter: number;
  warnings: string[];
  /** why the import stopped before the end of the file, if it did */
  failed?: string;
  seconds: number;
}

export interface Progress {
  records: number;
  bytes: number;
  totalBytes: number;
}

export const MAX_REJECTIONS_KEPT = 20;

/** The SHA-256 of the file's bytes: the same export under any name is the same import. */
export async function contentKey(source: ImportSource): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of source.open()) hash.update(chunk);
  return hash.digest('hex');
}

export type ImportRun = typeof importRuns.$inferSelect;

/** The checkpoint of this file, created if it is new. */
export async function startRun(
  db: Db,
  fileKey: string,
  kind: ImportKind,
  fileName: string,
  now: Date,
): Promise<ImportRun> {
  await db.orm
    .insert(importRuns)
    .values({ fileKey, kind, fileName, status: 'running', startedAt: now, updatedAt: now })
    .onConflictDoNothing();
  return (await db.orm.select().from(importRuns).where(eq(importRuns.fileKey, fileKey)).get())!;
}

/** The step that moves the checkpoint on, committed in the same atomic write as its batch. */
export function checkpointStep(
  fileKey: string,
  progress: { records: number; imported: number; rejected: number; skipped: number; rejections: Rejection[] },
  now: Date,
  complete = false,
): SQL {
  return sql`UPDATE import_runs SET
      records = ${progress.records},
      imported = imported + ${progress.imported},
      rejected = rejected + ${progress.rejected},
      skipped = skipped + ${progress.skipped},
      rejections = ${JSON.stringify(progress.rejections.slice(0, MAX_REJECTIONS_KEPT))},
      status = ${complete ? 'complete' : 'running'},
      updated_at = ${now.getTime()}
    WHERE file_key = ${fileKey}`;
}

export function alreadyImported(run: ImportRun, kind: ImportKind, started: number): ImportSummary {
  return {
    kind,
    file: run.fileName,
    read: 0,
    imported: 0,
    rejected: 0,
    skipped: 0,
    rejections: [],
    alreadyImported: true,
    resumedAfter: run.records,
    warnings: [
      `this file was imported completely on ${new Date(run.updatedAt).toISOString().slice(0, 10)}; nothing to do`,
    ],
    seconds: (performance.now() - started) / 1000,
  };
}

export type OpenedRun =
  | { done: ImportSummary }
  | { done?: undefined; fileKey: string; run: ImportRun; summary: ImportSummary; finish(): ImportSummary };

/**
 * Start an import of this file, or resume it from its checkpoint. A file imported completely
 * before is `done` at once. `finish()` stamps the summary with the time taken.
 */
export async function openRun(db: Db, source: ImportSource, kind: ImportKind, now: Date): Promise<OpenedRun> {
  const started = performance.now();
  const fileKey = await contentKey(source);
  const run = await startRun(db, fileKey, kind, source.name, now);
  if (run.status === 'complete') return { done: alreadyImported(run, kind, started) };
  const summary: ImportSummary = {
    kind,
    file: source.name,
    read: 0,
    imported: 0,
    rejected: 0,
    skipped: 0,
    rejections: JSON.parse(run.rejections) as Rejection[],
    alreadyImported: false,
    resumedAfter: run.records,
    warnings: [],
    seconds: 0,
  };
  return {
    fileKey,
    run,
    summary,
    finish: () => {
      summary.seconds = (performance.now() - started) / 1000;
      return summary;
    },
  };
}
