// What every importer shares: the file as a source that can be read twice (once to know it,
// once to import it), the checkpoint of each run that makes imports resumable and repeatable,
// and the summary a systems librarian reads at the end.
//
// A run is a file read one way: the same bytes with the same options that change what they
// mean (a preset, a column map, a date order, an encoding, a delimiter, a source). Run again,
// a complete run does nothing, unless it imported nothing because every row was refused; an
// interrupted one resumes after its last committed batch. The same file read another way is
// another run, since the fix a rejection asks for (--dates mdy) is another way of reading it.
import { createHash } from 'node:crypto';
import { and, desc, eq, ne, type SQL, sql } from 'drizzle-orm';
import { runAtomic, type Db } from '../../db/db.js';
import { IMPORT_KINDS, importRejectedRanges, importRuns } from '../../db/schema.js';

export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Kinds whose files may be MARC: what they read is told as records (numbered in the file), not rows. */
export function readsRecords(kind: ImportKind): boolean {
  return kind === 'holdings' || kind === 'catalogue';
}

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
  /**
   * already in the database: loans a stored loan has the source, id and date of, and loan rows
   * an earlier run of this file (with other options) imported
   */
  skipped: number;
  /** the first rejected rows, with their line (or record) numbers */
  rejections: Rejection[];
  /** the same file was imported completely before with the same options: nothing was done */
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

/** The SHA-256 of the file's bytes: the same export under any name is the same file. */
export async function contentKey(source: ImportSource): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of source.open()) hash.update(chunk);
  return hash.digest('hex');
}

export type ImportRun = typeof importRuns.$inferSelect;

/** What changes the meaning of a file's bytes, for one kind of import: its run has these in its key. */
export type ReadingOptions = Record<string, unknown>;

