// `r2b import ill FILE`: the books the library borrowed from other libraries for its patrons,
// from its ILL system's export (ILLiad, Tipasa, ReShare, or any CSV through --map). Each
// request becomes evidence for the title asked for (services/title-evidence.ts): a book patrons
// had to borrow elsewhere is one the library may want. Rows are streamed and written in
// batches, each with the file's checkpoint; a request already in (the same source and id) is
// counted once, so overlapping exports add nothing.
import { sql } from 'drizzle-orm';
import type { Deps } from '../../context.js';
import { runAtomic } from '../../db/db.js';
import {
  ILL_FIELDS,
  type IllField,
  illPreset,
  type IllPreset,
  ILL_PRESETS,
  toIllRequest,
} from '../../domain/ill-request.js';
import { loanSourceProblem } from '../../domain/loan.js';
import { rescore } from '../scoring.js';
import { columnsOf, type CsvChoices, csvDialect, csvRows, dialectNotes, dialectReading, readableRows } from './csv.js';
import {
  checkpointStep,
  ImportError,
  type ImportSource,
  type ImportSummary,
  MAX_REJECTIONS_KEPT,
  openRun,
} from './import-run.js';

export interface IllImportOptions extends CsvChoices {
  preset?: string;
  map?: string[];
  source?: string;
  dateOrder?: 'mdy' | 'dmy';
}

const BATCH = 2000;

export async function importIll(
  deps: Deps,
  source: ImportSource,
  options: IllImportOptions = {},
): Promise<ImportSummary> {
  const preset = resolveIllPreset(options.preset ?? 'generic', options.map ?? []);
  const illSource = options.source ?? preset.name;
  const badSource = loanSourceProblem(illSource);
  if (badSource) throw new ImportError(`${badSource}.`);
  const dialect = await csvDialect(source, options);
  const reading = {
    preset: preset.name,
    columns: preset.columns,
    dates: options.dateOrder ?? null,
    ...dialectReading(dialect),
    source: illSource,
  };
  const opened = await openRun(deps.db, source, 'ill', reading, deps.clock());
  if (opened.done) return opened.done;
  const { runKey, summary } = opened;
  summary.warnings.push(...dialectNotes(dialect));

  const reject = (line: number, reason: string) => {
    summary.rejected++;
    if (summary.rejections.length < MAX_REJECTIONS_KEPT) summary.rejections.push({ line, reason });
  };
  let columns: Map<IllField, number> | null = null;
  let passedOver = 0;
  let batch: unknown[][] = [];
  const write = async (complete: boolean) => {
    const rows = JSON.stringify(batch);
    batch = [];
    const before = await count(deps);
    await runAtomic(deps.db, [
      sql`INSERT INTO ill_requests (source, request_key, title_key, author_key, isbn13, month, department_code)
          SELECT ${illSource}, j.value->>0, j.value->>1, j.value->>2, j.value->>3, j.value->>4, j.value->>5
          FROM json_each(${rows}) j WHERE true
          ON CONFLICT (source, request_key) DO NOTHING`,
      checkpointStep(
        runKey,
        { records: summary.read, imported: 0, rejected: summary.rejected, skipped: 0, rejections: summary.rejections },
        deps.clock(),
        complete,
      ),
    ]);
    const inserted = (await count(deps)) - before;
    summary.imported += inserted;
    summary.skipped += JSON.parse(rows).length - inserted;
  };

  const now = deps.clock();
  const unreadable = (line: number, reason: string) => {
    if (!columns) throw new ImportError(`The header row cannot be read: ${reason}`);
    summary.read++;
    reject(line, reason);
  };
  for await (const { record, line, undecodable } of readableRows(csvRows(source.open(), dialect), unreadable)) {
    if (!columns) {
      columns = indexColumns(columnsOf(record), preset, record);
      continue;
    }
    summary.read++;
    if (summary.read <= opened.run.records) continue;
    if (undecodable) {
      reject(line, undecodable);
      continue;
    }
    const fields: Partial<Record<IllField, string>> = {};
    for (const [field, at] of columns) fields[field] = record[at];
    const result = toIllRequest(fields, preset, { now, dateOrder: options.dateOrder, line, file: runKey.slice(0, 16) });
    if (result.ok) {
      const r = result.request;
      batch.push([r.requestKey, r.titleKey, r.authorKey, r.isbn13, r.month, r.departmentCode]);
    } else if (result.skip) {
      passedOver++;
    } else {
      reject(line, result.reason);
    }
    if (batch.length >= BATCH) await write(false);
  }
  if (!columns) throw new ImportError('The file is empty: there is no header row.');
  await write(true);
  if (passedOver) {
    summary.warnings.push(
      `${passedOver.toLocaleString('en-US')} rows were articles or lending to other libraries, not books borrowed for patrons here: passed over`,
    );
  }
  // Titles asked for again are scored on what ILL says of them.
  await rescore(deps, { all: true });
  return opened.finish();
}

async function count(deps: Deps): Promise<number> {
  return (await deps.db.orm.get<{ n: number }>(sql`SELECT count(*) AS n FROM ill_requests`))?.n ?? 0;
}

export function resolveIllPreset(name: string, map: string[]): IllPreset {
  const preset = illPreset(name);
  if (!preset) {
    throw new ImportError(`There is no ILL preset "${name}"; the presets are ${Object.keys(ILL_PRESETS).join(', ')}.`);
  }
  const columns = { ...preset.columns };
  for (const pair of map) {
    const at = pair.indexOf('=');
    const field = pair.slice(0, at).trim();
    const column = pair.slice(at + 1).trim();
    if (at < 1 || !column) throw new ImportError(`--map ${pair}: write field=column`);
    if (!(ILL_FIELDS as readonly string[]).includes(field)) {
      throw new ImportError(`--map ${pair}: "${field}" is not an ILL field; the fields are ${ILL_FIELDS.join(', ')}`);
    }
    columns[field as IllField] = column;
  }
  return { ...preset, columns };
}

function indexColumns(header: ReadonlyMap<string, number>, preset: IllPreset, names: string[]): Map<IllField, number> {
  const found = new Map<IllField, number>();
  for (const field of ILL_FIELDS) {
    const column = preset.columns[field];
    const at = column === undefined ? undefined : header.get(column.toLowerCase());
    if (at !== undefined) found.set(field, at);
  }
  if (!found.has('requested_at') || (!found.has('title') && !found.has('isbn'))) {
    throw new ImportError(
      `The ILL file needs a request date and a title or ISBN (preset ${preset.name}: ${preset.columns.requested_at}, ${preset.columns.title}, ${preset.columns.isbn}); its columns are: ${names.join(', ')}. Use --map field=column.`,
    );
  }
  return found;
}
