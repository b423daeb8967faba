// `r2b import holdings`: what the library owns, from MARC21 (ISO 2709, MARC-8 or UTF-8),
// MARCXML or CSV. Holdings answer "the library already has this" (by every ISBN a record
// carries) with where to find it, and give the items per discipline that use is measured
// against. A re-import of an updated export updates the same records.
import { type SQL, sql } from 'drizzle-orm';
import type { Deps } from '../../context.js';
import { runAtomic } from '../../db/db.js';
import { classify, type Scheme } from '../../domain/classification.js';
import { extractIsbn13s } from '../../domain/isbn.js';
import { rescore, statsChangedStep } from '../scoring.js';
import { MOST_ITEMS_FIRST, whereShelved } from '../enrichment/holdings.js';
import { enqueueStep } from '../jobs.js';
import { INITIAL_STATUS } from '../../domain/workflow.js';
import {
  columnsOf,
  type CsvChoices,
  type CsvDialect,
  csvDialect,
  csvRows,
  dialectNotes,
  dialectReading,
  isCsvError,
} from './csv.js';
import {
  checkpointStep,
  ImportError,
  type ImportSource,
  type ImportSummary,
  MAX_REJECTIONS_KEPT,
  type Progress,
  openRun,
} from './import-run.js';
import {
  controlField,
  fieldsTagged,
  type MarcFormat,
  type MarcRead,
  type MarcRecord,
  readIso2709,
  readMarcXml,
  sniffFormat,
  subfields,
} from './marc.js';

export interface Holding {
  recordKey: string;
  title: string | null;
  callNumber: string | null;
  discipline: string | null;
  items: number;
  location: string | null;
  isbns: string[];
}

/** A CSV's encoding and delimiter are recognised from its bytes when not given (MARC says its own). */
export interface HoldingsImportOptions extends CsvChoices {
  format?: MarcFormat;
  batchSize?: number;
  onProgress?: (progress: Progress) => void;
}

type Parsed = { ok: true; holding: Holding; line: number } | { ok: false; reason: string; line: number };

export async function importHoldings(
  deps: Deps,
  source: ImportSource,
  options: HoldingsImportOptions = {},
): Promise<ImportSummary> {
  const format = options.format ?? (await detectFormat(source));
  const dialect = format === 'csv' ? await csvDialect(source, options) : null;
  const batchSize = options.batchSize ?? 2000;
  const reading = { format, ...(dialect ? dialectReading(dialect) : { encoding: null }) };
  const opened = await openRun(deps.db, source, 'holdings', reading, deps.clock());
  if (opened.done) return opened.done;
  const { runKey, run, summary } = opened;
  if (dialect) summary.warnings.push(...dialectNotes(dialect));

  let bytes = 0;
  const counted = (async function* () {
    for await (const chunk of source.open()) {
      bytes += chunk.length;
      yield chunk;
    }
  })();

  const disciplineOf = (callNumber: string, scheme?: Scheme) => {
    const result = classify(deps.classification, callNumber, scheme);
    return result.ok ? result.discipline : null;
  };
  const records = dialect
    ? csvHoldings(counted, dialect, disciplineOf)
    : marcHoldings(format as 'iso2709' | 'marcxml', counted, disciplineOf);

  let seen = 0;
  let batch: Holding[] = [];
  let rejectedInBatch = 0;
  const commit = async (complete: boolean) => {
    await runAtomic(deps.db, [
      ...holdingSteps(deps, batch, complete),
      checkpointStep(
        runKey,
        {
          records: seen,
          imported: batch.length,
          rejected: rejectedInBatch,
          skipped: 0,
          rejections: summary.rejections,
        },
        deps.clock(),
        complete,
      ),
    ]);
    summary.imported += batch.length;
    batch = [];
    rejectedInBatch = 0;
    options.onProgress?.({ records: seen, bytes, totalBytes: source.size });
  };

  for await (const parsed of records) {
    seen++;
    if (seen <= run.records) continue;
    summary.read++;
    if (parsed.ok) batch.push(parsed.holding);
    else {
      summary.rejected++;
      rejectedInBatch++;
      if (summary.rejections.length < MAX_REJECTIONS_KEPT)
        summary.rejections.push({ line: parsed.line, reason: parsed.reason });
    }
    if (batch.length + rejectedInBatch >= batchSize) await commit(false);
  }
  await commit(true);
  if (seen === 0) summary.warnings.push(`no ${format === 'csv' ? 'rows' : 'records'} found in the file`);
  // Items per discipline and what titles are held changed: every open title is scored again.
  await rescore(deps, { all: true });
  return opened.finish();
}

async function detectFormat(source: ImportSource): Promise<MarcFormat> {
  for await (const chunk of source.open()) return sniffFormat(chunk.subarray(0, 4096));
  return 'csv';
}

