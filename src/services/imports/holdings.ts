// `r2b import holdings`: what the library owns, from MARC (ISO 2709 or MARCXML, MARC21 or
// UNIMARC/CNMARC) or CSV. Holdings answer "the library already has this" (by every ISBN a
// record carries) with where to find it, and give the items per discipline that use is
// measured against. A re-import of an updated export updates the same records.
import { type SQL, sql } from 'drizzle-orm';
import type { Deps } from '../../context.js';
import { runAtomic } from '../../db/db.js';
import { classify, realCallNumber, type Scheme, type SchemeHint, schemeOfSource } from '../../domain/classification.js';
import { acquiredFrom008, acquiredFromText, acquiredFromUnimarc100, earliest } from '../../domain/acquired.js';
import { extractIsbn13s } from '../../domain/isbn.js';
import type { Price } from '../../domain/metadata.js';
import { rescore, statsChangedStep } from '../scoring.js';
import { MOST_ITEMS_FIRST, whereShelved } from '../enrichment/holdings.js';
import { enqueueStep } from '../../jobs/queue.js';
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
import { binaryKind } from './file-kind.js';
import { joined, type MarcBook, marcBook, type Shelf } from './marc-book.js';
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
  type Flavour,
  type MarcFormat,
  type MarcRead,
  type MarcRecord,
  type Misread,
  misreadNote,
  readIso2709,
  readMarcXml,
  sniffFormat,
  subfield,
  subfields,
} from './marc.js';

export interface Holding {
  recordKey: string;
  title: string | null;
  callNumber: string | null;
  discipline: string | null;
  items: number;
  location: string | null;
  /** the ILS's id of the record (schema.ts holdings.ilsRecordId) */
  ilsRecordId: string | null;
  isbns: string[];
  authors: string[];
  publisher: string | null;
  publishedYear: number | null;
  price: Price | null;
  /** YYYY-MM-DD, when it was acquired (domain/acquired.ts) */
  acquired: string | null;
}

/** A MARC holdings record: copies and a call number of the bibliographic record it names (004). */
export interface HoldingsRecord {
  recordKey: string;
  bibKey: string;
  bibKeyBare: string;
  callNumber: string | null;
  discipline: string | null;
  items: number;
  location: string | null;
}

/** A CSV's encoding and delimiter are recognised from its bytes when not given (MARC says its own). */
export interface HoldingsImportOptions extends CsvChoices {
  format?: MarcFormat;
  /** how MARC records are read; recognised from the records when not given */
  flavour?: Flavour;
  batchSize?: number;
  onProgress?: (progress: Progress) => void;
}

type Parsed =
  | { ok: true; holding: Holding; line: number }
  | { ok: true; part: HoldingsRecord; line: number }
  | { ok: false; reason: string; line: number };

