// `r2b import loans`: a loan export streamed row by row (flat memory, any size), each row made
// into an anonymized loan, written in batches. Each batch is written whole or not at all: the
// loans, the (discipline, department, month) aggregates they add to, and the file's checkpoint,
// in one atomic write with any batches read while the last was written. Killed at any point,
// the import resumes after its last committed batch; run again on the same file,
// it does nothing, and read another way (--dates, --map) it reads only the rows no earlier run
// imported; loans whose source, ILS id and date are already stored (overlapping exports) are
// skipped. A row that records no new loan (a renewal, a return) is passed over and counted
// apart in the summary.
//
// Reading and writing are two halves (loan-batches.ts reads). A large file on disk is read on
// a worker thread while this thread writes, so an import uses both cores.
import { eq, sql } from 'drizzle-orm';
import type { Deps } from '../../context.js';
import { type AtomicStep, runAtomic } from '../../db/db.js';
import { importRuns } from '../../db/schema.js';
import { loanSourceProblem } from '../../domain/loan.js';
import { LOAN_PRESETS, loanPreset, type LoanPreset, withOverrides } from '../../domain/loan-presets.js';
import {
  checkpointStep,
  ImportError,
  importedByOtherRuns,
  type ImportSource,
  type ImportSummary,
  MAX_REJECTIONS_KEPT,
  type Progress,
  type Rejection,
  openRun,
  rejectedRecordsStep,
} from './import-run.js';
import { type CsvChoices, csvDialect, dialectNotes, dialectReading } from './csv.js';
import {
  BATCHES_IN_FLIGHT,
  type LoanBatch,
  loanBatches,
  type LoanParseSetup,
  READING_YOUNG_GENERATION_MB,
} from './loan-batches.js';
import type { FromWorker } from '../../node/loan-batches-worker.js';
import { rescore, statsChangedStep } from '../scoring.js';
import { editionOfLoan } from '../title-evidence.js';
import { startWorker } from '../../worker-thread.js';

export { ImportError };

/** The file's encoding and delimiter are recognised from its bytes when not given. */
export interface LoanImportOptions extends CsvChoices {
  preset?: string;
  /** the system the loan ids belong to; the preset's name when not given */
  source?: string;
  map?: string[];
  /** the values of the type column that mean a new loan, in place of the preset's */
  loanTypes?: string[];
  dateOrder?: 'mdy' | 'dmy';
  batchSize?: number;
  /** read on a worker thread: the default for files on disk over 4 MB */
  worker?: boolean;
  onProgress?: (progress: Progress) => void;
}

const WORKER_THRESHOLD_BYTES = 4 * 2 ** 20;

