// The FOLIO connector against a stand-in FOLIO that checks every purchase order against
// FOLIO's composite_purchase_order.json (acq-models): an approved title becomes one composite
// order, built by the buy list's FOLIO export, whatever faults happen; opening, receiving and
// checking in the copy in FOLIO move the title here; a title-level request is placed for the
// requester who asked for a hold once the copy is received.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ilsMapSchema } from '../../src/domain/ils-map.js';
import { runIlsPush } from '../../src/services/ils/outbox.js';
import { runIlsSync } from '../../src/services/ils/sync.js';
import { type Harness, harness } from '../api/harness.js';
import { type FolioStandIn, folioStandIn } from '../support/ils-standins.js';

const HOUR = 3_600_000;
const VENDOR = '168f8a86-d26c-406e-813f-c7527f241ac3';
const FUND = '63157e96-0693-426d-b0df-948bacdfdb08';
const LOCATION = 'fcd64ce1-6995-48f0-840e-89ffa2288371';
const SERVICE_POINT = '3a40852d-49fd-4df2-a1f9-6e2641a6e91f';
const ANA = 'a6f56a8b-8e46-4c2f-a9b8-1c2b2d6b1e11';

describe('FOLIO: approved titles become composite purchase orders, and come back', () => {
  let folio: FolioStandIn;
  let h: Harness;
  let selector: string;
  let titleId: number;

  beforeEach(async () => {
    folio = await folioStandIn();
    folio.users.set('ana', ANA);
    h = await harness(
      {
        ILS: 'folio',
        ILS_URL: `${folio.url}/`,
        ILS_TENANT: 'diku',
        ILS_TOKEN: 'okapi-token',
        ILS_TIMEOUT_MS: '400',
        FOLIO_VENDOR_ID: VENDOR,
        ORDER_DEFAULT_FUND: 'GEN-MONO',
      },
      { ilsMap: ilsMapSchema.parse({ funds: { 'GEN-MONO': FUND }, location: LOCATION, pickup: SERVICE_POINT }) },
    );
    selector = await h.token('selector', { externalId: 'priya' });
    const ana = await h.patronToken('ana');
    const res = await h.call('POST', '/api/v1/suggestions', {
      token: ana,
      body: { isbn: '0132350882', wantsHold: true, needBy: '2026-09-01' },
    });
    titleId = (await res.json()).title.id;
    expect(
      (await h.call('POST', `/api/v1/titles/${titleId}/status`, { token: selector, body: { status: 'approved' } }))
        .status,
    ).toBe(200);
  });
  afterEach(async () => {
    h.close();
    await folio.close();
    expect(folio.refused).toEqual([]);
  });

  const record = () =>
    h.db.orm.get<Record<string, unknown>>(sql`SELECT * FROM ils_records WHERE title_id = ${titleId}`);
  const status = async () =>
    (await h.db.orm.get<{ status: string }>(sql`SELECT status FROM titles WHERE id = ${titleId}`))!.status;

  it('sends one pending order whose id is our key, its line with the ISBN, the mapped fund and location', async () => {
    expect(await runIlsPush(h.deps)).toMatchObject({ sent: 1 });
    await runIlsPush(h.deps);
    expect(folio.orders.size).toBe(1);
    const [order] = [...folio.orders.values()];
    expect(order).toMatchObject({ vendor: VENDOR, orderType: 'One-Time', workflowStatus: 'Pending' });
    expect(order!.poLines[0]).toMatchObject({
      source: 'API',
      orderFormat: 'Physical Resource',
      details: { productIds: [{ productId: '9780132350884' }] },
      fundDistribution: [{ code: 'GEN-MONO', fundId: FUND, value: 100 }],
      locations: [{ locationId: LOCATION, quantityPhysical: 1 }],
      physical: { receiptDue: '2026-09-01T00:00:00.000+00:00' },
    });
    expect(await record()).toMatchObject({
      status: 'sent',
      ils_id: order!.id,
      key: order!.id,
      ils_number: order!.poNumber,
      line_number: `${order!.poNumber}-1`,
    });
  });

  it('follows FOLIO from open to received to checked in, and places the request on receipt', async () => {
    await runIlsPush(h.deps);
    const id = [...folio.orders.keys()][0]!;
    const instance = folio.open(id);
    await runIlsSync(h.deps);
    expect(await status()).toBe('ordered');
    expect(folio.requests).toHaveLength(0);
    folio.receive(id);
    expect(await runIlsSync(h.deps)).toMatchObject({ moved: 1, holds: 1 });
    expect(await status()).toBe('received');
    expect(folio.requests).toEqual([
      expect.objectContaining({ requesterId: ANA, instanceId: instance, pickupServicePointId: SERVICE_POINT }),
    ]);
    folio.shelve(id);
    await runIlsSync(h.deps);
    expect(await status()).toBe('available');
    await runIlsSync(h.deps);
    expect(folio.requests).toHaveLength(1);
    expect(await record()).toMatchObject({ ils_status: 'Open: Fully Received', record_id: instance });
  });

  it('finds the order FOLIO made when its answer came too late, instead of sending it again', async () => {
    folio.faults.push({ on: 'POST /orders/composite-orders', delayMs: 1500, times: 1 });
    expect(await runIlsPush(h.deps)).toMatchObject({ retrying: 1 });
    h.advance(HOUR);
    expect(await runIlsPush(h.deps)).toMatchObject({ sent: 1 });
    expect(folio.orders.size).toBe(1);
    expect(folio.log.filter((l) => l.startsWith('POST'))).toHaveLength(1);
  });

  it('waits out a FOLIO that is down or answering 502, and sends once', async () => {
    await folio.down();
    await runIlsPush(h.deps);
    await folio.up();
    folio.faults.push({ on: 'POST /orders/composite-orders', status: 502, times: 1 });
    h.advance(HOUR);
    expect(await runIlsPush(h.deps)).toMatchObject({ retrying: 1 });
    h.advance(2 * HOUR);
    expect(await runIlsPush(h.deps)).toMatchObject({ sent: 1 });
    expect(folio.orders.size).toBe(1);
  });

  it('gives up on a fund FOLIO has no id for, saying which, without calling FOLIO', async () => {
    h.deps.ilsMap = ilsMapSchema.parse({ funds: { OTHER: FUND } });
    expect(await runIlsPush(h.deps)).toMatchObject({ dead: 1 });
    expect(await record()).toMatchObject({ status: 'dead', last_error: expect.stringContaining('GEN-MONO') });
    expect(folio.log).toEqual([]);
  });
});
