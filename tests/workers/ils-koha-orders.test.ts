// Koha's order mode on Workers: Cron Triggers in workerd over a local D1 send an approved title
// to the stand-in Koha (checking order.yaml, addBiblio's headers, and the MARCXML with YAZ) as
// one brief record and one order line in the basket, however often the trigger fires, with a
// timeout between the record and the order line; closing the basket, receiving and cataloguing
// in Koha move the title to available, and the requester's hold is placed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KohaStandIn, kohaStandIn } from '../support/ils-standins.js';
import { eventually, type LocalWorker, startLocalWorker } from './wrangler.js';

const SELECTOR = 'r2b_worker_koha_orders_selector';
const ANA = 'r2b_worker_koha_orders_patron_ana';

let worker: LocalWorker;
let koha: KohaStandIn;

const sha256 = async (text: string) =>
  Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))).toString('hex');

beforeAll(async () => {
  koha = await kohaStandIn();
  koha.patrons.set('ana', 77);
  const now = Date.now();
  worker = await startLocalWorker({
    seed: `INSERT INTO patrons (id, external_id, email, category, locale, created_at, updated_at)
             VALUES (1, 'ana', 'ana@example.edu', 'graduate', 'en', ${now}, ${now});
           INSERT INTO api_tokens (token_hash, role, patron_id, label, created_at) VALUES
             ('${await sha256(SELECTOR)}', 'selector', NULL, 'a selector', ${now}),
             ('${await sha256(ANA)}', 'patron', 1, 'ana', ${now});`,
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

async function call(method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${worker.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, json: (await response.json()) as any };
}

describe('Koha order mode on Workers', () => {
  let titleId: number;
  const ils = async () => (await call('GET', `/api/v1/titles/${titleId}`, SELECTOR)).json.ils;

  it('sends an approved title as one record and one order line, though the order line answered too late once', async () => {
    const suggested = await call('POST', '/api/v1/suggestions', ANA, { isbn: '0132350882', wantsHold: true });
    expect(suggested.status).toBe(201);
    titleId = suggested.json.title.id;
    koha.faults.push({ on: 'POST /api/v1/acquisitions/orders', delayMs: 2500, times: 1 });
    expect((await call('POST', `/api/v1/titles/${titleId}/status`, SELECTOR, { status: 'approved' })).status).toBe(200);
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
