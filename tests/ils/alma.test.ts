// The Alma connector against a stand-in Alma checking PO lines against the fields Ex Libris
// documents (no Alma schema is kept: see ALMA_PO_LINE): one PO line per approved title, found
// again by its additional order reference after a lost answer; sent, received and closed in
// Alma, the title follows; the requester's hold is a request on the record.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ilsMapSchema } from '../../src/domain/ils-map.js';
import { runIlsPush } from '../../src/services/ils/outbox.js';
import { runIlsSync } from '../../src/services/ils/sync.js';
import { type Harness, harness } from '../api/harness.js';
import { type AlmaStandIn, almaStandIn } from '../support/ils-standins.js';

const HOUR = 3_600_000;

describe('Alma: approved titles become PO lines, and come back', () => {
  let alma: AlmaStandIn;
  let h: Harness;
  let titleId: number;

  beforeEach(async () => {
    alma = await almaStandIn();
    h = await harness(
      { ILS: 'alma', ILS_URL: alma.url, ILS_API_KEY: 'l7xx-test', ILS_TIMEOUT_MS: '400', ORDER_DEFAULT_FUND: 'GEN' },
      {
        ilsMap: ilsMapSchema.parse({
          library: 'MAIN',
          location: 'STACKS',
          vendor: 'YBP',
          funds: { GEN: 'GENMONO' },
          formats: { print: 'PRINTED_BOOK_OT' },
        }),
      },
    );
    const selector = await h.token('selector', { externalId: 'priya' });
    const ana = await h.patronToken('ana');
    const res = await h.call('POST', '/api/v1/suggestions', {
      token: ana,
      body: { isbn: '0132350882', wantsHold: true },
    });
    titleId = (await res.json()).title.id;
    await h.call('POST', `/api/v1/titles/${titleId}/status`, { token: selector, body: { status: 'approved' } });
  });
  afterEach(async () => {
    h.close();
    await alma.close();
    expect(alma.refused).toEqual([]);
  });

  const status = async () =>
    (await h.db.orm.get<{ status: string }>(sql`SELECT status FROM titles WHERE id = ${titleId}`))!.status;

  it('sends one PO line with the mapped library, vendor, fund and shelving location, and follows it to available', async () => {
    expect(await runIlsPush(h.deps)).toMatchObject({ sent: 1 });
    await runIlsPush(h.deps);
    expect(alma.lines.size).toBe(1);
    const [line] = [...alma.lines.values()];
    expect(line).toMatchObject({
      owner: { value: 'MAIN' },
      vendor: { value: 'YBP' },
      fund_distribution: [{ fund_code: { value: 'GENMONO' }, percent: 100 }],
      location: [{ quantity: 1, library: { value: 'MAIN' }, shelving_location: 'STACKS' }],
      resource_metadata: { isbn: '9780132350884' },
    });
    const number = line!.number as string;
    const mmsId = alma.send(number);
    await runIlsSync(h.deps);
    expect(await status()).toBe('ordered');
    alma.receive(number);
    expect(await runIlsSync(h.deps)).toMatchObject({ holds: 1 });
    expect(await status()).toBe('received');
    expect(alma.requests).toEqual([{ mmsId, userId: 'ana' }]);
    alma.close_(number);
    await runIlsSync(h.deps);
    expect(await status()).toBe('available');
    expect(alma.requests).toHaveLength(1);
  });

  it('finds the PO line Alma made when its answer came too late', async () => {
    alma.faults.push({ on: 'POST /almaws/v1/acq/po-lines', delayMs: 1500, times: 1 });
    expect(await runIlsPush(h.deps)).toMatchObject({ retrying: 1 });
    h.advance(HOUR);
    expect(await runIlsPush(h.deps)).toMatchObject({ sent: 1 });
    expect(alma.lines.size).toBe(1);
  });
});
