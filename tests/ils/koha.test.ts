// The Koha connector against a stand-in Koha that checks every request body against Koha's own
// swagger (suggestion.yaml, holds.yaml): an approved title becomes one suggestion, whatever
// faults happen; what Koha does next (order, receive, catalogue) moves the title here and tells
// the requester; the hold they asked for is placed once the record exists.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ilsMapSchema } from '../../src/domain/ils-map.js';
import { retryDead, runIlsPush } from '../../src/services/ils/outbox.js';
import { runIlsSync } from '../../src/services/ils/sync.js';
import { operationalFigures } from '../../src/services/operations.js';
import { type Harness, harness } from '../api/harness.js';
import { type KohaStandIn, kohaStandIn } from '../support/ils-standins.js';
import { visitor } from '../support/visitor.js';
import { type KohaStage, kohaStage } from './koha-stage.js';

const HOUR = 3_600_000;

describe('Koha: approved titles become suggestions, and come back', () => {
  let koha: KohaStandIn;
  let h: Harness;
  let selector: string;
  let titleId: number;
  let stage: KohaStage;
  let move: KohaStage['move'];
  let record: KohaStage['record'];
  let status: KohaStage['status'];

  beforeEach(async () => {
    stage = await kohaStage({}, { library: 'CPL', pickup: 'CPL', formats: { print: 'BK' } });
    ({ koha, h, selector, titleId, move, record, status } = stage);
  });
  afterEach(async () => expect(await stage.close()).toEqual([]));

  const messages = () =>
    h.db.orm.all<{ payload: string }>(
      sql`SELECT payload FROM notifications WHERE title_id = ${titleId} AND kind = 'status_changed' ORDER BY created_at, rowid`,
    );

  it('sends an approved title once as an accepted suggestion, with its ISBN, library, item type, reason and our key', async () => {
    expect(await runIlsPush(h.deps)).toMatchObject({ queued: 1, sent: 1 });
    expect(await runIlsPush(h.deps)).toMatchObject({ queued: 0, sent: 0 });
    expect(koha.suggestions.size).toBe(1);
    const [suggestion] = [...koha.suggestions.values()];
    expect(suggestion).toMatchObject({
      isbn: '9780132350884',
      library_id: 'CPL',
      item_type: 'BK',
      quantity: '1',
      status: 'ACCEPTED',
      patron_reason: 'for my thesis',
      staff_note: expect.stringMatching(/^recommend-to-buy [0-9a-f-]{36}$/),
    });
    // Why it is bought, with no rank: sent on its own, it is first on a list of one.
    expect(suggestion!.note).toMatch(/^Suggested by 1 requester; /);
    expect(suggestion!.note).not.toMatch(/rank/);
    expect(await record()).toMatchObject({ status: 'sent', ils: 'koha', ils_id: String(suggestion!.suggestion_id) });
    // What /metrics shows of the connector's queue (r2b_ils_titles).
    expect((await operationalFigures(h.deps)).ils).toEqual([{ status: 'sent', n: 1 }]);
  });

  it('sends the copies, price and publisher a selector set for the title, not those worked out for it', async () => {
    const edit = await h.call('PATCH', `/api/v1/titles/${titleId}`, {
      token: selector,
      body: { quantity: 4, price: { amount: 37.5, currency: 'USD' }, publisher: 'Prentice Hall' },
    });
    expect(edit.status).toBe(200);
    expect(await runIlsPush(h.deps)).toMatchObject({ sent: 1 });
    const [suggestion] = [...koha.suggestions.values()];
    expect(suggestion).toMatchObject({
      quantity: '4',
      item_price: 37.5,
      currency: 'USD',
      publisher_code: 'Prentice Hall',
    });
  });

  it('moves the title to ordered, received and available as Koha orders, receives and shelves it; the requester hears each', async () => {
    await runIlsPush(h.deps);
    const id = [...koha.suggestions.keys()][0]!;
    await runIlsSync(h.deps);
    expect(await status()).toBe('approved');

    const biblio = koha.order(id);
    expect(await runIlsSync(h.deps)).toMatchObject({ moved: 1, holds: 1 });
    expect(await status()).toBe('ordered');
    expect(await record()).toMatchObject({ record_id: String(biblio), ils_status: 'ORDERED' });
    expect(koha.holds).toEqual([
      expect.objectContaining({ patron_id: 51, biblio_id: biblio, pickup_library_id: 'CPL' }),
    ]);

    koha.receive(id);
    await runIlsSync(h.deps);
    expect(await status()).toBe('received');
    koha.shelve(id);
    await runIlsSync(h.deps);
    expect(await status()).toBe('available');
    expect((await messages()).map((m) => JSON.parse(m.payload).to)).toEqual([
      'approved',
      'ordered',
      'received',
      'available',
    ]);
    // One hold, however often the sync runs.
    await runIlsSync(h.deps);
    expect(koha.holds).toHaveLength(1);
    const history = await (await h.call('GET', `/api/v1/titles/${titleId}`, { token: selector })).json();
    expect(history.history.at(-1)).toMatchObject({ to: 'available', actor: 'ils:koha' });
  });

  it('keeps the title while Koha is down, and sends it once Koha is back', async () => {
    await koha.down();
    expect(await runIlsPush(h.deps)).toMatchObject({ retrying: 1 });
    expect(await record()).toMatchObject({ status: 'pending', last_error: expect.stringContaining('unreachable') });
    await koha.up();
    expect(await runIlsPush(h.deps)).toMatchObject({ sent: 0 });
    h.advance(HOUR);
    expect(await runIlsPush(h.deps)).toMatchObject({ sent: 1 });
    expect(koha.suggestions.size).toBe(1);
  });

  it('stops a run at the first title Koha does not answer for, leaving the others as they were', async () => {
    const second = await (
      await h.call('POST', '/api/v1/suggestions', { token: await h.patronToken('tom'), body: { isbn: '0262033844' } })
    ).json();
    await h.call('POST', `/api/v1/titles/${second.title.id}/status`, { token: selector, body: { status: 'approved' } });
    await koha.down();
    expect(await runIlsPush(h.deps)).toMatchObject({ queued: 2, retrying: 1, sent: 0 });
    const rows = h.db.sqlite.prepare('SELECT attempts, claim, last_error FROM ils_records ORDER BY attempts').all();
    expect(rows).toEqual([
      { attempts: 0, claim: null, last_error: null },
      { attempts: 1, claim: null, last_error: expect.stringContaining('unreachable') },
    ]);
    await koha.up();
    h.advance(HOUR);
    expect(await runIlsPush(h.deps)).toMatchObject({ sent: 2 });
    expect(koha.suggestions.size).toBe(2);
  });

  it('keeps a title sent before Koha stopped answering in the same run as sent, and sends neither twice', async () => {
    const second = await (
      await h.call('POST', '/api/v1/suggestions', { token: await h.patronToken('tom'), body: { isbn: '0262033844' } })
    ).json();
    await h.call('POST', `/api/v1/titles/${second.title.id}/status`, { token: selector, body: { status: 'approved' } });
    // Koha answers the first title, then is too slow for the second: the run stops there.
    let answered = 0;
    const fetch: typeof h.deps.fetch = async (url, init) => {
      const response = await h.deps.fetch(url, init);
      if (init?.method === 'POST' && ++answered === 1)
        koha.faults.push({ on: 'POST /api/v1/suggestions', delayMs: 1500, times: 1 });
      return response;
    };
    expect(await runIlsPush({ ...h.deps, fetch })).toMatchObject({ queued: 2, sent: 1, retrying: 1 });
    expect(await record()).toMatchObject({ status: 'sent', claim: null, ils_id: expect.any(String) });
    h.advance(HOUR);
    expect(await runIlsPush(h.deps)).toMatchObject({ sent: 1 });
    expect(koha.suggestions.size).toBe(2);
    expect(koha.log.filter((l) => l.startsWith('POST'))).toHaveLength(2);
  });

  it('retries a 500 with backoff, and sends once', async () => {
    koha.faults.push({ on: 'POST /api/v1/suggestions', status: 500, times: 2 });
    await runIlsPush(h.deps);
    h.advance(HOUR);
    await runIlsPush(h.deps);
    h.advance(HOUR);
    expect(await runIlsPush(h.deps)).toMatchObject({ sent: 1 });
    expect(koha.suggestions.size).toBe(1);
    expect(await record()).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
  });

  it('does not send twice when Koha made the suggestion but its answer came too late', async () => {
    koha.faults.push({ on: 'POST /api/v1/suggestions', delayMs: 1500, times: 1 });
    expect(await runIlsPush(h.deps)).toMatchObject({ retrying: 1 });
    expect(await record()).toMatchObject({ last_error: expect.stringContaining('did not answer') });
    h.advance(HOUR);
    expect(await runIlsPush(h.deps)).toMatchObject({ sent: 1 });
    expect(koha.suggestions.size).toBe(1);
    expect(koha.log.filter((l) => l.startsWith('POST'))).toHaveLength(1);
    expect(await record()).toMatchObject({ ils_id: String([...koha.suggestions.keys()][0]) });
  });

  it('takes up the titles of a push run that died mid-request once its lease is out, without sending twice', async () => {
    await runIlsPush(h.deps);
    // The run died after Koha made the suggestion and before the answer was written down.
    await h.db.orm.run(
      sql`UPDATE ils_records SET status = 'pending', ils_id = NULL, claim = 'dead-run', locked_until = ${h.now.getTime() + 60_000}`,
    );
    expect(await runIlsPush(h.deps)).toMatchObject({ sent: 0 });
    h.advance(120_000);
    expect(await runIlsPush(h.deps)).toMatchObject({ sent: 1 });
    expect(koha.suggestions.size).toBe(1);
  });

  it('gives up at once on a request Koha refuses, keeps the error, and sends when an admin retries', async () => {
    koha.faults.push({ on: 'POST /api/v1/suggestions', status: 400, times: 1 });
    expect(await runIlsPush(h.deps)).toMatchObject({ dead: 1 });
    expect(await record()).toMatchObject({ status: 'dead', last_error: expect.stringContaining('answered 400') });
    h.advance(HOUR);
    expect(await runIlsPush(h.deps)).toMatchObject({ sent: 0 });
    expect(await retryDead(h.deps, titleId)).toBe(1);
    expect(await runIlsPush(h.deps)).toMatchObject({ sent: 1 });
    expect(koha.suggestions.size).toBe(1);
  });

  it('marks a push dead after ILS_PUSH_MAX_ATTEMPTS failures', async () => {
    koha.faults.push({ on: 'POST /api/v1/suggestions', status: 503, times: 100 });
    for (let i = 0; i < 8; i++) {
      await runIlsPush(h.deps);
      h.advance(2 * HOUR);
    }
    expect(await record()).toMatchObject({ status: 'dead', attempts: 8 });
    expect(koha.suggestions.size).toBe(0);
  });

  it('sends nothing for a title sent back to review before it went', async () => {
    await h.db.orm.run(sql`INSERT INTO ils_records (title_id, ils, key, status, attempts, next_attempt_at, created_at)
      VALUES (${titleId}, 'koha', 'k', 'pending', 0, 0, 0)`);
    expect((await move('in_review')).status).toBe(200);
    expect(await runIlsPush(h.deps)).toMatchObject({ dropped: 1, sent: 0 });
    expect(koha.suggestions.size).toBe(0);
  });

  it('cancels the title when Koha rejects the suggestion', async () => {
    await runIlsPush(h.deps);
    Object.assign([...koha.suggestions.values()][0]!, { status: 'REJECTED', reason: 'Budget exhausted' });
    await runIlsSync(h.deps);
    expect(await status()).toBe('cancelled');
  });
});

