// How csv.ts reads a CSV's rows: whatever the mix of plain and quoted lines, the line ends and
// wherever the file's bytes are cut into chunks, every row comes out as csv-parse reads the
// whole text at once, on the line it starts on, and a broken file breaks on the same line with
// the rows above it kept. Plain lines (no quote, no carriage return, text that decodes) are split
// by csv.ts itself, and the first line that is not plain hands the rest of the file to csv-parse:
// both must read every file as csv-parse alone does.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { type CsvDialect, csvRows, isCsvError } from '../../src/services/imports/csv.js';

const dialect = (delimiter: ',' | ';' | '\t' | '|' = ','): CsvDialect => ({
  encoding: { name: 'utf-8', detected: false },
  delimiter,
  delimiterDetected: false,
});

/** The bytes in chunks of `size`, as a file is read. */
async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function rowsOf(text: string | Buffer, size: number, delimiter: ',' | ';' = ',') {
  const rows: { record: string[]; line: number; undecodable?: string }[] = [];
  try {
    for await (const { record, line, undecodable } of csvRows(chunked(Buffer.from(text), size), dialect(delimiter))) {
      rows.push(undecodable ? { record, line, undecodable } : { record, line });
    }
  } catch (error) {
    if (!isCsvError(error)) throw error;
    return { rows, broken: { line: error.lines, message: error.message } };
  }
  return { rows, broken: null };
}

/** csv-parse's own reading, with the options csv.ts gives it: every record but the blank lines. */
const csvParseRecords = (text: string | Buffer, delimiter = ',') =>
  (parse(text, { bom: true, relax_column_count: true, relax_quotes: true, delimiter }) as string[][]).filter(
    (r) => !(r.length === 1 && r[0] === ''),
  );

const CHUNK_SIZES = [1, 2, 3, 7, 16, 64, 1 << 20];

const EXPORT = [
  'loan_id,loaned_at,isbn,call_number,title',
  'L1,2025-01-02,9780132350884,QA76.76 .M37 2009,Clean code',
  'L2,2025-01-03,9780262033848,QA76.6 .C662 2009,"Introduction to algorithms, third edition"',
  'L3,2025-01-04,,PL2658 .E1,"A title ""quoted"" inside"',
  'L4,2025-01-05,,ML410 .B4,"A title with a line break',
  'in it, and a comma"',
  'L5,2025-01-06,,TK5105,12" LP record',
  '',
  'L6,2025-01-07,,Z665,short row',
  'L7,2025-01-08,,Z666,a,row,too,long',
  'L8,2025-01-09,,Z667,"two ""quoted"" lines"',
  'L9,2025-01-10,,Z668,"and one more"',
  'L10,2025-01-11,,Z669,last',
].join('\n');

