// The Koha connector on Workers: the same outbox and sync, run by Cron Triggers in workerd over
// a local D1, reaching a stand-in Koha (checking Koha's swagger) with the platform's fetch.
// An approved title becomes one suggestion however often the trigger fires; Koha ordering,
// receiving and shelving it moves the title to available, and the requester's hold is placed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KohaStandIn, kohaStandIn } from '../support/ils-standins.js';
import { ANA, caller, SELECTOR, seed } from './ils-requests.js';
import { eventually, type LocalWorker, startLocalWorker } from './wrangler.js';

let worker: LocalWorker;
let koha: KohaStandIn;
const call = caller(() => worker);

beforeAll(async () => {
  koha = await kohaStandIn();
  koha.patrons.set('ana', 77);
  worker = await startLocalWorker({
    seed: await seed(),
    vars: {
      LOG_LEVEL: 'warn',
      ENRICH_PROVIDERS: 'holdings',
      ILS: 'koha',
      ILS_URL: koha.url,
      ILS_USERNAME: 'r2b',
      ILS_PASSWORD: 'secret',
      ILS_MAP_JSON: JSON.stringify({ library: 'CPL', pickup: 'CPL', formats: { print: 'BK' } }),
    },
  });
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await koha?.close();
});

describe('the Koha connector on Workers', () => {
  let titleId: number;

  it('sends an approved title once when the push trigger fires, however often', async () => {
    const suggested = await call('POST', '/api/v1/suggestions', ANA, { isbn: '0132350882', wantsHold: true });
    expect(suggested.status).toBe(201);
    titleId = suggested.json.title.id;
    expect((await call('POST', `/api/v1/titles/${titleId}/status`, SELECTOR, { status: 'approved' })).status).toBe(200);
    await worker.scheduled('* * * * *');
    await eventually(async () => (koha.suggestions.size === 1 ? true : undefined));
    await worker.scheduled('* * * * *');
    expect(koha.suggestions.size).toBe(1);
    expect([...koha.suggestions.values()][0]).toMatchObject({
      isbn: '9780132350884',
      library_id: 'CPL',
      item_type: 'BK',
    });
    const title = await call('GET', `/api/v1/titles/${titleId}`, SELECTOR);
    expect(title.json.ils).toMatchObject({ system: 'koha', push: 'sent' });
    const ready = await fetch(`${worker.url}/readyz`);
    expect((await ready.json()).ils).toEqual({ system: 'koha', reachable: true });
  });

  it('follows Koha to available when the sync trigger fires, and places the hold', async () => {
    const id = [...koha.suggestions.keys()][0]!;
    const status = async () => (await call('GET', `/api/v1/titles/${titleId}`, SELECTOR)).json.status;
    koha.order(id);
    await worker.scheduled('*/10 * * * *');
    await eventually(async () => ((await status()) === 'ordered' ? true : undefined));
    // The hold follows the move in the same run, which may still be going.
    await eventually(async () => (koha.holds.length ? true : undefined));
    expect(koha.holds).toEqual([expect.objectContaining({ patron_id: 77, pickup_library_id: 'CPL' })]);
    koha.receive(id);
    koha.shelve(id);
    await worker.scheduled('*/10 * * * *');
    await eventually(async () => ((await status()) === 'available' ? true : undefined));
    const history = (await call('GET', `/api/v1/titles/${titleId}`, SELECTOR)).json.history;
    expect(history.map((e: { to: string }) => e.to).slice(-3)).toEqual(['ordered', 'received', 'available']);
    expect(koha.holds).toHaveLength(1);
    expect(koha.refused).toEqual([]);
  });
});
