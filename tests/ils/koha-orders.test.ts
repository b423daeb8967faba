// Koha's order mode (KOHA_MODE=order) against the stand-in Koha, which checks each order line
// against Koha's definitions/order.yaml, each POST /biblios's headers and Content-Type against
// paths/biblios.yaml, and its MARCXML with YAZ: an approved title becomes one brief record and
// one order line in the library's basket, whatever faults happen between and after the two;
// what staff do next in Koha (close the basket, receive, catalogue) moves the title here, tells
// the requester, and places the hold they asked for.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { parseConfig } from '../../src/config.js';
import { ilsMapSchema } from '../../src/domain/ils-map.js';
import { checkIlsMap } from '../../src/library-settings.js';
import { runIlsPush } from '../../src/services/ils/outbox.js';
import { runIlsSync } from '../../src/services/ils/sync.js';
import { type Harness, harness } from '../api/harness.js';
import { type KohaStandIn, kohaStandIn } from '../support/ils-standins.js';
import { visitor } from '../support/visitor.js';
import { type KohaStage, kohaStage } from './koha-stage.js';

const HOUR = 3_600_000;
const BASKET = 3;
const FUND = 12;
const ORDER_MAP = { basket: String(BASKET), funds: { GEN: String(FUND) }, library: 'CPL', pickup: 'CPL' };
const KOHA = { ILS: 'koha', ILS_USERNAME: 'r2b', ILS_PASSWORD: 'secret', KOHA_MODE: 'order', LIBRARY_CURRENCY: 'USD' };

