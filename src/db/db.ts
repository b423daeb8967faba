// The one database type the service is written against, whichever driver is underneath:
// better-sqlite3 on Node, D1 on Workers. Every query is awaited (on better-sqlite3 drizzle's
// queries are thenables that run synchronously), and nothing reads a driver's own result
// fields: a write that must report what it did is followed by a read.
import { is, type Query, SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type { schema } from './schema.js';

export type Orm = BaseSQLiteDatabase<'sync' | 'async', unknown, typeof schema>;

/** A statement in an atomic write: a drizzle insert/update/delete, raw SQL for the
 *  conditional inserts drizzle's builders cannot express, or such SQL compiled once (see
 *  `compileStep`) for a hot path. */
export type AtomicStep = BatchItem<'sqlite'> | SQL | Query;

export interface Db {
  orm: Orm;
  /** Commit the steps as one unit, or none of them. Use runAtomic(). */
  atomic(steps: AtomicStep[]): Promise<void>;
  /** Migrations shipped with this build that the database has not applied yet. */
  pendingMigrations(): Promise<number>;
  /** What applies them, for the message /readyz gives while some are pending. */
  migrateCommand: string;
  /**
   * A JSON array's elements as a table (`value`), for a batch of rows sent as one parameter.
   * better-sqlite3's SQLite (3.51 and later) has `jsonb_each`, whose values are JSONB, so each
   * `value->>n` reads its field without parsing the row's text again: the loan import's writing
   * thread spent a sixth less on its statements. D1's SQLite has no `jsonb_each`: `json_each`.
   */
  jsonEach(json: string): SQL;
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

export function isCompiledStep(step: AtomicStep): step is Query {
  return typeof (step as Query).sql === 'string' && Array.isArray((step as Query).params);
}
