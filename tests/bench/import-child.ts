// Run in a child process by the import benchmark, so its peak memory is the importer's own.
//   import-child.ts import <database> <loans.csv>      the real importer, as `r2b import loans` runs it
//   import-child.ts reference <database> <loans.csv>   raw better-sqlite3: the same rows and the
//                                                      same aggregates, parsed off the clock,
//                                                      written in one transaction
import { createReadStream } from 'node:fs';
import { parseConfig } from '../../dist/config.js';
import { migrateSqlite, openSqlite } from '../../dist/db/sqlite.js';
import { openNodeContext } from '../../dist/node.js';
import { loadClassificationData } from '../../dist/node/classification-data.js';
import { fileSource } from '../../dist/node/file-source.js';
import { csvDialect } from '../../dist/services/imports/csv.js';
import { type LoanBatch, type LoanParseSetup, loanBatches } from '../../dist/services/imports/loan-batches.js';
import { batchesInCommit, importLoans, joinedRows, resolvePreset } from '../../dist/services/imports/loans.js';

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
  const statement = (text: string) => db.sqlite.prepare(text);
  const insertLoan = statement(
    'INSERT INTO loans (source, loan_key, loaned_at, month, isbn13, call_number, discipline, department_code, patron_category, flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const addCell = statement(
    `INSERT INTO loan_aggregates (discipline, department_code, month, loans) VALUES (?, ?, ?, ?)
     ON CONFLICT (discipline, department_code, month) DO UPDATE SET loans = loans + excluded.loans`,
  );
  const addEdition = statement(
    `INSERT INTO loan_editions (edition_key, work_key, shelf_key, title_key, author_key, class_key, published, copies, first_month)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (edition_key) DO UPDATE SET copies = max(copies, excluded.copies), first_month = min(first_month, excluded.first_month)`,
  );
  const addEditionMonth = statement(
    `INSERT INTO edition_loans (edition_key, month, loans, ill_loans, reserve_loans) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (edition_key, month) DO UPDATE SET loans = loans + excluded.loans,
       ill_loans = ill_loans + excluded.ill_loans, reserve_loans = reserve_loans + excluded.reserve_loans`,
  );
  const addClassMonth = statement(
    `INSERT INTO class_loans (class_key, month, loans) VALUES (?, ?, ?)
     ON CONFLICT (class_key, month) DO UPDATE SET loans = loans + excluded.loans`,
  );
  // "Already parsed": the importer's own reading half makes the rows and the batch's aggregates
  // (a batch at a time, so memory stays flat at ten million), and only the statements are timed:
  // each loan inserted, each aggregate row it adds to written, all in one transaction. The
  // importer adds up a commit's edition-months, class-months and discipline cells over its
  // batches (batchesInCommit of them) and writes each once; so does the floor, the sums made off the clock.
  const setup = await parseSetup(file);
  let seconds = 0;
  let count = 0;
  let written = 0;
  let group: LoanBatch[] = [];
  const write = () => {
    const parsed = (text: string | unknown[][]) =>
      typeof text === 'string' ? (JSON.parse(text) as unknown[][]) : text;
    const batches = group.map((batch) => ({ rows: parsed(batch.rows), editions: parsed(batch.editions) }));
    const cells = new Map<string, number>();
    for (const batch of batches)
      for (const row of batch.rows) {
        const key = `${row[6] ?? ''}\u0001${row[7] ?? ''}\u0001${row[3]}`;
        cells.set(key, (cells.get(key) ?? 0) + 1);
      }
    const editionMonths = summed(parsed(joinedRows(group.map((batch) => batch.editionLoans))));
    const classMonths = summed(parsed(joinedRows(group.map((batch) => batch.classLoans))));
    const started = performance.now();
    for (const batch of batches) {
      for (const row of batch.rows) insertLoan.run(...row);
      for (const e of batch.editions) addEdition.run(...e);
    }
    for (const [key, n] of cells) addCell.run(...key.split('\u0001'), n);
    for (const e of editionMonths) addEditionMonth.run(...e);
    for (const c of classMonths) addClassMonth.run(...c);
    seconds += (performance.now() - started) / 1000;
    for (const batch of batches) count += batch.rows.length;
    written += group.length;
    group = [];
  };
  db.sqlite.exec('BEGIN IMMEDIATE');
  for await (const batch of loanBatches(
    createReadStream(file, { highWaterMark: 1 << 20 }),
    setup,
    loadClassificationData(),
  )) {
    group.push(batch);
    if (group.length >= batchesInCommit(written)) write();
  }
  if (group.length) write();
  const started = performance.now();
  db.sqlite.exec('COMMIT');
  seconds += (performance.now() - started) / 1000;
  db.close();
  console.log(JSON.stringify({ rows: count, seconds, maxRss: process.resourceUsage().maxRSS * 1024 }));
}

/** Rows of counts (the key's two parts, then the counts) added up by key, as the importer's GROUP BY does. */
function summed(rows: unknown[][]): unknown[][] {
  const byKey = new Map<string, unknown[]>();
  for (const row of rows) {
    const key = `${row[0]}\u0001${row[1]}`;
    const known = byKey.get(key);
    if (!known) byKey.set(key, [...row]);
    else for (let i = 2; i < row.length; i++) (known[i] as number) += row[i] as number;
  }
  return [...byKey.values()];
}

/** How the importer reads the file with --preset generic and the default settings. */
async function parseSetup(path: string): Promise<LoanParseSetup> {
  const config = parseConfig({});
  return {
    preset: resolvePreset('generic', []),
    source: 'generic',
    dialect: await csvDialect(fileSource(path)),
    categoryMap: config.PATRON_CATEGORY_MAP,
    illLocations: config.ILL_LOCATIONS,
    reserveLocations: config.RESERVE_LOCATIONS,
    scheme: config.CLASSIFICATION_SCHEME,
    now: Date.now(),
    skip: 0,
    importedBefore: [],
    batchSize: 5000,
  };
}
