// CSV rows as ILS exports write them, streamed: in the file's text encoding (encoding.ts), a
// byte-order mark, ragged rows, stray quotes inside fields ("12" LP") and blank lines are all
// tolerated; every row comes with the line number it starts on, for rejection reports.
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { asUtf8 } from './encoding.js';
import { ImportError } from './import-run.js';

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
 * Records are handed over in the runs the parser emits them in, and an error is raised only
 * after every record before it: an unclosed quote near the end must not cost the rows above it.
 * A large import takes the runs (csvRowRuns): one await per run rather than per row is a
 * tenth of its reading time.
 */
export async function* csvRows(source: AsyncIterable<Buffer>, encoding: string): AsyncGenerator<CsvRow> {
  for await (const run of csvRowRuns(source, encoding)) yield* run;
}

/**
 * A byte that does not decode in the file's encoding comes out as U+FFFD, the replacement
 * character: a row holding one is marked, to be refused by its line. The first row is every
 * importer's header, and a header that does not decode stops the import at once.
 */
export async function* csvRowRuns(source: AsyncIterable<Buffer>, encoding: string): AsyncGenerator<CsvRow[]> {
  const parser = Readable.from(asUtf8(source, encoding)).pipe(
    parse({ bom: true, relax_column_count: true, relax_quotes: true }),
  );
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

  let line = 1;
  let first = true;
  try {
    while (true) {
      if (queue.length) {
        const records = queue;
        queue = [];
        const run: CsvRow[] = [];
        for (const record of records) {
          const start = line;
          line++;
          let undecodable = false;
          for (const field of record) {
            for (let at = field.indexOf('\n'); at >= 0; at = field.indexOf('\n', at + 1)) line++;
            if (field.includes('\uFFFD')) undecodable = true;
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
        continue;
      }
      if (failure) throw located(failure, line);
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
