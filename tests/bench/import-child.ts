// Run in a child process by the import benchmark, so its peak memory is the importer's own.
//   import-child.ts import <database> <loans.csv>      the real importer, as `r2b import loans` runs it
//   import-child.ts reference <database> <loans.csv>   raw better-sqlite3: the same rows, parsed
//                                                      off the clock, inserted in one transaction
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { migrateSqlite, openSqlite } from '../../dist/db/sqlite.js';
import { toIsbn13 } from '../../dist/domain/isbn.js';
import { openNodeContext } from '../../dist/node.js';
import { fileSource } from '../../dist/node/file-source.js';
import { importLoans } from '../../dist/services/imports/loans.js';

const [mode, database, file] = process.argv.slice(2) as [string, string, string];

if (mode === 'import') {
  const context = openNodeContext({ ...process.env, DATABASE_PATH: database, LOG_LEVEL: 'warn' });
  const started = performance.now();
  const summary = await importLoans(context.deps, fileSource(file), { preset: 'generic' });
  const seconds = (performance.now() - started) / 1000;
  context.close();
  console.log(JSON.stringify({ rows: summary.imported, seconds, maxRss: process.resourceUsage().maxRSS * 1024 }));
} else {
  const db = openSqlite(database);
  migrateSqlite(db);
  const insert = db.sqlite.prepare(
    'INSERT INTO loans (loan_key, loaned_at, month, isbn13, call_number, discipline, department_code, patron_category) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  // "Already parsed": rows are read and shaped as the importer would write them, a batch at a
  // time (so memory stays flat at ten million), and only the inserts are timed.
  let seconds = 0;
  let count = 0;
  let batch: unknown[][] = [];
  const flush = () => {
    const started = performance.now();
    for (const row of batch) insert.run(...row);
    seconds += (performance.now() - started) / 1000;
    count += batch.length;
    batch = [];
  };
  db.sqlite.exec('BEGIN IMMEDIATE');
  for await (const record of createReadStream(file).pipe(parse({ from_line: 2 }))) {
    const [id, at, isbn, callNumber, department, category] = record as string[];
    batch.push([
      `generic:${id}`,
      Date.parse(at!),
      at!.slice(0, 7),
      toIsbn13(isbn!),
      callNumber,
      'discipline',
      department,
      category,
    ]);
    if (batch.length === 50_000) flush();
  }
  flush();
  const started = performance.now();
  db.sqlite.exec('COMMIT');
  seconds += (performance.now() - started) / 1000;
  db.close();
  console.log(JSON.stringify({ rows: count, seconds, maxRss: process.resourceUsage().maxRSS * 1024 }));
}
