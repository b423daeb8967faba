// `r2b import catalogue`: a vendor's new-title list (征订目录) for patrons to browse and suggest
// from. MARC21 or UNIMARC/CNMARC (ISO 2709 or MARCXML), read as the holdings import reads a
// record's book (marc-book.ts), or a vendor's sheet as CSV with English or Chinese column
// names (domain/catalogue.ts). Each entry is keyed by the work a suggestion of it pools under,
// so a later file of the same list (the same vendor and name) updates its entries in place.
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Deps } from '../../context.js';
import { runAtomic } from '../../db/db.js';
import { CATALOGUE_COLUMNS, type CatalogueField, catalogueSearchText } from '../../domain/catalogue.js';
import { realCallNumber } from '../../domain/classification.js';
import { controlCharacterIn } from '../../domain/imported-text.js';
import { type Price, readPrice, yearOf } from '../../domain/metadata.js';
import { overLimit } from '../../domain/text-limits.js';
import { identifyWork } from '../suggestions.js';
import {
  columnsOf,
  type CsvChoices,
  type CsvDialect,
  csvDialect,
  csvRows,
  dialectNotes,
  dialectReading,
  readableRows,
} from './csv.js';
import { binaryKind } from './file-kind.js';
import {
  checkpointStep,
  ImportError,
  type ImportSource,
  type ImportSummary,
  MAX_REJECTIONS_KEPT,
  openRun,
  type Progress,
} from './import-run.js';
import { type Flavour, type MarcFormat, readIso2709, readMarcXml, sniffFormat } from './marc.js';
import { firstClass, marcBook } from './marc-book.js';

/** What the list is: the vendor's name for it, who sent it, when, and until when it is offered. */
export interface CatalogueInfo {
  name: string;
  vendor: string;
  /** YYYY-MM-DD */
  issued: string;
  /** YYYY-MM-DD; offered to patrons until then, that day included */
  expires?: string | undefined;
}

export interface CatalogueImportOptions extends CsvChoices {
  catalogue: CatalogueInfo;
  format?: MarcFormat | undefined;
  flavour?: Flavour | undefined;
  /** the currency of prices the file writes as bare numbers (a Chinese sheet's 定价 68.00 is CNY) */
  currency?: string | undefined;
  onProgress?: (progress: Progress) => void;
}

interface Entry {
  workKey: string;
  isbn13: string | null;
  title: string;
  authors: string[];
  publisher: string | null;
  publishedYear: number | null;
  price: Price | null;
  classNumber: string | null;
  line: number;
}

type Read = { ok: true; entry: Entry } | { ok: false; line: number; reason: string };

const BATCH = 1000;

export async function importCatalogue(
  deps: Deps,
  source: ImportSource,
  options: CatalogueImportOptions,
): Promise<ImportSummary> {
  const info = checkedInfo(options.catalogue);
  const head = await firstBytes(source);
  const sniffed = sniffFormat(head);
  const binary = sniffed === 'csv' ? binaryKind(head) : null;
  if (binary) {
    throw new ImportError(
      `${source.name} is ${binary}, not MARC or text: save the vendor's sheet as CSV, or ask the vendor for MARC (ISO 2709 or MARCXML).`,
    );
  }
  const format = options.format ?? sniffed;
  const dialect = format === 'csv' ? await csvDialect(source, options) : null;
  const currency = options.currency?.trim().toUpperCase() || undefined;
  const opened = await openRun(
    deps.db,
    source,
    'catalogue',
    {
      format,
      ...(dialect ? dialectReading(dialect) : { encoding: null }),
      flavour: options.flavour,
      currency,
      catalogue: info,
    },
    deps.clock(),
  );
  if (opened.done) return opened.done;
  const { runKey, run, summary } = opened;
  if (dialect) summary.warnings.push(...dialectNotes(dialect));
  const catalogueId = await storeCatalogue(deps, info);

  let bytes = 0;
  const counted = (async function* () {
    for await (const chunk of source.open()) {
      bytes += chunk.length;
      yield chunk;
    }
  })();
  const reads = dialect
    ? csvEntries(counted, dialect, currency, summary.warnings)
    : marcEntries(format as 'iso2709' | 'marcxml', counted, deps, options.flavour);

  let seen = 0;
  let batch: Entry[] = [];
  let rejected = 0;
  const commit = async (complete: boolean) => {
    await runAtomic(deps.db, [
      ...entrySteps(catalogueId, batch),
      sql`UPDATE catalogues SET updated_at = ${deps.clock().getTime()} WHERE id = ${catalogueId}`,
      checkpointStep(
        runKey,
        { records: seen, imported: batch.length, rejected, skipped: 0, rejections: summary.rejections },
        deps.clock(),
        complete,
      ),
    ]);
    summary.imported += batch.length;
    batch = [];
    rejected = 0;
    options.onProgress?.({ records: seen, bytes, totalBytes: source.size });
  };
  for await (const read of reads) {
    seen++;
    if (seen <= run.records) continue;
    summary.read++;
    if (read.ok) batch.push(read.entry);
    else {
      summary.rejected++;
      rejected++;
      if (summary.rejections.length < MAX_REJECTIONS_KEPT)
        summary.rejections.push({ line: read.line, reason: read.reason });
    }
    if (batch.length + rejected >= BATCH) await commit(false);
  }
  await commit(true);
  if (seen === 0) summary.warnings.push(`no ${format === 'csv' ? 'rows' : 'records'} found in the file`);
  return opened.finish();
}