describe('readiness with an ILS', () => {
  it('says whether Koha answers, and stays ready while it does not', async () => {
    const koha = await kohaStandIn();
    const h = await harness({ ILS: 'koha', ILS_URL: koha.url, ILS_USERNAME: 'r2b', ILS_PASSWORD: 'secret' });
    expect(await (await h.call('GET', '/readyz')).json()).toEqual({
      status: 'ok',
      pendingMigrations: 0,
      ils: { system: 'koha', reachable: true },
    });
    await koha.down();
    const res = await h.call('GET', '/readyz');
    expect(res.status).toBe(200);
    expect((await res.json()).ils).toMatchObject({
      system: 'koha',
      reachable: false,
      detail: expect.stringContaining('unreachable'),
    });
    h.close();
  });
});

describe('the ILS outbox over the API', () => {
  it('shows an admin the titles given up on with why, retries them, and shows the selector where a title is in Koha', async () => {
    const koha = await kohaStandIn();
    const h = await harness({ ILS: 'koha', ILS_URL: koha.url, ILS_USERNAME: 'r2b', ILS_PASSWORD: 'secret' });
    const admin = await h.token('admin');
    const selector = await h.token('selector', { externalId: 'priya' });
    const ana = await h.patronToken('ana');
    const { title } = await (
      await h.call('POST', '/api/v1/suggestions', { token: ana, body: { isbn: '0132350882' } })
    ).json();
    await h.call('POST', `/api/v1/titles/${title.id}/status`, { token: selector, body: { status: 'approved' } });
    koha.faults.push({ on: 'POST /api/v1/suggestions', status: 400, times: 1 });
    await runIlsPush(h.deps);

    const summary = await (await h.call('GET', '/api/v1/ils', { token: admin })).json();
    expect(summary).toMatchObject({ ils: 'koha', dead: 1, failures: [{ titleId: title.id, attempts: 1 }] });
    expect(summary.failures[0].lastError).toContain('Koha answered 400');
    const retried = await h.call('POST', '/api/v1/ils/retry', { token: admin, body: { titleId: title.id } });
    expect(await retried.json()).toEqual({ retried: 1 });
    await runIlsPush(h.deps);

    const view = await (await h.call('GET', `/api/v1/titles/${title.id}`, { token: selector })).json();
    expect(view.ils).toMatchObject({
      system: 'koha',
      push: 'sent',
      ilsId: String([...koha.suggestions.keys()][0]),
      lastError: null,
      sentAt: h.now.toISOString(),
    });
    h.close();
    await koha.close();
    expect(koha.refused).toEqual([]);
  });
});

