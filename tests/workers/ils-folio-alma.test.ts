// The FOLIO and Alma connectors on Workers, as the Koha one is (ils.test.ts): the outbox and the
// sync run by Cron Triggers in workerd over a local D1, reaching stand-ins that check every
// request against the ILS's schema, with the platform's fetch. An approved title is sent once
// however often the trigger fires, and followed to available, the requester's hold placed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlmaStandIn, almaStandIn, type FolioStandIn, folioStandIn } from '../support/ils-standins.js';
import { approvedTitle, caller, SELECTOR, seed } from './ils-requests.js';
import { eventually, type LocalWorker, startLocalWorker } from './wrangler.js';

describe('the FOLIO connector on Workers', () => {
  const VENDOR = '168f8a86-d26c-406e-813f-c7527f241ac3';
  const FUND = '63157e96-0693-426d-b0df-948bacdfdb08';
  const LOCATION = 'fcd64ce1-6995-48f0-840e-89ffa2288371';
  const SERVICE_POINT = '3a40852d-49fd-4df2-a1f9-6e2641a6e91f';
  const USER = 'a6f56a8b-8e46-4c2f-a9b8-1c2b2d6b1e11';
  let worker: LocalWorker;
  let folio: FolioStandIn;
  const call = caller(() => worker);

  beforeAll(async () => {
    folio = await folioStandIn();
    folio.users.set('ana', USER);
    worker = await startLocalWorker({
      seed: await seed(),
      vars: {
        LOG_LEVEL: 'warn',
        ENRICH_PROVIDERS: 'holdings',
        ILS: 'folio',
        ILS_URL: `${folio.url}/`,
        ILS_TENANT: 'diku',
        ILS_TOKEN: 'okapi-token',
        FOLIO_VENDOR_ID: VENDOR,
        ORDER_DEFAULT_FUND: 'GEN-MONO',
        ILS_MAP_JSON: JSON.stringify({ funds: { 'GEN-MONO': FUND }, location: LOCATION, pickup: SERVICE_POINT }),
      },
    });
  }, 180_000);
  afterAll(async () => {
    await worker?.stop();
    await folio?.close();
  });

  it('sends one composite order, follows it to available and places the request on receipt', async () => {
    const titleId = await approvedTitle(call);
    await worker.scheduled('* * * * *');
    await eventually(async () => (folio.orders.size === 1 ? true : undefined));
    await worker.scheduled('* * * * *');
    expect(folio.orders.size).toBe(1);
    const [order] = [...folio.orders.values()];
    expect(order!.poLines[0]).toMatchObject({ fundDistribution: [expect.objectContaining({ fundId: FUND })] });

    const status = async () => (await call('GET', `/api/v1/titles/${titleId}`, SELECTOR)).json.status;
    const id = [...folio.orders.keys()][0]!;
    const instance = folio.open(id);
    await worker.scheduled('*/10 * * * *');
    await eventually(async () => ((await status()) === 'ordered' ? true : undefined));
    folio.receive(id);
    await worker.scheduled('*/10 * * * *');
    await eventually(async () => (folio.requests.length ? true : undefined));
    expect(folio.requests).toEqual([
      expect.objectContaining({ requesterId: USER, instanceId: instance, pickupServicePointId: SERVICE_POINT }),
    ]);
    folio.shelve(id);
    await worker.scheduled('*/10 * * * *');
    await eventually(async () => ((await status()) === 'available' ? true : undefined));
    expect(folio.requests).toHaveLength(1);
    expect(folio.refused).toEqual([]);
  });
});

describe('the Alma connector on Workers', () => {
  let worker: LocalWorker;
  let alma: AlmaStandIn;
  const call = caller(() => worker);

  beforeAll(async () => {
    alma = await almaStandIn();
    worker = await startLocalWorker({
      seed: await seed(),
      vars: {
        LOG_LEVEL: 'warn',
        ENRICH_PROVIDERS: 'holdings',
        ILS: 'alma',
        ILS_URL: alma.url,
        ILS_API_KEY: 'l7xx-test',
        ORDER_DEFAULT_FUND: 'GEN',
        ILS_MAP_JSON: JSON.stringify({
          library: 'MAIN',
          location: 'STACKS',
          vendor: 'YBP',
          funds: { GEN: 'GENMONO' },
          formats: { print: 'PRINTED_BOOK_OT' },
        }),
      },
    });
  }, 180_000);
  afterAll(async () => {
    await worker?.stop();
    await alma?.close();
  });

  it('sends one PO line, follows it to available and places the request on receipt', async () => {
    const titleId = await approvedTitle(call);
    await worker.scheduled('* * * * *');
    await eventually(async () => (alma.lines.size === 1 ? true : undefined));
    await worker.scheduled('* * * * *');
    expect(alma.lines.size).toBe(1);
    const [line] = [...alma.lines.values()];
    expect(line).toMatchObject({ fund_distribution: [{ fund_code: { value: 'GENMONO' }, percent: 100 }] });

    const status = async () => (await call('GET', `/api/v1/titles/${titleId}`, SELECTOR)).json.status;
    const number = line!.number as string;
    const mmsId = alma.send(number);
    await worker.scheduled('*/10 * * * *');
    await eventually(async () => ((await status()) === 'ordered' ? true : undefined));
    alma.receive(number);
    await worker.scheduled('*/10 * * * *');
    await eventually(async () => (alma.requests.length ? true : undefined));
    expect(alma.requests).toEqual([{ mmsId, userId: 'ana' }]);
    alma.close_(number);
    await worker.scheduled('*/10 * * * *');
    await eventually(async () => ((await status()) === 'available' ? true : undefined));
    expect(alma.refused).toEqual([]);
  });
});
