// The Node driver: one better-sqlite3 connection to the embedded file. Node-only; the Workers
// entry has its own adapter over D1.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { type AtomicStep, type Db, type Orm, isRawStep } from './db.js';
import { schema } from './schema.js';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../db/migrations', import.meta.url));

export interface SqliteDb extends Db {
  sqlite: Database.Database;
  close(): void;
}

export function openSqlite(path: string): SqliteDb {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  // WAL lets readers go on while one writer commits; NORMAL sync is durable across a process
  // crash (the case that matters here) and skips an fsync per commit.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // Deleted and overwritten rows are zeroed, not left in the file's free space: what
  // `r2b purge` forgets must not survive in the file, nor in a backup copy of it.
  sqlite.pragma('secure_delete = ON');
  const orm = drizzle({ client: withStatementCache(sqlite), schema });

  // The steps run inside one synchronous better-sqlite3 transaction: no other request can
  // interleave, because nothing in here yields to the event loop. IMMEDIATE takes the write
  // lock up front, so two processes never deadlock upgrading a read lock.
  const runAll = sqlite.transaction((steps: AtomicStep[]) => {
    for (const step of steps) {
      if (isRawStep(step)) orm.run(step);
      else (step as unknown as { run(): unknown }).run();
    }
  });

  return {
    sqlite,
    orm: orm as unknown as Orm,
    async atomic(steps) {
      runAll.immediate(steps);
    },
    async pendingMigrations() {
      const journal = JSON.parse(readFileSync(`${MIGRATIONS_FOLDER}/meta/_journal.json`, 'utf8')) as {
        entries: unknown[];
      };
      const table = sqlite
        .prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
        .get() as { n: number };
      if (table.n === 0) return journal.entries.length;
      const applied = sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number };
      return Math.max(0, journal.entries.length - applied.n);
    },
    close() {
      sqlite.close();
    },
  };
}

export function migrateSqlite(db: SqliteDb): void {
  migrate(drizzle({ client: db.sqlite }), { migrationsFolder: MIGRATIONS_FOLDER });
}

/**
 * drizzle prepares a new better-sqlite3 statement for every query it runs, and preparing
 * costs more than running a small indexed query. The service runs a bounded set of SQL texts
 * (values are bound, never inlined), so keep the most recent statements by text and reuse
 * them. A reused reader statement is reset to object rows: drizzle switches a statement to
 * array rows with raw() when it maps columns itself, and never switches it back.
 */
export function withStatementCache(sqlite: Database.Database, size = 1000): Database.Database {
  const cache = new Map<string, Database.Statement>();
  const prepare = (source: string): Database.Statement => {
    let statement = cache.get(source);
    if (statement) {
      cache.delete(source);
      if (statement.reader) statement.raw(false);
    } else {
      statement = sqlite.prepare(source);
      if (cache.size >= size) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, statement);
    return statement;
  };
  return new Proxy(sqlite, {
    get(target, property) {
      if (property === 'prepare') return prepare;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
