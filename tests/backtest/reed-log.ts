// The Reed College checkout year (../shared/data/reed: 55,787 real loans, August 2018 to July
// 2019, CC0, from the R package RCLC) as a library would bring it to the backtest: the loan log
// through `r2b import loans`, and for an as-of date the candidates file a selector would have
// had, "the titles acquired on or after the date".
//
// The log has no acquisition dates. The nearest it comes: a book first lent in the 30 days
// after the date, published in that year or the five before it, shelved by LC class, and lent
// from the library's own shelves (not borrowed from another library through Summit, the
// consortium's ILL). Its use is its loans after those 30 days. That definition was fixed before
// any weights were chosen, and is the same for every date.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

export const REED_LOG = new URL('../../../shared/data/reed/reed_checkouts_2018-08_2019-07.csv.gz', import.meta.url);

/** `r2b import loans` of the log: its columns named for the generic layout, ILL and reserve marked. */
export const REED_IMPORT = {
  args: [
    '--map',
    'loaned_at=Loaned',
    '--map',
    'call_number=Call_No',
    '--map',
    'title=Title',
    '--map',
    'author=Author',
    '--map',
    'published=PubDate',
    '--map',
    'location=Location',
    '--map',
    'copies=Copies',
    '--map',
    'patron_category=Patron',
    '--source',
    'reed',
  ],
  env: { ILL_LOCATIONS: 'Summit', RESERVE_LOCATIONS: 'Reserve' },
};

/** The as-of dates inside the year: each leaves months of history before it and after it. */
export const REED_AS_OF = ['2018-10-01', '2018-12-01', '2019-02-01', '2019-04-01'];

interface Row {
  Title: string;
  Author: string;
  PubDate: string;
  Location: string;
  Call_No: string;
  Loaned: string;
}

export function readReedLog(): Buffer {
  return gunzipSync(readFileSync(REED_LOG));
}

const LC = /^[A-Z]{1,3} ?\d/;

/** The candidates file for `asOf` (YYYY-MM-DD), as CSV text: title,author,call_number,published. */
export function reedCandidates(log: Buffer, asOf: string): string {
  const rows = parse(log, { columns: true, skip_empty_lines: true }) as Row[];
  const start = asOf;
  const end = new Date(Date.parse(`${asOf}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
  const year = Number(asOf.slice(0, 4));
  const firstLoan = new Map<string, Row>();
  for (const row of rows) {
    const known = firstLoan.get(row.Call_No);
    if (!known || row.Loaned < known.Loaned) firstLoan.set(row.Call_No, row);
  }
  const out: string[][] = [];
  for (const [callNumber, row] of firstLoan) {
    const published = Number(row.PubDate.slice(0, 4));
    if (!LC.test(callNumber) || /summit/i.test(row.Location)) continue;
    if (row.Loaned < start || row.Loaned >= end || !(published >= year - 5)) continue;
    out.push([row.Title.trim(), row.Author === 'NA' ? '' : row.Author, callNumber, String(published)]);
  }
  out.sort((a, b) => a[2]!.localeCompare(b[2]!));
  return stringify([['title', 'author', 'call_number', 'published'], ...out]);
}

/**
 * What the library held before `before`, as far as the log can tell: every book it lent from its
 * own shelves before then, with its copies (`r2b import holdings` CSV). The books first lent later
 * are not in it, so nothing of the future leaks into the use factor's denominator.
 */
export function reedHoldings(log: Buffer, before: string): string {
  const rows = parse(log, { columns: true, skip_empty_lines: true }) as (Row & { Copies: string })[];
  const copies = new Map<string, number>();
  for (const row of rows) {
    if (row.Loaned >= before || !LC.test(row.Call_No) || /summit/i.test(row.Location)) continue;
    copies.set(row.Call_No, Math.max(copies.get(row.Call_No) ?? 1, Number(row.Copies) || 1));
  }
  return stringify([
    ['call_number', 'items'],
    ...[...copies].map(([callNumber, items]) => [callNumber, String(items)]),
  ]);
}