export async function importHoldings(
  deps: Deps,
  source: ImportSource,
  options: HoldingsImportOptions = {},
): Promise<ImportSummary> {
  const head = await firstBytes(source);
  const sniffed = sniffFormat(head);
  const binary = sniffed === 'csv' ? binaryKind(head) : null;
  if (binary) {
    throw new ImportError(
      `${source.name} is ${binary}, not MARC or text: export the holdings as MARC (ISO 2709 or MARCXML) or as CSV.`,
    );
  }
  const format = options.format ?? sniffed;
  const dialect = format === 'csv' ? await csvDialect(source, options) : null;
  const batchSize = options.batchSize ?? 2000;
  const reading = readingOf(deps);
  const opened = await openRun(
    deps.db,
    source,
    'holdings',
    {
      format,
      ...(dialect ? dialectReading(dialect) : { encoding: null }),
      flavour: options.flavour,
      scheme: reading.scheme,
      itemField: deps.config.HOLDINGS_ITEM_FIELD,
    },
    deps.clock(),
  );
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

  const misread = new Map<Misread, { count: number; first: number }>();
  const records = dialect
    ? csvHoldings(counted, dialect, reading)
    : marcHoldings(format as 'iso2709' | 'marcxml', counted, reading, options.flavour, misread);

  let seen = 0;
  let batch: Holding[] = [];
  let parts: HoldingsRecord[] = [];
  let rejectedInBatch = 0;
  const commit = async (complete: boolean) => {
    await runAtomic(deps.db, [
      ...holdingSteps(deps, batch, parts, complete),
      checkpointStep(
        runKey,
        {
          records: seen,
          imported: batch.length + parts.length,
          rejected: rejectedInBatch,
          skipped: 0,
          rejections: summary.rejections,
        },
        deps.clock(),
        complete,
      ),
    ]);
    summary.imported += batch.length + parts.length;
    batch = [];
    parts = [];
    rejectedInBatch = 0;
    options.onProgress?.({ records: seen, bytes, totalBytes: source.size });
  };

  for await (const parsed of records) {
    seen++;
    if (seen <= run.records) continue;
    summary.read++;
    if (!parsed.ok) {
      summary.rejected++;
      rejectedInBatch++;
      if (summary.rejections.length < MAX_REJECTIONS_KEPT)
        summary.rejections.push({ line: parsed.line, reason: parsed.reason });
    } else if ('part' in parsed) parts.push(parsed.part);
    else batch.push(parsed.holding);
    if (batch.length + parts.length + rejectedInBatch >= batchSize) await commit(false);
  }
  await commit(true);
  if (seen === 0) summary.warnings.push(`no ${format === 'csv' ? 'rows' : 'records'} found in the file`);
  for (const [kind, { count, first }] of misread) summary.warnings.push(misreadNote(kind, count, first));
  const waiting = await deps.db.orm.get<{ n: number }>(
    sql`SELECT count(*) AS n FROM holdings_records r
        WHERE NOT EXISTS (SELECT 1 FROM holdings h WHERE h.record_key IN (r.bib_key, r.bib_key_bare))`,
  );
  if (waiting && waiting.n > 0) {
    summary.warnings.push(
      `${waiting.n.toLocaleString('en-US')} holdings records (MFHD) name bibliographic records (004) not imported yet: their copies count once those are`,
    );
  }
  // Items per discipline and what titles are held changed: every open title is scored again.
  await rescore(deps, { all: true });
  return opened.finish();
}

async function firstBytes(source: ImportSource): Promise<Buffer> {
  for await (const chunk of source.open()) return chunk.subarray(0, 4096);
  return Buffer.alloc(0);
}

/**
 * The statements that write a batch of holdings, their ISBNs and holdings records; the caller
 * adds the checkpoint and commits them together. With the last batch, holdings records give
 * their bibliographic records' holdings their copies and call numbers, and the items per
 * discipline are counted again from all holdings, in the same write.
 */
