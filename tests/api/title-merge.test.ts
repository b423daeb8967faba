// Merging two titles of one work and splitting requests off a title, through the API: who
// follows, what is kept, what is refused and how it is said.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { upgradeWorkKeys } from '../../src/services/upgrade.js';
import { type Harness, harness } from './harness.js';

describe('merging and splitting titles', () => {
  let h: Harness;
  let selector: string;
  beforeEach(async () => {
    h = await harness();
    selector = await h.token('selector');
  });
  afterEach(() => h.close());

  const suggest = async (patron: string, body: Record<string, unknown>) => {
    const token = await h.patronToken(patron, { locale: 'zh-Hans' });
    const res = await h.call('POST', '/api/v1/suggestions', { token, body });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: number; title: { id: number } };
  };
  const title = async (id: number) =>
    (await (await h.call('GET', `/api/v1/titles/${id}`, { token: selector })).json()) as {
      requesterCount: number;
      isbn13: string | null;
      status: string;
      requesters: { suggestionId: number; externalId: string; reason: string | null }[];
      history: { to: string; reason: string | null }[];
    };
  const count = (sql: string, ...params: unknown[]) => (h.db.sqlite.prepare(sql).get(...params) as { n: number }).n;

  it('Simplified and Traditional Chinese suggestions of one work pool onto one title', async () => {
    const a = await suggest('wei', { title: '三体', author: '刘慈欣' });
    const b = await suggest('meiling', { title: '三體', author: '劉慈欣' });
    expect(b.title.id).toBe(a.title.id);
    expect((await title(a.title.id)).requesterCount).toBe(2);
  });

  it('moves the requests, history and messages of the merged title onto the kept one, which takes its ISBN', async () => {
    const byTitle = await suggest('meiling', { title: '三体', author: '劉慈欣', reason: '比較文學課程參考書' });
    const byIsbn = await suggest('wei', { isbn: '9787536692930', reason: '读书会选书' });
    await h.call('POST', `/api/v1/titles/${byIsbn.title.id}/status`, {
      token: selector,
      body: { status: 'in_review' },
    });

    const res = await h.call('POST', `/api/v1/titles/${byTitle.title.id}/merge`, {
      token: selector,
      body: { from: byIsbn.title.id },
    });
    expect(res.status).toBe(200);
    const kept = await title(byTitle.title.id);
    expect(kept.requesters.map((r) => r.externalId).sort()).toEqual(['meiling', 'wei']);
    expect(kept.isbn13).toBe('9787536692930');
    // One history: both titles' events, and the merge itself.
    expect(kept.history.map((e) => e.to)).toEqual(['submitted', 'submitted', 'in_review', 'submitted']);
    expect(kept.history.at(-1)!.reason).toMatch(/^merged: title \d+ \(9787536692930\)/);
    expect(count('SELECT count(*) AS n FROM titles WHERE id = ?', byIsbn.title.id)).toBe(0);
    expect(count('SELECT count(*) AS n FROM notifications WHERE title_id = ?', byTitle.title.id)).toBe(3);
    // Later requests by that ISBN still pool onto the kept title.
    const later = await suggest('tom', { isbn: '978-7-5366-9293-0' });
    expect(later.title.id).toBe(byTitle.title.id);
  });

  it('keeps one request for a patron who asked for both, so they hear of each decision once', async () => {
    const a = await suggest('wei', { title: '三体', author: '刘慈欣' });
    const b = await suggest('wei', { isbn: '9787536692930', reason: '读书会选书' });
    await suggest('ana', { isbn: '9787536692930' });
    await h.call('POST', `/api/v1/titles/${a.title.id}/merge`, { token: selector, body: { from: b.title.id } });
    const kept = await title(a.title.id);
    expect(kept.requesters.map((r) => r.externalId).sort()).toEqual(['ana', 'wei']);
    // Wei's request had no reason on the kept title; the other's is kept with it.
    expect(kept.requesters.find((r) => r.externalId === 'wei')!.reason).toBe('读书会选书');
    expect(kept.requesterCount).toBe(2);

    await h.call('POST', `/api/v1/titles/${a.title.id}/status`, { token: selector, body: { status: 'in_review' } });
    const told = h.db.sqlite
      .prepare(
        `SELECT p.external_id AS who, count(*) AS n FROM notifications m JOIN patrons p ON p.id = m.patron_id
         WHERE m.kind = 'status_changed' AND m.payload LIKE '%in_review%' GROUP BY p.external_id ORDER BY who`,
      )
      .all();
    expect(told).toEqual([
      { who: 'ana', n: 1 },
      { who: 'wei', n: 1 },
    ]);
  });

  it('refuses to merge away a title already sent to the ILS, in the reader’s language, and changes nothing', async () => {
    const a = await suggest('wei', { title: '三体', author: '刘慈欣' });
    const b = await suggest('meiling', { isbn: '9787536692930' });
    h.db.sqlite
      .prepare(
        `INSERT INTO ils_records (title_id, ils, key, status, next_attempt_at, created_at) VALUES (?, 'koha', 'k', 'sent', 0, 0)`,
      )
      .run(b.title.id);
    const res = await h.call('POST', `/api/v1/titles/${a.title.id}/merge`, {
      token: selector,
      body: { from: b.title.id },
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(res.status).toBe(409);
    const problem = await res.json();
    expect(problem).toMatchObject({ type: expect.stringMatching(/forbidden-move$/), problem: 'in-ils' });
    expect(problem.detail).toContain('已发送到图书馆集成系统（koha）');
    expect(problem.detail).toContain('《三体》');
    expect(count('SELECT count(*) AS n FROM suggestions WHERE title_id = ?', b.title.id)).toBe(1);

    // The other way round keeps the title the ILS has, with its ILS record.
    const back = await h.call('POST', `/api/v1/titles/${b.title.id}/merge`, {
      token: selector,
      body: { from: a.title.id },
    });
    expect(back.status).toBe(200);
    expect(count('SELECT count(*) AS n FROM ils_records WHERE title_id = ?', b.title.id)).toBe(1);
    expect((await title(b.title.id)).requesterCount).toBe(2);
  });

  it('refuses a title merged into itself, and one that is not there', async () => {
    const a = await suggest('wei', { title: '三体', author: '刘慈欣' });
    const self = await h.call('POST', `/api/v1/titles/${a.title.id}/merge`, {
      token: selector,
      body: { from: a.title.id },
      headers: { 'accept-language': 'en' },
    });
    expect(self.status).toBe(422);
    expect((await self.json()).detail).toBe('三体 cannot be merged into itself; choose the other title.');
    const gone = await h.call('POST', `/api/v1/titles/${a.title.id}/merge`, {
      token: selector,
      body: { from: 999 },
      headers: { 'accept-language': 'zh-TW' },
    });
    expect(gone.status).toBe(404);
    expect((await gone.json()).detail).toBe('該題名已不存在，可能已被合併。請重新整理頁面後再選擇。');
    const bad = await h.call('POST', `/api/v1/titles/${a.title.id}/merge`, { token: selector, body: { from: 'five' } });
    expect(bad.status).toBe(422);
  });

  it('splits chosen requests onto a new title for the book they are for, noted in both histories', async () => {
    const a = await suggest('wei', { title: 'The three-body problem', author: 'Liu, Cixin' });
    const b = await suggest('sam', {
      title: 'The Three-Body Problem',
      author: 'Cixin Liu',
      reason: 'the Tor translation',
    });
    expect(b.title.id).toBe(a.title.id);
    const res = await h.call('POST', `/api/v1/titles/${a.title.id}/split`, {
      token: selector,
      body: { suggestions: [b.id], isbn: '9780765382030', title: 'The Three-Body Problem', author: 'Liu, Cixin' },
    });
    expect(res.status).toBe(201);
    const made = await res.json();
    expect(made).toMatchObject({ isbn13: '9780765382030', requesterCount: 1, status: 'submitted' });
    expect(made.requesters.map((r: { externalId: string }) => r.externalId)).toEqual(['sam']);
    expect(made.history[0].reason).toMatch(
      /^split from title \d+ \(The three-body problem \/ Liu, Cixin\): 1 request$/,
    );
    const left = await title(a.title.id);
    expect(left.requesters.map((r) => r.externalId)).toEqual(['wei']);
    expect(left.history.at(-1)!.reason).toBe(
      'split: 1 request moved to a new title (The Three-Body Problem / Liu, Cixin)',
    );
    expect(count(`SELECT count(*) AS n FROM jobs WHERE kind = 'enrich' AND subject = ?`, String(made.id))).toBe(1);
  });

  it('refuses a split that moves nothing, everything, or to a book that already has a title, saying why', async () => {
    const a = await suggest('wei', { title: '三体', author: '刘慈欣' });
    const b = await suggest('meiling', { title: '三體', author: '劉慈欣' });
    const other = await suggest('ana', { isbn: '9787536692930' });
    const split = (body: unknown, lang = 'en') =>
      h.call('POST', `/api/v1/titles/${a.title.id}/split`, {
        token: selector,
        body,
        headers: { 'accept-language': lang },
      });

    const all = await split({ suggestions: [a.id, b.id], title: 'Other' });
    expect(all.status).toBe(422);
    expect((await all.json()).detail).toBe(
      'Leave at least one request on 三体; to say which book it is, confirm its edition instead.',
    );
    const elsewhere = await split({ suggestions: [other.id], title: 'Other' }, 'zh-Hans');
    expect(elsewhere.status).toBe(422);
    expect((await elsewhere.json()).detail).toBe('所选荐购中有些已不在《三体》下；请刷新页面后重新选择。');
    const exists = await split({ suggestions: [b.id], isbn: '9787536692930' });
    expect(exists.status).toBe(409);
    expect(await exists.json()).toMatchObject({ problem: 'exists', titleId: other.title.id });
    const same = await split({ suggestions: [b.id], title: '三體', author: '劉慈欣' });
    expect(same.status).toBe(422);
    expect((await same.json()).problem).toBe('same-work');
    const badIsbn = await split({ suggestions: [b.id], isbn: '9787536692931' });
    expect(badIsbn.status).toBe(422);
    expect((await badIsbn.json()).detail).toBe(
      '9787536692931 is not a valid ISBN; check it against the book, or leave it out and give the title.',
    );
    const none = await split({ suggestions: [] });
    expect(none.status).toBe(422);
    expect(count('SELECT count(*) AS n FROM suggestions WHERE title_id = ?', a.title.id)).toBe(2);
  });

  it('sets aside a proposed edition, noting it in the history', async () => {
    const a = await suggest('wei', { title: '三体', author: '刘慈欣' });
    h.db.sqlite
      .prepare('UPDATE titles SET proposal = ? WHERE id = ?')
      .run(JSON.stringify({ isbn13: '9787536692930', provider: 'googlebooks', metadata: {} }), a.title.id);
    const res = await h.call('POST', `/api/v1/titles/${a.title.id}/proposal/reject`, { token: selector });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.proposal).toBeNull();
    expect(body.history.at(-1).reason).toBe('proposed edition set aside: ISBN 978-7-5366-9293-0');
    const again = await h.call('POST', `/api/v1/titles/${a.title.id}/proposal/reject`, {
      token: selector,
      headers: { 'accept-language': 'en' },
    });
    expect(again.status).toBe(409);
    expect((await again.json()).detail).toBe('三体 has no proposed edition any more; reload the page.');
  });

  it('lets only selectors and admins merge and split', async () => {
    const a = await suggest('wei', { title: '三体', author: '刘慈欣' });
    const b = await suggest('ana', { isbn: '9787536692930' });
    const liaison = await h.token('liaison', undefined, 'CS');
    const patron = await h.patronToken('wei');
    for (const token of [liaison, patron]) {
      const merge = await h.call('POST', `/api/v1/titles/${a.title.id}/merge`, { token, body: { from: b.title.id } });
      expect(merge.status).toBe(403);
      const split = await h.call('POST', `/api/v1/titles/${a.title.id}/split`, {
        token,
        body: { suggestions: [a.id] },
      });
      expect(split.status).toBe(403);
    }
    const admin = await h.token('admin');
    expect(
      (await h.call('POST', `/api/v1/titles/${a.title.id}/merge`, { token: admin, body: { from: b.title.id } })).status,
    ).toBe(200);
  });
});

