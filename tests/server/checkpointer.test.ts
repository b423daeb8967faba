// The server's write-ahead log is copied back into the database file by a thread of its own,
// so no request's commit pays for the copy.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKSTOP_PAGES, startCheckpointer } from '../../src/db/checkpointer.js';
import { runAtomic } from '../../src/db/db.js';
import { openSqlite, type SqliteDb } from '../../src/db/sqlite.js';

let db: SqliteDb;
let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  db.close();
});

const PAGE = 4096;

/** Writes about `pages` pages of rows, in commits of a tenth of that. */
async function write(pages: number) {
  for (let i = 0; i < 10; i++) {
    await runAtomic(db, [
      sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${pages / 10})
          INSERT INTO t (v) SELECT randomblob(${PAGE - 100}) FROM n`,
    ]);
  }
}

async function until(condition: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!condition() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return condition();
}

describe('the checkpointer', () => {
  it('copies committed pages into the database file while the server’s connection never does', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'r2b-ckpt-')), 'r2b.sqlite');
    db = openSqlite(path);
    db.sqlite.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)');
    const checkpointer = startCheckpointer(db, 50);
    stop = () => checkpointer.stop();
    expect(db.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBeGreaterThan(1_500);

    const before = statSync(path).size;
    await write(1_500); // past SQLite's own threshold of 1,000 pages, under the backstop
    // Only the checkpointer's thread can have moved these pages into the file.
    expect(await until(() => statSync(path).size >= before + 1_400 * PAGE)).toBe(true);
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 1_500 });
  });

  it('keeps the log small under writes that never pause, so no one commit copies much of it back', async () => {
    // The thread's checkpoint cannot start the log again while commits keep landing (here it
    // never even runs), so the server's connection must, at its backstop: the log's file stays
    // near the backstop instead of growing with what is written (two and a half times it here).
    const path = join(mkdtempSync(join(tmpdir(), 'r2b-ckpt-')), 'r2b.sqlite');
    db = openSqlite(path);
    db.sqlite.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)');
    const checkpointer = startCheckpointer(db, 3_600_000);
    stop = () => checkpointer.stop();

    const written = BACKSTOP_PAGES * 2.5;
    for (let round = 0; round < 5; round++) await write(written / 5);
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: written });
    const logPages = statSync(`${path}-wal`).size / (PAGE + 24);
    expect(logPages).toBeLessThan(BACKSTOP_PAGES * 1.5);
    expect(statSync(path).size).toBeGreaterThan(BACKSTOP_PAGES * 1.75 * PAGE);
  });

  it('leaves SQLite’s own checkpoints as they were once stopped, and does nothing for a database in memory', async () => {
    db = openSqlite(':memory:');
    const checkpointer = startCheckpointer(db, 50);
    await checkpointer.stop();
    stop = undefined;
    const path = join(mkdtempSync(join(tmpdir(), 'r2b-ckpt-')), 'r2b.sqlite');
    const file = openSqlite(path);
    const running = startCheckpointer(file, 50);
    await running.stop();
    expect(file.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
    file.close();
  });
});