describe('reading CSV rows', () => {
  it('reads a mix of plain and quoted lines as csv-parse does, however the file is cut into chunks', async () => {
    for (const size of CHUNK_SIZES) {
      const { rows, broken } = await rowsOf(EXPORT, size);
      expect(broken).toBeNull();
      expect(rows.map((r) => r.record)).toEqual(csvParseRecords(EXPORT));
      // The line each row starts on: the row with a line break in its title takes two.
      expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 7, 9, 10, 11, 12, 13]);
    }
  });

  it('reads Windows (CRLF) and old Mac (CR) line ends, with a byte-order mark, as csv-parse does', async () => {
    for (const ends of ['\r\n', '\r']) {
      const text = `\uFEFF${EXPORT.replaceAll('\n', ends)}${ends}`;
      for (const size of CHUNK_SIZES) {
        const { rows } = await rowsOf(text, size);
        expect(rows.map((r) => r.record)).toEqual(csvParseRecords(text));
        expect(rows[0]!.record[0]).toBe('loan_id');
      }
    }
  });

  it('keeps a ragged row to its own line, so it is refused by that line', async () => {
    const { rows } = await rowsOf('a,b,c\n1,2\n3,4,5,6\n7,8,9\n', 4);
    expect(rows).toEqual([
      { record: ['a', 'b', 'c'], line: 1 },
      { record: ['1', '2'], line: 2 },
      { record: ['3', '4', '5', '6'], line: 3 },
      { record: ['7', '8', '9'], line: 4 },
    ]);
  });

  it('reads a file with a quoted header through csv-parse alone', async () => {
    const text = '"loan_id";"title"\n"L1";"Semicolons; inside"\nL2;plain\n';
    const { rows } = await rowsOf(text, 5, ';');
    expect(rows.map((r) => r.record)).toEqual(csvParseRecords(text, ';'));
  });

  it('breaks where a quote is never closed, on the line the row starts, keeping every row above it', async () => {
    const text = `${EXPORT}\nL11,2025-01-12,,Z670,"never closed\nL12,2025-01-13,,Z671,lost\n`;
    for (const size of [3, 64, 1 << 20]) {
      const { rows, broken } = await rowsOf(text, size);
      expect(rows.map((r) => r.record)).toEqual(csvParseRecords(EXPORT));
      expect(broken).toEqual({ line: 14, message: 'a quoted field in the row on line 14 is never closed' });
    }
  });

  const PLAIN = [
    'loan_id,loaned_at,isbn,call_number,department',
    'L1,2025-01-02,9780132350884,QA76.76 .M37 2009,CS',
    '',
    'L2,2025-01-03,,TP311.13 .Z43 2019,計算機科學',
    '   ',
    'L3,2025-01-04,9780262033848,,',
    'L4,2025-01-05,,Z665,a,row,too,long',
    'L5,2025-01-06,,Z666',
    'L6,2025-01-07,,ML410 .B4,ÉCOLE',
  ].join('\n');

  it('splits plain lines as csv-parse reads them, wherever a chunk ends, in a line or in a character', async () => {
    for (const text of [PLAIN, `${PLAIN}\n`, `${PLAIN}\n\n`, `\uFEFF${PLAIN}`]) {
      for (const size of CHUNK_SIZES) {
        const { rows, broken } = await rowsOf(text, size);
        expect(broken).toBeNull();
        expect(rows.map((r) => r.record)).toEqual(csvParseRecords(text));
        expect(rows.map((r) => r.line)).toEqual([1, 2, 4, 5, 6, 7, 8, 9]);
        expect(rows[0]!.record[0]).toBe('loan_id');
      }
    }
  });

  it('reads on with csv-parse from the first line with a quote, the lines counted on', async () => {
    const text = `${PLAIN}\nL7,2025-01-08,,Z667,"Quoted, with a comma"\nL8,2025-01-09,,Z668,"A title with a line break\nin it"\nL9,2025-01-10,,Z669,plain again\n`;
    for (const size of CHUNK_SIZES) {
      const { rows } = await rowsOf(text, size);
      expect(rows.map((r) => r.record)).toEqual(csvParseRecords(text));
      expect(rows.map((r) => r.line)).toEqual([1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 13]);
    }
  });

  it('reads CRLF lines after plain ones as csv-parse does, which goes by the first line end it meets', async () => {
    const text = `${PLAIN}\nL7,2025-01-08,,Z667,CRLF\r\nL8,2025-01-09,,Z668,"quoted"\r\nL9,2025-01-10,,Z669,last\n`;
    for (const size of CHUNK_SIZES) {
      const { rows } = await rowsOf(text, size);
      expect(rows.map((r) => r.record)).toEqual(csvParseRecords(text));
    }
  });

  it('marks a row whose bytes are not UTF-8 by its own line among plain ones, and reads the rows after it', async () => {
    const bytes = Buffer.concat([
      Buffer.from(`${PLAIN}\nL7,2025-01-08,,Z667,`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('\nL8,2025-01-09,,Z668,after\n'),
    ]);
    for (const size of CHUNK_SIZES) {
      const { rows } = await rowsOf(bytes, size);
      expect(rows.map((r) => r.record)).toEqual(csvParseRecords(bytes));
      expect(rows.filter((r) => r.undecodable).map((r) => r.line)).toEqual([10]);
      expect(rows.at(-1)).toEqual({ record: ['L8', '2025-01-09', '', 'Z668', 'after'], line: 11 });
    }
  });

  it('breaks where a quote is never closed after plain lines, on the line the row starts', async () => {
    const text = `${PLAIN}\nL7,2025-01-08,,Z667,"never closed\nL8,2025-01-09,,Z668,lost\n`;
    for (const size of [3, 64, 1 << 20]) {
      const { rows, broken } = await rowsOf(text, size);
      expect(rows.map((r) => r.record)).toEqual(csvParseRecords(PLAIN));
      expect(broken).toEqual({ line: 10, message: 'a quoted field in the row on line 10 is never closed' });
    }
  });
});
