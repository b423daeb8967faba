// The checkpointer's thread (see checkpointer.ts): its own connection to the database file,
// copying the write-ahead log back into it at an interval.
import { workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { path, everyMs } = workerData as { path: string; everyMs: number };
const db = new Database(path);

setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or locked this time (a migration, a backup): the next tick tries again, and the
    // server's own backstop threshold still holds.
  }
}, everyMs);
