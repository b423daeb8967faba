// A patron may take back or change their own request while no selector has looked at it:
// withdrawing frees a slot under the open limit at once, the last request of a title takes it
// off the buy list, and every change is a step in the title's history.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, harness } from './harness.js';

describe('withdrawing and changing a suggestion before review', () => {
  let h: Harness;
  let ana: string;
  let tom: string;
  let selector: string;
  beforeEach(async () => {
    h = await harness({ SUGGEST_MAX_OPEN: '2', RATE_LIMIT_INTAKE_PER_MINUTE: '0' });
    ana = await h.patronToken('ana');
    tom = await h.patronToken('tom');
    selector = await h.token('selector');
  });
  afterEach(() => h.close());

  const suggest = async (token: string, body: unknown) => {
    const res = await h.call('POST', '/api/v1/suggestions', { token, body });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: number; title: { id: number } };
  };
  const withdraw = (token: string, id: number) => h.call('POST', `/api/v1/suggestions/${id}/withdraw`, { token });
  const edit = (token: string, id: number, body: unknown) =>
    h.call('PATCH', `/api/v1/suggestions/${id}`, { token, body });
  const history = async (titleId: number) =>
    (await (await h.call('GET', `/api/v1/titles/${titleId}`, { token: selector })).json()) as {
      status: string;
      requesterCount: number;
      history: { from: string | null; to: string; reason: string | null; actorRole: string }[];
    };

  it('frees a slot under the open limit at once', async () => {
    const first = await suggest(ana, { title: 'Dune', author: 'Frank Herbert' });
    await suggest(ana, { title: 'Hyperion', author: 'Dan Simmons' });
    const refused = await h.call('POST', '/api/v1/suggestions', { token: ana, body: { title: 'Solaris' } });
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ limit: 'open' });

    const res = await withdraw(ana, first.id);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ withdrawn: first.id, title: { id: first.title.id, status: 'cancelled' } });
    expect((await h.call('GET', `/api/v1/suggestions/${first.id}`, { token: ana })).status).toBe(404);
    await suggest(ana, { title: 'Solaris', author: 'Stanisław Lem' });
  });

  it("sends no word of a request withdrawn before its message left, and leaves others' messages be", async () => {
    const mine = await suggest(ana, { isbn: '9780441013593' });
    await suggest(tom, { isbn: '9780441013593' });
    const pending = (patron: string) =>
      h.db.sqlite
        .prepare(
          `SELECT count(*) AS n FROM notifications n JOIN patrons p ON p.id = n.patron_id
           WHERE p.external_id = ? AND n.status = 'pending'`,
        )
        .get(patron) as { n: number };
    expect(pending('ana').n).toBeGreaterThan(0);
    expect((await withdraw(ana, mine.id)).status).toBe(200);
    expect(pending('ana')).toEqual({ n: 0 });
    expect(pending('tom').n).toBeGreaterThan(0);
  });

  it('takes a title off the buy list with its last request, its history saying why', async () => {
    const mine = await suggest(ana, { title: 'Dune', author: 'Frank Herbert' });
    expect((await withdraw(ana, mine.id)).status).toBe(200);
    const title = await history(mine.title.id);
    expect(title).toMatchObject({ status: 'cancelled', requesterCount: 0 });
    expect(title.history.at(-1)).toMatchObject({
      from: 'submitted',
      to: 'cancelled',
      reason: 'withdrawn by its only requester',
      actorRole: 'patron',
    });
    const buylist = await (await h.call('GET', '/api/v1/buylist?format=json', { token: selector })).json();
    expect(buylist.items.map((i: { id: number }) => i.id)).not.toContain(mine.title.id);
    // Asked for again later, the title comes back to the selectors.
    const again = await suggest(ana, { title: 'Dune', author: 'Frank Herbert' });
    expect(again.title.id).toBe(mine.title.id);
    expect((await history(mine.title.id)).status).toBe('submitted');
  });

  it("leaves others' requests for the same title untouched, with a note in the history", async () => {
    const mine = await suggest(ana, { isbn: '9780441013593' });
    const toms = await suggest(tom, { isbn: '9780441013593', reason: 'For my thesis' });
    expect((await withdraw(ana, mine.id)).status).toBe(200);
    const title = await history(mine.title.id);
    expect(title).toMatchObject({ status: 'submitted', requesterCount: 1 });
    expect(title.history.at(-1)).toMatchObject({
      from: 'submitted',
      to: 'submitted',
      reason: 'a request was withdrawn by its requester',
    });
    const still = await (await h.call('GET', `/api/v1/suggestions/${toms.id}`, { token: tom })).json();
    expect(still).toMatchObject({ reason: 'For my thesis', status: 'submitted' });
  });

  it('changes the details given, keeps the rest, and notes the change in the history', async () => {
    const mine = await suggest(ana, { title: 'Dune', format: 'print', reason: 'Fun', needBy: '2026-09-01' });
    const res = await edit(ana, mine.id, { format: 'ebook', needBy: null });
    expect(res.status).toBe(200);
    const changed = await res.json();
    expect(changed).toMatchObject({ format: 'ebook', reason: 'Fun', needBy: null, wantsHold: false });
    expect(changed.history.at(-1)).toMatchObject({
      to: 'submitted',
      reason: 'request changed by its requester: format, needBy',
    });
  });

  it('refuses a change that breaks the rules of intake, by field, and stores nothing', async () => {
    const mine = await suggest(ana, { title: 'Dune', reason: 'Fun' });
    const past = await edit(ana, mine.id, { needBy: '2020-01-01' });
    expect(past.status).toBe(422);
    expect((await past.json()).errors).toEqual([expect.objectContaining({ pointer: '/needBy', problem: 'past' })]);
    const long = await edit(ana, mine.id, { reason: 'x'.repeat(4001) });
    expect(long.status).toBe(422);
    expect((await long.json()).errors[0]).toMatchObject({ pointer: '/reason' });
    const unknown = await edit(ana, mine.id, { title: 'Another book' });
    expect(unknown.status).toBe(422);
    const stored = await (await h.call('GET', `/api/v1/suggestions/${mine.id}`, { token: ana })).json();
    expect(stored).toMatchObject({ reason: 'Fun', needBy: null, given: { title: 'Dune' } });
    expect(stored.history).toHaveLength(1);
  });

  it('is refused once a selector has moved the title on, and changes nothing', async () => {
    const mine = await suggest(ana, { title: 'Dune', reason: 'Fun' });
    await h.call('POST', `/api/v1/titles/${mine.title.id}/status`, { token: selector, body: { status: 'in_review' } });
    for (const res of [await withdraw(ana, mine.id), await edit(ana, mine.id, { reason: 'Changed' })]) {
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({
        type: 'http://localhost:3000/problems/already-reviewed',
        status: 409,
        titleStatus: 'in_review',
        detail: expect.stringContaining('"In review"'),
      });
    }
    const stored = await (await h.call('GET', `/api/v1/suggestions/${mine.id}`, { token: ana })).json();
    expect(stored).toMatchObject({ reason: 'Fun', status: 'in_review' });
  });

  it("answers another patron's suggestion as not found, and staff are not its requester", async () => {
    const mine = await suggest(ana, { title: 'Dune' });
    expect((await withdraw(tom, mine.id)).status).toBe(404);
    expect((await edit(tom, mine.id, { reason: 'mine now' })).status).toBe(404);
    expect((await withdraw(selector, mine.id)).status).toBe(403);
    expect((await withdraw(ana, 999_999)).status).toBe(404);
    const stored = await (await h.call('GET', `/api/v1/suggestions/${mine.id}`, { token: ana })).json();
    expect(stored.reason).toBeNull();
  });
});