describe('the buy list page with an ILS', () => {
  it('shows the selector where each approved title is in Koha, in their language', async () => {
    const koha = await kohaStandIn();
    const h = await harness({ ILS: 'koha', ILS_URL: koha.url, ILS_USERNAME: 'r2b', ILS_PASSWORD: 'secret' });
    const selectorToken = await h.token('selector', { externalId: 'priya' });
    const ana = await h.patronToken('ana');
    const ids: number[] = [];
    for (const isbn of ['0132350882', '0262033844']) {
      const { title } = await (await h.call('POST', '/api/v1/suggestions', { token: ana, body: { isbn } })).json();
      await h.call('POST', `/api/v1/titles/${title.id}/status`, { token: selectorToken, body: { status: 'approved' } });
      ids.push(title.id);
    }
    koha.faults.push({ on: 'POST /api/v1/suggestions', status: 400, times: 1 });
    await runIlsPush(h.deps);
    const sent = [...koha.suggestions.keys()][0]!;
    koha.order(sent);
    await runIlsSync(h.deps);

    const selector = visitor(h);
    await selector.signIn(selectorToken);
    const page = await (await selector.get('/buylist?status=ordered')).text();
    expect(page).toContain(`In Koha as ${sent} · Koha says ORDERED`);
    const approved = await (await selector.get('/buylist?status=approved')).text();
    expect(approved).toContain('Not sent to Koha: an administrator can retry it');
    const chinese = visitor(h);
    await chinese.signIn(selectorToken);
    await chinese.get('/lang/zh-Hans?next=%2F');
    expect(await (await chinese.get('/buylist?status=ordered')).text()).toContain(`已在 Koha 中，编号 ${sent}`);
    h.close();
    await koha.close();
  });
});

