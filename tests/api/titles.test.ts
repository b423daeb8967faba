import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statusEvents } from '../../src/db/schema.js';
import { type Harness, harness } from './harness.js';

describe('moving a title through the workflow', () => {
  let h: Harness;
  let selector: string;
  let titleId: number;
  beforeEach(async () => {
    h = await harness();
    selector = await h.token('selector', { externalId: 'priya', displayName: 'Priya' });
    const ana = await h.patronToken('ana');
    titleId = (await (await h.call('POST', '/api/v1/suggestions', { token: ana, body: { isbn: '0132350882' } })).json())
      .title.id;
  });
  afterEach(() => h.close());

  const move = (status: string, reason?: string, token = selector) =>
    h.call('POST', `/api/v1/titles/${titleId}/status`, {
      token,
      body: reason === undefined ? { status } : { status, reason },
    });

  it('records every change with who, when, from, to and why', async () => {
    for (const status of ['in_review', 'approved', 'ordered', 'received', 'available']) {
      h.advance(60_000);
      expect((await move(status)).status).toBe(200);
    }
    const title = await (await h.call('GET', `/api/v1/titles/${titleId}`, { token: selector })).json();
    expect(title.status).toBe('available');
    expect(title.history.map((e: { from: string | null; to: string }) => `${e.from}->${e.to}`)).toEqual([
      'null->submitted',
      'submitted->in_review',
      'in_review->approved',
      'approved->ordered',
      'ordered->received',
      'received->available',
    ]);
    expect(title.history[1]).toMatchObject({ actorRole: 'selector', actor: expect.stringMatching(/^token:\d+$/) });
    expect(title.statusChangedAt).toBe(h.now.toISOString());
  });

  it('refuses a move the workflow forbids with 409, naming the moves allowed', async () => {
    const res = await move('ordered');
    expect(res.status).toBe(409);
    const body = await res.json();
    expect(body).toMatchObject({ type: expect.stringContaining('forbidden-move'), from: 'submitted', to: 'ordered' });
    expect(body.allowed).toContain('approved');
  });

  it('needs a reason to reject, and an existing status', async () => {
    const noReason = await move('rejected');
    expect(noReason.status).toBe(422);
    expect((await noReason.json()).errors[0].pointer).toBe('/reason');
    const unknown = await move('misplaced');
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).errors[0].pointer).toBe('/status');
    expect((await move('rejected', 'out_of_scope')).status).toBe(200);
  });

  it('answers 404 for a title that does not exist', async () => {
    const res = await h.call('POST', '/api/v1/titles/9999/status', { token: selector, body: { status: 'approved' } });
    expect(res.status).toBe(404);
    expect((await h.call('GET', '/api/v1/titles/9999', { token: selector })).status).toBe(404);
    expect((await h.call('GET', '/api/v1/titles/abc', { token: selector })).status).toBe(422);
  });

  it('lets only one of two selectors acting at once move the title', async () => {
    const other = await h.token('selector');
    const results = await Promise.all([move('approved'), move('rejected', 'out_of_scope', other)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const events = await h.db.orm.select().from(statusEvents).all();
    expect(events).toHaveLength(2);
  });

  it('describes the library workflow, reasons and labels included', async () => {
    const wf = await (await h.call('GET', '/api/v1/workflow', { token: selector })).json();
    expect(wf.moves.submitted).toContain('approved');
    expect(wf.reasons.find((r: { code: string }) => r.code === 'out_of_print').labels['zh-Hans']).toBe('已绝版');
  });
});

describe('titles as a liaison sees them', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('are those their department asked for: another department’s list is refused, and its title not found', async () => {
    h = await harness();
    const csLiaison = await h.token('liaison', undefined, 'CS');
    const suggest = async (patron: string, department: string, isbn: string) => {
      const token = await h.patronToken(patron, { departmentCode: department });
      const res = await h.call('POST', '/api/v1/suggestions', { token, body: { isbn } });
      return (await res.json()).title.id as number;
    };
    const compilers = await suggest('cs-student', 'CS', '0132350882');
    const history = await suggest('hist-student', 'HIST', '0262033844');
    // Asked for by both departments: each liaison sees it.
    const shared = await suggest('hist-other', 'HIST', '020161622X');
    await suggest('cs-other', 'CS', '020161622X');

    const ids = async (query: string) => {
      const res = await h.call('GET', `/api/v1/titles${query}`, { token: csLiaison });
      expect(res.status, query).toBe(200);
      return (await res.json()).items.map((t: { id: number }) => t.id).sort();
    };
    expect(await ids('')).toEqual([compilers, shared].sort());
    expect(await ids('?department=CS')).toEqual([compilers, shared].sort());
    const other = await h.call('GET', '/api/v1/titles?department=HIST', { token: csLiaison });
    expect(other.status).toBe(403);
    expect((await other.json()).detail).toBe('A liaison sees their own department (CS), not HIST.');

    expect((await h.call('GET', `/api/v1/titles/${compilers}`, { token: csLiaison })).status).toBe(200);
    expect((await h.call('GET', `/api/v1/titles/${shared}`, { token: csLiaison })).status).toBe(200);
    expect((await h.call('GET', `/api/v1/titles/${history}`, { token: csLiaison })).status).toBe(404);
    // The same rule as their suggestions: the department's own, another's refused.
    expect((await h.call('GET', '/api/v1/suggestions?department=HIST', { token: csLiaison })).status).toBe(403);
  });
});
