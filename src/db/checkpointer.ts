// WAL checkpoints off the request path. SQLite copies the write-ahead log back into the
// database file (a checkpoint) from inside whichever commit finds the log over 1,000 pages;
// on a busy server that is a request's commit, and the copy and its fsync stall every request
// queued behind it. Profiling intake put a quarter of the server's time there. A worker
// thread with its own connection checkpoints instead, every 100 ms, concurrently with the
// writers (a PASSIVE checkpoint never blocks them).
//
// The thread cannot start the log again, though: SQLite reuses the log from its beginning only
// when a checkpoint has copied all of it, and under steady writes new commits always land
// while the thread copies. So the log grows until the server's own connection, at its
// threshold, checkpoints inside a commit, copying what the thread has not yet and starting the
// log again. Each such checkpoint syncs the log and the database file on the event loop (two
// fsyncs, 4 to 7 ms each on the build machine's disk, and 12 ms at p90), so the backstop sets how
// often the loop pays that, and the thread's tick how much is left to copy when it does. At
// 20,000 pages with a tick a second it came every second or two at full intake and copied up to
// a second of log inside one request's commit (intake's p99 about 41 ms); at 2,000 pages it came
// about twelve times a second, two fsyncs each. Now the thread copies the log as it grows (a
// tick every 100 ms: about 2,400 pages at full intake) and the backstop is 8,000 pages, about
// three times a second with little left to copy: the server's own fsyncs fell from 154 to 40,
// and the time it spent in them from 844 to 145 ms, in 21,000 suggestions (docs/performance.md).
// A tick of 50 ms spared the loop as much but took a core from it often enough to cost a tenth
// of intake's throughput on two cores. The log's file stays at about 32 MiB.
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../worker-thread.js';
import type { SqliteDb } from './sqlite.js';

/** Pages of log (4 KiB each) at which the server's connection checkpoints after all (above). */
export const BACKSTOP_PAGES = 8_000;
const SQLITE_DEFAULT_PAGES = 1_000;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(db: SqliteDb, everyMs = 100): Checkpointer {
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
