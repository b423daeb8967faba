// The title page's merge, split and edition forms without a browser: plain forms that post,
// redirect to the title that remains and say what was done, or say on the page why not.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, harness } from '../api/harness.js';
import { type Visitor, visitor } from '../support/visitor.js';

describe('merging, splitting and confirming an edition on the title page', () => {
  let h: Harness;
  let selector: Visitor;
  let byTitle: number;
  let byIsbn: number;

  const suggest = async (patron: string, name: string, body: Record<string, unknown>) => {
    const token = await h.patronToken(patron, { displayName: name });
    const res = await h.call('POST', '/api/v1/suggestions', { token, body });
    return (await res.json()) as { id: number; title: { id: number } };
  };

  beforeEach(async () => {
    h = await harness();
    byTitle = (
      await suggest('meiling', 'Chan Mei-ling', { title: '三体', author: '劉慈欣', reason: '比較文學課程參考書' })
    ).title.id;
    byIsbn = (await suggest('wei', 'Wang Wei', { isbn: '9787536692930', title: '三体', author: '刘慈欣' })).title.id;
    h.db.sqlite.prepare('UPDATE titles SET proposal = ? WHERE id = ?').run(
      JSON.stringify({
        isbn13: '9787536692930',
        provider: 'googlebooks',
        metadata: { title: '三体', authors: ['刘慈欣'] },
      }),
      byTitle,
    );
    selector = visitor(h);
    await selector.signIn(await h.token('selector', { externalId: 'priya', displayName: 'Priya', locale: 'zh-Hans' }));
  });
  afterEach(() => h.close());

  const post = async (path: string, form: Record<string, string | string[]>) =>
    selector.post(path, { _csrf: await selector.csrfOf(`/titles/${byTitle}`), ...form });

  it('offers the other 三体 to merge, and merging leaves one title with both requesters and one history', async () => {
    const html = await (await selector.get(`/titles/${byTitle}`)).text();
    expect(html).toContain('<h2 id="merge">与另一题名合并</h2>');
    expect(html).toContain(`<input type="radio" id="merge-from-${byIsbn}" name="from" value="${byIsbn}"`);

    const res = await post(`/titles/${byTitle}/merge`, { from: String(byIsbn) });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/titles/${byTitle}`);
    const after = await (await selector.get(`/titles/${byTitle}`)).text();
    expect(after).toContain('《三体》（刘慈欣）已合并到《三体》。');
    expect(after).toContain('Chan Mei-ling');
    expect(after).toContain('Wang Wei');
    expect(after).toContain('ISBN 9787536692930');
    // The history says so in the page's language; the API keeps the English note.
    expect(after).toContain('已与《三体 / 刘慈欣》合并：其荐购和处理记录都在这里。');
    expect((await selector.get(`/titles/${byIsbn}`)).status).toBe(404);
  });

  it('finds the other title by a search, in either script', async () => {
    const other = (await suggest('sam', 'Sam', { title: '地球往事', author: '刘慈欣' })).title.id;
    const html = await (await selector.get(`/titles/${byTitle}?other=${encodeURIComponent('地球往事')}`)).text();
    expect(html).toContain(`value="${other}"`);
    expect(html).not.toContain(`value="${byIsbn}"`);
    // 劉慈欣, as Taiwan and Hong Kong write him, finds the titles that say 刘慈欣.
    const traditional = await (await selector.get(`/titles/${byTitle}?other=${encodeURIComponent('劉慈欣')}`)).text();
    expect(traditional).toContain(`value="${other}"`);
    expect(traditional).toContain(`value="${byIsbn}"`);
  });

  it('says on the page, in the reader’s language, why a merge is refused, and changes nothing', async () => {
    h.db.sqlite
      .prepare(
        `INSERT INTO ils_records (title_id, ils, key, status, next_attempt_at, created_at) VALUES (?, 'koha', 'k', 'sent', 0, 0)`,
      )
      .run(byIsbn);
    const res = await post(`/titles/${byTitle}/merge`, { from: String(byIsbn) });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain(
      '<div class="flash error" role="alert">《三体》已发送到图书馆集成系统（koha），不能被合并掉',
    );
    const none = await post(`/titles/${byTitle}/merge`, {});
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('请选择要合并到《三体》的题名。');
    expect(h.db.sqlite.prepare('SELECT count(*) AS n FROM titles').get()).toEqual({ n: 2 });
  });

  it('refuses a form without its anti-forgery token', async () => {
    const res = await selector.post(`/titles/${byTitle}/merge`, { from: String(byIsbn), _csrf: 'nope' });
    expect(res.status).toBe(403);
    expect(h.db.sqlite.prepare('SELECT count(*) AS n FROM titles').get()).toEqual({ n: 2 });
  });

  it('splits chosen requests off onto a new title, and takes the reader to it', async () => {
    const tom = await suggest('tom', 'Tom', { title: '三體', author: '劉慈欣', reason: 'the English translation' });
    expect(tom.title.id).toBe(byTitle);
    const page = await (await selector.get(`/titles/${byTitle}`)).text();
    expect(page).toContain(`<input type="checkbox" id="split-${tom.id}" name="suggestion" value="${tom.id}"`);
    const res = await post(`/titles/${byTitle}/split`, {
      suggestion: String(tom.id),
      isbn: '9780765382030',
      title: 'The Three-Body Problem',
      author: 'Liu, Cixin',
    });
    expect(res.status).toBe(303);
    const made = Number(/\/titles\/(\d+)$/.exec(res.headers.get('location')!)![1]);
    const html = await (await selector.get(`/titles/${made}`)).text();
    expect(html).toContain('1 条荐购已移到新题名《The Three-Body Problem》。');
    expect(html).toContain('Tom');

    const refused = await post(`/titles/${byTitle}/split`, { title: 'Another' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('请选择要从《三体》移走的荐购。');
  });

  it('confirms the proposed edition, which pools the title onto the one with that ISBN', async () => {
    const page = await (await selector.get(`/titles/${byTitle}`)).text();
    expect(page).toContain('<h2 id="edition">建议的版本</h2>');
    expect(page).toContain('此题名荐购时没有 ISBN；在 Google Books 中找到了这个版本：');
    const res = await post(`/titles/${byTitle}/edition`, { isbn: '9787536692930' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/titles/${byIsbn}`);
    const html = await (await selector.get(`/titles/${byIsbn}`)).text();
    expect(html).toContain('《三体》的版本已确认：ISBN 9787536692930。');
    expect(html).toContain('Chan Mei-ling');
  });

  it('sets a proposed edition aside', async () => {
    const res = await post(`/titles/${byTitle}/edition/reject`, {});
    expect(res.status).toBe(303);
    const html = await (await selector.get(`/titles/${byTitle}`)).text();
    expect(html).toContain('《三体》的建议版本已被搁置。');
    expect(html).not.toContain('<h2 id="edition">');
  });

  it('shows a liaison no merge, split or edition forms, and refuses their posts', async () => {
    await h.call('POST', '/api/v1/suggestions', {
      token: await h.patronToken('cs-ana', { departmentCode: 'CS' }),
      body: { title: '三体', author: '刘慈欣' },
    });
    const liaison = visitor(h);
    await liaison.signIn(await h.token('liaison', undefined, 'CS'));
    const html = await (await liaison.get(`/titles/${byTitle}`)).text();
    expect(html).not.toContain('id="merge"');
    expect(html).not.toContain('id="edition"');
    const csrf = await liaison.csrfOf(`/titles/${byTitle}`);
    expect((await liaison.post(`/titles/${byTitle}/merge`, { from: String(byIsbn), _csrf: csrf })).status).toBe(403);
  });
});
