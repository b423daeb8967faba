// A run of a CSV import that reads its rows on the request's own thread (suggestions, reading
// lists, ILL, departments), and everything such an import does the same way: the file's dialect
// found and its run opened, resumed or found done; the header row handed to the importer; the
// records an earlier run committed passed over; a row that does not decode, or the CSV breaking
// off, rejected by its line; a file without a header refused; and each batch's checkpoint, which
// counts what that batch imported and rejected, not the run's totals again.
import type { SQL } from 'drizzle-orm';
import type { Deps } from '../../context.js';
import {
  type CsvChoices,
  type CsvDialect,
  csvDialect,
  csvRows,
  dialectNotes,
  dialectReading,
  readableRows,
} from './csv.js';
import {
  checkpointStep,
  ImportError,
  type ImportKind,
  type ImportSource,
  type ImportSummary,
  MAX_REJECTIONS_KEPT,
  type OpenedRun,
  openRun,
  type ReadingOptions,
} from './import-run.js';

export interface CsvRecord {
  record: string[];
  line: number;
}

type Running = Exclude<OpenedRun, { done: ImportSummary }>;

export class CsvRun {
  readonly done?: undefined;
  /** The data records of the file read so far, those an earlier run committed included. */
  private records = 0;
  /** Rejected since the last checkpoint: the checkpoint adds them to the run's count. */
  private rejectedSinceCheckpoint = 0;

  constructor(
    private readonly deps: Deps,
    private readonly source: ImportSource,
    private readonly dialect: CsvDialect,
    private readonly opened: Running,
  ) {
    opened.summary.warnings.push(...dialectNotes(dialect));
  }

  get summary(): ImportSummary {
    return this.opened.summary;
  }

  get runKey(): string {
    return this.opened.runKey;
  }

  /** Rows read since the last checkpoint that no batch holds: a batch is full counting them too. */
  get pendingRejections(): number {
    return this.rejectedSinceCheckpoint;
  }

  reject(line: number, reason: string): void {
    this.summary.rejected++;
    this.rejectedSinceCheckpoint++;
    if (this.summary.rejections.length < MAX_REJECTIONS_KEPT) this.summary.rejections.push({ line, reason });
  }

  /**
   * The data records this run has to read, after the header row, which goes to `header` first
   * (it refuses a file that lacks a column it needs by throwing an ImportError).
   */
  async *rows(header: (record: string[]) => void): AsyncGenerator<CsvRecord> {
    let headed = false;
    const broken = (line: number, reason: string) => {
      if (!headed) throw new ImportError(`The header row cannot be read: ${reason}`);
      this.records++;
      this.summary.read++;
      this.reject(line, reason);
    };
    for await (const { record, line, undecodable } of readableRows(csvRows(this.source.open(), this.dialect), broken)) {
      if (!headed) {
        header(record);
        headed = true;
        continue;
      }
      this.records++;
      if (this.records <= this.opened.run.records) continue;
      this.summary.read++;
      if (undecodable) this.reject(line, undecodable);
      else yield { record, line };
    }
    if (!headed) throw new ImportError('The file is empty: there is no header row.');
  }

  /** The step that moves the checkpoint to the last row read, committed in the same atomic write as its batch. */
  checkpoint(batch: { imported: number; skipped?: number }, complete: boolean): SQL {
    const step = checkpointStep(
      this.runKey,
      {
        records: this.records,
        imported: batch.imported,
        rejected: this.rejectedSinceCheckpoint,
        skipped: batch.skipped ?? 0,
        rejections: this.summary.rejections,
      },
      this.deps.clock(),
      complete,
    );
    this.rejectedSinceCheckpoint = 0;
    return step;
  }

  finish(): ImportSummary {
    return this.opened.finish();
  }
}

/**
 * Open the run of this file read this way: `reading` is what, besides the dialect, changes the
 * meaning of its bytes (a preset, a column map), and places the dialect among them, as the run's
 * key has always listed them.
 */
export async function openCsvRun(
  deps: Deps,
  source: ImportSource,
  kind: ImportKind,
  choices: CsvChoices,
  reading: (dialect: ReturnType<typeof dialectReading>) => ReadingOptions = (dialect) => dialect,
): Promise<{ done: ImportSummary } | CsvRun> {
  const dialect = await csvDialect(source, choices);
  const opened = await openRun(deps.db, source, kind, reading(dialectReading(dialect)), deps.clock());
  if (opened.done) return { done: opened.done };
  return new CsvRun(deps, source, dialect, opened);
}
