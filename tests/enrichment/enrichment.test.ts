import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jobs, notifications, titles } from '../../src/db/schema.js';
import { runEnrichment } from '../../src/jobs/enrich.js';
import { fileSource } from '../../src/node/file-source.js';
import { importHoldings } from '../../src/services/imports/holdings.js';
import { type Harness, harness } from '../api/harness.js';
import { providerSettings, type ReplayServer, startReplayServer } from '../support/replay-server.js';

let replay: ReplayServer;
beforeAll(async () => {
  replay = await startReplayServer();
});
afterAll(() => replay.close());

describe('enrichment against the recorded provider answers', () => {
  let h: Harness;
  let patron: string;
  beforeEach(async () => {
    replay.requests.length = 0;
    for (const f of Object.values(replay.faults))
      Object.assign(f, { latencyMs: 0, fail: 0, rateLimit: 0, hang: false, garbage: false });
    h = await harness(
      providerSettings(replay, {
        ENRICH_TIMEOUT_MS: '400',
        ENRICH_RETRIES: '1',
        ENRICH_BREAKER_FAILURES: '3',
        ENRICH_BREAKER_COOLDOWN_SECONDS: '60',
        SUGGEST_MAX_OPEN: '0',
        SUGGEST_MAX_RECENT: '0',
      }),
    );
    patron = await h.patronToken('ana', { locale: 'en' });
  });
  afterEach(() => h.close());

  const suggest = async (body: object) => (await h.call('POST', '/api/v1/suggestions', { token: patron, body })).json();
  const title = (id: number) => h.db.orm.select().from(titles).where(eq(titles.id, id)).get();
  const olRequests = () => replay.requests.filter((r) => r.provider === 'openlibrary');
  const gbRequests = () => replay.requests.filter((r) => r.provider === 'google');

  it('answers a suggestion at once and enriches it afterwards, from the recorded Open Library answer', async () => {
    replay.faults.openlibrary.hang = true;
    const started = performance.now();
    const s = await suggest({ isbn: '0385472579' });
    expect(performance.now() - started).toBeLessThan(300);
    expect(replay.requests).toHaveLength(0);

    replay.faults.openlibrary.hang = false;
    const report = await runEnrichment(h.deps);
    expect(report).toMatchObject({ claimed: 1, enriched: 1, deferred: 0 });
    const t = (await title(s.title.id))!;
    expect(t).toMatchObject({ title: 'Zen speaks', author: 'Zhizhong Cai', discipline: 'religion', priceCents: null });
    const metadata = JSON.parse(t.metadata!);
    expect(metadata).toMatchObject({
      subtitle: 'shouts of nothingness',
      publisher: 'Anchor Books',
      publishedYear: 1994,
      lcc: ['BQ9265.6 .T7313 1994'],
    });
    expect(metadata.sources.title).toBe('openlibrary');
  });

  it('reads a book Open Library returns under a bare bibkey', async () => {
    const s = await suggest({ isbn: '0575043636' });
    await runEnrichment(h.deps);
    expect((await title(s.title.id))!.title).toBe('Wyrd sisters');
  });

  it('asks Open Library for many ISBNs in few requests', async () => {
    const h2 = await harness(
      providerSettings(replay, {
        ENRICH_BATCH_SIZE: '10',
        ENRICH_PROVIDERS: 'openlibrary',
        SUGGEST_MAX_OPEN: '0',
        SUGGEST_MAX_RECENT: '0',
      }),
    );
    const p = await h2.patronToken('many');
    for (let n = 0; n < 25; n++) {
      const isbn = `978000000${String(n).padStart(3, '0')}`;
      const check = (10 - ([...isbn].reduce((s, d, i) => s + Number(d) * (i % 2 ? 3 : 1), 0) % 10)) % 10;
      await h2.call('POST', '/api/v1/suggestions', { token: p, body: { isbn: `${isbn}${check}` } });
    }
    await runEnrichment(h2.deps);
    expect(olRequests()).toHaveLength(3);
    h2.close();
  });

  it('falls back to Google Books for a book Open Library does not know', async () => {
    const s = await suggest({ isbn: '9781782276340' });
    await runEnrichment(h.deps);
    expect((await title(s.title.id))!).toMatchObject({ title: 'The Decagon House Murders', author: 'Yukito Ayatsuji' });
    expect(JSON.parse((await title(s.title.id))!.metadata!).sources.title).toBe('googlebooks');
  });

  it('asks each provider about an ISBN once, then answers from the cache', async () => {
    await suggest({ isbn: '0385472579' });
    await runEnrichment(h.deps);
    const asked = replay.requests.length;
    const lookup = await (await h.call('GET', '/api/v1/lookup?isbn=0-385-47257-9', { token: patron })).json();
    expect(lookup.metadata.title).toBe('Zen speaks');
    expect(replay.requests).toHaveLength(asked);
  });

  it('retries a provider that answers 500 once, within the same run', async () => {
    replay.faults.openlibrary.fail = 1;
    const s = await suggest({ isbn: '0385472579' });
    const report = await runEnrichment(h.deps);
    expect(report.deferred).toBe(0);
    expect((await title(s.title.id))!.title).toBe('Zen speaks');
    expect(olRequests()).toHaveLength(2);
  });

  it('defers a title while a provider is down, keeping what the others said, and completes it when it is back', async () => {
    replay.faults.openlibrary.fail = 100;
    const s = await suggest({ isbn: '9780316030571' });
    const first = await runEnrichment(h.deps);
    expect(first).toMatchObject({ enriched: 1, deferred: 1 });
    const job = await h.db.orm.select().from(jobs).get();
    expect(job).toMatchObject({ status: 'pending', lastError: expect.stringContaining('openlibrary') });

    replay.faults.openlibrary.fail = 0;
    h.advance(10 * 60_000);
    const second = await runEnrichment(h.deps);
    expect(second).toMatchObject({ enriched: 1, deferred: 0 });
    expect((await title(s.title.id))!.title).toBe('Use of Weapons');
    expect((await h.db.orm.select().from(jobs).get())!.status).toBe('done');
  });

  it('treats a provider that times out, or answers garbage, as down, without failing anything', async () => {
    for (const fault of [{ hang: true }, { garbage: 'text' as const }, { garbage: 'shape' as const }]) {
      Object.assign(replay.faults.openlibrary, { hang: false, garbage: false }, fault);
      const h2 = await harness(
        providerSettings(replay, { ENRICH_TIMEOUT_MS: '300', ENRICH_RETRIES: '0', ENRICH_PROVIDERS: 'openlibrary' }),
      );
      const p = await h2.patronToken('x');
      await h2.call('POST', '/api/v1/suggestions', { token: p, body: { isbn: '0385472579' } });
      const report = await runEnrichment(h2.deps);
      expect(report, JSON.stringify(fault)).toMatchObject({ claimed: 1, deferred: 1 });
      h2.close();
    }
  });

  it('stops asking a failing provider for a while (circuit breaker), then tries it again', async () => {
    replay.faults.openlibrary.fail = 1000;
    const h2 = await harness(
      providerSettings(replay, {
        ENRICH_PROVIDERS: 'openlibrary',
        ENRICH_RETRIES: '0',
        ENRICH_BREAKER_FAILURES: '2',
        ENRICH_BREAKER_COOLDOWN_SECONDS: '60',
        SUGGEST_MAX_OPEN: '0',
        SUGGEST_MAX_RECENT: '0',
      }),
    );
    const p = await h2.patronToken('x');
    const breaker = h2.deps.enricher.clients.find((c) => c.name === 'openlibrary')!.breaker;
    for (const isbn of ['0385472579', '9780316030571', '9780980200447']) {
      await h2.call('POST', '/api/v1/suggestions', { token: p, body: { isbn } });
      await runEnrichment(h2.deps);
    }
    // Two failures opened it; the third title was not asked about at all.
    expect(olRequests()).toHaveLength(2);
    expect(breaker.state).toBe('open');

    replay.faults.openlibrary.fail = 0;
    h2.advance(61_000);
    expect(breaker.state).toBe('half-open');
    await runEnrichment(h2.deps);
    expect(breaker.state).toBe('closed');
    h2.close();
  });

  it('honours a 429 with Retry-After, then succeeds', async () => {
    replay.faults.openlibrary.rateLimit = 1;
    const s = await suggest({ isbn: '0385472579' });
    await runEnrichment(h.deps);
    expect((await title(s.title.id))!.title).toBe('Zen speaks');
  });

  it('moves a title the library turns out to hold to "held", telling requesters where it is', async () => {
    await importHoldings(h.deps, fileSource(new URL('../../fixtures/marc/pymarc_marc.dat', import.meta.url).pathname));
    // Suggested by title, the library's copy unknown until staff confirm the edition: by ISBN
    // the intake would have refused it, the library having it.
    const s = await suggest({ title: 'Programming Python', author: 'Mark Lutz' });
    const selector = await h.token('selector');
    const confirmed = await h.call('POST', `/api/v1/titles/${s.title.id}/isbn`, {
      token: selector,
      body: { isbn: '0596000855' },
    });
    expect(confirmed.status).toBe(200);
    const report = await runEnrichment(h.deps);
    expect(report.held).toBe(1);
    const t = (await title(s.title.id))!;
    expect(t).toMatchObject({
      status: 'held',
      heldItems: 1,
      heldWhere: 'QA76.73.P98 L88 2001',
      discipline: 'computer-science',
    });
    const messages = await h.db.orm.select().from(notifications).where(eq(notifications.kind, 'status_changed')).all();
    expect(JSON.parse(messages[0]!.payload)).toMatchObject({ to: 'held', where: 'QA76.73.P98 L88 2001', items: 1 });
    const history = await (await h.call('GET', `/api/v1/suggestions/${s.id}`, { token: patron })).json();
    expect(history.history.at(-1)).toMatchObject({
      to: 'held',
      actorRole: 'system',
      reason: 'Already in the library: QA76.73.P98 L88 2001',
    });
  });

  it('proposes an edition for a title suggested without an ISBN, and pools it when staff confirm', async () => {
    const selector = await h.token('selector');
    const other = await h.patronToken('bob');
    const byTitle = await suggest({ title: 'The Decagon House Murders', author: 'Ayatsuji, Yukito' });
    const byIsbn = await (
      await h.call('POST', '/api/v1/suggestions', { token: other, body: { isbn: '9781782276340' } })
    ).json();
    await runEnrichment(h.deps);

    const proposed = await (await h.call('GET', `/api/v1/titles/${byTitle.title.id}`, { token: selector })).json();
    expect(proposed.proposal).toMatchObject({
      isbn13: '9781782276340',
      provider: 'googlebooks',
      metadata: { title: 'The Decagon House Murders' },
    });

    const confirmed = await h.call('POST', `/api/v1/titles/${byTitle.title.id}/isbn`, {
      token: selector,
      body: { isbn: proposed.proposal.isbn13 },
    });
    expect(confirmed.status).toBe(200);
    const merged = await confirmed.json();
    expect(merged).toMatchObject({ id: byIsbn.title.id, requesterCount: 2 });
    expect(merged.history.at(-1).reason).toMatch(/same edition as title/);
    expect((await h.call('GET', `/api/v1/titles/${byTitle.title.id}`, { token: selector })).status).toBe(404);
    // Ana's request now follows the pooled title.
    expect((await (await h.call('GET', `/api/v1/suggestions/${byTitle.id}`, { token: patron })).json()).title.id).toBe(
      byIsbn.title.id,
    );
  });

  it('gives an ISBN-less title its confirmed ISBN and looks it up again when no title has it', async () => {
    const selector = await h.token('selector');
    const s = await suggest({ title: 'Zen speaks', author: 'Cai' });
    const res = await h.call('POST', `/api/v1/titles/${s.title.id}/isbn`, {
      token: selector,
      body: { isbn: '0385472579' },
    });
    expect(await res.json()).toMatchObject({ id: s.title.id, isbn13: '9780385472579' });
    await runEnrichment(h.deps);
    expect((await title(s.title.id))!.title).toBe('Zen speaks');
    const again = await h.call('POST', `/api/v1/titles/${s.title.id}/isbn`, {
      token: selector,
      body: { isbn: '0385472579' },
    });
    expect(again.status).toBe(409);
  });
});

