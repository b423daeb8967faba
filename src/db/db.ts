// The one database type the service is written against, whichever driver is underneath:
// better-sqlite3 on Node, D1 on Workers. Every query is awaited (on better-sqlite3 drizzle's
// queries are thenables that run synchronously), and nothing reads a driver's own result
// fields: a write that must report what it did is followed by a read.
import { is, type Query, SQL, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type { schema } from './schema.js';

export type Orm = BaseSQLiteDatabase<'sync' | 'async', unknown, typeof schema>;

/** A statement in an atomic write: a drizzle insert/update/delete, raw SQL for the
 *  conditional inserts drizzle's builders cannot express, such SQL compiled once (see
 *  `compileStep`) for a hot path, or one insert for each of many rows (`RowsStep`). */
export type AtomicStep = BatchItem<'sqlite'> | SQL | Query | RowsStep;

/**
 * One insert for each of many rows: an import's batch. better-sqlite3 prepares
 * `INSERT INTO t (a, b) VALUES (?, ?) …` once and binds it row by row, which costs SQLite less
 * than unpacking the rows from JSON. D1 cannot loop over a statement inside its batch, so there
 * the same insert reads its rows from one JSON parameter (`rowsFromJson`). One text of the SQL,
 * two ways to feed it.
 */
export interface RowsStep {
  into: string;
  columns: readonly string[];
  /** one array of values a row, in the order of `columns` */
  rows: readonly (readonly unknown[])[];
  /** what follows the values: `ON CONFLICT (…) DO …` */
  onConflict?: string;
  /** the rows are written only if this holds when the step runs: checked once, not for each row */
  when?: SQL;
}

export interface Db {
  orm: Orm;
  /** Commit the steps as one unit, or none of them. Use runAtomic(). */
  atomic(steps: AtomicStep[]): Promise<void>;
  /** Migrations shipped with this build that the database has not applied yet. */
  pendingMigrations(): Promise<number>;
  /** What applies them, for the message /readyz gives while some are pending. */
  migrateCommand: string;
}

/**
 * Run several writes as one: a synchronous transaction on better-sqlite3, `batch()` on D1.
 * D1 has no interactive transactions, so the steps cannot read each other's results in
 * JavaScript; a step that depends on an earlier one says so in SQL (a subselect by natural
 * key, or a WHERE that holds only if the earlier condition held).
 */
export function runAtomic(db: Db, steps: AtomicStep[]): Promise<void> {
  if (steps.length === 0) return Promise.resolve();
  return db.atomic(steps);
}

export function isRawStep(step: AtomicStep): step is SQL {
  return is(step, SQL);
}

export function isRowsStep(step: AtomicStep): step is RowsStep {
  return Array.isArray((step as RowsStep).rows) && typeof (step as RowsStep).into === 'string';
}

/** The statement a RowsStep binds to each row. */
export function rowsByValues(step: RowsStep): string {
  const marks = step.columns.map(() => '?').join(', ');
  return `INSERT INTO ${step.into} (${step.columns.join(', ')}) VALUES (${marks}) ${step.onConflict ?? ''}`;
}

/** The same insert over all the rows at once, as one JSON parameter unpacked by json_each (D1). */
export function rowsFromJson(step: RowsStep): SQL {
  const values = step.columns.map((_, i) => `j.value->>${i}`).join(', ');
  // The WHERE is there even when nothing is asked: SQLite reads an upsert after a SELECT only behind one.
  return sql`INSERT INTO ${sql.raw(step.into)} (${sql.raw(step.columns.join(', '))})
    SELECT ${sql.raw(values)} FROM json_each(${JSON.stringify(step.rows)}) j WHERE ${step.when ?? sql`true`}
    ${sql.raw(step.onConflict ?? '')}`;
}

export function isCompiledStep(step: AtomicStep): step is Query {
  return typeof (step as Query).sql === 'string' && Array.isArray((step as Query).params);
}