/** The step that moves the checkpoint on, committed in the same atomic write as its batch. */
export function checkpointStep(
  runKey: string,
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
    WHERE run_key = ${runKey}`;
}

/** Numbers of data records, as sorted, disjoint, inclusive [first, last] ranges. */
export type RecordRanges = [number, number][];

/** The step that keeps which records of a batch were rejected, with the batch. */
export function rejectedRecordsStep(runKey: string, ranges: RecordRanges): SQL[] {
  if (ranges.length === 0) return [];
  return [
    sql`INSERT INTO import_rejected_ranges (run_key, first, last)
        SELECT ${runKey}, j.value->>0, j.value->>1 FROM json_each(${JSON.stringify(ranges)}) j WHERE true`,
  ];
}

/** Add record `n` (numbers come in order) to `ranges`. */
export function addRecord(ranges: RecordRanges, n: number): void {
  const last = ranges[ranges.length - 1];
  if (last && last[1] === n - 1) last[1] = n;
  else ranges.push([n, n]);
}

/**
 * The records of this file that other runs of it imported (or skipped as already stored):
 * every record each run read, but those it rejected. Runs from before rejections were kept
 * count as having imported all they read, unless they rejected it all.
 */
export async function importedByOtherRuns(db: Db, run: ImportRun): Promise<RecordRanges> {
  const others = await db.orm
    .select({ runKey: importRuns.runKey, records: importRuns.records })
    .from(importRuns)
    .where(and(eq(importRuns.fileKey, run.fileKey), eq(importRuns.kind, run.kind), ne(importRuns.runKey, run.runKey)))
    .all();
  const covered: RecordRanges = [];
  for (const other of others) {
    const rejected = await db.orm
      .select({ first: importRejectedRanges.first, last: importRejectedRanges.last })
      .from(importRejectedRanges)
      .where(eq(importRejectedRanges.runKey, other.runKey))
      .orderBy(importRejectedRanges.first)
      .all();
    let next = 1;
    for (const { first, last } of rejected) {
      if (first > next) covered.push([next, first - 1]);
      next = last + 1;
    }
    if (next <= other.records) covered.push([next, other.records]);
  }
  covered.sort((a, b) => a[0] - b[0]);
  const merged: RecordRanges = [];
  for (const [first, last] of covered) {
    const end = merged[merged.length - 1];
    if (end && first <= end[1] + 1) end[1] = Math.max(end[1], last);
    else merged.push([first, last]);
  }
  return merged;
}

function alreadyImported(run: ImportRun, kind: ImportKind, started: number): ImportSummary {
  const when = new Date(run.updatedAt).toISOString().slice(0, 10);
  const rejected =
    run.rejected > 0 ? `; to read the ${run.rejected} rows it rejected, import it with the options they ask for` : '';
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
      `this file was imported completely with the same options on ${when} (${run.imported} imported, ${run.rejected} rejected): nothing to do${rejected}`,
    ],
    seconds: (performance.now() - started) / 1000,
  };
}

export type OpenedRun =
  | { done: ImportSummary }
  | { done?: undefined; runKey: string; run: ImportRun; summary: ImportSummary; finish(): ImportSummary };

/**
 * Start a run of this file read with these options, or resume it from its checkpoint. A run
 * that completed is `done` at once, unless every row it read was rejected: nothing of it is
 * in the database, so it starts again from the first row. `finish()` stamps the summary with
 * the time taken.
 */
export async function openRun(
  db: Db,
  source: ImportSource,
  kind: ImportKind,
  options: ReadingOptions,
  now: Date,
): Promise<OpenedRun> {
  const started = performance.now();
  const fileKey = await contentKey(source);
  const reading = JSON.stringify(options);
  const runKey = createHash('sha256').update(`${kind}\n${fileKey}\n${reading}`).digest('hex');
  await db.orm
    .insert(importRuns)
    .values({
      runKey,
      fileKey,
      kind,
      options: reading,
      fileName: source.name,
      status: 'running',
      startedAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing();
  const stored = (await db.orm.select().from(importRuns).where(eq(importRuns.runKey, runKey)).get())!;
  if (stored.status === 'complete' && (stored.imported > 0 || stored.rejected === 0)) {
    return { done: alreadyImported(stored, kind, started) };
  }
  if (stored.status === 'complete') {
    await runAtomic(db, [
      sql`DELETE FROM import_rejected_ranges WHERE run_key = ${runKey}`,
      sql`UPDATE import_runs SET records = 0, imported = 0, rejected = 0, skipped = 0, rejections = '[]',
            status = 'running', file_name = ${source.name}, started_at = ${now.getTime()}, updated_at = ${now.getTime()}
          WHERE run_key = ${runKey}`,
    ]);
  }
  const run = (await db.orm.select().from(importRuns).where(eq(importRuns.runKey, runKey)).get())!;
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
    runKey,
    run,
    summary,
    finish: () => {
      summary.seconds = (performance.now() - started) / 1000;
      return summary;
    },
  };
}

/** One run as the imports page's history shows it: its counts, and the first rejections with their lines. */
export interface ImportRunListing {
  runKey: string;
  kind: ImportKind;
  fileName: string;
  records: number;
  imported: number;
  rejected: number;
  skipped: number;
  status: 'running' | 'complete';
  startedAt: Date;
  updatedAt: Date;
  rejections: Rejection[];
}

function runListing(row: ImportRun): ImportRunListing {
  const { runKey, kind, fileName, records, imported, rejected, skipped, status, startedAt, updatedAt } = row;
  const rejections = JSON.parse(row.rejections) as Rejection[];
  return { runKey, kind, fileName, records, imported, rejected, skipped, status, startedAt, updatedAt, rejections };
}

/** The latest runs, newest first; those still running, for the upload's progress, when asked. */
export async function listImportRuns(db: Db, query: { limit: number; running?: boolean }): Promise<ImportRunListing[]> {
  const rows = await db.orm
    .select()
    .from(importRuns)
    .where(query.running ? eq(importRuns.status, 'running') : undefined)
    .orderBy(desc(importRuns.startedAt))
    .limit(query.limit);
  return rows.map(runListing);
}

export async function findImportRun(db: Db, runKey: string): Promise<ImportRunListing | undefined> {
  const row = await db.orm.select().from(importRuns).where(eq(importRuns.runKey, runKey)).get();
  return row ? runListing(row) : undefined;
}
