// CSV rows as ILS exports write them, streamed: in the file's text encoding (encoding.ts) and
// with whatever separates its fields (commas, or the semicolons of a European spreadsheet, the
// tabs of a database client, the bars of a report writer), a byte-order mark, ragged rows,
// stray quotes inside fields ("12" LP") and blank lines are all tolerated; every row comes
// with the line number it starts on, for rejection reports. A file that is no CSV at all (a
// spreadsheet, MARC, JSON, anything binary) is refused in one sentence before a row is read.
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { signatureKind } from './file-kind.js';
import { asUtf8, encodingNamed, encodingNote, recogniseEncoding, type TextEncoding } from './encoding.js';
import { ImportError, type ImportSource } from './import-run.js';
import { sniffFormat } from './marc.js';

/** How a CSV file is written: its text encoding and the character between its fields. */
export interface CsvDialect {
  encoding: TextEncoding;
  delimiter: Delimiter;
  /** recognised from the header rather than said by the person importing */
  delimiterDetected: boolean;
}

/** The delimiters a CSV is read with, by the names --delimiter and delimiter= take. */
export const DELIMITERS = { comma: ',', semicolon: ';', tab: '\t', pipe: '|' } as const;
export type DelimiterName = keyof typeof DELIMITERS;
type Delimiter = (typeof DELIMITERS)[DelimiterName];
const CANDIDATES = Object.values(DELIMITERS);

/** How the person importing said the file is written; what is not said is recognised. */
export interface CsvChoices {
  encoding?: string | undefined;
  delimiter?: string | undefined;
}

const SAMPLE_BYTES = 64 * 1024;

/**
 * How `source` is written: the encoding and delimiter given (checked), or those its first
 * 64 KB show. A file that is not a CSV is refused here, by what it is.
 */
export async function csvDialect(source: ImportSource, given: CsvChoices = {}): Promise<CsvDialect> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of source.open()) {
    chunks.push(chunk);
    bytes += chunk.length;
    if (bytes >= SAMPLE_BYTES) break;
  }
  const head = Buffer.concat(chunks).subarray(0, SAMPLE_BYTES);
  const what = notCsv(head);
  if (what) throw new ImportError(what);
  const encoding: TextEncoding =
    given.encoding === undefined
      ? { name: recogniseEncoding(head), detected: true }
      : { name: encodingNamed(given.encoding), detected: false };
  // stream: the sample may end in the middle of a character.
  const text = new TextDecoder(encoding.name).decode(head, { stream: true });
  if (binary(text)) {
    throw new ImportError(
      'The file is not text: it holds bytes no CSV has. Export the data from its system as CSV and import that.',
    );
  }
  if (given.delimiter !== undefined) {
    return { encoding, delimiter: delimiterNamed(given.delimiter), delimiterDetected: false };
  }
  return { encoding, delimiter: sniffDelimiter(text, source.size <= SAMPLE_BYTES), delimiterDetected: true };
}

/** The character a --delimiter names: comma, semicolon, tab or pipe, or the character itself. */
export function delimiterNamed(label: string): Delimiter {
  // A shell passes a tab typed as \t literally.
  const name = label === '\t' || label === '\\t' ? 'tab' : label.trim().toLowerCase();
  const found = Object.hasOwn(DELIMITERS, name)
    ? DELIMITERS[name as DelimiterName]
    : CANDIDATES.find((c) => c === name && c !== '\t');
  if (!found) {
    throw new ImportError(`There is no delimiter "${label.slice(0, 20)}"; give comma, semicolon, tab or pipe.`);
  }
  return found;
}

/** What the summary says of how the file was read, where a wrong guess would show. */
export function dialectNotes(dialect: CsvDialect): string[] {
  const notes = [encodingNote(dialect.encoding)];
  if (dialect.delimiterDetected && dialect.delimiter !== ',') {
    const name = dialect.delimiter === '\t' ? 'tabs' : dialect.delimiter === ';' ? 'semicolons' : '"|"';
    notes.push(`the columns are separated by ${name}, recognised from the header (say another with --delimiter)`);
  }
  return notes.filter((n): n is string => n !== null);
}

/**
 * The part of an import run's key that says how the file's bytes were read. A comma, the only
 * delimiter read before others were, is left out, so the runs from before keep their keys.
 */
