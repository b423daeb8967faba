// Queries on hot paths, built and prepared once per database rather than on every request:
// drizzle's query building costs more than the indexed lookups it describes.
import type { Db, Orm } from './db.js';

const caches = new WeakMap<Db, Map<string, unknown>>();

/** The prepared query named `name` for this database, building it on first use. */
export function prepared<T>(db: Db, name: string, build: (orm: Orm) => T): T {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let query = cache.get(name) as T | undefined;
  if (query === undefined) {
    query = build(db.orm);
    cache.set(name, query);
  }
  return query;
}