describe('holds and the purge', () => {
  it('forgets the hold of a requester the purge forgets, and asks for no hold for their stand-in', async () => {
    const koha = await kohaStandIn();
    koha.patrons.set('ana', 51);
    const h = await harness(
      { ILS: 'koha', ILS_URL: koha.url, ILS_USERNAME: 'r2b', ILS_PASSWORD: 'secret' },
      {
        ilsMap: ilsMapSchema.parse({ pickup: 'CPL' }),
      },
    );
    const selector = await h.token('selector', { externalId: 'priya' });
    const admin = await h.token('admin');
    const ana = await h.patronToken('ana');
    const { title } = await (
      await h.call('POST', '/api/v1/suggestions', { token: ana, body: { isbn: '0132350882', wantsHold: true } })
    ).json();
    await h.call('POST', `/api/v1/titles/${title.id}/status`, { token: selector, body: { status: 'approved' } });
    await runIlsPush(h.deps);
    const id = [...koha.suggestions.keys()][0]!;
    koha.order(id);
    koha.receive(id);
    koha.shelve(id);
    await runIlsSync(h.deps);
    expect(koha.holds).toHaveLength(1);
    h.db.sqlite.exec('DELETE FROM api_tokens WHERE patron_id IS NOT NULL');

    h.advance(400 * 86_400_000);
    const purged = await h.call('POST', '/api/v1/purge', { token: admin, body: { olderThanDays: 365 } });
    expect(await purged.json()).toMatchObject({ requests: 1 });
    expect(h.db.sqlite.prepare("SELECT count(*) AS n FROM patrons WHERE external_id = 'ana'").get()).toEqual({ n: 0 });
    expect(h.db.sqlite.prepare('SELECT count(*) AS n FROM ils_holds').get()).toEqual({ n: 0 });
    const before = koha.log.length;
    expect(await runIlsSync(h.deps)).toMatchObject({ read: 0, holds: 0 });
    expect(koha.log.length).toBe(before);
    h.close();
    await koha.close();
  });
});