function holdingSteps(deps: Deps, holdings: Holding[], parts: HoldingsRecord[], complete: boolean): SQL[] {
  const now = deps.clock().getTime();
  const steps: SQL[] = [];
  if (holdings.length) {
    const rows = JSON.stringify(
      holdings.map((h) => [
        h.recordKey,
        h.title,
        h.callNumber,
        h.discipline,
        h.items,
        h.location,
        h.isbns,
        h.authors.length ? h.authors : null,
        h.publisher,
        h.publishedYear,
        h.price ? Math.round(h.price.amount * 100) : null,
        h.price?.currency ?? null,
        h.acquired,
        h.ilsRecordId,
      ]),
    );
    steps.push(
      sql`INSERT INTO holdings (record_key, title, call_number, discipline, items, location, authors, publisher,
            published_year, price_cents, price_currency, acquired, ils_record_id, updated_at)
          SELECT j.value->>0, j.value->>1, j.value->>2, j.value->>3, j.value->>4, j.value->>5,
            CASE WHEN json_type(j.value, '$[7]') = 'array' THEN j.value->7 END,
            j.value->>8, j.value->>9, j.value->>10, j.value->>11, j.value->>12, j.value->>13, ${now}
          FROM json_each(${rows}) j WHERE true
          ON CONFLICT (record_key) DO UPDATE SET title = excluded.title, call_number = excluded.call_number,
            discipline = excluded.discipline, items = excluded.items, location = excluded.location,
            authors = excluded.authors, publisher = excluded.publisher, published_year = excluded.published_year,
            price_cents = excluded.price_cents, price_currency = excluded.price_currency,
            acquired = excluded.acquired, ils_record_id = excluded.ils_record_id, updated_at = excluded.updated_at`,
      sql`DELETE FROM holding_isbns WHERE holding_id IN (
            SELECT h.id FROM holdings h WHERE h.record_key IN (SELECT j.value->>0 FROM json_each(${rows}) j))`,
      sql`INSERT INTO holding_isbns (isbn13, holding_id)
          SELECT i.value, h.id FROM json_each(${rows}) j JOIN json_each(j.value->6) i JOIN holdings h ON h.record_key = j.value->>0
          WHERE true ON CONFLICT DO NOTHING`,
    );
  }
  if (parts.length) {
    const rows = JSON.stringify(
      parts.map((p) => [p.recordKey, p.bibKey, p.bibKeyBare, p.callNumber, p.discipline, p.items, p.location]),
    );
    steps.push(
      sql`INSERT INTO holdings_records (record_key, bib_key, bib_key_bare, call_number, discipline, items, location, updated_at)
          SELECT j.value->>0, j.value->>1, j.value->>2, j.value->>3, j.value->>4, j.value->>5, j.value->>6, ${now}
          FROM json_each(${rows}) j WHERE true
          ON CONFLICT (record_key) DO UPDATE SET bib_key = excluded.bib_key, bib_key_bare = excluded.bib_key_bare,
            call_number = excluded.call_number, discipline = excluded.discipline, items = excluded.items,
            location = excluded.location, updated_at = excluded.updated_at`,
    );
  }
  if (complete) {
    // A bibliographic record's holdings records hold its copies: their count replaces the
    // record's own, and the call number, location and discipline of the one with the most
    // copies come before the record's (an 050 is where LC classed the book, an 852 where this
    // library shelves it). Done again at the end of every import, so a re-imported
    // bibliographic record, or one that comes after its holdings records, gets them back.
    const parts = sql`FROM holdings_records r WHERE holdings.record_key IN (r.bib_key, r.bib_key_bare)`;
    const first = (column: string) =>
      sql`(SELECT ${sql.raw(`r.${column}`)} ${parts} AND ${sql.raw(`r.${column}`)} IS NOT NULL ORDER BY r.items DESC, r.record_key LIMIT 1)`;
    steps.push(
      sql`UPDATE holdings SET
            items = (SELECT sum(r.items) ${parts}),
            call_number = coalesce(${first('call_number')}, call_number),
            location = coalesce(${first('location')}, location),
            discipline = coalesce(${first('discipline')}, discipline)
          WHERE record_key IN (SELECT bib_key FROM holdings_records UNION SELECT bib_key_bare FROM holdings_records)`,
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
  return steps;
}

/** What reading a record needs beyond the record: the library's settings, and classify(). */
interface Reading {
  /** the scheme the library's call numbers are in, where a field does not say */
  scheme: Scheme | undefined;
  /** the library's own item field (HOLDINGS_ITEM_FIELD), read before those we know */
  itemField: { tag: string; codes: string[] } | undefined;
  /** the discipline a call number counts toward; `hint` undefined is the library's scheme */
  disciplineOf(callNumber: string, hint?: SchemeHint): string | null;
}

function readingOf(deps: Deps): Reading {
  const scheme = deps.config.CLASSIFICATION_SCHEME;
  return {
    scheme,
    itemField: deps.config.HOLDINGS_ITEM_FIELD,
    disciplineOf: (callNumber, hint) => {
      const result = classify(deps.classification, callNumber, hint ?? scheme);
      return result.ok ? result.discipline : null;
    },
  };
}

async function* marcHoldings(
  format: 'iso2709' | 'marcxml',
  source: AsyncIterable<Buffer>,
  reading: Reading,
  flavour: Flavour | undefined,
  misread: Map<Misread, { count: number; first: number }>,
): AsyncGenerator<Parsed> {
  const reader: AsyncGenerator<MarcRead> =
    format === 'iso2709' ? readIso2709(source, { flavour }) : readMarcXml(source, { flavour });
  for await (const read of reader) {
    if (!read.ok) {
      yield { ok: false, reason: read.error, line: read.number };
      continue;
    }
    if (read.misread) {
      const known = misread.get(read.misread);
      if (known) known.count++;
      else misread.set(read.misread, { count: 1, first: read.number });
    }
    if (isHoldingsRecord(read.record)) {
      const part = holdingsRecordFromMarc(read.record, reading);
      yield 'reason' in part
        ? { ok: false, reason: part.reason, line: read.number }
        : { ok: true, part, line: read.number };
      continue;
    }
    const holding = holdingFromMarc(read.record, reading);
    yield 'reason' in holding
      ? { ok: false, reason: holding.reason, line: read.number }
      : { ok: true, holding, line: read.number };
  }
}

// ---------------------------------------------------------------------------------------------
// Reading one record

/** A record's fields as the importer reads them, whatever the flavour: the book, and its copies. */
interface Described extends MarcBook {
  /** the call numbers the library's copies are shelved under, copy or location fields first */
  shelves: Shelf[];
  /** the library and shelf the first copy is at */
  location: string | null;
  items: number;
  /** the first copy's accession number or barcode, for a record with no 001 or ISBN */
  accession: string | undefined;
  acquired: string | null;
}

/**
 * A bibliographic record with its copies as a holding: what each flavour's fields say (marc21
 * and unimarc below), known by its control number where it has one; otherwise by its first
 * ISBN; otherwise by what is on the record (title, call number, first accession or barcode),
 * so a re-import of the same export still lands on the same row.
 */
function holdingFromMarc(record: MarcRecord, reading: Reading): Holding | { reason: string } {
  const d = record.flavour === 'unimarc' ? unimarc(record, reading) : marc21(record, reading);
  let discipline: string | null = null;
  for (const c of [...d.classed, ...d.shelves]) {
    discipline = c.callNumber ? reading.disciplineOf(c.callNumber, c.hint) : null;
    if (discipline) break;
  }
  const callNumber =
    d.shelves.find((s) => s.callNumber)?.callNumber ?? d.classed.find((c) => c.callNumber)?.callNumber ?? null;
  const id = controlField(record, '001')?.trim();
  const agency = controlField(record, '003')?.trim();
  const recordKey = id
    ? `marc:${agency ? `${agency}:` : ''}${id}`
    : d.isbns[0]
      ? `isbn:${d.isbns[0]}`
      : d.title && (callNumber || d.accession)
        ? `bib:${d.title}|${callNumber ?? ''}|${d.accession ?? ''}`
        : null;
  if (!recordKey) return { reason: 'no control number (001), ISBN, or title with a call number to know the record by' };
  const { title, isbns, authors, publisher, publishedYear, price, items, location, acquired } = d;
  // Koha keeps its biblionumber in 999 $c (MARC21) or 090 $a (UNIMARC); Alma's 001 is the MMS id.
  const [tag, code] = record.flavour === 'unimarc' ? ['090', 'a'] : ['999', 'c'];
  const biblionumber = subfields(record, tag, code)[0];
  return {
    recordKey,
    ilsRecordId: biblionumber?.trim() || id || null,
    title,
    callNumber,
    discipline,
    items,
    location,
    isbns,
    authors,
    publisher,
    publishedYear,
    price,
    acquired,
  };
}

/**
 * Copies: Alma's AVA counts (made from its inventory as the record was published, so they
 * beat item fields a migration left behind), else one per field of the first item tag the
 * record has; 0 when it has neither.
 */
function copies(record: MarcRecord, itemTags: string[]): number {
  const ava = fieldsTagged(record, 'AVA');
  if (ava.length) return ava.reduce((sum, f) => sum + (wholeNumber(subfield(f, 'f')) ?? 1), 0);
  for (const tag of itemTags) {
    const n = fieldsTagged(record, tag).length;
    if (n) return n;
  }
  return 0;
}

function wholeNumber(text: string | undefined): number | null {
  return text && /^\s*\d+\s*$/.test(text) ? Number(text) : null;
}

// The scheme 852's first indicator names (MARC21 holdings; Alma's AVA $k takes the same
// values): 0 LC, 1 Dewey, 2 NLM, 3 SuDoc, 4 shelving control number, 5 title, 6 shelved
// separately, 7 the source in $2, 8 another scheme. Two say nothing, as a blank does:
// "another scheme" is often the CLC in Chinese libraries' Alma, and Evergreen's marc_export
// writes every copy's call number, LC or Dewey, as a shelving control number (852 4_ $j).
function schemeOf852(indicator: string | undefined, source: string | undefined): SchemeHint | undefined {
  switch (indicator) {
    case '0':
    case '2':
      return 'lcc';
    case '1':
      return 'ddc';
    case '3':
    case '5':
    case '6':
      return 'other';
    case '7':
      return schemeOfSource(source) ?? undefined;
    default:
      return undefined;
  }
}

/** An 852's call number: classification $h and item part $i, else a shelving control number $j. */
function shelfOf852(f: string[]): Shelf {
  return {
    callNumber: realCallNumber(joined(f, ['h', 'i'])) ?? realCallNumber(subfield(f, 'j')),
    hint: schemeOf852(f[1]?.[0], subfield(f, '2')),
  };
}

/** Alma's AVA fields (physical inventory, added by its publishing): call number in $d, of the type in $k. */
function avaShelves(record: MarcRecord): Shelf[] {
  return fieldsTagged(record, 'AVA').map((f) => ({
    callNumber: realCallNumber(subfield(f, 'd')),
    hint: schemeOf852(subfield(f, 'k'), undefined),
  }));
}

/** Where the first AVA's copies are: the library's name ($q, else its code $b) and the location's ($c). */
function avaLocation(record: MarcRecord): string | null {
  const f = fieldsTagged(record, 'AVA')[0];
  return (f && [subfield(f, 'q') ?? subfield(f, 'b'), subfield(f, 'c')].filter(Boolean).join(' ')) || null;
}

/** The first non-empty value. */
function firstOf(values: (string | null | undefined)[]): string | null {
  return values.find((v) => v) ?? null;
}

function itemFieldShelves(record: MarcRecord, reading: Reading, separator: string, hint?: SchemeHint): Shelf[] {
  const own = reading.itemField;
  if (!own) return [];
  return fieldsTagged(record, own.tag).map((f) => ({
    callNumber: realCallNumber(joined(f, own.codes, separator)),
    hint,
  }));
}

/**
 * MARC21: the book as marc-book.ts reads it. Copies: Alma's AVA ($d call number, of the type
 * $k; $f copies), else the item fields ILSs export, one copy each: the library's own
 * (HOLDINGS_ITEM_FIELD), 949 ($a call number, as Evergreen's test data and many vendors have
 * it), Koha's 952 ($o, in the scheme $2 names; $a and $c where); else 852 ($h $i, or a shelving
 * control number in $j as Evergreen's marc_export --items writes it; in the scheme its first
 * indicator names), one copy each.
 */
function marc21(record: MarcRecord, reading: Reading): Described {
  const shelves: Shelf[] = [
    ...itemFieldShelves(record, reading, ' '),
    ...subfields(record, '949', 'a').map((callNumber) => ({ callNumber: realCallNumber(callNumber) })),
    ...fieldsTagged(record, '952').map((f) => ({
      callNumber: realCallNumber(subfield(f, 'o')),
      hint: schemeOfSource(subfield(f, '2')) ?? undefined,
    })),
    ...avaShelves(record),
    ...fieldsTagged(record, '852').map(shelfOf852),
  ];
  const location = firstOf([
    ...fieldsTagged(record, '952').map((f) => joined(f, ['a', 'c'])),
    ...fieldsTagged(record, '949').map((f) => joined(f, ['m', 'l'])),
    avaLocation(record),
    ...fieldsTagged(record, '852').map((f) => joined(f, ['a', 'b', 'c'])),
  ]);
  const itemTags = [...(reading.itemField ? [reading.itemField.tag] : []), '949', '952'];
  return {
    ...marcBook(record, reading.scheme),
    shelves,
    location,
    items: copies(record, itemTags) || fieldsTagged(record, '852').length || 1,
    accession: [
      ...subfields(record, '852', 'x'),
      ...subfields(record, '949', 'i'),
      ...subfields(record, '952', 'p'),
    ][0],
    // Koha's 952 $d is each copy's accession date; a record without one, the day it was entered.
    acquired:
      earliest(subfields(record, '952', 'd').map(acquiredFromText)) ?? acquiredFrom008(controlField(record, '008')),
  };
}

/**
 * UNIMARC and CNMARC: the book as marc-book.ts reads it. Call numbers and copies as dp2 and
 * most Chinese systems keep them: the library's own item field (HOLDINGS_ITEM_FIELD), else 906
 * (one per copy, class $d and book number $e), 905 (the call number of the holding), Alma's
 * AVA (whose counts come first, as in MARC21), 090. A class number and a book number are
 * joined by "/", as Chinese libraries write a call number (F124/26). Call numbers of a record
 * classed in the CLC are read as CLC unless the library says otherwise.
 */
function unimarc(record: MarcRecord, reading: Reading): Described {
  const hint = reading.scheme ?? (fieldsTagged(record, '690').length ? 'clc' : undefined);
  const bookNumber = (f: string[], codes: string[]) => ({ callNumber: realCallNumber(joined(f, codes, '/')), hint });
  const shelves: Shelf[] = [
    ...itemFieldShelves(record, reading, '/', hint),
    ...fieldsTagged(record, '906').map((f) => bookNumber(f, ['d', 'e'])),
    ...fieldsTagged(record, '905').map((f) =>
      subfield(f, 'd') ? bookNumber(f, ['d', 'e']) : { callNumber: realCallNumber(subfield(f, 's')), hint },
    ),
    ...avaShelves(record).map((s) => ({ ...s, hint: s.hint ?? hint })),
    ...fieldsTagged(record, '090').map((f) => bookNumber(f, ['a', 'b'])),
  ];
  const itemTags = [...(reading.itemField ? [reading.itemField.tag] : []), '906'];
  return {
    ...marcBook(record, reading.scheme),
    shelves,
    // Alma's AVA names the library and shelf; dp2's 905 only the library's code.
    location: firstOf([avaLocation(record), ...subfields(record, '905', 'a')]),
    items: copies(record, itemTags) || 1,
    accession: [...subfields(record, '906', 'h'), ...subfields(record, '906', 'b')][0],
    acquired: acquiredFromUnimarc100(subfields(record, '100', 'a')[0]),
  };
}

// Leader position 6 of a holdings record (MARC21's MFHD, UNIMARC's holdings format): x a
// single-part item, y a serial, v a multipart item, u unknown.
function isHoldingsRecord(record: MarcRecord): boolean {
  const type = record.leader[6];
  return type !== undefined && type !== '' && 'xyvu'.includes(type);
}

/**
 * A holdings record, attached to its bibliographic record by the control number in 004 (taken
 * to be of the holdings record's own agency, 003, or of none): its 852s (call number in $h $i,
 * in the scheme the first indicator names; where in $a $b $c), and its copies, one per item
 * field (876) or one per 852.
 */
function holdingsRecordFromMarc(record: MarcRecord, reading: Reading): HoldingsRecord | { reason: string } {
  const bib = controlField(record, '004')?.trim();
  if (!bib) {
    return {
      reason: `a holdings record (leader position 6 is "${record.leader[6]}") with no 004 naming the bibliographic record it holds`,
    };
  }
  const agency = controlField(record, '003')?.trim();
  const bibKey = `marc:${agency ? `${agency}:` : ''}${bib}`;
  const locations = fieldsTagged(record, '852');
  const shelved = locations.map(shelfOf852).find((s) => s.callNumber);
  const location = firstOf(locations.map((f) => joined(f, ['a', 'b', 'c'])));
  const id = controlField(record, '001')?.trim();
  return {
    recordKey: id
      ? `mfhd:${agency ? `${agency}:` : ''}${id}`
      : `mfhd:${bibKey}|${shelved?.callNumber ?? ''}|${location ?? ''}`,
    bibKey,
    bibKeyBare: `marc:${bib}`,
    callNumber: shelved?.callNumber ?? null,
    discipline: shelved?.callNumber ? reading.disciplineOf(shelved.callNumber, shelved.hint) : null,
    items: fieldsTagged(record, '876').length || locations.length || 1,
    location,
  };
}

// ---------------------------------------------------------------------------------------------
// CSV

/** The columns a holdings CSV is read from (an isbn or a call_number on each row). */
export const HOLDINGS_CSV_COLUMNS = [
  'isbn',
  'call_number',
  'items',
  'location',
  'title',
  'record_id',
  'acquired',
] as const;

async function* csvHoldings(
  source: AsyncIterable<Buffer>,
  dialect: CsvDialect,
  reading: Reading,
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
      const callNumber = realCallNumber(get('call_number'));
      const itemsText = get('items');
      const items = itemsText === '' ? 1 : Number(itemsText);
      if (!Number.isInteger(items) || items < 0) {
        yield { ok: false, reason: `items "${itemsText}" is not a whole number`, line };
        continue;
      }
      if (isbns.length === 0 && !callNumber) {
        const why = get('isbn') ? `isbn "${get('isbn')}" holds no valid ISBN` : 'no ISBN';
        const placeholder = get('call_number') && `call number "${get('call_number')}" only stands in for one`;
        yield { ok: false, reason: `${why} and ${placeholder || 'no call number'}`, line };
        continue;
      }
      const acquiredText = get('acquired');
      const acquired = acquiredFromText(acquiredText);
      if (acquiredText && !acquired) {
        yield { ok: false, reason: `acquired "${acquiredText}" is not a day written YYYY-MM-DD`, line };
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
          discipline: callNumber ? reading.disciplineOf(callNumber) : null,
          items,
          location: get('location') || null,
          ilsRecordId: recordId || null,
          isbns,
          authors: [],
          publisher: null,
          publishedYear: null,
          price: null,
          acquired,
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