describe('re-keying a database keyed by an earlier release', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.close());

  const insertTitle = (key: string, title: string, author: string) =>
    Number(
      h.db.sqlite
        .prepare(
          `INSERT INTO titles (work_key, title, author, status, status_changed_at, requester_count, created_at, updated_at)
           VALUES (?, ?, ?, 'submitted', 0, 0, 0, 0)`,
        )
        .run(key, title, author).lastInsertRowid,
    );

  it('merges titles whose keys meet in one script, keeping the one in the ILS, and re-keys the loan history', async () => {
    const simplified = insertTitle('ta:三体|刘慈欣', '三体', '刘慈欣');
    const traditional = insertTitle('ta:三體|劉慈欣', '三體', '劉慈欣');
    const alone = insertTitle('ta:紅樓夢|曹雪芹', '紅樓夢', '曹雪芹');
    h.db.sqlite
      .prepare(
        `INSERT INTO ils_records (title_id, ils, key, status, next_attempt_at, created_at) VALUES (?, 'koha', 'k', 'sent', 0, 0)`,
      )
      .run(traditional);
    h.db.sqlite
      .prepare(
        `INSERT INTO loan_editions (edition_key, work_key, title_key, author_key, copies, first_month)
         VALUES ('cn:I247.55/L', 'ta:三體|劉慈欣', '三體', '劉慈欣', 2, '2024-01')`,
      )
      .run();

    expect(await upgradeWorkKeys(h.deps)).toBe(1);
    const keys = h.db.sqlite.prepare('SELECT id, work_key FROM titles ORDER BY id').all();
    expect(keys).toEqual([
      { id: traditional, work_key: 'ta:三体|刘慈欣' },
      { id: alone, work_key: 'ta:红楼梦|曹雪芹' },
    ]);
    expect(simplified).toBeLessThan(traditional);
    expect(h.db.sqlite.prepare('SELECT work_key, title_key, author_key FROM loan_editions').get()).toEqual({
      work_key: 'ta:三体|刘慈欣',
      title_key: '三体',
      author_key: '刘慈欣',
    });
    // Done once: the rule is recorded, and a second run reads only that.
    insertTitle('ta:三體|劉慈欣', '三體', '劉慈欣');
    expect(await upgradeWorkKeys(h.deps)).toBe(0);
  });
});
