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
import { columnsOf, type CsvChoices } from './csv.js';
import { openCsvRun } from './csv-run.js';
import { ImportError, type ImportSource, type ImportSummary } from './import-run.js';

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
  const run = await openCsvRun(deps, source, 'ill', options, (dialect) => ({
    preset: preset.name,
    columns: preset.columns,
    dates: options.dateOrder ?? null,
    ...dialect,
    source: illSource,
  }));
  if (run.done) return run.done;

  let columns: Map<IllField, number> | null = null;
  let passedOver = 0;
  let batch: unknown[][] = [];
  const write = async (complete: boolean) => {
    const rows = JSON.stringify(batch);
    // A request another export brought already is skipped, not imported again: the checkpoint
    // counts what is new, read before the write that adds it.
    const keys = [...new Set(batch.map((r) => r[0] as string))];
    const known =
      (
        await deps.db.orm.get<{ n: number }>(
          sql`SELECT count(*) AS n FROM ill_requests WHERE source = ${illSource} AND request_key IN (SELECT value FROM json_each(${JSON.stringify(keys)}))`,
        )
      )?.n ?? 0;
    const imported = keys.length - known;
    const skipped = batch.length - imported;
    batch = [];
    await runAtomic(deps.db, [
      sql`INSERT INTO ill_requests (source, request_key, title_key, author_key, isbn13, month, department_code)
          SELECT ${illSource}, j.value->>0, j.value->>1, j.value->>2, j.value->>3, j.value->>4, j.value->>5
          FROM json_each(${rows}) j WHERE true
          ON CONFLICT (source, request_key) DO NOTHING`,
      run.checkpoint({ imported, skipped }, complete),
    ]);
    run.summary.imported += imported;
    run.summary.skipped += skipped;
  };

  const now = deps.clock();
  const readHeader = (record: string[]) => {
    columns = indexColumns(columnsOf(record), preset, record);
  };
  for await (const { record, line } of run.rows(readHeader)) {
    const fields: Partial<Record<IllField, string>> = {};
    for (const [field, at] of columns!) fields[field] = record[at];
    const result = toIllRequest(fields, preset, {
      now,
      dateOrder: options.dateOrder,
      line,
      file: run.runKey.slice(0, 16),
    });
    if (result.ok) {
      const r = result.request;
      batch.push([r.requestKey, r.titleKey, r.authorKey, r.isbn13, r.month, r.departmentCode]);
    } else if (result.skip) {
      passedOver++;
    } else {
      run.reject(line, result.reason);
    }
    if (batch.length + run.pendingRejections >= BATCH) await write(false);
  }
  await write(true);
  if (passedOver) {
    run.summary.warnings.push(
      `${passedOver.toLocaleString('en-US')} rows were articles or lending to other libraries, not books borrowed for patrons here: passed over`,
    );
  }
  // Titles asked for again are scored on what ILL says of them.
  await rescore(deps, { all: true });
  return run.finish();
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