describe('the ILS page', () => {
  it('shows an admin what Koha refused and tries those titles again at a click', async () => {
    const koha = await kohaStandIn();
    const h = await harness({ ILS: 'koha', ILS_URL: koha.url, ILS_USERNAME: 'r2b', ILS_PASSWORD: 'secret' });
    const selectorToken = await h.token('selector', { externalId: 'priya' });
    const ana = await h.patronToken('ana');
    const { title } = await (
      await h.call('POST', '/api/v1/suggestions', { token: ana, body: { isbn: '0132350882' } })
    ).json();
    await h.call('POST', `/api/v1/titles/${title.id}/status`, { token: selectorToken, body: { status: 'approved' } });
    koha.faults.push({ on: 'POST /api/v1/suggestions', status: 400, times: 1 });
    await runIlsPush(h.deps);

    const admin = visitor(h);
    await admin.signIn(await h.token('admin'));
    const page = await (await admin.get('/ils')).text();
    expect(page).toContain('Koha has 0 titles from us; 0 waiting to go; 1 given up on.');
    expect(page).toContain('Koha answered 400 to POST /api/v1/suggestions');
    const retried = await admin.post('/ils/retry', { _csrf: await admin.csrfOf('/ils') });
    expect(retried.status).toBe(303);
    expect(retried.headers.get('location')).toBe('/ils?retried=1');
    await runIlsPush(h.deps);
    expect(await (await admin.get('/ils')).text()).toContain(
      'Koha has 1 title from us; 0 waiting to go; 0 given up on.',
    );
    expect(koha.suggestions.size).toBe(1);
    h.close();
    await koha.close();
  });
});
