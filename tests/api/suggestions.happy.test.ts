import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, harness } from './harness.js';

describe('suggesting a title', () => {
  let h: Harness;
  let ana: string;
  let tom: string;
  let selector: string;
  beforeEach(async () => {
    h = await harness();
    ana = await h.patronToken('ana', { displayName: 'Ana Lima', email: 'ana@example.edu', departmentCode: 'CS' });
    tom = await h.patronToken('tom', { category: 'faculty', departmentCode: 'MATH', locale: 'zh-Hans' });
    selector = await h.token('selector');
  });
  afterEach(() => h.close());

  it('answers 201 with the suggestion, its pooled title and where to find it', async () => {
    const res = await h.call('POST', '/api/v1/suggestions', {
      token: ana,
      body: {
        isbn: '978-0-13-235088-4',
        title: 'Clean code',
        author: 'Robert C. Martin',
        reason: 'CS201',
        format: 'ebook',
      },
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(res.headers.get('location')).toBe(`/api/v1/suggestions/${body.id}`);
    expect(body).toMatchObject({
      status: 'submitted',
      format: 'ebook',
      reason: 'CS201',
      channel: 'api',
      wantsHold: false,
      requester: { category: 'undergraduate', department: 'CS', displayName: 'Ana Lima' },
      title: {
        isbn13: '9780132350884',
        title: 'Clean code',
        author: 'Robert C. Martin',
        status: 'submitted',
        requesterCount: 1,
      },
    });
    expect(body.history).toEqual([
      expect.objectContaining({ from: null, to: 'submitted', actorRole: 'patron', at: h.now.toISOString() }),
    ]);
  });

  it('pools the ISBN-10 and the ISBN-13 of one book onto one title, and counts both requesters', async () => {
    const first = await (
      await h.call('POST', '/api/v1/suggestions', { token: ana, body: { isbn: '0132350882' } })
    ).json();
    const second = await (
      await h.call('POST', '/api/v1/suggestions', { token: tom, body: { isbn: '978-0-13-235088-4' } })
    ).json();
    expect(second.title.id).toBe(first.title.id);
    expect(second.title.requesterCount).toBe(2);

    const title = await (await h.call('GET', `/api/v1/titles/${first.title.id}`, { token: selector })).json();
    expect(title.requesterCount).toBe(2);
    expect(title.demand).toEqual({ byCategory: { undergraduate: 1, faculty: 1 }, byDepartment: { CS: 1, MATH: 1 } });
    expect(title.requesters.map((r: { externalId: string }) => r.externalId)).toEqual(['ana', 'tom']);
  });

  it('pools suggestions without an ISBN by title and first author, however they are typed', async () => {
    const a = await (
      await h.call('POST', '/api/v1/suggestions', {
        token: ana,
        body: { title: 'The Pragmatic Programmer: from journeyman to master', author: 'Hunt, Andrew' },
      })
    ).json();
    const b = await (
      await h.call('POST', '/api/v1/suggestions', {
        token: tom,
        body: { title: 'pragmatic programmer', author: 'Andrew Hunt' },
      })
    ).json();
    expect(b.title.id).toBe(a.title.id);
    expect(b.title).toMatchObject({
      isbn13: null,
      title: 'The Pragmatic Programmer: from journeyman to master',
      requesterCount: 2,
    });
  });

  it('fills in the title of an ISBN-only title from a later requester', async () => {
    await h.call('POST', '/api/v1/suggestions', { token: ana, body: { isbn: '0132350882' } });
    const b = await (
      await h.call('POST', '/api/v1/suggestions', {
        token: tom,
        body: { isbn: '0132350882', title: 'Clean code', author: 'Martin' },
      })
    ).json();
    expect(b.title).toMatchObject({ title: 'Clean code', author: 'Martin' });
  });

  it('shows a patron only their own suggestions, and staff all of them', async () => {
    await h.call('POST', '/api/v1/suggestions', { token: ana, body: { isbn: '0132350882' } });
    await h.call('POST', '/api/v1/suggestions', { token: tom, body: { isbn: '020161622X' } });
    const mine = await (await h.call('GET', '/api/v1/suggestions', { token: ana })).json();
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0].requester.displayName).toBe('Ana Lima');
    const all = await (await h.call('GET', '/api/v1/suggestions', { token: selector })).json();
    expect(all.items).toHaveLength(2);
  });

  it('filters by status and department and pages newest first', async () => {
    for (const isbn of ['0132350882', '020161622X', '0596000855', '0262032937']) {
      await h.call('POST', '/api/v1/suggestions', { token: ana, body: { isbn } });
    }
    await h.call('POST', '/api/v1/suggestions', { token: tom, body: { isbn: '0596002815' } });

    const page1 = await (await h.call('GET', '/api/v1/suggestions?department=CS&limit=3', { token: selector })).json();
    expect(page1.items).toHaveLength(3);
    expect(page1.nextCursor).toBe(page1.items[2].id);
    const page2 = await (
      await h.call('GET', `/api/v1/suggestions?department=CS&limit=3&cursor=${page1.nextCursor}`, { token: selector })
    ).json();
    expect(page2.items).toHaveLength(1);
    expect(page2.nextCursor).toBeNull();
    const ids = [...page1.items, ...page2.items].map((s: { id: number }) => s.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    const titles = await (await h.call('GET', '/api/v1/titles?department=MATH', { token: selector })).json();
    expect(titles.items.map((t: { isbn13: string }) => t.isbn13)).toEqual(['9780596002817']);

    const first = page1.items[0];
    await h.call('POST', `/api/v1/titles/${first.title.id}/status`, { token: selector, body: { status: 'approved' } });
    const approved = await (await h.call('GET', '/api/v1/suggestions?status=approved', { token: selector })).json();
    expect(approved.items.map((s: { id: number }) => s.id)).toEqual([first.id]);
    const approvedTitles = await (await h.call('GET', '/api/v1/titles?status=approved', { token: selector })).json();
    expect(approvedTitles.items).toHaveLength(1);
  });

  it("shows the title's status history, with reasons, on the requester's suggestion", async () => {
    const s = await (await h.call('POST', '/api/v1/suggestions', { token: ana, body: { isbn: '0132350882' } })).json();
    h.advance(3600_000);
    await h.call('POST', `/api/v1/titles/${s.title.id}/status`, { token: selector, body: { status: 'in_review' } });
    h.advance(3600_000);
    await h.call('POST', `/api/v1/titles/${s.title.id}/status`, {
      token: selector,
      body: { status: 'rejected', reason: 'out_of_print' },
    });
    const seen = await (await h.call('GET', `/api/v1/suggestions/${s.id}`, { token: ana })).json();
    expect(seen.status).toBe('rejected');
    expect(seen.history.map((e: { to: string }) => e.to)).toEqual(['submitted', 'in_review', 'rejected']);
    expect(seen.history[2]).toMatchObject({ from: 'in_review', reason: 'out_of_print', actorRole: 'selector' });
    // A patron learns what was decided and why, not which member of staff decided it.
    expect(seen.history[2].actor).toBeUndefined();
  });

  it('puts a rejected title back in front of the selectors when someone new asks for it', async () => {
    const s = await (await h.call('POST', '/api/v1/suggestions', { token: ana, body: { isbn: '0132350882' } })).json();
    await h.call('POST', `/api/v1/titles/${s.title.id}/status`, {
      token: selector,
      body: { status: 'rejected', reason: 'too_expensive' },
    });
    const again = await (
      await h.call('POST', '/api/v1/suggestions', { token: tom, body: { isbn: '0132350882' } })
    ).json();
    expect(again.title).toMatchObject({ id: s.title.id, status: 'submitted', requesterCount: 2 });
    expect(again.history.map((e: { to: string; reason: string | null }) => [e.to, e.reason])).toEqual([
      ['submitted', null],
      ['rejected', 'too_expensive'],
      ['submitted', 'reopened by a new request'],
    ]);
  });
});