const DAY = z.iso.date();

function validDay(text: string): boolean {
  return DAY.safeParse(text).success;
}

/** The catalogue as said, or why it cannot be: a name and a vendor, real days, an expiry after the issue. */
function checkedInfo(info: CatalogueInfo): CatalogueInfo {
  const name = info.name.trim();
  const vendor = info.vendor.trim();
  if (!name) throw new ImportError('The catalogue needs a name (--name), as the vendor calls the list.');
  if (!vendor) throw new ImportError('The catalogue needs the vendor who sent it (--vendor).');
  const tooLong = overLimit('title', name, 'name') ?? overLimit('title', vendor, 'vendor');
  if (tooLong) throw new ImportError(`The catalogue's ${tooLong}.`);
  if (!validDay(info.issued)) throw new ImportError(`The issue date "${info.issued}" is not a day written YYYY-MM-DD.`);
  if (info.expires !== undefined && !validDay(info.expires)) {
    throw new ImportError(`The expiry date "${info.expires}" is not a day written YYYY-MM-DD.`);
  }
  if (info.expires !== undefined && info.expires < info.issued) {
    throw new ImportError(`The catalogue expires (${info.expires}) before it was issued (${info.issued}).`);
  }
  return { name, vendor, issued: info.issued, ...(info.expires ? { expires: info.expires } : {}) };
}

async function storeCatalogue(deps: Deps, info: CatalogueInfo): Promise<number> {
  const at = deps.clock().getTime();
  const row = await deps.db.orm.get<{ id: number }>(
    sql`INSERT INTO catalogues (name, vendor, issued, expires, created_at, updated_at)
        VALUES (${info.name}, ${info.vendor}, ${info.issued}, ${info.expires ?? null}, ${at}, ${at})
        ON CONFLICT (vendor, name) DO UPDATE SET issued = excluded.issued, expires = excluded.expires,
          updated_at = excluded.updated_at
        RETURNING id`,
  );
  return row!.id;
}

async function firstBytes(source: ImportSource): Promise<Buffer> {
  for await (const chunk of source.open()) return chunk.subarray(0, 4096);
  return Buffer.alloc(0);
}

/** A batch of entries, added to the catalogue or updating the entry of the same work. */
function entrySteps(catalogueId: number, entries: Entry[]): SQL[] {
  if (entries.length === 0) return [];
  const rows = JSON.stringify(
    entries.map((e) => [
      e.workKey,
      e.isbn13,
      e.title,
      e.authors,
      e.publisher,
      e.publishedYear,
      e.price ? Math.round(e.price.amount * 100) : null,
      e.price?.currency ?? null,
      e.classNumber,
      e.line,
      catalogueSearchText(e),
    ]),
  );
  return [
    sql`INSERT INTO catalogue_entries (catalogue_id, work_key, isbn13, title, authors, publisher, published_year,
          price_cents, price_currency, class_number, line, search_text)
        SELECT ${catalogueId}, j.value->>0, j.value->>1, j.value->>2, j.value->3, j.value->>4, j.value->>5,
          j.value->>6, j.value->>7, j.value->>8, j.value->>9, j.value->>10
        FROM json_each(${rows}) j WHERE true
        ON CONFLICT (catalogue_id, work_key) DO UPDATE SET isbn13 = excluded.isbn13, title = excluded.title,
          authors = excluded.authors, publisher = excluded.publisher, published_year = excluded.published_year,
          price_cents = excluded.price_cents, price_currency = excluded.price_currency,
          class_number = excluded.class_number, line = excluded.line, search_text = excluded.search_text`,
  ];
}