describe('the lookup before suggesting', () => {
  let h: Harness;
  beforeEach(async () => {
    replay.requests.length = 0;
    for (const f of Object.values(replay.faults))
      Object.assign(f, { latencyMs: 0, fail: 0, rateLimit: 0, hang: false, garbage: false });
    h = await harness(providerSettings(replay, { LOOKUP_TIMEOUT_MS: '300', ENRICH_RETRIES: '0' }));
  });
  afterEach(() => h.close());

  it('names the book, says whether the library has it and whether others asked for it', async () => {
    await importHoldings(h.deps, fileSource(new URL('../../fixtures/marc/pymarc_marc.dat', import.meta.url).pathname));
    const ana = await h.patronToken('ana');
    const bob = await h.patronToken('bob');
    const made = await (
      await h.call('POST', '/api/v1/suggestions', { token: ana, body: { isbn: '9780316030571' } })
    ).json();

    const held = await (await h.call('GET', '/api/v1/lookup?isbn=0596000855', { token: bob })).json();
    expect(held).toMatchObject({
      isbn13: '9780596000851',
      isbn10: '0596000855',
      held: { items: 1, where: 'QA76.73.P98 L88 2001' },
      title: null,
    });

    const asked = await (await h.call('GET', '/api/v1/lookup?isbn=9780316030571', { token: bob })).json();
    expect(asked).toMatchObject({
      hyphenated: '978-0-316-03057-1',
      metadata: { title: 'Use of Weapons', authors: ['Iain M. Banks'] },
      title: { id: made.title.id, requesterCount: 1, yourSuggestionId: null },
      complete: true,
    });
    const mine = await (await h.call('GET', '/api/v1/lookup?isbn=9780316030571', { token: ana })).json();
    expect(mine.title.yourSuggestionId).toBe(made.id);
  });

  it('answers on time, marked incomplete, when a provider is slow', async () => {
    replay.faults.openlibrary.hang = true;
    replay.faults.google.hang = true;
    const token = await h.patronToken('ana');
    const started = performance.now();
    const res = await h.call('GET', '/api/v1/lookup?isbn=0385472579', { token });
    expect(performance.now() - started).toBeLessThan(1500);
    expect(await res.json()).toMatchObject({ isbn13: '9780385472579', metadata: null, complete: false });
  });

  it('refuses a mistyped ISBN with the likely intended one', async () => {
    const token = await h.patronToken('ana');
    const res = await h.call('GET', '/api/v1/lookup?isbn=978-1-78168-213-4', { token });
    expect(res.status).toBe(422);
    expect((await res.json()).errors[0]).toMatchObject({ parameter: 'isbn', candidates: ['9781781682135'] });
  });
});
