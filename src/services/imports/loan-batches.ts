// The reading half of a loan import: CSV rows made into anonymized loans, in batches ready to
// write (the loans as one JSON text), with the rejected rows of each batch. It does no I/O
// beyond reading its source, so it runs the same in the importing thread or in a worker.
import { classify, type ClassificationData, type Scheme } from '../../domain/classification.js';
import { LOAN_FLAGS, type LoanEdition, type LoanFields, toLoan } from '../../domain/loan.js';
import { LOAN_FIELDS, type LoanField, type LoanPreset, OPTIONAL_LOAN_FIELDS } from '../../domain/loan-presets.js';
import { editionKeys, type EditionFacts, narrowClass } from '../../domain/title-evidence.js';
import { type CsvDialect, csvRowRuns, isCsvError, ownString } from './csv.js';
import { addRecord, ImportError, type RecordRanges, type Rejection } from './import-run.js';

export interface LoanParseSetup {
  preset: LoanPreset;
  /** the system the loan ids belong to */
  source: string;
  dateOrder?: 'mdy' | 'dmy' | undefined;
  /** how the file is written: its text encoding and delimiter */
  dialect: CsvDialect;
  categoryMap: ReadonlyMap<string, string>;
  /** lower-case parts of a shelving location that mark ILL loans and course reserves */
  illLocations: string[];
  reserveLocations: string[];
  /** the scheme the library's call numbers are in (CLASSIFICATION_SCHEME), where a column does not say */
  scheme?: Scheme | undefined;
  /** now, in ms: loans dated after it are refused */
  now: number;
  /** records an earlier, interrupted run committed: read past, not returned */
  skip: number;
  /** records other runs of this file imported: counted, not made into loans again */
  importedBefore: RecordRanges;
  batchSize: number;
}

/**
 * Batches read ahead of the writing, at most: the writer commits several together (loans.ts),
 * so this bounds both the memory in flight and a commit's size.
 */
export const BATCHES_IN_FLIGHT = 16;

/**
 * The reading thread's young generation, in MiB (V8's default is 48: semi-spaces of 16). What a
 * batch keeps until it is sent (each loan's text, its editions and their months) outlived two
 * collections of the default one and was copied into the old generation; with semi-spaces of
 * 64 a batch is sent before its second, a fifth less CPU for the reading (docs/performance.md).
 */
export const READING_YOUNG_GENERATION_MB = 192;

export interface LoanBatch {
  /** the batch's loans as a JSON array of arrays, in the column order writeLoans expects */
  rows: string;
  /** the editions its loans lent that this run has not sent before (or now knows better), as JSON arrays */
  editions: string;
  /** its loans by (edition, month) with ILL and reserve loans, and by (class, month): JSON arrays.
   *  The writer adds these up over a commit's batches when every loan of them went in, and counts from
   *  the loans table otherwise. */
  editionLoans: string;
  classLoans: string;
  loans: number;
  /** data records read so far, committed ones included: the checkpoint after this batch */
  records: number;
  read: number;
  rejected: number;
  rejections: Rejection[];
  /** the record numbers of the rejected rows, kept so another run can read just those */
  rejectedRecords: RecordRanges;
  /** rows read past because another run of this file imported them */
  importedBefore: number;
  /** rows that are no new loan, passed over: renewals (and in-house uses), and other transactions by type */
  renewals: number;
  otherTypes: Map<string, number>;
  bytes: number;
  warnings: string[];
  /** the disciplines of the batch's loans: their titles' scores change */
  disciplines: string[];
  /** the file has been read to its end: writing this batch completes the import */
  last: boolean;
  /** set on the last batch when the CSV could not be read to its end */
  failed?: string;
}

