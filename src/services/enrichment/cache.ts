// Provider answers kept by key for a while: a found book for ENRICH_CACHE_DAYS, a book the
// provider does not know for less (it may be catalogued soon), so the same ISBN is fetched
// once however many patrons ask for it.
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/db.js';
import type { Metadata } from '../../domain/metadata.js';

export async function readCache(db: Db, keys: string[], now: Date): Promise<Map<string, Metadata | null>> {
  const out = new Map<string, Metadata | null>();
  if (keys.length === 0) return out;
  const rows = await db.orm.all<{ key: string; body: string | null }>(
    sql`SELECT key, body FROM metadata_cache
        WHERE key IN (SELECT value FROM json_each(${JSON.stringify(keys)})) AND expires_at > ${now.getTime()}`,
  );
  for (const row of rows) out.set(row.key, row.body === null ? null : (JSON.parse(row.body) as Metadata));
  return out;
}

export function cacheStep(
  provider: string,
  entries: [key: string, metadata: Metadata | null][],
  now: Date,
  ttl: { foundMs: number; missingMs: number },
): SQL {
  const rows = JSON.stringify(
    entries.map(([key, metadata]) => [
      key,
      metadata === null ? null : JSON.stringify(metadata),
      now.getTime() + (metadata ? ttl.foundMs : ttl.missingMs),
    ]),
  );
  return sql`INSERT INTO metadata_cache (key, provider, body, fetched_at, expires_at)
             SELECT j.value->>0, ${provider}, j.value->>1, ${now.getTime()}, j.value->>2 FROM json_each(${rows}) j WHERE true
             ON CONFLICT (key) DO UPDATE SET body = excluded.body, fetched_at = excluded.fetched_at, expires_at = excluded.expires_at`;
}