export async function importLoans(
  deps: Deps,
  source: ImportSource,
  options: LoanImportOptions = {},
): Promise<ImportSummary> {
  const preset = resolvePreset(options.preset ?? 'generic', options.map ?? [], options.loanTypes ?? []);
  const loanSource = options.source ?? preset.name;
  const badSource = loanSourceProblem(loanSource);
  if (badSource) throw new ImportError(`${badSource}.`);
  const dialect = await csvDialect(source, options);
  const reading = {
    preset: preset.name,
    columns: preset.columns,
    classes: preset.classFallbacks ?? [],
    dates: options.dateOrder ?? null,
    ...dialectReading(dialect),
    source: loanSource,
    ...(preset.newLoanTypes ? { newLoanTypes: preset.newLoanTypes } : {}),
  };
  const opened = await openRun(deps.db, source, 'loans', reading, deps.clock());
  if (opened.done) return opened.done;
  const { runKey, run, summary } = opened;
  summary.warnings.push(...dialectNotes(dialect));

  const setup: LoanParseSetup = {
    preset,
    source: loanSource,
    dateOrder: options.dateOrder,
    dialect,
    categoryMap: deps.config.PATRON_CATEGORY_MAP,
    illLocations: deps.config.ILL_LOCATIONS,
    reserveLocations: deps.config.RESERVE_LOCATIONS,
    scheme: deps.config.CLASSIFICATION_SCHEME,
    now: deps.clock().getTime(),
    skip: run.records,
    // Loans add up: a row another run of this file imported must not be counted again.
    importedBefore: await importedByOtherRuns(deps.db, run),
    batchSize: options.batchSize ?? 5000,
  };
  const onWorker = options.worker ?? (source.path !== undefined && source.size > WORKER_THRESHOLD_BYTES);
  const groups =
    onWorker && source.path
      ? batchesFromWorker(source.path, setup)
      : oneByOne(loanBatches(source.open(), setup, deps.classification));

  const touched = new Set<string>();
  let importedBefore = 0;
  let renewals = 0;
  const otherTypes = new Map<string, number>();
  const restoreCache = onWorker ? await widenPageCache(deps) : null;
  try {
    for await (const group of groups) {
      for (const batch of group) {
        for (const d of batch.disciplines) touched.add(d);
        summary.read += batch.read;
        summary.rejected += batch.rejected;
        summary.warnings.push(...batch.warnings);
        for (const r of batch.rejections)
          if (summary.rejections.length < MAX_REJECTIONS_KEPT) summary.rejections.push(r);
        summary.skipped += batch.importedBefore;
        importedBefore += batch.importedBefore;
        renewals += batch.renewals;
        for (const [type, n] of batch.otherTypes) otherTypes.set(type, (otherTypes.get(type) ?? 0) + n);
        if (batch.failed) summary.failed = batch.failed;
      }
      const { inserted, skipped } = await writeLoans(deps, group, runKey, summary.rejections);
      summary.imported += inserted;
      summary.skipped += skipped;
      const last = group.at(-1)!;
      options.onProgress?.({ records: last.records, bytes: last.bytes, totalBytes: source.size });
    }
  } finally {
    await restoreCache?.();
  }
  if (importedBefore > 0) {
    summary.warnings.push(
      `${importedBefore.toLocaleString('en-US')} rows were imported from this file before, read another way, and are not counted again: only the rows no earlier run imported were read`,
    );
  }
  const passedOver = notNewLoans(renewals, otherTypes);
  if (passedOver) summary.warnings.push(passedOver);
  // Use and trend changed in these disciplines: their open titles are scored again.
  if (touched.size) await rescore(deps, { disciplines: [...touched] });
  return opened.finish();
}

/** What the summary says of the rows passed over as no new loan, so none is thought lost. */
function notNewLoans(renewals: number, otherTypes: ReadonlyMap<string, number>): string | null {
  const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
  const others = [...otherTypes.values()].reduce((a, b) => a + b, 0);
  const types = [...otherTypes]
    .sort((a, b) => b[1] - a[1])
    .map(([type, n]) => `${type || '(no type)'}: ${n.toLocaleString('en-US')}`)
    .join(', ');
  const parts = [
    ...(renewals ? [count(renewals, 'renewal or in-house use', 'renewals or in-house uses')] : []),
    ...(others ? [`${count(others, 'other transaction', 'other transactions')} (${types})`] : []),
  ];
  if (!parts.length) return null;
  const one = renewals + others === 1;
  return `${parts.join(' and ')} ${one ? 'is not a new loan' : 'are not new loans'}: passed over, never counted as loans`;
}

export function resolvePreset(name: string, map: string[], loanTypes: string[] = []): LoanPreset {
  const preset = loanPreset(name);
  if (!preset)
    throw new ImportError(`There is no preset "${name}"; the presets are ${Object.keys(LOAN_PRESETS).join(', ')}.`);
  const resolved = withOverrides(preset, map, loanTypes);
  if ('error' in resolved) throw new ImportError(resolved.error);
  return resolved;
}

async function* oneByOne(batches: AsyncIterable<LoanBatch>): AsyncGenerator<LoanBatch[]> {
  for await (const batch of batches) yield [batch];
}