export async function* loanBatches(
  source: AsyncIterable<Buffer>,
  setup: LoanParseSetup,
  classification: ClassificationData,
): AsyncGenerator<LoanBatch> {
  const context = {
    source: setup.source,
    now: new Date(setup.now),
    dateOrder: setup.dateOrder,
    categoryMap: setup.categoryMap,
    ...cachedClasses(classification, setup.scheme),
    illLocations: setup.illLocations,
    reserveLocations: setup.reserveLocations,
    editionKeys: cachedEditionKeys(),
    ...(setup.preset.newLoanTypes
      ? { newLoanTypes: new Set(setup.preset.newLoanTypes.map((t) => t.trim().toLowerCase())) }
      : {}),
  };
  let bytes = 0;
  const runs = csvRowRuns(
    (async function* () {
      for await (const chunk of source) {
        bytes += chunk.length;
        yield chunk;
      }
    })(),
    setup.dialect,
  );
  let columns: ColumnIndex | null = null;
  let records = 0;
  // where the reading is in setup.importedBefore: records come in order
  let before = 0;
  let batch = fresh();
  // Editions already sent in this run, with what was said of them: most loans lend an edition
  // lent before, and sending it again would cost the writer a lookup for nothing.
  const sent = new Map<string, { copies: number; month: string }>();
  const close = (last = false): LoanBatch => {
    const { counted: _, rows, disciplines, editions, editionMonths, classMonths: __, classMonthRows, ...read } = batch;
    const news: unknown[][] = [];
    for (const { row } of editions.values()) {
      const known = sent.get(row[0] as string);
      const copies = row[7] as number;
      const month = row[8] as string;
      if (known && known.copies >= copies && known.month <= month) continue;
      if (sent.size >= 1_000_000) sent.clear();
      // Kept for the run: a string of its own, not a view of the line it was split from.
      sent.set(ownString(row[0] as string), {
        copies: Math.max(copies, known?.copies ?? 0),
        month: known && known.month < month ? known.month : month,
      });
      news.push(row);
    }
    const done = {
      ...read,
      rows: `[${rows.join(',')}]`,
      editions: JSON.stringify(news),
      editionLoans: JSON.stringify(editionMonths),
      classLoans: JSON.stringify(classMonthRows),
      loans: rows.length,
      records,
      bytes,
      last,
      disciplines: [...disciplines],
    };
    batch = fresh();
    return done;
  };

  try {
    for await (const run of runs) {
      for (const { record, line, undecodable } of run) {
        if (!columns) {
          columns = indexColumns(record, setup.preset, batch.warnings);
          continue;
        }
        records++;
        if (records <= setup.skip) continue;
        batch.read++;
        while (before < setup.importedBefore.length && setup.importedBefore[before]![1] < records) before++;
        if (before < setup.importedBefore.length && setup.importedBefore[before]![0] <= records) {
          batch.importedBefore++;
          if (++batch.counted >= setup.batchSize) yield close();
          continue;
        }
        // A field missing or a comma too many shifts every column after it: the borrower's id
        // would be read as their category. Such a row's columns cannot be trusted.
        const result = undecodable
          ? { ok: false as const, reason: undecodable }
          : record.length === columns.width
            ? toLoan(fieldsOf(record, columns), context)
            : {
                ok: false as const,
                reason: `the row has ${record.length} fields where the header has ${columns.width}`,
              };
        if (result.ok) {
          const l = result.loan;
          // Each row is its JSON text at once: a batch's arrays of fields, held until it closed,
          // lived long enough to be copied into the old generation.
          batch.rows.push(
            JSON.stringify([
              l.source,
              l.loanKey,
              l.loanedAt,
              l.month,
              l.isbn13,
              l.callNumber,
              l.discipline,
              l.departmentCode,
              l.patronCategory,
              l.flags,
            ]),
          );
          if (l.discipline !== null) batch.disciplines.add(l.discipline);
          if (l.edition) {
            const counts = noteEdition(batch, l.edition, l.month);
            counts[2]++;
            if (l.flags & LOAN_FLAGS.ill) counts[3]++;
            if (l.flags & LOAN_FLAGS.reserve) counts[4]++;
            if (l.edition.classKey) noteClassMonth(batch, l.edition.classKey, l.month)[2]++;
          }
        } else if ('notNew' in result) {
          if ('renewal' in result.notNew) batch.renewals++;
          else {
            // Named in the summary, which a terminal prints: no control character goes with it.
            const type = result.notNew.type.slice(0, 40).replace(/[\u0000-\u001f\u007f]/g, '?');
            if (batch.otherTypes.has(type) || batch.otherTypes.size < 20) {
              batch.otherTypes.set(type, (batch.otherTypes.get(type) ?? 0) + 1);
            } else batch.otherTypes.set('…', (batch.otherTypes.get('…') ?? 0) + 1);
          }
        } else {
          batch.rejected++;
          batch.rejections.push({ line, reason: result.reason });
          addRecord(batch.rejectedRecords, records);
        }
        if (++batch.counted >= setup.batchSize) yield close();
      }
    }
  } catch (error) {
    if (!isCsvError(error)) throw error;
    // A broken quote leaves the rest of the file unreadable: keep what came before it, and
    // say where to look.
    yield { ...close(), failed: `The CSV cannot be read past line ${error.lines ?? '?'}: ${error.message}` };
    return;
  }
  if (!columns) throw new ImportError('The file is empty: there is no header row.');
  yield close(true);
}

/** A count of an edition's loans in a month: its key, the month, then loans, ILL loans and reserve loans. */
type EditionMonth = [edition: string, month: string, loans: number, ill: number, reserve: number];
type ClassMonth = [classKey: string, month: string, loans: number];

/**
 * A key's counts by month in a batch. A batch of 5,000 loans lends nearly every edition in one
 * month only, so the first month's are kept beside the key and a map is made for a second:
 * what a batch keeps until it is sent is what the collector copies.
 */
