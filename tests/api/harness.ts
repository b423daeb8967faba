// A whole app on an in-memory database, migrated like production, with a clock the test
// turns. Requests go through app.request(): no server, no port.
import { createApp } from '../../src/app.js';
import { runAtomic } from '../../src/db/db.js';
import { EMPTY_METADATA, type Metadata } from '../../src/domain/metadata.js';
import { cacheStep } from '../../src/services/enrichment/cache.js';
import { parseConfig } from '../../src/config.js';
import type { Deps } from '../../src/context.js';
import { migrateSqlite, openSqlite, type SqliteDb } from '../../src/db/sqlite.js';
import type { Role } from '../../src/db/schema.js';
import { defaultScoring } from '../../src/domain/scoring.js';
import { NO_SELECTORS } from '../../src/domain/selectors.js';
import { defaultWorkflow } from '../../src/domain/workflow.js';
import { createLogger } from '../../src/logger.js';
import { loadClassificationData } from '../../src/node/classification-data.js';
import { ProviderEnricher } from '../../src/services/enrichment/enricher.js';
import type { PatronClaims } from '../../src/services/access/patrons.js';
import { createToken } from '../../src/services/access/tokens.js';

export interface Harness {
  app: ReturnType<typeof createApp>;
  deps: Deps;
  db: SqliteDb;
  now: Date;
  advance(ms: number): void;
  token(role: Role, patron?: Partial<PatronClaims> & { externalId: string }, departmentCode?: string): Promise<string>;
  patronToken(externalId: string, claims?: Partial<PatronClaims>): Promise<string>;
  call(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
  close(): void;
}

export async function harness(env: Record<string, string> = {}, overrides: Partial<Deps> = {}): Promise<Harness> {
  const db = openSqlite(':memory:');
  migrateSqlite(db);
  let now = new Date('2026-03-02T09:00:00Z');
  const base = {
    db,
    // Tests reach only 127.0.0.1: providers are off unless a test points them at its replay server.
    config: parseConfig({ LOG_LEVEL: 'silent', ENRICH_PROVIDERS: 'holdings', ...env }),
    clock: () => now,
    workflow: defaultWorkflow,
    scoring: defaultScoring,
    selectors: NO_SELECTORS,
    logger: createLogger('silent'),
    classification: loadClassificationData(),
    fetch: globalThis.fetch,
  };
  const deps: Deps = { ...base, enricher: new ProviderEnricher(base), ...overrides };
  const app = createApp(deps);
  const h: Harness = {
    app,
    deps,
    db,
    get now() {
      return now;
    },
    advance(ms) {
      now = new Date(now.getTime() + ms);
    },
    token: (role, patron, departmentCode) =>
      createToken(db, { role, ...(patron ? { patron } : {}), departmentCode: departmentCode ?? null }, now),
    patronToken: (externalId, claims = {}) =>
      createToken(db, { role: 'patron', patron: { externalId, category: 'undergraduate', ...claims } }, now),
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined;
      if (options.body !== undefined) {
        body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      return app.request(path, { method, headers, body });
    },
    close: () => db.close(),
  };
  return h;
}

export const DAY = 86_400_000;

/** What Google Books would have said of these ISBNs, already in the enrichment cache: tests reach no provider. */
export async function cacheProviderAnswers(h: Harness, books: Record<string, Partial<Metadata>>): Promise<void> {
  await runAtomic(h.deps.db, [
    cacheStep(
      'googlebooks',
      Object.entries(books).map(([isbn, m]) => [
        `googlebooks:${isbn}`,
        { ...EMPTY_METADATA, isbn13s: [isbn], ...m } as Metadata,
      ]),
      h.now,
      { foundMs: 1e12, missingMs: 1e12 },
    ),
  ]);
}