/**
 * The page cache of the connection while it writes a large file, in KiB. A commit of eight batches
 * dirties thousands of the evidence tables' pages; with SQLite's 2 MiB they are written out and
 * read back within the commit. 32 MiB cut the import's system time by two fifths (and 128 MiB no
 * further), at 32 MiB of memory that does not grow with the file.
 */
const LARGE_IMPORT_CACHE_KIB = 32 * 1024;

/** Widen the connection's page cache (better-sqlite3: a file on disk is only read on Node), and give back how to restore it. */
async function widenPageCache(deps: Deps): Promise<() => Promise<void>> {
  const was = await deps.db.orm.get<{ cache_size: number }>(sql`PRAGMA cache_size`);
  await deps.db.orm.run(sql.raw(`PRAGMA cache_size = -${LARGE_IMPORT_CACHE_KIB}`));
  return async () => {
    if (was) await deps.db.orm.run(sql.raw(`PRAGMA cache_size = ${Number(was.cache_size)}`));
  };
}

/** Batches a commit holds at most: the reading fills the next commit while one is written. */
const MOST_BATCHES_A_COMMIT = BATCHES_IN_FLIGHT / 2;

/**
 * How many batches the next commit holds, after `written` batches. Each commit writes again every
 * page of the evidence tables its loans touch (keyed by edition and class, so spread all over
 * them), so a run's commits grow from one batch, doubling up to MOST_BATCHES_A_COMMIT: the first
 * work of a run is kept soon, and a run stopped early has still moved on.
 */
export function batchesInCommit(written: number): number {
  return Math.min(MOST_BATCHES_A_COMMIT, Math.max(1, written));
}

/**
 * The batches a worker thread reads from the file, in groups, each group one commit
 * (batchesInCommit). Acknowledged as they are written, so the reading stays at most
 * BATCHES_IN_FLIGHT ahead.
 */
