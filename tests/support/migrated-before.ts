// A database as an older release left it: migrated up to, not including, the migration whose
// name ends in `tag`, so a test can store rows the old way and then upgrade it as `npm start`
// would (migrateSqlite), to see that what was stored still works.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { MIGRATIONS_FOLDER, openSqlite, type SqliteDb } from '../../src/db/sqlite.js';

export function databaseBefore(tag: string): SqliteDb {
  const folder = mkdtempSync(join(tmpdir(), 'r2b-migrations-'));
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag.endsWith(`_${tag}`));
  if (at < 0) throw new Error(`no migration named ${tag}`);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  const db = openSqlite(':memory:');
  migrate(drizzle({ client: db.sqlite }), { migrationsFolder: folder });
  return db;
}
