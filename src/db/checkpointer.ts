// WAL checkpoints off the request path. SQLite copies the write-ahead log back into the
// database file (a checkpoint) from inside whichever commit finds the log over 1,000 pages;
// on a busy server that is a request's commit, and the copy and its fsync stall every request
// queued behind it. Profiling intake put a quarter of the server's time there. A worker
// thread with its own connection checkpoints instead, every second, concurrently with the
// writers (a PASSIVE checkpoint never blocks them).
//
// The thread cannot start the log again, though: SQLite reuses the log from its beginning only
// when a checkpoint has copied all of it, and under steady writes new commits always land
// while the thread copies. So the log grows until the server's own connection, at its
// threshold, checkpoints inside a commit, copying what the thread has not yet and starting the
// log again. That threshold is kept low: at 20,000 pages it came every second or two at full
// intake and copied up to a second of log (15,000 pages) inside one request's commit, which
// was intake's p99 (about 41 ms against 27.5 at 2,000 pages, 50 connections, docs/performance.md);
// at 2,000 the copy is small and the log file stays at about 8 MiB.
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../worker-thread.js';
import type { SqliteDb } from './sqlite.js';

/** Pages of log (4 KiB each) at which the server's connection checkpoints after all (above). */
const BACKSTOP_PAGES = 2_000;
const SQLITE_DEFAULT_PAGES = 1_000;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(db: SqliteDb, everyMs = 1_000): Checkpointer {
  // An in-memory database has no log to copy, and no other connection can reach it.
  if (db.sqlite.memory) return { stop: async () => {} };
  const worker: Worker = startWorker(new URL('./checkpoint-worker.js', import.meta.url), {
    path: db.sqlite.name,
    everyMs,
  });
  worker.unref();
  db.sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  return {
    async stop() {
      await worker.terminate();
      if (db.sqlite.open) db.sqlite.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_PAGES}`);
    },
  };
}
