// Everything outside going wrong at once: Open Library hangs, Google Books answers garbage, and
// the mail server first refuses messages, then cuts connections mid-message. Patrons keep
// suggesting as usual (intake never waits on anything outside); the jobs fail, back off and
// stop knocking; and once the faults clear, every title is enriched and every message goes, once.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDelivery } from '../../src/jobs/deliver.js';
import { runEnrichment } from '../../src/jobs/enrich.js';
import { smtpMailer } from '../../src/services/notifications/smtp.js';
import { type Harness, harness } from '../api/harness.js';
import { providerSettings, type ReplayServer, startReplayServer } from '../support/replay-server.js';
import { startSmtp, type TestSmtp } from '../support/smtp-server.js';

/** ISBNs with recorded answers, then some no provider knows. */
const ISBNS = [
  '9780316030571',
  '9780980200447',
  '0385472579',
  '0575043636',
  '9781782276340',
  '9784815602666',
  ...Array.from({ length: 24 }, (_, i) => `978316148${String(i).padStart(3, '0')}`).map(withCheckDigit),
];

function withCheckDigit(body: string): string {
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 ? 3 : 1), 0);
  return body + ((10 - (sum % 10)) % 10);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('faults outside the service', () => {
  let replay: ReplayServer;
  let smtp: TestSmtp;
  let mailer: ReturnType<typeof smtpMailer>;
  let h: Harness;

  beforeAll(async () => {
    replay = await startReplayServer();
    smtp = await startSmtp();
    mailer = smtpMailer(smtp.url);
    h = await harness(
      providerSettings(replay, {
        ENRICH_TIMEOUT_MS: '300',
        ENRICH_RETRIES: '1',
        ENRICH_BREAKER_FAILURES: '3',
        ENRICH_BREAKER_COOLDOWN_SECONDS: '60',
        SUGGEST_MAX_OPEN: '0',
        SUGGEST_MAX_RECENT: '0',
      }),
      { mailer },
    );
  });
  afterAll(async () => {
    mailer.close();
    h.close();
    await smtp.stop();
    await replay.close();
  });

  const count = async (query: ReturnType<typeof sql>) => (await h.db.orm.get<{ n: number }>(query))!.n;

  it('keeps taking suggestions, backs off, and finishes everything once the faults clear', async () => {
    const suggestAll = async (isbns: string[]) => {
      const took: number[] = [];
      for (const [i, isbn] of isbns.entries()) {
        const token = await h.patronToken(`reader-${isbn}-${i}`, { email: `reader${i}-${isbn}@example.edu` });
        const started = performance.now();
        const response = await h.call('POST', '/api/v1/suggestions', { token, body: { isbn } });
        took.push(performance.now() - started);
        expect(response.status).toBe(201);
      }
      return took;
    };
    const healthy = await suggestAll(ISBNS.slice(0, 15));

    Object.assign(replay.faults.openlibrary, { hang: true });
    Object.assign(replay.faults.google, { garbage: 'text' });
    smtp.faults.refuse = 1_000;
    const asked = replay.requests.length;
    const faulty = await suggestAll(ISBNS.slice(15));
    // Intake asked no provider anything: it cannot be slowed by one.
    expect(replay.requests.length).toBe(asked);

    const enrichment = await runEnrichment(h.deps);
    expect(enrichment.deferred).toBeGreaterThan(0);
    const delivery = await runDelivery(h.deps);
    expect(delivery).toMatchObject({ sent: 0, retried: ISBNS.length });
    // Backed off: run again at once, and nothing is tried and no provider is asked.
    const knocks = replay.requests.length;
    expect((await runEnrichment(h.deps)).claimed).toBe(0);
    expect((await runDelivery(h.deps)).claimed).toBe(0);
    expect(replay.requests.length).toBe(knocks);

    // The mail server now cuts connections mid-message instead; a while later, the same.
    smtp.faults.refuse = 0;
    smtp.faults.drop = 1_000;
    h.advance(2 * 60_000);
    expect((await runDelivery(h.deps)).sent).toBe(0);
    expect(smtp.received).toHaveLength(0);

    // Faults clear. The jobs come back to it on their own schedule.
    Object.assign(replay.faults.openlibrary, { hang: false });
    Object.assign(replay.faults.google, { garbage: false });
    smtp.faults.drop = 0;
    for (let round = 0; round < 12; round++) {
      h.advance(30 * 60_000);
      await runEnrichment(h.deps);
      await runDelivery(h.deps);
    }

    expect(await count(sql`SELECT count(*) AS n FROM jobs WHERE kind = 'enrich' AND status != 'done'`)).toBe(0);
    expect(await count(sql`SELECT count(*) AS n FROM titles WHERE enriched_at IS NULL`)).toBe(0);
    expect(await count(sql`SELECT count(*) AS n FROM titles WHERE title = 'Use of Weapons'`)).toBe(1);
    expect(await count(sql`SELECT count(*) AS n FROM notifications WHERE status != 'sent'`)).toBe(0);
    expect(smtp.received).toHaveLength(ISBNS.length);
    expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(ISBNS.length);
    console.info(
      `faults: intake median ${median(healthy).toFixed(1)} ms healthy, ${median(faulty).toFixed(1)} ms with every provider ` +
        `and the mail server failing; ${ISBNS.length} titles enriched and ${ISBNS.length} messages sent once afterwards`,
    );
  }, 120_000);
});
