// Backups of the SQLite file, taken while the service writes: `VACUUM INTO` reads the database
// in one read transaction (WAL lets the writer go on meanwhile), so the copy is the database as
// it stood at one instant, compacted, and never a torn mix of before and after. Each copy is
// opened again and checked before it counts as a backup. Restoring refuses a file that is not
// a recommend-to-buy database, or one made by a newer release than this code.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { lastApplied, shippedMigrations } from './migrations.js';

export interface BackupCheck {
  file: string;
  bytes: number;
  /** PRAGMA integrity_check said "ok" */
  integrity: 'ok';
  /** migrations the copy has applied, and the last one's time (journal "when") */
  migrations: number;
  /** rows in each table of the copy */
  rows: Record<string, number>;
}

export class BackupError extends Error {}

/** The tables only our schema has: a file without them is not a recommend-to-buy database. */
const OURS = ['__drizzle_migrations', 'titles', 'suggestions', 'status_events', 'notifications', 'loans'];

/** A consistent copy of the open database at `file` (which must not exist yet), checked. */
export function backupTo(sqlite: Database.Database, file: string): BackupCheck {
  if (existsSync(file)) throw new BackupError(`${file} exists already: a backup never overwrites a file.`);
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  sqlite.prepare('VACUUM INTO ?').run(partial);
  const check = checkBackup(partial);
  renameSync(partial, file);
  return { ...check, file };
}

/** Opens a copy read-only and says what is in it; a BackupError when it is not a sound database of ours. */
export function checkBackup(file: string): BackupCheck {
  if (!existsSync(file)) throw new BackupError(`There is no file ${file}.`);
  let copy: Database.Database;
  try {
    copy = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new BackupError(`${file} is not a database this can open: ${(error as Error).message}`);
  }
  try {
    let tables: string[];
    try {
      tables = (
        copy.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]
      ).map((t) => t.name);
    } catch {
      throw new BackupError(`${file} is not an SQLite database.`);
    }
    const missing = OURS.filter((t) => !tables.includes(t));
    if (missing.length) {
      throw new BackupError(`${file} is not a recommend-to-buy database: it has no ${missing.join(', ')} table.`);
    }
    const integrity = copy.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new BackupError(`${file} fails SQLite's integrity check: ${String(integrity)}.`);
    const rows: Record<string, number> = {};
    for (const table of tables.filter((t) => !t.startsWith('sqlite_'))) {
      rows[table] = (copy.prepare(`SELECT count(*) AS n FROM "${table.replace(/"/g, '""')}"`).get() as { n: number }).n;
    }
    const applied = copy.prepare('SELECT count(*) AS n, max(created_at) AS last FROM __drizzle_migrations').get() as {
      n: number;
      last: number | null;
    };
    return { file, bytes: statSync(file).size, integrity: 'ok', migrations: applied.n, rows };
  } finally {
    copy.close();
  }
}

/**
 * Put a backup in place of the database at `target`. The file is checked first; one made by a
 * newer release (a migration this code does not know) is refused: this code cannot serve it. The
 * database it replaces is kept beside it, renamed, never deleted.
 */
export function restoreFrom(
  file: string,
  target: string,
  now = new Date(),
): { replaced: string | null; check: BackupCheck } {
  const check = checkBackup(file);
  const copy = new Database(file, { readonly: true });
  let last: number;
  try {
    last = lastApplied(copy);
  } finally {
    copy.close();
  }
  if (last > (shippedMigrations().at(-1)?.when ?? 0)) {
    throw new BackupError(
      `${file} was made by a newer release of recommend-to-buy than this one (it has migrations this code does not know): upgrade first, then restore.`,
    );
  }
  let replaced: string | null = null;
  if (existsSync(target)) {
    replaced = `${target}.before-restore-${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}`;
    renameSync(target, replaced);
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(target + suffix)) renameSync(target + suffix, replaced + suffix);
    }
  }
  copyFileSync(file, target);
  return { replaced, check };
}

/** A dated backup into `dir`, then the oldest of ours beyond `keep` removed. */
export function backupToDir(
  sqlite: Database.Database,
  dir: string,
  keep: number,
  now = new Date(),
): BackupCheck & { removed: string[] } {
  mkdirSync(dir, { recursive: true });
  const name = `r2b-${now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}.sqlite`;
  const check = backupTo(sqlite, join(dir, name));
  const ours = readdirSync(dir)
    .filter((f) => /^r2b-\d{8}T\d{6}\.sqlite$/.test(f))
    .sort();
  const removed = ours.slice(0, Math.max(0, ours.length - keep)).map((f) => join(dir, f));
  for (const file of removed) rmSync(file);
  return { ...check, removed: removed.map((f) => basename(f)) };
}