describe('Koha order mode: an approved title becomes a record and an order line in the basket, and comes back', () => {
  let koha: KohaStandIn;
  let h: Harness;
  let selector: string;
  let titleId: number;
  let stage: KohaStage;
  let move: KohaStage['move'];
  let record: KohaStage['record'];
  let status: KohaStage['status'];

  beforeEach(async () => {
    stage = await kohaStage({ ...KOHA, ORDER_DEFAULT_FUND: 'GEN' }, ORDER_MAP);
    ({ koha, h, selector, titleId, move, record, status } = stage);
  });
  afterEach(async () => expect(await stage.close()).toEqual([]));

  const posts = (path: string) => koha.log.filter((l) => l === `POST /api/v1${path}`).length;
  const onlyOrder = () => {
    expect(koha.orders.size).toBe(1);
    return [...koha.orders.values()][0]!;
  };

  it('sends an approved title once: a brief MARC 21 record, then an order line in the basket from the mapped fund, with our key', async () => {
    expect(await runIlsPush(h.deps)).toMatchObject({ queued: 1, sent: 1 });
    expect(await runIlsPush(h.deps)).toMatchObject({ queued: 0, sent: 0 });
    expect(koha.log.filter((l) => l.startsWith('POST'))).toEqual([
      'POST /api/v1/biblios',
      'POST /api/v1/acquisitions/orders',
    ]);
    const [[biblioId, xml]] = [...koha.biblios];
    // The brief-record rules of the Koha MARC order profile: ISBN with its price, title, a brief record.
    expect(xml).toMatch(/<leader>00000nam a22000003i 4500<\/leader>/);
    expect(xml).toContain('<subfield code="a">9780132350884</subfield>');
    expect(xml).toContain('<datafield tag="245"');
    // The order itself travels in the order line, not in a 975 of the catalogue record.
    expect(xml).not.toContain('tag="975"');
    const order = onlyOrder();
    expect(order).toMatchObject({
      basket_id: BASKET,
      biblio_id: biblioId,
      fund_id: FUND,
      quantity: 1,
      currency: 'USD',
      internal_note: expect.stringMatching(/^recommend-to-buy [0-9a-f-]{36}$/),
      vendor_note: expect.stringMatching(/print/i),
    });
    expect(await record()).toMatchObject({
      status: 'sent',
      ils_id: String(BASKET),
      ils_number: String(order.order_id),
      line_id: String(order.order_id),
      record_id: String(biblioId),
    });
  });

  it('follows the order line to ordered, received and available as staff close the basket, receive and catalogue; the requester hears each and gets the hold', async () => {
    await runIlsPush(h.deps);
    const order = onlyOrder();
    const orderId = order.order_id as number;
    const biblioId = order.biblio_id as number;
    // While the basket is open the order has not gone to the vendor: no move, no hold yet.
    expect(await runIlsSync(h.deps)).toMatchObject({ read: 1, moved: 0, holds: 0 });
    expect(await record()).toMatchObject({ ils_status: 'new' });

    koha.closeBasket(BASKET);
    expect(await runIlsSync(h.deps)).toMatchObject({ moved: 1, holds: 1 });
    expect(await status()).toBe('ordered');
    expect(koha.holds).toEqual([
      expect.objectContaining({ patron_id: 51, biblio_id: biblioId, pickup_library_id: 'CPL' }),
    ]);

    koha.receiveOrder(orderId);
    await runIlsSync(h.deps);
    expect(await status()).toBe('received');
    koha.shelveRecord(biblioId);
    await runIlsSync(h.deps);
    expect(await status()).toBe('available');
    const messages = await h.db.orm.all<{ payload: string }>(
      sql`SELECT payload FROM notifications WHERE title_id = ${titleId} AND kind = 'status_changed' ORDER BY created_at, rowid`,
    );
    expect(messages.map((m) => JSON.parse(m.payload).to)).toEqual(['approved', 'ordered', 'received', 'available']);
    await runIlsSync(h.deps);
    expect(koha.holds).toHaveLength(1);
    const view = await (await h.call('GET', `/api/v1/titles/${titleId}`, { token: selector })).json();
    expect(view.history.at(-1)).toMatchObject({ to: 'available', actor: 'ils:koha' });
    expect(view.ils).toMatchObject({ ilsNumber: String(orderId), recordId: String(biblioId), ilsStatus: 'complete' });
  });

  it('keeps the record Koha made when the order line fails, and adds only the order line when tried again', async () => {
    koha.faults.push({ on: 'POST /api/v1/acquisitions/orders', status: 503, times: 1 });
    expect(await runIlsPush(h.deps)).toMatchObject({ retrying: 1 });
    const [biblioId] = [...koha.biblios.keys()];
    expect(await record()).toMatchObject({ status: 'pending', record_id: String(biblioId), ils_id: null });
    h.advance(HOUR);
    expect(await runIlsPush(h.deps)).toMatchObject({ sent: 1 });
    expect(koha.biblios.size).toBe(1);
    expect(onlyOrder()).toMatchObject({ biblio_id: biblioId });
    expect(posts('/biblios')).toBe(1);
  });

  it('does not add a second order line when Koha made the first but its answer came too late', async () => {
    koha.faults.push({ on: 'POST /api/v1/acquisitions/orders', delayMs: 1500, times: 1 });
    expect(await runIlsPush(h.deps)).toMatchObject({ retrying: 1 });
    expect(await record()).toMatchObject({ last_error: expect.stringContaining('did not answer') });
    h.advance(HOUR);
    expect(await runIlsPush(h.deps)).toMatchObject({ sent: 1 });
    expect(await record()).toMatchObject({ line_id: String(onlyOrder().order_id) });
    expect(koha.biblios.size).toBe(1);
    expect(posts('/acquisitions/orders')).toBe(1);
  });

  it('does not make a second record when Koha made the first but its answer came too late: Koha says which record it already has', async () => {
    koha.faults.push({ on: 'POST /api/v1/biblios', delayMs: 1500, times: 1 });
    expect(await runIlsPush(h.deps)).toMatchObject({ retrying: 1 });
    expect(await record()).toMatchObject({ record_id: null });
    h.advance(HOUR);
    expect(await runIlsPush(h.deps)).toMatchObject({ sent: 1 });
    expect(koha.biblios.size).toBe(1);
    const [biblioId] = [...koha.biblios.keys()];
    expect(onlyOrder()).toMatchObject({ biblio_id: biblioId });
    expect(await record()).toMatchObject({ record_id: String(biblioId) });
  });

  it('orders a title the catalogue already has a record for on that record', async () => {
    koha.biblios.set(
      42,
      '<record><datafield tag="020" ind1=" " ind2=" "><subfield code="a">9780132350884</subfield></datafield></record>',
    );
    expect(await runIlsPush(h.deps)).toMatchObject({ sent: 1 });
    expect(koha.biblios.size).toBe(1);
    expect(onlyOrder()).toMatchObject({ biblio_id: 42 });
  });

  it('takes up a push run that died after both requests, once its lease is out, without sending either again', async () => {
    await runIlsPush(h.deps);
    // The run died after Koha answered and before the order line's ids were written down.
    await h.db.orm.run(
      sql`UPDATE ils_records SET status = 'pending', ils_id = NULL, ils_number = NULL, line_id = NULL,
            claim = 'dead-run', locked_until = ${h.now.getTime() + 60_000}`,
    );
    expect(await runIlsPush(h.deps)).toMatchObject({ sent: 0 });
    h.advance(120_000);
    expect(await runIlsPush(h.deps)).toMatchObject({ sent: 1 });
    expect(await record()).toMatchObject({ line_id: String(onlyOrder().order_id) });
    expect(koha.biblios.size).toBe(1);
    expect(koha.log.filter((l) => l.startsWith('POST'))).toHaveLength(2);
  });

  it('keeps the title while Koha is down, and sends it once Koha is back', async () => {
    await koha.down();
    expect(await runIlsPush(h.deps)).toMatchObject({ retrying: 1 });
    expect(await record()).toMatchObject({ status: 'pending', last_error: expect.stringContaining('unreachable') });
    await koha.up();
    h.advance(HOUR);
    expect(await runIlsPush(h.deps)).toMatchObject({ sent: 1 });
    expect(koha.biblios.size).toBe(1);
    onlyOrder();
  });

  it('gives up at once when Koha refuses the record, and keeps its answer', async () => {
    koha.faults.push({ on: 'POST /api/v1/biblios', status: 403, times: 1 });
    expect(await runIlsPush(h.deps)).toMatchObject({ dead: 1 });
    expect(await record()).toMatchObject({
      status: 'dead',
      last_error: expect.stringContaining('Koha answered 403 to POST /api/v1/biblios'),
    });
    expect(koha.orders.size).toBe(0);
  });

  it('gives up on a title whose fund has no Koha fund_id, saying so with its name', async () => {
    Object.assign(h.deps, { ilsMap: ilsMapSchema.parse({ ...ORDER_MAP, funds: { SCI: '13' } }) });
    expect(await runIlsPush(h.deps)).toMatchObject({ dead: 1 });
    expect((await record())!.last_error).toMatch(/^".+" is ordered from the fund GEN, which has no Koha fund_id/);
    expect(koha.log.filter((l) => l.startsWith('POST'))).toEqual([]);
  });

  const lastMove = async () =>
    (await (await h.call('GET', `/api/v1/titles/${titleId}`, { token: selector })).json()).history.at(-1);

  it('cancels the title when Koha cancels the order line, with its reason, and places no hold on its record', async () => {
    await runIlsPush(h.deps);
    Object.assign(onlyOrder(), { status: 'cancelled', cancellation_reason: 'Out of print' });
    await runIlsSync(h.deps);
    expect(await status()).toBe('cancelled');
    expect(await lastMove()).toMatchObject({ to: 'cancelled', reason: 'Out of print' });
    expect(koha.holds).toEqual([]);
  });

  it('cancels the title when its order line is deleted in Koha, and places no hold on its record', async () => {
    await runIlsPush(h.deps);
    koha.orders.clear();
    await runIlsSync(h.deps);
    expect(await lastMove()).toMatchObject({ to: 'cancelled', reason: 'The order line was deleted in Koha.' });
    expect(koha.holds).toEqual([]);
  });

  it('finds an order line staff moved to another basket, and adds none to the basket the map names now', async () => {
    koha.faults.push({ on: 'POST /api/v1/acquisitions/orders', delayMs: 1500, times: 1 });
    await runIlsPush(h.deps);
    Object.assign(onlyOrder(), { basket_id: 4 });
    h.advance(HOUR);
    expect(await runIlsPush(h.deps)).toMatchObject({ sent: 1 });
    onlyOrder();
    expect(await record()).toMatchObject({ ils_id: '4' });
  });

  it('shows the selector the Koha order number and record on the title page, and the admin the titles sent on /ils and GET /api/v1/ils, in their language', async () => {
    await runIlsPush(h.deps);
    const { order_id: orderId, biblio_id: biblioId } = onlyOrder();
    koha.closeBasket(BASKET);
    await runIlsSync(h.deps);
    const reader = visitor(h);
    await reader.signIn(selector);
    const page = await (await reader.get(`/titles/${titleId}`)).text();
    expect(page).toContain(`In Koha as ${orderId} · Koha says ordered · catalogue record ${biblioId}`);
    await reader.get('/lang/zh-Hans?next=%2F');
    expect(await (await reader.get(`/titles/${titleId}`)).text()).toContain(`书目记录 ${biblioId}`);

    const adminToken = await h.token('admin');
    const summary = await (await h.call('GET', '/api/v1/ils', { token: adminToken })).json();
    expect(summary.recent).toEqual([
      {
        titleId,
        title: null,
        ilsId: String(BASKET),
        ilsNumber: String(orderId),
        recordId: String(biblioId),
        ilsStatus: 'ordered',
      },
    ]);
    const admin = visitor(h);
    await admin.signIn(adminToken);
    await admin.get('/lang/zh-Hant?next=%2F');
    const ils = await (await admin.get('/ils')).text();
    expect(ils).toContain('最近傳送到 Koha 的圖書');
    expect(ils).toMatch(new RegExp(`<td>${orderId}</td><td>${biblioId}</td><td lang="en">ordered</td>`));
  });
});

