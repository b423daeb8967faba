// The Node driver: one better-sqlite3 connection to the embedded file. Node-only; the Workers
// entry has its own adapter over D1.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { type AtomicStep, type Db, type Orm, isCompiledStep, isRawStep } from './db.js';
import { MIGRATIONS_FOLDER, pendingMigrationTags } from './migrations.js';
import { schema } from './schema.js';

export { MIGRATIONS_FOLDER };

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
  const client = withStatementCache(sqlite);
  const orm = drizzle({ client, schema });

  // The steps run inside one synchronous better-sqlite3 transaction: no other request can
  // interleave, because nothing in here yields to the event loop.
  const runSteps = sqlite.transaction((steps: AtomicStep[]) => {
    for (const step of steps) {
      if (isCompiledStep(step)) client.prepare(step.sql).run(...step.params);
      else if (isRawStep(step)) orm.run(step);
      else (step as unknown as { run(): unknown }).run();
    }
  });
  const commit = groupCommit(sqlite, runSteps);

  return {
    sqlite,
    orm: orm as unknown as Orm,
    atomic: commit,
    migrateCommand: 'r2b migrate (npm start applies them too)',
    jsonEach: (json) => sql`jsonb_each(${json})`,
    async pendingMigrations() {
      return pendingMigrationTags(sqlite).length;
    },
    close() {
      sqlite.close();
    },
  };
}

interface PendingWrite {
  steps: AtomicStep[];
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit. Committing is most of what a small write costs here: each commit appends every
 * page it dirtied to the WAL (a suggestion touches about 18 pages: the tables and their index
 * leaves), and the checkpoint copies them again. So the writes that arrive in one turn of the
 * event loop (concurrent requests do) are committed together: each in its own savepoint, so
 * one that fails is rolled back alone and only its caller sees the error, and all of them in
 * one transaction, so the pages they share are written once. Nobody hears "done" before the
 * commit. IMMEDIATE takes the write lock up front, so two processes never deadlock upgrading
 * a read lock.
 */
function groupCommit(
  sqlite: Database.Database,
  runSteps: Database.Transaction<(steps: AtomicStep[]) => void>,
): (steps: AtomicStep[]) => Promise<void> {
  let queue: PendingWrite[] = [];
  const commitAll = sqlite.transaction((writes: PendingWrite[]) => {
    const failures = new Map<PendingWrite, unknown>();
    for (const write of writes) {
      try {
        runSteps(write.steps); // nested in the open transaction: a savepoint
      } catch (error) {
        // An error SQLite answers by rolling back the whole transaction (a full disk, an I/O
        // error) took every write of the group with it: all of them fail.
        if (!sqlite.inTransaction) throw error;
        failures.set(write, error);
      }
    }
    return failures;
  });
  const flush = () => {
    const writes = queue;
    queue = [];
    let failures: Map<PendingWrite, unknown>;
    try {
      failures = commitAll.immediate(writes);
    } catch (error) {
      for (const write of writes) write.reject(error);
      return;
    }
    for (const write of writes) {
      if (failures.has(write)) write.reject(failures.get(write));
      else write.resolve();
    }
  };
  return (steps) =>
    new Promise<void>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush);
      queue.push({ steps, resolve, reject });
    });
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

/** Write the write-ahead log into the database file and empty it, so no copy of the files keeps pages as they were. */
export function truncateWal(db: SqliteDb): void {
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
}