interface ByMonth<T extends [string, string, ...number[]]> {
  first: T;
  others: Map<string, T> | null;
}

function fresh() {
  return {
    /** each loan as its JSON array, in the column order writeLoans expects */
    rows: [] as string[],
    disciplines: new Set<string>(),
    read: 0,
    rejected: 0,
    rejections: [] as Rejection[],
    rejectedRecords: [] as RecordRanges,
    importedBefore: 0,
    renewals: 0,
    otherTypes: new Map<string, number>(),
    /** records this batch has dealt with, however: the batch is written when they reach batchSize */
    counted: 0,
    warnings: [] as string[],
    /** each edition lent, its row as sent and its counts by month */
    editions: new Map<string, { row: unknown[] } & ByMonth<EditionMonth>>(),
    /** the same counts, in the order first lent, as they are sent */
    editionMonths: [] as EditionMonth[],
    classMonths: new Map<string, ByMonth<ClassMonth>>(),
    classMonthRows: [] as ClassMonth[],
  };
}

/** The counts of `month` under a key, made and listed (in the order first lent) when new. */
function countsIn<T extends [string, string, ...number[]]>(
  noted: ByMonth<T>,
  month: string,
  make: (month: string) => T,
  listed: T[],
): T {
  if (noted.first[1] === month) return noted.first;
  noted.others ??= new Map();
  let counts = noted.others.get(month);
  if (!counts) {
    counts = make(month);
    noted.others.set(month, counts);
    listed.push(counts);
  }
  return counts;
}

/** A class number's counts for `month` in the batch, made and listed when new. */
function noteClassMonth(batch: ReturnType<typeof fresh>, classKey: string, month: string): ClassMonth {
  const known = batch.classMonths.get(classKey);
  if (known) return countsIn(known, month, (m) => [classKey, m, 0], batch.classMonthRows);
  const first: ClassMonth = [classKey, month, 0];
  batch.classMonths.set(classKey, { first, others: null });
  batch.classMonthRows.push(first);
  return first;
}

/**
 * An edition the batch lent, once, with its earliest month and the most copies any row gave;
 * and its counts for `month`.
 */
function noteEdition(batch: ReturnType<typeof fresh>, e: LoanEdition, month: string): EditionMonth {
  const known = batch.editions.get(e.edition);
  if (!known) {
    const first: EditionMonth = [e.edition, month, 0, 0, 0];
    batch.editions.set(e.edition, {
      row: [e.edition, e.work, e.shelf, e.title, e.author, e.classKey, e.published, e.copies, month],
      first,
      others: null,
    });
    batch.editionMonths.push(first);
    return first;
  }
  const row = known.row;
  if ((row[7] as number) < e.copies) row[7] = e.copies;
  if ((row[8] as string) > month) row[8] = month;
  return countsIn(known, month, (m) => [e.edition, m, 0, 0, 0], batch.editionMonths);
}

interface ColumnIndex {
  /** the header's number of columns: every row must have as many fields */
  width: number;
  /** for each field, the columns it may be in, in the order they are tried on each row */
  fields: Partial<Record<LoanField, number[]>>;
  classes: { index: number; scheme: Scheme }[];
}

function indexColumns(header: string[], preset: LoanPreset, warnings: string[]): ColumnIndex {
  const names = header.map((h) => h.trim());
  const find = (column: string) => {
    const exact = names.indexOf(column);
    return exact >= 0 ? exact : names.findIndex((n) => n.toLowerCase() === column.toLowerCase());
  };
  const named = (columns: string[]) => columns.map((c) => `"${c}"`).join(' or ');
  const fields: Partial<Record<LoanField, number[]>> = {};
  for (const field of LOAN_FIELDS) {
    const columns = preset.columns[field];
    if (!columns) continue;
    const indices = columns.map(find).filter((i) => i >= 0);
    if (indices.length) {
      fields[field] = indices;
      continue;
    }
    if (OPTIONAL_LOAN_FIELDS.includes(field)) continue;
    if (field === 'loaned_at') {
      // A header read as one column is a file separated otherwise than it was read.
      const separated =
        names.length === 1
          ? ' The header is one column: if its fields are separated otherwise, say how with --delimiter.'
          : '';
      throw new ImportError(
        `The file has no ${named(columns)} column for the loan date (preset ${preset.name}). Its columns are: ${names.join(', ')}. Use --map loaned_at=COLUMN.${separated}`,
      );
    }
    if (field === 'type') {
      throw new ImportError(
        `The file has no ${named(columns)} column (preset ${preset.name}), which tells its loans from its returns and renewals. Its columns are: ${names.join(', ')}. Use --map type=COLUMN.`,
      );
    }
    warnings.push(
      field === 'loan_id'
        ? `no ${named(columns)} column for the loan id: a loan in two overlapping exports would be counted twice (use --map loan_id=COLUMN)`
        : field === 'renewal'
          ? `no ${named(columns)} column: renewals and in-house uses cannot be told from new loans, and every row is counted as a loan (use --map renewal=COLUMN)`
          : `no ${named(columns)} column for ${field}: loans are imported without it (use --map ${field}=COLUMN)`,
    );
  }
  if (fields.isbn === undefined && fields.call_number === undefined) {
    throw new ImportError(
      `The file has neither an ISBN nor a call-number column (preset ${preset.name}). Its columns are: ${names.join(', ')}.`,
    );
  }
  // A preset with no loan id column at all (Koha's statistics have none) is read the same way:
  // the summary says what that means for overlapping exports.
  if (!preset.columns.loan_id) {
    warnings.push(
      'the file has no loan id: a loan in two overlapping exports would be counted twice, so import each period once (or export the loan id and read it with --map loan_id=COLUMN)',
    );
  }
  const classes = (preset.classFallbacks ?? [])
    .map((c) => ({ index: find(c.column), scheme: c.scheme }))
    .filter((c) => c.index >= 0);
  return { width: header.length, fields, classes };
}

