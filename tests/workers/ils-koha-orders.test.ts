// Koha's order mode on Workers: Cron Triggers in workerd over a local D1 send an approved title
// to the stand-in Koha (checking order.yaml, addBiblio's headers, and the MARCXML with YAZ) as
// one brief record and one order line in the basket, however often the trigger fires, with a
// timeout between the record and the order line; closing the basket, receiving and cataloguing
// in Koha move the title to available, and the requester's hold is placed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KohaStandIn, kohaStandIn } from '../support/ils-standins.js';
import { approvedTitle, caller, SELECTOR, seed } from './ils-requests.js';
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
      KOHA_MODE: 'order',
      ILS_URL: koha.url,
      ILS_USERNAME: 'r2b',
      ILS_PASSWORD: 'secret',
      ILS_TIMEOUT_MS: '1000',
      ORDER_DEFAULT_FUND: 'GEN',
      ILS_MAP_JSON: JSON.stringify({ basket: '3', funds: { GEN: '12' }, library: 'CPL', pickup: 'CPL' }),
    },
  });
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await koha?.close();
});

describe('Koha order mode on Workers', () => {
  let titleId: number;
  const ils = async () => (await call('GET', `/api/v1/titles/${titleId}`, SELECTOR)).json.ils;

  it('sends an approved title as one record and one order line, though the order line answered too late once', async () => {
    koha.faults.push({ on: 'POST /api/v1/acquisitions/orders', delayMs: 2500, times: 1 });
    titleId = await approvedTitle(call);
    await worker.scheduled('* * * * *');
    await eventually(async () => ((await ils())?.lastError ? true : undefined));
    expect(await ils()).toMatchObject({ push: 'pending', recordId: String([...koha.biblios.keys()][0]) });
    // The retry waits out its backoff (about 30 s after a first failure): only time, no admin.
    await eventually(async () => {
      await worker.scheduled('* * * * *');
      await new Promise((r) => setTimeout(r, 2000));
      return (await ils())?.push === 'sent' ? true : undefined;
    }, 90_000);
    await worker.scheduled('* * * * *');
    expect(koha.biblios.size).toBe(1);
    expect(koha.orders.size).toBe(1);
    const [order] = [...koha.orders.values()];
    expect(order).toMatchObject({ basket_id: 3, fund_id: 12, quantity: 1 });
    expect(await ils()).toMatchObject({
      ilsId: '3',
      ilsNumber: String(order!.order_id),
      recordId: String(order!.biblio_id),
    });
  }, 120_000);

  it('follows the order line to available when the sync trigger fires, and places the hold', async () => {
    const [order] = [...koha.orders.values()];
    const status = async () => (await call('GET', `/api/v1/titles/${titleId}`, SELECTOR)).json.status;
    koha.closeBasket(3);
    await worker.scheduled('*/10 * * * *');
    await eventually(async () => ((await status()) === 'ordered' ? true : undefined));
    await eventually(async () => (koha.holds.length ? true : undefined));
    expect(koha.holds).toEqual([expect.objectContaining({ patron_id: 77, biblio_id: order!.biblio_id })]);
    koha.receiveOrder(order!.order_id as number);
    koha.shelveRecord(order!.biblio_id as number);
    await worker.scheduled('*/10 * * * *');
    await eventually(async () => ((await status()) === 'available' ? true : undefined));
    const history = (await call('GET', `/api/v1/titles/${titleId}`, SELECTOR)).json.history;
    expect(history.map((e: { to: string }) => e.to).slice(-3)).toEqual(['ordered', 'received', 'available']);
    expect(koha.holds).toHaveLength(1);
    expect(koha.refused).toEqual([]);
  });
});
