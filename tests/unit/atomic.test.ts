// runAtomic on the embedded database: the writes of concurrent callers are committed together
// (group commit), and each is still all-or-nothing on its own.
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAtomic } from '../../src/db/db.js';
import { compileStep } from '../../src/db/sql.js';
import { openSqlite, type SqliteDb } from '../../src/db/sqlite.js';

let db: SqliteDb;
beforeEach(() => {
  db = openSqlite(':memory:');
  db.sqlite.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)');
});
afterEach(() => db.close());

const rows = () => db.sqlite.prepare('SELECT k, v FROM t ORDER BY k').all();
const insert = (k: string, v: number | null) => sql`INSERT INTO t (k, v) VALUES (${k}, ${v})`;

describe('runAtomic on SQLite', () => {
  it('commits writes that arrive together, each as it was given', async () => {
    await Promise.all([
      runAtomic(db, [insert('a', 1)]),
      runAtomic(db, [insert('b', 2)]),
      runAtomic(db, [insert('c', 3)]),
    ]);
    expect(rows()).toEqual([
      { k: 'a', v: 1 },
      { k: 'b', v: 2 },
      { k: 'c', v: 3 },
    ]);
  });

  it('rolls back only the write that failed, and tells only its caller', async () => {
    const results = await Promise.allSettled([
      runAtomic(db, [insert('a', 1)]),
      // the second step breaks NOT NULL: the first step of this write must not stay either
      runAtomic(db, [insert('b', 2), insert('c', null)]),
      runAtomic(db, [insert('d', 4)]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.cause?.code).toBe('SQLITE_CONSTRAINT_NOTNULL');
    expect(rows()).toEqual([
      { k: 'a', v: 1 },
      { k: 'd', v: 4 },
    ]);
  });

  it('fails every write of the group when SQLite rolls the whole transaction back', async () => {
    // RAISE(ROLLBACK) ends the transaction itself, as a full disk or an I/O error does.
    db.sqlite.exec(
      "CREATE TRIGGER boom BEFORE INSERT ON t WHEN NEW.k = 'boom' BEGIN SELECT RAISE(ROLLBACK, 'disk gone'); END",
    );
    const results = await Promise.allSettled([
      runAtomic(db, [insert('a', 1)]),
      runAtomic(db, [insert('boom', 2)]),
      runAtomic(db, [insert('d', 4)]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(rows()).toEqual([]);
    // and the next write works
    await runAtomic(db, [insert('e', 5)]);
    expect(rows()).toEqual([{ k: 'e', v: 5 }]);
  });

  it('has nothing written before the promise settles, and everything after', async () => {
    const pending = runAtomic(db, [insert('a', 1), insert('b', 2)]);
    expect(rows()).toEqual([]);
    await pending;
    expect(rows()).toHaveLength(2);
  });

  it('runs a compiled step with the values of each call', async () => {
    const step = compileStep<{ k: string; v: number }>(
      sql`INSERT INTO t (k, v) VALUES (${sql.placeholder('k')}, ${sql.placeholder('v')} * ${10})`,
    );
    await Promise.all([runAtomic(db, [step({ k: 'x', v: 1 })]), runAtomic(db, [step({ k: 'y', v: 2 })])]);
    expect(rows()).toEqual([
      { k: 'x', v: 10 },
      { k: 'y', v: 20 },
    ]);
    expect(() => step({ k: 'z' } as never)).toThrow(/no value for placeholder "v"/);
  });
});
