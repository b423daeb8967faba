// A liaison's endorsement through POST and DELETE /api/v1/titles/{id}/endorsements: a title
// their department asked for, with a comment; it counts as demand in the score and the buy
// list's reason, shows on the title, and is withdrawn by its liaison alone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importDepartments } from '../../src/services/imports/departments.js';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { runRescoreJobs } from '../../src/services/scoring.js';
import { type Harness, harness } from './harness.js';

describe('a liaison endorsing a title', () => {
  let h: Harness;
  let liaison: string;
  let selector: string;
  let titleId: number;

  const endorse = (body: unknown, token = liaison, id = titleId) =>
    h.call('POST', `/api/v1/titles/${id}/endorsements`, { token, body });
  const title = async (token = selector) => (await h.call('GET', `/api/v1/titles/${titleId}`, { token })).json();
  const listed = async () =>
    (await (await h.call('GET', '/api/v1/buylist?all=true', { token: selector })).json()).items.find(
      (i: { titleId: number }) => i.titleId === titleId,
    );

  beforeEach(async () => {
    h = await harness();
    await importDepartments(
      h.deps,
      bufferSource('departments.csv', Buffer.from('code,name\nHIST,History\nCS,Computer Science\n')),
    );
    const student = await h.patronToken('sam', { departmentCode: 'HIST', category: 'undergraduate' });
    const res = await h.call('POST', '/api/v1/suggestions', {
      token: student,
      body: { title: 'The Atlantic world', author: 'Benjamin, Thomas' },
    });
    titleId = (await res.json()).title.id;
    liaison = await h.token('liaison', { externalId: 'chen', displayName: 'Dr. Chen' }, 'HIST');
    selector = await h.token('selector', { externalId: 'priya' });
    await runRescoreJobs(h.deps);
  });
  afterEach(() => h.close());

  it('counts as demand: the score rises, and the reason line says a liaison endorsed it', async () => {
    const before = await listed();
    expect(before.reason).not.toContain('endorsed');
    const res = await endorse({ comment: 'Core reading for HIST 210 next spring.' });
    expect(res.status).toBe(200);
    await runRescoreJobs(h.deps);
    const after = await listed();
    expect(after.score).toBeGreaterThan(before.score);
    // One undergraduate (1) and one endorsement (3): weighted demand 4.
    expect(after.components.requesters.value).toBe(4);
    expect(after.reason).toMatch(/^1 requester · endorsed by a liaison/);
  });

  it('shows on the title, the liaison named to staff only, and changes its comment when given again', async () => {
    await endorse({ comment: 'Core reading.' });
    h.advance(60_000);
    await endorse({ comment: 'Core reading for HIST 210.' });
    expect((await title()).endorsements).toEqual([
      {
        department: 'HIST',
        comment: 'Core reading for HIST 210.',
        name: 'Dr. Chen',
        mine: false,
        at: '2026-03-02T09:00:00.000Z',
      },
    ]);
    expect((await title(liaison)).endorsements).toEqual([
      { department: 'HIST', comment: 'Core reading for HIST 210.', mine: true, at: '2026-03-02T09:00:00.000Z' },
    ]);
  });

  it('is withdrawn by its liaison, and no longer counts', async () => {
    await endorse({});
    const other = await h.token('liaison', { externalId: 'ruiz' }, 'HIST');
    const notTheirs = await h.call('DELETE', `/api/v1/titles/${titleId}/endorsements`, { token: other });
    expect(notTheirs.status).toBe(404);
    expect((await notTheirs.json()).detail).toBe(`You have not endorsed title ${titleId}.`);
    const res = await h.call('DELETE', `/api/v1/titles/${titleId}/endorsements`, { token: liaison });
    expect(res.status).toBe(200);
    expect((await res.json()).endorsements).toEqual([]);
    await runRescoreJobs(h.deps);
    expect((await listed()).components.requesters.value).toBe(1);
  });

  it('follows the title when staff confirm its edition and it merges into the title with that ISBN', async () => {
    await endorse({ comment: 'Core reading.' });
    await h.call('PATCH', `/api/v1/titles/${titleId}`, { token: selector, body: { quantity: 2 } });
    const other = await h.patronToken('kim', { departmentCode: 'HIST' });
    const made = await h.call('POST', '/api/v1/suggestions', { token: other, body: { isbn: '9780521001212' } });
    const target = (await made.json()).title.id;
    const res = await h.call('POST', `/api/v1/titles/${titleId}/isbn`, {
      token: selector,
      body: { isbn: '9780521001212' },
    });
    expect(res.status).toBe(200);
    const merged = await res.json();
    expect(merged.id).toBe(target);
    expect(merged.endorsements).toEqual([expect.objectContaining({ department: 'HIST', comment: 'Core reading.' })]);
    expect(merged.changes).toEqual([expect.objectContaining({ field: 'quantity', after: 2 })]);
  });

  it('is for the liaison’s own department’s titles, and for liaisons only', async () => {
    const cs = await h.token('liaison', undefined, 'CS');
    expect((await endorse({}, cs)).status).toBe(404);
    expect((await endorse({}, selector)).status).toBe(403);
    expect((await endorse({}, liaison, 999999)).status).toBe(404);
  });

  it('refuses a comment too long, or a field it does not take, and stores nothing', async () => {
    for (const [body, status] of [
      [{ comment: 'x'.repeat(2001) }, 422],
      [{ weight: 10 }, 422],
      ['not json', 400],
    ] as const) {
      const res = await endorse(body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect((await title()).endorsements).toEqual([]);
  });
});
