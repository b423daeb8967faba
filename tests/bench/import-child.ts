// Run in a child process by the import benchmark, so its peak memory is the importer's own.
//   import-child.ts import <database> <loans.csv>      the real importer, as `r2b import loans` runs it
//   import-child.ts reference <database> <loans.csv>   raw better-sqlite3: the same rows, parsed
//                                                      beforehand, inserted in one transaction
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { migrateSqlite, openSqlite } from '../../src/db/sqlite.js';
import { toIsbn13 } from '../../src/domain/isbn.js';
import { openNodeContext } from '../../src/node.js';
import { fileSource } from '../../src/services/imports/file-source.js';
import { importLoans } from '../../src/services/imports/loans.js';

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
  // "Already parsed": the rows as the importer would write them, built before the clock starts.
  const records = parse(readFileSync(file), { from_line: 2 }) as string[][];
  const rows = records.map(([id, at, isbn, callNumber, department, category]) => {
    const time = Date.parse(at!);
    return [`generic:${id}`, time, at!.slice(0, 7), toIsbn13(isbn!), callNumber, 'discipline', department, category];
  });
  const insert = db.sqlite.prepare(
    'INSERT INTO loans (loan_key, loaned_at, month, isbn13, call_number, discipline, department_code, patron_category) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const started = performance.now();
  db.sqlite.transaction(() => {
    for (const row of rows) insert.run(...row);
  })();
  const seconds = (performance.now() - started) / 1000;
  db.close();
  console.log(JSON.stringify({ rows: rows.length, seconds, maxRss: process.resourceUsage().maxRSS * 1024 }));
}