export function dialectReading(dialect: CsvDialect): { encoding: string; delimiter?: string } {
  return dialect.delimiter === ','
    ? { encoding: dialect.encoding.name }
    : { encoding: dialect.encoding.name, delimiter: dialect.delimiter };
}

/**
 * What the file is, if it is plainly not a CSV: the exports a systems librarian most often
 * picks up instead (the spreadsheet the CSV was opened in, the catalogue's MARC, an API's
 * JSON), each named with what to do. Said in one sentence, never with the bytes themselves.
 */
function notCsv(head: Buffer): string | null {
  const signed = signatureKind(head);
  if (signed) return `The file is ${signed}, not a CSV: save or export it as CSV (UTF-8) and import that.`;
  const format = sniffFormat(head);
  if (format === 'iso2709') {
    return 'The file is MARC (ISO 2709), not a CSV: MARC records are imported as holdings (r2b import holdings).';
  }
  if (format === 'marcxml') {
    return 'The file is XML, not a CSV: MARCXML is imported as holdings (r2b import holdings); other data, export as CSV.';
  }
  const start = head
    .subarray(0, 4096)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (start.startsWith('{') || start.startsWith('[')) {
    // FOLIO's circulation API answers {"loans": [...], "totalRecords": N}; its reporting
    // database holds the same loans as a table, with the item's call number beside each.
    return /^\{\s*"loans"\s*:/.test(start) || /"loanDate"\s*:/.test(start)
      ? 'The file is a FOLIO loans API answer (JSON), not a CSV: export the loans_items table of FOLIO Reporting (LDP or Metadb) as CSV and import it with --preset folio.'
      : 'The file is JSON, not a CSV: export the data as CSV (its values separated by commas, semicolons, tabs or |) and import that.';
  }
  return null;
}

const CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/;

/**
 * Text has no control characters but tabs and line ends. A CSV damaged in a row or two is
 * still a CSV (those rows are refused by their lines), so what decides is the header, or a
 * share of the sample no text comes near: random bytes are one in nine control characters.
 */
function binary(text: string): boolean {
  const end = text.indexOf('\n');
  if (CONTROL.test(text.slice(0, end < 0 ? 1024 : Math.min(end, 1024)))) return true;
  const sample = text.slice(0, 4096);
  return (sample.match(new RegExp(CONTROL, 'g'))?.length ?? 0) > sample.length / 20;
}

/**
 * The delimiter of a CSV, from its first lines: the one that splits the header into two
 * columns or more and every data row into as many; of those, the one that makes the most
 * columns. Commas when nothing splits the header: a file of one column.
 */
function sniffDelimiter(text: string, whole: boolean): Delimiter {
  const lines = firstLines(text, 8, whole);
  let best: Delimiter = ',';
  let bestScore: [number, number] = [-1, 0];
  for (const delimiter of CANDIDATES) {
    const [header, ...rows] = lines.map((line) => fieldsIn(line, delimiter));
    if (header === undefined || header < 2) continue;
    const score: [number, number] = [rows.filter((n) => n === header).length, header];
    if (score[0] > bestScore[0] || (score[0] === bestScore[0] && score[1] > bestScore[1])) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

/** The first lines of a CSV's text, a quoted line break kept inside its line; blank lines passed over. */
function firstLines(text: string, count: number, whole: boolean): string[] {
  const lines: string[] = [];
  let quoted = false;
  let from = 0;
  for (let at = 0; at < text.length && lines.length < count; at++) {
    const char = text[at];
    if (char === '"') quoted = !quoted;
    else if (char === '\n' && !quoted) {
      const line = text.slice(from, at).replace(/\r$/, '');
      if (line.trim()) lines.push(line);
      from = at + 1;
    }
  }
  // The last line of a sample cut short is cut short too: only a whole file's is read.
  const rest = text.slice(from).replace(/\r$/, '');
  if (lines.length < count && rest.trim() && (whole || lines.length === 0)) lines.push(rest);
  return lines;
}

/** The fields `delimiter` splits a line into, delimiters inside quotes not counted. */
function fieldsIn(line: string, delimiter: string): number {
  let fields = 1;
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) fields++;
  }
  return fields;
}

export interface CsvRow {
  record: string[];
  line: number;
  /** set when the row holds text that did not decode: the row must be refused with this reason */
  undecodable?: string;
}

/** An error in the CSV itself (an unclosed quote), as opposed to one in the importer. */
export function isCsvError(error: unknown): error is Error & { code: string; lines?: number } {
  return typeof (error as { code?: unknown })?.code === 'string' && (error as { code: string }).code.startsWith('CSV_');
}

/**
 * csv-parse can report each record's line itself (on_record, info), but building that report
 * halves its speed. The lines are counted here instead: a record starts on the line after the
 * previous one ended, and a quoted field with line breaks in it carries the count on. Blank
 * lines come through as one empty field, and are counted and passed over.
 *
 * Records are handed over in runs, and an error is raised only after every record before it:
 * an unclosed quote near the end must not cost the rows above it. A large import takes the
 * runs (csvRowRuns): one await per run rather than per row is a tenth of its reading time.
 */
export async function* csvRows(source: AsyncIterable<Buffer>, dialect: CsvDialect): AsyncGenerator<CsvRow> {
  for await (const run of csvRowRuns(source, dialect)) yield* run;
}

/**
 * A byte that does not decode in the file's encoding comes out as U+FFFD, the replacement
 * character: a row holding one is marked, to be refused by its line. The first row is every
 * importer's header, and a header that does not decode stops the import at once.
 */
export async function* csvRowRuns(source: AsyncIterable<Buffer>, dialect: CsvDialect): AsyncGenerator<CsvRow[]> {
  const encoding = dialect.encoding.name;
  let line = 1;
  let first = true;
  try {
    for await (const { records, plain } of csvRecords(asUtf8(source, encoding), dialect.delimiter)) {
      const run: CsvRow[] = [];
      for (const record of records) {
        const start = line;
        line++;
        let undecodable = false;
        // A plain line has no line break in a field and decoded whole.
        if (!plain) {
          for (const field of record) {
            for (let at = field.indexOf('\n'); at >= 0; at = field.indexOf('\n', at + 1)) line++;
            if (field.includes('\uFFFD')) undecodable = true;
          }
        }
        if (record.length === 1 && record[0] === '') continue;
        if (!undecodable) run.push({ record, line: start });
        else if (first) {
          throw new ImportError(
            `The header row (line ${start}) is not ${encoding} text: say the file's encoding with --encoding.`,
          );
        } else {
          run.push({
            record,
            line: start,
            undecodable: `the row holds bytes that are not ${encoding} text (if the file is in another encoding, say which with --encoding)`,
          });
        }
        first = false;
      }
      if (run.length) yield run;
    }
  } catch (error) {
    throw located(error, line);
  }
}

/** Records handed over at once, at most: a megabyte's records made ahead of their reading lived long enough to be promoted. */
const RECORDS_A_RUN = 256;

/** Bytes without a line end past which a file is left to csv-parse. */
const LONGEST_PLAIN_LINE = 4 << 20;

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/**
 * The records of UTF-8 bytes, in runs. Plain lines (no quote, no carriage return, text that
 * decodes) are split at the delimiter here, each line decoded on its own so that a field kept
 * beyond its row (see ownString) holds on to its line at most, never the megabyte read; from
 * the first line that is not plain, the rest of the file is csv-parse's, which reads it as it
 * would have from the start: quotes, CR and CRLF line ends, the bytes that are not text.
 */
async function* csvRecords(
  bytes: AsyncIterable<Buffer>,
  delimiter: string,
): AsyncGenerator<{ records: string[][]; plain: boolean }> {
  const chunks = bytes[Symbol.asyncIterator]();
  // the bytes of the line not yet ended
  let rest: Buffer = Buffer.alloc(0);
  let started = false;
  // whether any line has been split here yet: until then csv-parse can read the file from its start
  let split = false;
  while (true) {
    const next = await chunks.next();
    const piece = next.done ? rest : rest.length ? Buffer.concat([rest, next.value]) : next.value;
    const quote = piece.indexOf(QUOTE);
    const cr = piece.indexOf(CR);
    let irregular = quote < 0 ? cr : cr < 0 ? quote : Math.min(quote, cr);
    const lastLf = piece.lastIndexOf(LF);
    // A line too long to be a row is not split here: gathering it chunk by chunk would copy it over and over.
    if (irregular < 0 && lastLf < 0 && piece.length >= LONGEST_PLAIN_LINE) irregular = 0;
    // The lines before the first that is not plain, or every whole line.
    let end = irregular >= 0 ? piece.lastIndexOf(LF, irregular) + 1 : next.done ? piece.length : lastLf + 1;
    if (end === 0 && irregular < 0 && !next.done) {
      rest = piece;
      continue;
    }
    let handOver = irregular >= 0;
    let from = 0;
    if (!started && end > 0) {
      // csv-parse passes a byte-order mark over; so does the split, once it has a whole line.
      if (piece[0] === 0xef && piece[1] === 0xbb && piece[2] === 0xbf) from = 3;
      started = true;
    }
    while (from < end) {
      const records: string[][] = [];
      while (from < end && records.length < RECORDS_A_RUN) {
        let to = piece.indexOf(LF, from);
        if (to < 0 || to > end) to = end;
        const text = piece.toString('utf8', from, to);
        if (text.includes('\uFFFD')) {
          end = from;
          handOver = true;
          break;
        }
        records.push(text.split(delimiter));
        split = true;
        from = to + 1;
      }
      if (records.length) yield { records, plain: true };
    }
    if (handOver) {
      // From a line start on, csv-parse reads the rest; at the file's start, as the whole file.
      const atStart = !split;
      const remaining = piece.subarray(atStart ? 0 : end);
      yield* parsedRecords(
        (async function* () {
          yield remaining;
          if (!next.done) for (let more = await chunks.next(); !more.done; more = await chunks.next()) yield more.value;
        })(),
        atStart
          ? { delimiter, bom: true }
          : // the lines before ended in LF alone: csv-parse would have found that from them
            { delimiter, bom: false, record_delimiter: '\n' },
      );
      return;
    }
    if (next.done) return;
    rest = piece.subarray(end);
  }
}

/** csv-parse's records, in the runs it emits them in, an error only after every record before it. */
async function* parsedRecords(
  bytes: AsyncIterable<Buffer>,
  options: { delimiter: string; bom: boolean; record_delimiter?: string },
): AsyncGenerator<{ records: string[][]; plain: boolean }> {
  const parser = Readable.from(bytes).pipe(parse({ ...options, relax_column_count: true, relax_quotes: true }));
  let queue: string[][] = [];
  let failure: unknown = null;
  let ended = false;
  let wake: (() => void) | null = null;
  const signal = () => {
    wake?.();
    wake = null;
  };
  parser.on('data', (record: string[]) => {
    queue.push(record);
    if (queue.length >= 2048) parser.pause();
    signal();
  });
  parser.on('error', (error) => {
    failure = error;
    signal();
  });
  parser.on('end', () => {
    ended = true;
    signal();
  });
  try {
    while (true) {
      if (queue.length) {
        const records = queue;
        queue = [];
        yield { records, plain: false };
        continue;
      }
      if (failure) throw failure;
      if (ended) return;
      parser.resume();
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    // The reader may stop early (an error in the importer); let go of the file.
    parser.destroy();
  }
}

/**
 * `text` in a string of its own. A field split from a line is a view onto that line in V8, so a
 * cache that kept the field would keep the line too: what outlives its row is copied into it.
 */
export function ownString(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/**
 * A CSV error, told by the line the unreadable row starts on. csv-parse says where it gave up
 * (the end of the file, for a quote never closed), counting a CRLF inside quotes as two lines.
 */
function located(error: unknown, line: number): unknown {
  if (!isCsvError(error)) return error;
  error.lines = line;
  if (error.code === 'CSV_QUOTE_NOT_CLOSED')
    error.message = `a quoted field in the row on line ${line} is never closed`;
  return error;
}

/**
 * Where each column of a header row is, by its name in lower case: a Map, so a column that a
 * file names "constructor" or "__proto__" is just a column.
 */
export function columnsOf(header: string[]): ReadonlyMap<string, number> {
  return new Map(header.map((name, i) => [name.trim().toLowerCase(), i]));
}

/**
 * The rows of a CSV up to where it breaks (an unclosed quote): the break is reported once, as a
 * rejected line with the reason, and the rows before it stand.
 */
export async function* readableRows(
  rows: AsyncIterable<CsvRow>,
  onBreak: (line: number, reason: string) => void,
): AsyncGenerator<CsvRow> {
  try {
    yield* rows;
  } catch (error) {
    if (!isCsvError(error)) throw error;
    onBreak(error.lines ?? 0, `the CSV cannot be read further: ${error.message}`);
  }
}
