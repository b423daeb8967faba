// Every row of every table as text: what a privacy audit reads.
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/db.js';

export async function dumpDatabase(db: Db): Promise<string> {
  const tables = await db.orm.all<{ name: string }>(sql`SELECT name FROM sqlite_master WHERE type = 'table'`);
  const parts: string[] = [];
  for (const { name } of tables) {
    const rows = await db.orm.all(sql.raw(`SELECT * FROM "${name}"`));
    parts.push(`${name}: ${JSON.stringify(rows)}`);
  }
  return parts.join('\n');
}