function fieldsOf(record: string[], columns: ColumnIndex): LoanFields {
  const f = columns.fields;
  // The first of a field's columns filled in on the row: FOLIO's LDP has the effective call
  // number, Metadb only the item's own.
  const at = (indices: number[] | undefined) => {
    if (indices === undefined) return undefined;
    if (indices.length === 1) return record[indices[0]!];
    return indices.map((i) => record[i]).find((v) => v !== undefined && v.trim() !== '') ?? record[indices[0]!];
  };
  return {
    loan_id: at(f.loan_id),
    loaned_at: at(f.loaned_at),
    isbn: at(f.isbn),
    call_number: at(f.call_number),
    department: at(f.department),
    patron_category: at(f.patron_category),
    title: at(f.title),
    author: at(f.author),
    published: at(f.published),
    location: at(f.location),
    copies: at(f.copies),
    renewal: at(f.renewal),
    type: at(f.type),
    classes: columns.classes.map((c) => ({ value: record[c.index] ?? '', scheme: c.scheme })),
  };
}

/**
 * classify() per distinct call number: a popular item's call number recurs thousands of times.
 * A call number's discipline and narrow class come of one reading, kept once.
 */
function cachedClasses(classification: ClassificationData, library: Scheme | undefined) {
  const of = (scheme: Scheme | undefined) =>
    memoizeBy(
      (callNumber: string) => callNumber,
      (callNumber) => {
        const result = classify(classification, callNumber, scheme);
        return {
          discipline: result.ok ? result.discipline : null,
          classKey: result.scheme && result.normalized ? narrowClass(result.scheme, result.normalized) : null,
        };
      },
    );
  // A column that names no scheme is in the library's.
  const byScheme = { lcc: of('lcc'), ddc: of('ddc'), clc: of('clc'), none: of(library) };
  return {
    discipline: (callNumber: string, scheme?: Scheme): string | null =>
      byScheme[scheme ?? 'none'](callNumber).discipline,
    classKey: (callNumber: string): string | null => byScheme.none(callNumber).classKey,
  };
}

/**
 * editionKeys per distinct description with a title: normalising a title is the dearest step of
 * a row. Keys of an ISBN or a call number alone cost less to make again than to keep and look
 * up (the ISBN-13 likewise, which is why it has no cache).
 */
function cachedEditionKeys() {
  const titled = memoizeBy(
    (f: EditionFacts) =>
      `${f.isbn13 ?? ''}\u0001${f.callNumber ?? ''}\u0001${f.title}\u0001${f.author ?? ''}\u0001${f.published ?? ''}`,
    editionKeys,
  );
  return (f: EditionFacts) => (f.title ? titled(f) : editionKeys(f));
}

/** A function remembered by a string key of its argument. */
function memoizeBy<A, T>(keyOf: (arg: A) => string, compute: (arg: A) => T, limit = 200_000): (arg: A) => T {
  const cache = new Map<string, T>();
  // A row asks for its call number's discipline and then its class: the second is the same key.
  let lastKey: string | undefined;
  let last: T | undefined;
  return (arg) => {
    const key = keyOf(arg);
    if (key === lastKey) return last!;
    // One lookup, not has() then get(): hashing a fresh string is most of the cost.
    let value = cache.get(key);
    if (value === undefined) {
      value = compute(arg);
      if (cache.size >= limit) cache.clear();
      cache.set(ownString(key), value); // see sent, in loanBatches
    }
    lastKey = key;
    last = value;
    return value;
  };
}