describe('readiness in Koha order mode', () => {
  it('asks Koha for its order lines, the operation the mode needs, and says when Koha refuses it', async () => {
    const koha = await kohaStandIn();
    const h = await harness({ ...KOHA, ILS_URL: koha.url }, { ilsMap: ilsMapSchema.parse(ORDER_MAP) });
    expect((await (await h.call('GET', '/readyz')).json()).ils).toEqual({ system: 'koha', reachable: true });
    expect(koha.log).toEqual(['GET /api/v1/acquisitions/orders?_per_page=1']);
    koha.faults.push({ on: 'GET /api/v1/acquisitions/orders', status: 403, times: 1 });
    expect((await (await h.call('GET', '/readyz')).json()).ils).toMatchObject({
      reachable: false,
      detail: expect.stringContaining('Koha answered 403 to GET /api/v1/acquisitions/orders'),
    });
    h.close();
    await koha.close();
  });
});

describe('Koha order mode at start', () => {
  const config = parseConfig({ ...KOHA, ILS_URL: 'http://127.0.0.1:1' });
  const check = (map: unknown) => () => checkIlsMap(config, ilsMapSchema.parse(map), 'ILS_MAP_FILE');

  it('will not start without the basket, saying what to set', () => {
    expect(check({ funds: { GEN: '12' } })).toThrow(
      /KOHA_MODE=order needs ILS_MAP_FILE to say where order lines go:\n {2}"basket" is missing: give the basket_id/,
    );
  });

  it('will not start with no funds, or with a fund or basket that is not a Koha id', () => {
    expect(check({ basket: '3' })).toThrow(/"funds" is empty/);
    expect(check({ basket: 'B-3', funds: { GEN: 'general' } })).toThrow(
      /"basket" is "B-3", and Koha's basket_id is a number\n {2}the fund GEN maps to "general", and Koha's fund_id is a number/,
    );
  });

  it('asks nothing more of the map in suggestion mode', () => {
    const suggestions = parseConfig({ ...KOHA, KOHA_MODE: 'suggestion', ILS_URL: 'http://127.0.0.1:1' });
    expect(checkIlsMap(suggestions, ilsMapSchema.parse({}), 'ILS_MAP_FILE').funds.size).toBe(0);
  });
});