async function* batchesFromWorker(path: string, setup: LoanParseSetup): AsyncGenerator<LoanBatch[]> {
  const worker = startWorker(
    new URL('../../node/loan-batches-worker.js', import.meta.url),
    { path, setup },
    { maxYoungGenerationSizeMb: READING_YOUNG_GENERATION_MB },
  );
  const queue: FromWorker[] = [];
  let wake: (() => void) | null = null;
  let crashed: Error | null = null;
  let written = 0;
  worker.on('message', (message: FromWorker) => {
    queue.push(message);
    wake?.();
  });
  worker.on('error', (error) => {
    crashed = error;
    wake?.();
  });
  try {
    while (true) {
      const most = batchesInCommit(written);
      // The group is whole, or the reading has ended (its last message is not a batch).
      if (queue.length < most && queue.at(-1)?.type !== 'done' && queue.at(-1)?.type !== 'error') {
        if (crashed) throw crashed;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      const group: LoanBatch[] = [];
      while (queue[0]?.type === 'batch' && group.length < most)
        group.push((queue.shift() as { batch: LoanBatch }).batch);
      if (group.length) {
        yield group;
        written += group.length;
        for (const _ of group) worker.postMessage('written');
        continue;
      }
      const message = queue.shift()!;
      if (message.type === 'done') return;
      if (message.type === 'error')
        throw message.importError ? new ImportError(message.message) : new Error(message.message);
    }
  } finally {
    await worker.terminate();
  }
}

/** A group of batches, one atomic write (groupSteps). */
async function writeLoans(
  deps: Deps,
  group: LoanBatch[],
  runKey: string,
  rejections: Rejection[],
): Promise<{ inserted: number; skipped: number }> {
  const before = await importedSoFar(deps, runKey);
  await runAtomic(deps.db, groupSteps(deps, group, runKey, rejections));
  const inserted = (await importedSoFar(deps, runKey)) - before;
  return { inserted, skipped: group.reduce((n, batch) => n + batch.loans, 0) - inserted };
}

/**
 * A group of batches' writes, one commit: their loans and editions batch by batch, and what they
 * add to the aggregates and the evidence by month summed over the whole group, so a row of them
 * is written once a commit, not once a batch. Each batch travels as JSON parameters that SQLite
 * unpacks (Db.jsonEach): one short statement whatever the batch size, the same on D1. A loan already
 * stored (the same source, ILS id and loan date) is not inserted; the aggregates are then
 * counted from the loans the group did insert (those above the highest id before it), so a
 * skipped loan is never counted, even when two imports of overlapping exports run at once. The
 * checkpoint is the last batch's: the commit holds every record up to it, sums included.
 */
function groupSteps(deps: Deps, group: LoanBatch[], runKey: string, rejections: Rejection[]): AtomicStep[] {
  const mark = sql`(SELECT batch_mark FROM import_runs WHERE run_key = ${runKey})`;
  const loans = group.reduce((n, batch) => n + batch.loans, 0);
  /** every loan of the group went in: none was already stored */
  const allIn = sql`((SELECT count(*) FROM loans WHERE id > ${mark}) = ${loans})`;
  const last = group.at(-1)!;
  // The last batch of a file read to its end completes the import; a broken file does not.
  const complete = last.last;
  return [
    sql`UPDATE import_runs SET batch_mark = (SELECT coalesce(max(id), 0) FROM loans) WHERE run_key = ${runKey}`,
    ...group.flatMap((batch): AtomicStep[] => [
      sql`INSERT INTO loans (source, loan_key, loaned_at, month, isbn13, call_number, discipline, department_code, patron_category, flags)
        SELECT j.value->>0, j.value->>1, j.value->>2, j.value->>3, j.value->>4, j.value->>5, j.value->>6, j.value->>7, j.value->>8,
               j.value->>9
        FROM ${deps.db.jsonEach(batch.rows)} j WHERE true
        ON CONFLICT (source, loan_key, loaned_at) WHERE loan_key IS NOT NULL DO NOTHING`,
      // Title-level evidence: each edition lent, under the keys it is looked up by.
      sql`INSERT INTO loan_editions (edition_key, work_key, shelf_key, title_key, author_key, class_key, published, copies, first_month)
        SELECT j.value->>0, j.value->>1, j.value->>2, j.value->>3, j.value->>4, j.value->>5, j.value->>6, j.value->>7, j.value->>8
        FROM ${deps.db.jsonEach(batch.editions)} j WHERE true
        ON CONFLICT (edition_key) DO UPDATE SET
          work_key = coalesce(loan_editions.work_key, excluded.work_key),
          shelf_key = coalesce(loan_editions.shelf_key, excluded.shelf_key),
          title_key = coalesce(loan_editions.title_key, excluded.title_key),
          author_key = coalesce(loan_editions.author_key, excluded.author_key),
          class_key = coalesce(loan_editions.class_key, excluded.class_key),
          published = coalesce(loan_editions.published, excluded.published),
          copies = max(loan_editions.copies, excluded.copies),
          first_month = min(loan_editions.first_month, excluded.first_month)
        -- an edition lent again says nothing new: its row is left unwritten
        WHERE (loan_editions.work_key IS NULL AND excluded.work_key IS NOT NULL)
           OR (loan_editions.shelf_key IS NULL AND excluded.shelf_key IS NOT NULL)
           OR (loan_editions.title_key IS NULL AND excluded.title_key IS NOT NULL)
           OR (loan_editions.author_key IS NULL AND excluded.author_key IS NOT NULL)
           OR (loan_editions.class_key IS NULL AND excluded.class_key IS NOT NULL)
           OR (loan_editions.published IS NULL AND excluded.published IS NOT NULL)
           OR excluded.copies > loan_editions.copies OR excluded.first_month < loan_editions.first_month`,
    ]),
    sql`INSERT INTO loan_aggregates (discipline, department_code, month, loans)
        SELECT coalesce(discipline, ''), coalesce(department_code, ''), month, count(*)
        FROM loans WHERE id > ${mark}
        GROUP BY 1, 2, 3
        ON CONFLICT (discipline, department_code, month) DO UPDATE SET loans = loans + excluded.loans`,
    // Each edition's loans by month (those through ILL and from course reserve counted apart), and
    // each class number's: counted in the reading thread when every loan of the group went in
    // (nearly always); from the loans table when some were already there.
    sql`INSERT INTO edition_loans (edition_key, month, loans, ill_loans, reserve_loans)
        SELECT j.value->>0, j.value->>1, sum(j.value->>2), sum(j.value->>3), sum(j.value->>4)
        FROM ${deps.db.jsonEach(joinedRows(group.map((batch) => batch.editionLoans)))} j WHERE ${allIn}
        GROUP BY 1, 2
        ON CONFLICT (edition_key, month) DO UPDATE SET
          loans = loans + excluded.loans,
          ill_loans = ill_loans + excluded.ill_loans,
          reserve_loans = reserve_loans + excluded.reserve_loans`,
    sql`INSERT INTO edition_loans (edition_key, month, loans, ill_loans, reserve_loans)
        SELECT ${editionOfLoan('loans')}, month, count(*), sum(flags & 1), sum((flags & 2) >> 1)
        FROM loans WHERE id > ${mark} AND NOT ${allIn}
        GROUP BY 1, 2
        ON CONFLICT (edition_key, month) DO UPDATE SET
          loans = loans + excluded.loans,
          ill_loans = ill_loans + excluded.ill_loans,
          reserve_loans = reserve_loans + excluded.reserve_loans`,
    sql`INSERT INTO class_loans (class_key, month, loans)
        SELECT j.value->>0, j.value->>1, sum(j.value->>2)
        FROM ${deps.db.jsonEach(joinedRows(group.map((batch) => batch.classLoans)))} j WHERE ${allIn}
        GROUP BY 1, 2
        ON CONFLICT (class_key, month) DO UPDATE SET loans = loans + excluded.loans`,
    sql`INSERT INTO class_loans (class_key, month, loans)
        SELECT e.class_key, l.month, count(*)
        FROM loans l JOIN loan_editions e ON e.edition_key = ${editionOfLoan('l')}
        WHERE l.id > ${mark} AND e.class_key IS NOT NULL AND NOT ${allIn}
        GROUP BY 1, 2
        ON CONFLICT (class_key, month) DO UPDATE SET loans = loans + excluded.loans`,
    sql`UPDATE import_runs SET
          imported = imported + (SELECT count(*) FROM loans WHERE id > batch_mark),
          skipped = skipped + ${loans} - (SELECT count(*) FROM loans WHERE id > batch_mark)
        WHERE run_key = ${runKey}`,
    checkpointStep(
      runKey,
      {
        records: last.records,
        imported: 0,
        rejected: group.reduce((n, batch) => n + batch.rejected, 0),
        skipped: group.reduce((n, batch) => n + batch.importedBefore, 0),
        rejections,
      },
      deps.clock(),
      complete,
    ),
    ...group.flatMap((batch) => rejectedRecordsStep(runKey, batch.rejectedRecords)),
    ...(complete ? [statsChangedStep()] : []),
  ];
}

/**
 * Several batches' JSON arrays as one, joined as text: SQLite adds them up (GROUP BY in the
 * statement) and the rows are never made into objects on this thread, where a commit's worth of
 * them lived through the commit into the old generation and raised the import's peak memory.
 */
export function joinedRows(parts: string[]): string {
  if (parts.length === 1) return parts[0]!;
  return `[${parts
    .map((part) => part.slice(1, -1))
    .filter((rows) => rows.length > 0)
    .join(',')}]`;
}

async function importedSoFar(deps: Deps, runKey: string): Promise<number> {
  const run = await deps.db.orm
    .select({ imported: importRuns.imported })
    .from(importRuns)
    .where(eq(importRuns.runKey, runKey))
    .get();
  return run?.imported ?? 0;
}
