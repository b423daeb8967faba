// Which migrations this build ships and which a database has applied. drizzle records each
// applied migration with its journal time ("when"), so a database is behind by the shipped
// migrations later than its last, and ahead of this code when its last is later than ours.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../db/migrations', import.meta.url));

/** The migrations this code ships, in order: the journal drizzle-kit writes. */
export function shippedMigrations(): { tag: string; when: number }[] {
  const journal = JSON.parse(readFileSync(`${MIGRATIONS_FOLDER}/meta/_journal.json`, 'utf8')) as {
    entries: { tag: string; when: number }[];
  };
  return journal.entries;
}

/** The journal time of the last migration a database applied; 0 for a new one. */
export function lastApplied(sqlite: Database.Database): number {
  const table = sqlite
    .prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
    .get() as { n: number };
  if (table.n === 0) return 0;
  return (
    (sqlite.prepare('SELECT max(created_at) AS last FROM __drizzle_migrations').get() as { last: number | null })
      .last ?? 0
  );
}

/** The shipped migrations a database has not applied, by name. */
export function pendingMigrationTags(sqlite: Database.Database): string[] {
  const last = lastApplied(sqlite);
  return shippedMigrations()
    .filter((m) => m.when > last)
    .map((m) => m.tag);
}