/**
 * The statements that write a batch of holdings and their ISBNs; the caller adds the
 * checkpoint and commits them together. With the last batch the items per discipline are
 * counted again from all holdings, in the same write.
 */
function holdingSteps(deps: Deps, holdings: Holding[], complete: boolean): SQL[] {
  const now = deps.clock().getTime();
  const rows = JSON.stringify(
    holdings.map((h) => [h.recordKey, h.title, h.callNumber, h.discipline, h.items, h.location, h.isbns]),
  );
  const steps = [
    sql`INSERT INTO holdings (record_key, title, call_number, discipline, items, location, updated_at)
        SELECT j.value->>0, j.value->>1, j.value->>2, j.value->>3, j.value->>4, j.value->>5, ${now}
        FROM json_each(${rows}) j WHERE true
        ON CONFLICT (record_key) DO UPDATE SET title = excluded.title, call_number = excluded.call_number,
          discipline = excluded.discipline, items = excluded.items, location = excluded.location, updated_at = excluded.updated_at`,
    sql`DELETE FROM holding_isbns WHERE holding_id IN (
          SELECT h.id FROM holdings h WHERE h.record_key IN (SELECT j.value->>0 FROM json_each(${rows}) j))`,
    sql`INSERT INTO holding_isbns (isbn13, holding_id)
        SELECT i.value, h.id FROM json_each(${rows}) j JOIN json_each(j.value->6) i JOIN holdings h ON h.record_key = j.value->>0
        WHERE true ON CONFLICT DO NOTHING`,
  ];
  if (complete) {
    steps.push(
      sql`DELETE FROM discipline_holdings`,
      sql`INSERT INTO discipline_holdings (discipline, items, titles)
          SELECT coalesce(discipline, ''), sum(items), count(*) FROM holdings GROUP BY 1`,
      // A title just suggested that the library turns out to own is looked up again: enrichment
      // moves it to "held" and tells its requesters where it is, as it does at intake. It runs
      // before the update below, which would hide that the title was not held until now.
      enqueueStep(
        'enrich',
        sql`SELECT CAST(t.id AS TEXT) AS subject FROM titles t
            WHERE t.status = ${INITIAL_STATUS} AND t.held_items = 0
              AND EXISTS (SELECT 1 FROM holding_isbns i WHERE i.isbn13 = t.isbn13)`,
        deps.clock(),
      ),
      // Suggested titles learn what the library now owns of them, and where (the record with
      // the most items, as enrichment says it).
      sql`UPDATE titles SET
            held_items = coalesce((SELECT sum(h.items) FROM holding_isbns i JOIN holdings h ON h.id = i.holding_id
                                   WHERE i.isbn13 = titles.isbn13), 0),
            held_where = (SELECT ${whereShelved} FROM holding_isbns i JOIN holdings h ON h.id = i.holding_id
                          WHERE i.isbn13 = titles.isbn13 ${MOST_ITEMS_FIRST} LIMIT 1)
          WHERE isbn13 IS NOT NULL`,
      statsChangedStep(),
    );
  }
  return holdings.length ? steps : steps.slice(3);
}

type DisciplineOf = (callNumber: string, scheme?: Scheme) => string | null;

async function* marcHoldings(
  format: 'iso2709' | 'marcxml',
  source: AsyncIterable<Buffer>,
  disciplineOf: DisciplineOf,
): AsyncGenerator<Parsed> {
  const reader: AsyncGenerator<MarcRead> = format === 'iso2709' ? readIso2709(source) : readMarcXml(source);
  for await (const read of reader) {
    if (!read.ok) {
      yield { ok: false, reason: read.error, line: read.number };
      continue;
    }
    const holding = holdingFromMarc(read.record, disciplineOf);
    yield 'reason' in holding
      ? { ok: false, reason: holding.reason, line: read.number }
      : { ok: true, holding, line: read.number };
  }
}

/**
 * A bibliographic record with its items as a holding. Call numbers come from the LC (050,
 * 090) and Dewey (082) fields and from the item fields that ILSs export: 852 (MARC holdings),
 * 949 (Evergreen and many vendors), 952 (Koha). Each 949 or 952 is one item.
 */