/** An entry from what a record or row says, or why it is refused. */
function entryOf(
  line: number,
  book: {
    isbns: string[];
    title: string | null;
    authors: string[];
    publisher: string | null;
    publishedYear: number | null;
    price: Price | null;
    classNumber: string | null;
  },
  where: { title: string },
): Read {
  const title = book.title?.trim();
  if (!title) return { ok: false, line, reason: `no title (${where.title})` };
  const damaged =
    controlCharacterIn('title', title) ?? book.authors.map((a) => controlCharacterIn('author', a)).find(Boolean);
  if (damaged) return { ok: false, line, reason: damaged };
  const tooLong =
    overLimit('title', title) ??
    book.authors.map((a) => overLimit('author', a)).find(Boolean) ??
    overLimit('title', book.publisher ?? '', 'publisher');
  if (tooLong) return { ok: false, line, reason: tooLong };
  let work: { workKey: string; isbn13: string | null };
  try {
    work = identifyWork({ isbn: book.isbns[0], title, author: book.authors[0] });
  } catch (error) {
    return { ok: false, line, reason: (error as Error).message };
  }
  return {
    ok: true,
    entry: {
      ...work,
      title,
      authors: book.authors,
      publisher: book.publisher,
      publishedYear: book.publishedYear,
      price: book.price,
      classNumber: book.classNumber,
      line,
    },
  };
}

async function* marcEntries(
  format: 'iso2709' | 'marcxml',
  source: AsyncIterable<Buffer>,
  deps: Deps,
  flavour: Flavour | undefined,
): AsyncGenerator<Read> {
  const reader = format === 'iso2709' ? readIso2709(source, { flavour }) : readMarcXml(source, { flavour });
  for await (const read of reader) {
    if (!read.ok) {
      yield { ok: false, line: read.number, reason: read.error };
      continue;
    }
    const book = marcBook(read.record, deps.config.CLASSIFICATION_SCHEME);
    yield entryOf(
      read.number,
      { ...book, classNumber: firstClass(book) },
      { title: read.record.flavour === 'unimarc' ? '200 $a' : '245 $a' },
    );
  }
}

async function* csvEntries(
  source: AsyncIterable<Buffer>,
  dialect: CsvDialect,
  currency: string | undefined,
  warnings: string[],
): AsyncGenerator<Read> {
  let header: Map<CatalogueField, number> | null = null;
  let bareNumbers = 0;
  const broken: Read[] = [];
  const rows = readableRows(csvRows(source, dialect), (line, reason) => broken.push({ ok: false, line, reason }));
  for await (const { record, line, undecodable } of rows) {
    if (!header) {
      header = headerOf(record);
      continue;
    }
    if (undecodable) {
      yield { ok: false, line, reason: undecodable };
      continue;
    }
    const get = (field: CatalogueField) => {
      const i = header!.get(field);
      return i === undefined ? '' : (record[i] ?? '').trim();
    };
    const priceText = get('price');
    const named = get('currency').toUpperCase() || currency;
    const price = readPrice(priceText) ?? (named && priceText ? readPrice(`${named} ${priceText}`) : null);
    if (priceText && !price && /\d/.test(priceText)) bareNumbers++;
    yield entryOf(
      line,
      {
        isbns: get('isbn') ? [get('isbn')] : [],
        title: get('title'),
        authors: get('author')
          .split(/[;；]/)
          .map((a) => a.trim())
          .filter(Boolean),
        publisher: get('publisher') || null,
        publishedYear: yearOf(get('year')),
        price,
        classNumber: realCallNumber(get('class')),
      },
      { title: 'the title column is empty' },
    );
  }
  yield* broken;
  if (!header) throw new ImportError('The file is empty: there is no header row.');
  if (bareNumbers > 0) {
    warnings.push(
      `${bareNumbers.toLocaleString('en-US')} prices name no currency and were left out: say it with --currency (CNY for a Chinese vendor's 定价)`,
    );
  }
}

/** Where each field's column is, by the first of its names the header has; a title column is needed. */
function headerOf(record: string[]): Map<CatalogueField, number> {
  const columns = columnsOf(record);
  const header = new Map<CatalogueField, number>();
  for (const [field, names] of Object.entries(CATALOGUE_COLUMNS) as [CatalogueField, readonly string[]][]) {
    const at = names.map((name) => columns.get(name)).find((i) => i !== undefined);
    if (at !== undefined) header.set(field, at);
  }
  if (!header.has('title')) {
    throw new ImportError(
      `A catalogue sheet needs a title column (title, 题名 or 书名); this one has: ${record.join(', ')}.`,
    );
  }
  return header;
}