describe('the stand-in Koha holds order mode to the spec', () => {
  let koha: KohaStandIn;
  beforeEach(async () => {
    koha = await kohaStandIn();
  });
  afterEach(() => koha.close());
  const send = (path: string, body: string, headers: Record<string, string>) =>
    fetch(`${koha.url}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Basic ${btoa('r2b:secret')}`, ...headers },
      body,
    });
  const marcxml = { 'content-type': 'application/marcxml+xml' };
  const RECORD = `<?xml version="1.0" encoding="UTF-8"?>
<record xmlns="http://www.loc.gov/MARC21/slim"><leader>00000nam a22000003i 4500</leader>
<datafield tag="245" ind1="0" ind2="0"><subfield code="a">A title</subfield></datafield></record>`;

  it('refuses an order line with a field order.yaml does not have, or of the wrong type', async () => {
    const res = await send('/acquisitions/orders', JSON.stringify({ basket_id: '3', budget_id: 12 }), {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(400);
    expect(koha.refused[0]!.errors).toContain('must NOT have additional properties');
    expect(koha.refused[0]!.errors).toContain('/basket_id must be integer,null');
  });

  it('refuses a record YAZ cannot read as MARC 21, a Content-Type Koha does not take, and a header addBiblio does not declare', async () => {
    expect((await send('/biblios', '<record><leader>00000nam', marcxml)).status).toBe(400);
    expect((await send('/biblios', RECORD, { 'content-type': 'text/xml' })).status).toBe(400);
    expect((await send('/biblios', RECORD, { ...marcxml, 'x-record-schema': 'MARC8' })).status).toBe(400);
    expect((await send('/biblios', RECORD, { ...marcxml, 'x-koha-library': 'CPL' })).status).toBe(400);
    expect(koha.refused.map((r) => r.errors)).toEqual([
      expect.stringContaining('not one MARC21 record: YAZ read 0'),
      expect.stringContaining('Content-Type text/xml is none of application/marcxml+xml'),
      expect.stringContaining('must be equal to one of the allowed values'),
      expect.stringContaining('must NOT have additional properties'),
    ]);
    koha.refused.length = 0;
    expect(await (await send('/biblios', RECORD, { ...marcxml, 'x-confirm-not-duplicate': '1' })).json()).toEqual({
      id: expect.any(Number),
    });
  });
});