export function holdingFromMarc(record: MarcRecord, disciplineOf: DisciplineOf): Holding | { reason: string } {
  const joined = (tag: string, codes: string[]) =>
    fieldsTagged(record, tag).map((f) => {
      const parts: string[] = [];
      for (let i = 2; i + 1 < f.length; i += 2) if (codes.includes(f[i]!)) parts.push(f[i + 1]!.trim());
      return parts.join(' ').trim();
    });
  const classed: { value: string; scheme?: Scheme }[] = [
    ...joined('050', ['a', 'b']).map((value) => ({ value, scheme: 'lcc' as const })),
    ...joined('090', ['a', 'b']).map((value) => ({ value, scheme: 'lcc' as const })),
    ...subfields(record, '082', 'a').map((value) => ({ value, scheme: 'ddc' as const })),
  ];
  const onShelf = [
    ...joined('852', ['h', 'i']),
    ...subfields(record, '949', 'a'),
    ...subfields(record, '952', 'o'),
  ].filter(Boolean);
  let discipline: string | null = null;
  for (const c of [...classed, ...onShelf.map((value) => ({ value, scheme: undefined }))]) {
    discipline = c.value ? disciplineOf(c.value, c.scheme) : null;
    if (discipline) break;
  }
  const isbns = [
    ...new Set([...subfields(record, '020', 'a'), ...subfields(record, '020', 'z')].flatMap(extractIsbn13s)),
  ];
  const itemFields = fieldsTagged(record, '949').length + fieldsTagged(record, '952').length;
  const items = itemFields || fieldsTagged(record, '852').length || 1;
  const location =
    [joined('952', ['a', 'c'])[0], joined('949', ['m', 'l'])[0], joined('852', ['a', 'b'])[0]].find((l) => l) ?? null;
  // 245 $a is the title proper; the subtitle ($b) comes from the providers, as readers expect it.
  const title = subfields(record, '245', 'a')[0]?.replace(/[\s/:;,.=]+$/, '') || null;
  const callNumber = onShelf[0] ?? classed.find((c) => c.value)?.value ?? null;
  // Known by its control number where it has one; otherwise by its first ISBN; otherwise by
  // what is on the record (title, call number, first accession or barcode), so a re-import of
  // the same export still lands on the same row.
  const id = controlField(record, '001')?.trim();
  const agency = controlField(record, '003')?.trim();
  const accession = [
    ...subfields(record, '852', 'x'),
    ...subfields(record, '949', 'i'),
    ...subfields(record, '952', 'p'),
  ][0];
  const recordKey = id
    ? `marc:${agency ? `${agency}:` : ''}${id}`
    : isbns[0]
      ? `isbn:${isbns[0]}`
      : title && (callNumber || accession)
        ? `bib:${title}|${callNumber ?? ''}|${accession ?? ''}`
        : null;
  if (!recordKey) return { reason: 'no control number (001), ISBN, or title with a call number to know the record by' };
  return { recordKey, title, callNumber, discipline, items, location, isbns };
}

/** The columns a holdings CSV is read from (an isbn or a call_number on each row). */
export const HOLDINGS_CSV_COLUMNS = ['isbn', 'call_number', 'items', 'location', 'title', 'record_id'] as const;

async function* csvHoldings(
  source: AsyncIterable<Buffer>,
  dialect: CsvDialect,
  disciplineOf: DisciplineOf,
): AsyncGenerator<Parsed> {
  let header: ReadonlyMap<string, number> | null = null;
  try {
    for await (const { record, line, undecodable } of csvRows(source, dialect)) {
      if (!header) {
        header = columnsOf(record);
        if (!header.has('isbn') && !header.has('call_number')) {
          throw new ImportError(
            `A holdings CSV needs an isbn or a call_number column; this one has: ${record.join(', ')}.`,
          );
        }
        continue;
      }
      if (undecodable) {
        yield { ok: false, reason: undecodable, line };
        continue;
      }
      const get = (name: (typeof HOLDINGS_CSV_COLUMNS)[number]) => {
        const i = header!.get(name);
        return i === undefined ? '' : (record[i] ?? '').trim();
      };
      const isbns = extractIsbn13s(get('isbn'));
      const callNumber = get('call_number') || null;
      const itemsText = get('items');
      const items = itemsText === '' ? 1 : Number(itemsText);
      if (!Number.isInteger(items) || items < 0) {
        yield { ok: false, reason: `items "${itemsText}" is not a whole number`, line };
        continue;
      }
      if (isbns.length === 0 && !callNumber) {
        const why = get('isbn') ? `isbn "${get('isbn')}" holds no valid ISBN` : 'no ISBN';
        yield { ok: false, reason: `${why} and no call number`, line };
        continue;
      }
      const recordId = get('record_id');
      yield {
        ok: true,
        line,
        holding: {
          recordKey: recordId ? `csv:${recordId}` : isbns[0] ? `isbn:${isbns[0]}` : `cn:${callNumber}`,
          title: get('title') || null,
          callNumber,
          discipline: callNumber ? disciplineOf(callNumber) : null,
          items,
          location: get('location') || null,
          isbns,
        },
      };
    }
  } catch (error) {
    if (!isCsvError(error)) throw error;
    yield {
      ok: false,
      reason: `the CSV cannot be read further: ${(error as Error).message}`,
      line: (error as { lines?: number }).lines ?? 0,
    };
  }
}
