// Enrichment of 2,000 distinct ISBNs against the replay server with 50 ms added to every
// answer, beside the floor that latency, batching and the concurrency cap allow: Open Library
// takes ENRICH_BATCH_SIZE ISBNs a request, Google Books one, ENRICH_CONCURRENCY requests at once.
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import calculateCheckDigit from 'isbn3/lib/calculate_check_digit.js';
import { runAtomic } from '../../dist/db/db.js';
import { runEnrichment } from '../../dist/jobs/enrich.js';
import { openNodeContext } from '../../dist/node.js';
import { providerSettings, startReplayServer } from '../support/replay-server.js';
import { scratchFolder } from './scratch.js';
import type { Figure } from './table.js';

const LATENCY_MS = 50;

async function enrichAll(
  providers: string,
  isbns: string[],
  replayUrl: string,
): Promise<{ seconds: number; requests: number }> {
  const folder = scratchFolder('enrich');
  const replay = { url: replayUrl } as Parameters<typeof providerSettings>[0];
  const context = openNodeContext({
    ...process.env,
    DATABASE_PATH: join(folder, 'enrich.sqlite'),
    LOG_LEVEL: 'warn',
    ...providerSettings(replay, { ENRICH_PROVIDERS: providers }),
  });
  const { deps } = context;
  const now = deps.clock().getTime();
  const rows = JSON.stringify(isbns);
  await runAtomic(deps.db, [
    sql`INSERT INTO titles (work_key, isbn13, title, author, status, status_changed_at, requester_count, created_at, updated_at)
        SELECT 'isbn:' || value, value, NULL, NULL, 'submitted', ${now}, 1, ${now}, ${now} FROM json_each(${rows})`,
    sql`INSERT INTO jobs (kind, subject, status, attempts, run_after, created_at, updated_at)
        SELECT 'enrich', CAST(id AS TEXT), 'pending', 0, ${now}, ${now}, ${now} FROM titles`,
  ]);
  const started = performance.now();
  while ((await runEnrichment(deps)).claimed > 0);
  const seconds = (performance.now() - started) / 1000;
  const enriched = await deps.db.orm.get<{ n: number }>(sql`SELECT count(*) AS n FROM titles WHERE title IS NOT NULL`);
  if (enriched?.n !== isbns.length) throw new Error(`only ${enriched?.n} of ${isbns.length} titles were enriched`);
  context.close();
  return { seconds, requests: 0 };
}

export async function benchEnrichment(scale: number): Promise<Figure[]> {
  const count = Math.max(200, Math.round(2000 * scale));
  const isbns = Array.from({ length: count }, (_, n) => {
    const body = `979${String(10_000_000 + n).padStart(9, '0')}`;
    return body + calculateCheckDigit(body);
  });
  const replay = await startReplayServer({ synthesize: true });
  replay.faults.openlibrary.latencyMs = LATENCY_MS;
  replay.faults.google.latencyMs = LATENCY_MS;
  const defaults = openNodeContext({ ...process.env, DATABASE_PATH: ':memory:' }).deps.config;
  const batch = defaults.ENRICH_BATCH_SIZE;
  const concurrency = defaults.ENRICH_CONCURRENCY;
  try {
    replay.requests.length = 0;
    const ol = await enrichAll('holdings,openlibrary', isbns, replay.url);
    const olRequests = replay.requests.length;
    replay.requests.length = 0;
    const both = await enrichAll('holdings,openlibrary,googlebooks', isbns, replay.url);
    const bothRequests = replay.requests.length;
    const olFloor = (Math.ceil(count / batch) / concurrency) * LATENCY_MS;
    // Google Books is asked per ISBN for the list prices Open Library lacks; its requests run
    // alongside no others, so they add their own rounds to Open Library's.
    const bothFloor = olFloor + (count / concurrency) * LATENCY_MS;
    return [
      {
        figure: `enrich ${count} ISBNs, Open Library (${LATENCY_MS} ms latency)`,
        value: ol.seconds * 1000,
        unit: 'ms',
        reference: {
          label: `floor: ${Math.ceil(count / batch)} batches of ${batch}, ${concurrency} at once`,
          value: olFloor,
        },
        note: `${olRequests} requests`,
      },
      {
        figure: `enrich ${count} ISBNs, with Google Books prices`,
        value: both.seconds * 1000,
        unit: 'ms',
        reference: { label: `floor: + ${count} Google Books requests, ${concurrency} at once`, value: bothFloor },
        note: `${bothRequests} requests`,
      },
    ];
  } finally {
    await replay.close();
  }
}
