// `r2b import loans`: a loan export streamed row by row (flat memory, any size), each row made
// into an anonymized loan, written in batches. Each batch is one atomic write: the loans, the
// (discipline, department, month) aggregates they add to, and the file's checkpoint. Killed at
// any point, the import resumes after its last committed batch; run again on the same file,
// it does nothing; loans whose ILS id is already stored (overlapping exports) are skipped.
import { eq, sql } from 'drizzle-orm';
import { importRuns } from '../../db/schema.js';
import type { Deps } from '../../context.js';
import { runAtomic } from '../../db/db.js';
import { classify, type Scheme } from '../../domain/classification.js';
import { toIsbn13 } from '../../domain/isbn.js';
import { type Loan, type LoanFields, toLoan } from '../../domain/loan.js';
import {
  LOAN_FIELDS,
  LOAN_PRESETS,
  type LoanField,
  type LoanPreset,
  withOverrides,
} from '../../domain/loan-presets.js';
import { csvRows, isCsvError } from './csv.js';
import {
  alreadyImported,
  checkpointStep,
  contentKey,
  type ImportSource,
  type ImportSummary,
  MAX_REJECTIONS_KEPT,
  type Progress,
  type Rejection,
  startRun,
} from './import-run.js';

export interface LoanImportOptions {
  preset?: string;
  map?: string[];
  dateOrder?: 'mdy' | 'dmy';
  batchSize?: number;
  onProgress?: (progress: Progress) => void;
}

export class ImportError extends Error {}

export async function importLoans(
  deps: Deps,
  source: ImportSource,
  options: LoanImportOptions = {},
): Promise<ImportSummary> {
  const started = performance.now();
  const preset = resolvePreset(options.preset ?? 'generic', options.map ?? []);
  const batchSize = options.batchSize ?? 5000;
  const fileKey = await contentKey(source);
  const run = await startRun(deps.db, fileKey, 'loans', source.name, deps.clock());
  if (run.status === 'complete') return alreadyImported(run, 'loans', started);

  const disciplineOf = cachedDiscipline(deps);
  const context = {
    source: preset.name,
    now: deps.clock(),
    dateOrder: options.dateOrder,
    categoryMap: deps.config.PATRON_CATEGORY_MAP,
    discipline: disciplineOf,
    isbn13: memoize(toIsbn13),
  };

  const summary: ImportSummary = {
    kind: 'loans',
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
  const reject = (line: number, reason: string) => {
    summary.rejected++;
    batch.rejected++;
    if (summary.rejections.length < MAX_REJECTIONS_KEPT) summary.rejections.push({ line, reason });
  };

  let bytes = 0;
  const rows = csvRows(
    (async function* () {
      for await (const chunk of source.open()) {
        bytes += chunk.length;
        yield chunk;
      }
    })(),
  );
  let columns: ColumnIndex | null = null;
  let recordsSeen = 0;
  let batch = newBatch();

  try {
    for await (const { record, line } of rows) {
      if (!columns) {
        columns = indexColumns(record, preset, summary.warnings);
        continue;
      }
      recordsSeen++;
      // Rows an interrupted earlier run committed are read past, not imported again.
      if (recordsSeen <= run.records) continue;
      summary.read++;
      const result = toLoan(fieldsOf(record, columns), context);
      if (result.ok) batch.loans.push(result.loan);
      else reject(line, result.reason);
      if (batch.loans.length + batch.rejected >= batchSize) {
        await commit(false);
        options.onProgress?.({ records: recordsSeen, bytes, totalBytes: source.size });
      }
    }
  } catch (error) {
    if (!isCsvError(error)) throw error;
    // A broken quote leaves the rest of the file unreadable: keep what came before it, and
    // say where to look. Once the file is fixed, a new import of it starts afresh.
    await commit(false);
    const at = (error as { lines?: number }).lines;
    summary.failed = `The CSV cannot be read past line ${at ?? '?'}: ${(error as Error).message}`;
    summary.seconds = (performance.now() - started) / 1000;
    return summary;
  }
  if (!columns) throw new ImportError('The file is empty: there is no header row.');
  await commit(true);
  options.onProgress?.({ records: recordsSeen, bytes, totalBytes: source.size });
  summary.seconds = (performance.now() - started) / 1000;
  return summary;

  async function commit(complete: boolean) {
    const { inserted, skipped } = await writeLoans(deps, batch.loans, {
      fileKey,
      records: recordsSeen,
      rejected: batch.rejected,
      rejections: summary.rejections,
      complete,
    });
    summary.imported += inserted;
    summary.skipped += skipped;
    batch = newBatch();
  }
}

function newBatch() {
  return { loans: [] as Loan[], rejected: 0 };
}

export function resolvePreset(name: string, map: string[]): LoanPreset {
  const preset = LOAN_PRESETS[name];
  if (!preset)
    throw new ImportError(`There is no preset "${name}"; the presets are ${Object.keys(LOAN_PRESETS).join(', ')}.`);
  const resolved = withOverrides(preset, map);
  if ('error' in resolved) throw new ImportError(resolved.error);
  return resolved;
}

interface ColumnIndex {
  fields: Partial<Record<LoanField, number>>;
  classes: { index: number; scheme: 'lcc' | 'ddc' | 'clc' }[];
}

function indexColumns(header: string[], preset: LoanPreset, warnings: string[]): ColumnIndex {
  const names = header.map((h) => h.trim());
  const find = (column: string) => {
    const exact = names.indexOf(column);
    return exact >= 0 ? exact : names.findIndex((n) => n.toLowerCase() === column.toLowerCase());
  };
  const fields: Partial<Record<LoanField, number>> = {};
  for (const field of LOAN_FIELDS) {
    const column = preset.columns[field];
    if (!column) continue;
    const index = find(column);
    if (index >= 0) fields[field] = index;
    else if (field === 'loaned_at') {
      throw new ImportError(
        `The file has no "${column}" column for the loan date (preset ${preset.name}). Its columns are: ${names.join(', ')}. Use --map loaned_at=COLUMN.`,
      );
    } else if (field !== 'loan_id') {
      warnings.push(`no "${column}" column for ${field}: loans are imported without it (use --map ${field}=COLUMN)`);
    }
  }
  if (fields.isbn === undefined && fields.call_number === undefined) {
    throw new ImportError(
      `The file has neither an ISBN nor a call-number column (preset ${preset.name}). Its columns are: ${names.join(', ')}.`,
    );
  }
  const classes = (preset.classFallbacks ?? [])
    .map((c) => ({ index: find(c.column), scheme: c.scheme }))
    .filter((c) => c.index >= 0);
  return { fields, classes };
}

function fieldsOf(record: string[], columns: ColumnIndex): LoanFields {
  const f = columns.fields;
  const at = (i: number | undefined) => (i === undefined ? undefined : record[i]);
  return {
    loan_id: at(f.loan_id),
    loaned_at: at(f.loaned_at),
    isbn: at(f.isbn),
    call_number: at(f.call_number),
    department: at(f.department),
    patron_category: at(f.patron_category),
    classes: columns.classes.map((c) => ({ value: record[c.index] ?? '', scheme: c.scheme })),
  };
}

/** classify() per distinct call number: a popular item's call number recurs thousands of times. */
function cachedDiscipline(deps: Deps) {
  const byScheme = {
    lcc: memoize(of('lcc')),
    ddc: memoize(of('ddc')),
    clc: memoize(of('clc')),
    none: memoize(of(undefined)),
  };
  function of(scheme: Scheme | undefined) {
    return (callNumber: string) => {
      const result = classify(deps.classification, callNumber, scheme);
      return result.ok ? result.discipline : null;
    };
  }
  return (callNumber: string, scheme?: Scheme): string | null => byScheme[scheme ?? 'none'](callNumber);
}

/** A function of one string, remembered for the values it has seen (up to a bound). */
function memoize<T>(compute: (key: string) => T, limit = 200_000): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    if (cache.has(key)) return cache.get(key)!;
    const value = compute(key);
    if (cache.size >= limit) cache.clear();
    cache.set(key, value);
    return value;
  };
}

