import { asc } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { notifications } from '../../src/db/schema.js';
import { type Harness, harness } from './harness.js';

describe('the outbox written with every change', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.close());

  const outbox = () =>
    h.db.orm.select().from(notifications).orderBy(asc(notifications.createdAt), asc(notifications.kind)).all();

  it('queues "we received your suggestion" for the requester, in their language', async () => {
    const wei = await h.patronToken('wei', { locale: 'zh-Hans' });
    await h.call('POST', '/api/v1/suggestions', { token: wei, body: { isbn: '9787536692930' } });
    const rows = await outbox();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'suggestion_received', locale: 'zh-Hans', status: 'pending', attempts: 0 });
    expect(JSON.parse(rows[0]!.payload)).toEqual({ status: 'submitted' });
  });

  it('queues one message per requester for each status change, with the reason', async () => {
    const selector = await h.token('selector');
    const tokens = [
      await h.patronToken('a'),
      await h.patronToken('b', { locale: 'zh-Hant' }),
      await h.patronToken('c'),
    ];
    let titleId = 0;
    for (const token of tokens) {
      titleId = (await (await h.call('POST', '/api/v1/suggestions', { token, body: { isbn: '0132350882' } })).json())
        .title.id;
    }
    h.advance(1000);
    const res = await h.call('POST', `/api/v1/titles/${titleId}/status`, {
      token: selector,
      body: { status: 'rejected', reason: 'out_of_scope' },
    });
    expect(res.status).toBe(200);

    const changes = (await outbox()).filter((n) => n.kind === 'status_changed');
    expect(changes).toHaveLength(3);
    expect(new Set(changes.map((n) => n.patronId)).size).toBe(3);
    expect(new Set(changes.map((n) => n.eventId)).size).toBe(1);
    expect(changes.map((n) => n.locale).sort()).toEqual(['en', 'en', 'zh-Hant']);
    for (const n of changes) {
      expect(JSON.parse(n.payload)).toEqual({ from: 'submitted', to: 'rejected', reason: 'out_of_scope' });
      expect(n.dedupeKey).toBe(`${n.eventId}:${n.patronId}`);
    }
  });

  it('writes nothing when the change is refused', async () => {
    const selector = await h.token('selector');
    const token = await h.patronToken('a');
    const s = await (await h.call('POST', '/api/v1/suggestions', { token, body: { isbn: '0132350882' } })).json();
    const before = (await outbox()).length;
    expect(
      (await h.call('POST', `/api/v1/titles/${s.title.id}/status`, { token: selector, body: { status: 'ordered' } }))
        .status,
    ).toBe(409);
    expect((await h.call('POST', '/api/v1/suggestions', { token, body: { isbn: '0132350882' } })).status).toBe(409);
    expect(await outbox()).toHaveLength(before);
  });
});

describe('the outbox as an admin reads it', () => {
  let h: Harness;
  let admin: string;
  beforeEach(async () => {
    h = await harness();
    admin = await h.token('admin');
    for (const [who, title] of [
      ['ana', 'Dead Souls'],
      ['bo', 'Great Expectations'],
      ['cy', 'Hard Times'],
    ] as const) {
      const token = await h.patronToken(who, who === 'cy' ? {} : { email: `${who}@university.example.edu` });
      await h.call('POST', '/api/v1/suggestions', { token, body: { title, author: 'An Author' } });
    }
    const set = h.db.sqlite.prepare(
      'UPDATE notifications SET status = ?, attempts = ?, last_error = ? WHERE title_id = (SELECT id FROM titles WHERE title = ?)',
    );
    set.run('dead', 8, 'SMTP 550: mailbox unavailable', 'Dead Souls');
    set.run('pending', 2, 'connection refused', 'Great Expectations');
  });
  afterEach(() => h.close());

  const titles = async (query: string) =>
    (
      (await (await h.call('GET', `/api/v1/notifications?${query}`, { token: admin })).json()).items as {
        title: string;
      }[]
    ).map((i) => i.title);

  it('narrows the messages by state, channel and title', async () => {
    expect(await titles('state=dead')).toEqual(['Dead Souls']);
    expect(await titles('state=failed')).toEqual(['Great Expectations']);
    expect(await titles('state=queued')).toEqual(['Hard Times']);
    expect((await titles('channel=email')).sort()).toEqual(['Dead Souls', 'Great Expectations']);
    expect(await titles('title=expect')).toEqual(['Great Expectations']);
    expect(await titles('title=%25')).toEqual([]);
    expect((await h.call('GET', '/api/v1/notifications?state=lost', { token: admin })).status).toBe(422);
  });

  it('sends every dead message again at once, and says how many', async () => {
    const res = await h.call('POST', '/api/v1/notifications/retry-dead', { token: admin });
    expect(await res.json()).toEqual({ queued: 1 });
    expect(await titles('state=dead')).toEqual([]);
    expect((await titles('state=queued')).sort()).toEqual(['Dead Souls', 'Hard Times']);
    expect(await (await h.call('POST', '/api/v1/notifications/retry-dead', { token: admin })).json()).toEqual({
      queued: 0,
    });
  });
});