/**
 * One batch, one atomic write. The batch travels as a single JSON parameter that SQLite unpacks
 * with json_each: one short statement whatever the batch size, the same on D1. A loan whose
 * ILS id is already stored is not inserted; the aggregates are then counted from the loans
 * this batch did insert (those above the highest id before it), so a skipped loan is never
 * counted, even when two imports of overlapping exports run at once.
 */
async function writeLoans(
  deps: Deps,
  loans: Loan[],
  checkpoint: { fileKey: string; records: number; rejected: number; rejections: Rejection[]; complete: boolean },
): Promise<{ inserted: number; skipped: number }> {
  const { fileKey } = checkpoint;
  const rows = JSON.stringify(
    loans.map((l) => [
      l.loanKey,
      l.loanedAt,
      l.month,
      l.isbn13,
      l.callNumber,
      l.discipline,
      l.departmentCode,
      l.patronCategory,
    ]),
  );
  const mark = sql`(SELECT batch_mark FROM import_runs WHERE file_key = ${fileKey})`;
  const before = await importedSoFar(deps, fileKey);
  await runAtomic(deps.db, [
    sql`UPDATE import_runs SET batch_mark = (SELECT coalesce(max(id), 0) FROM loans) WHERE file_key = ${fileKey}`,
    sql`INSERT INTO loans (loan_key, loaned_at, month, isbn13, call_number, discipline, department_code, patron_category)
        SELECT j.value->>0, j.value->>1, j.value->>2, j.value->>3, j.value->>4, j.value->>5, j.value->>6, j.value->>7
        FROM json_each(${rows}) j WHERE true
        ON CONFLICT (loan_key) WHERE loan_key IS NOT NULL DO NOTHING`,
    sql`INSERT INTO loan_aggregates (discipline, department_code, month, loans)
        SELECT coalesce(discipline, ''), coalesce(department_code, ''), month, count(*)
        FROM loans WHERE id > ${mark}
        GROUP BY 1, 2, 3
        ON CONFLICT (discipline, department_code, month) DO UPDATE SET loans = loans + excluded.loans`,
    sql`UPDATE import_runs SET
          imported = imported + (SELECT count(*) FROM loans WHERE id > batch_mark),
          skipped = skipped + ${loans.length} - (SELECT count(*) FROM loans WHERE id > batch_mark)
        WHERE file_key = ${fileKey}`,
    checkpointStep(
      fileKey,
      {
        records: checkpoint.records,
        imported: 0,
        rejected: checkpoint.rejected,
        skipped: 0,
        rejections: checkpoint.rejections,
      },
      deps.clock(),
      checkpoint.complete,
    ),
  ]);
  const inserted = (await importedSoFar(deps, fileKey)) - before;
  return { inserted, skipped: loans.length - inserted };
}

async function importedSoFar(deps: Deps, fileKey: string): Promise<number> {
  const run = await deps.db.orm
    .select({ imported: importRuns.imported })
    .from(importRuns)
    .where(eq(importRuns.fileKey, fileKey))
    .get();
  return run?.imported ?? 0;
}
