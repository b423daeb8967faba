// The vendor catalogues' page without a browser: a patron searches the new titles in their
// language, sees how many readers asked for each (荐购人数) and whether the library has it,
// and suggests one with one click and a confirmation, without a script; what intake refuses
// is said on the page in the reader's language. Admins bring a catalogue in from the imports page.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileSource } from '../../src/node/file-source.js';
import { importCatalogue } from '../../src/services/imports/catalogue.js';
import { importHoldings } from '../../src/services/imports/holdings.js';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { type Harness, harness } from '../api/harness.js';
import { type Visitor, visitor } from '../support/visitor.js';

const SHEET = [
  'ISBN,题名,责任者,出版社,出版年,定价,中图分类号',
  '9787536692930,三体,刘慈欣,重庆出版社,2008,23.00,I247.55',
  '9787506365437,活着,余华,作家出版社,2012,20.00,I247.57',
  '9780262032933,Introduction to algorithms,Thomas H. Cormen,MIT Press,2001,95.00,TP301.6',
].join('\n');

/** The text of a page, tags taken out and spaces run together. */
const text = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');

describe('the vendor catalogue page', () => {
  let h: Harness;
  let wei: Visitor;
  beforeEach(async () => {
    h = await harness({ SUGGEST_MAX_OPEN: '2' });
    await importCatalogue(h.deps, bufferSource('spring.csv', Buffer.from(SHEET)), {
      catalogue: { name: '2026年春季新书征订目录', vendor: '人天书店', issued: '2026-02-20' },
      currency: 'CNY',
    });
    wei = visitor(h, { 'accept-language': 'zh-CN' });
    await wei.signIn(await h.patronToken('wei', { locale: 'zh-Hans' }));
  });
  afterEach(() => h.close());

  const entryOf = async (v: Visitor, q: string) => {
    const html = await (await v.get(`/catalogue?q=${encodeURIComponent(q)}`)).text();
    return Number(/\/catalogue\/(\d+)\/suggest/.exec(html)?.[1]);
  };

  it('lets a patron search in Chinese, suggest with one click and a reason, and see the count rise', async () => {
    const tom = await h.patronToken('tom');
    await h.call('POST', '/api/v1/suggestions', { token: tom, body: { isbn: '9787536692930' } });

    const found = await wei.get('/catalogue?q=%E4%B8%89%E4%BD%93');
    expect(found.status).toBe(200);
    const html = await found.text();
    expect(html).toContain('<h1>征订目录</h1>');
    expect(text(html)).toContain('共找到 1 种书。');
    expect(text(html)).toContain('荐购人数：1');
    expect(text(html)).toContain('出自人天书店《2026年春季新书征订目录》。');
    expect(text(html)).toContain('¥23.00');
    const suggestLink = /href="(\/catalogue\/(\d+)\/suggest\?back=[^"]*)"[^>]*>我也荐购</.exec(html);
    expect(suggestLink).not.toBeNull();
    const id = suggestLink![2];

    const confirm = await (await wei.get(suggestLink![1].replace(/&amp;/g, '&'))).text();
    expect(confirm).toContain('<h1>荐购《三体》</h1>');
    expect(confirm).toContain('<label for="reason">荐购理由（可不填）</label>');
    const csrf = /name="_csrf" value="([^"]*)"/.exec(confirm)![1];
    const back = /name="back" value="([^"]*)"/.exec(confirm)![1];
    expect(decodeURIComponent(back)).toBe('/catalogue?q=三体');

    const sent = await wei.post(`/catalogue/${id}/suggest`, { _csrf: csrf, back, reason: '科幻文学课程论文' });
    expect(sent.status).toBe(303);
    expect(decodeURI(sent.headers.get('location')!)).toBe(`/catalogue?q=三体#entry-${id}`);
    const after = await (await wei.get('/catalogue?q=%E4%B8%89%E4%BD%93')).text();
    expect(text(after)).toContain('您已荐购《三体》：现在共有 2 位读者荐购。');
    expect(text(after)).toContain('荐购人数：2');
    expect(after).toContain('您已荐购：查看处理进度');
    expect(after).not.toMatch(/>我也荐购</);
    const mine = await (await h.call('GET', '/api/v1/suggestions', { token: await h.patronToken('wei') })).json();
    expect(mine.items[0]).toMatchObject({ channel: 'catalogue', reason: '科幻文学课程论文' });
  });

  it('speaks English to an English reader, and offers no suggestion of a book the library has', async () => {
    await importHoldings(h.deps, fileSource(new URL('../../fixtures/marc/pymarc_marc.dat', import.meta.url).pathname));
    const ana = visitor(h);
    await ana.signIn(await h.patronToken('ana'));
    const html = await (await ana.get('/catalogue')).text();
    expect(html).toContain('<h1>New titles from our vendors</h1>');
    expect(text(html)).toContain('3 books found.');
    expect(text(html)).toContain('Nobody has asked for it yet.');
    const held = /<li class="card" id="entry-(\d+)"[^]*?<\/li>/g;
    const items = [...html.matchAll(held)].map((m) => m[0]);
    const algorithms = items.find((i) => i.includes('Introduction to algorithms'))!;
    expect(algorithms).toContain('The library has it');
    expect(algorithms).not.toContain('/suggest');
    expect(items.filter((i) => i.includes('>Suggest it<'))).toHaveLength(2);
  });

  it('narrows by catalogue and class, a page at a time, with links that keep the search', async () => {
    const rows = Array.from({ length: 23 }, (_, i) => `,新书 ${i + 1},作者${i + 1},出版社,2026,10.00,I${200 + i}`);
    await importCatalogue(
      h.deps,
      bufferSource('many.csv', Buffer.from(['ISBN,题名,责任者,出版社,出版年,定价,中图分类号', ...rows].join('\n'))),
      {
        catalogue: { name: '大目录', vendor: '中图公司', issued: '2026-03-01' },
      },
    );
    const first = await (await wei.get('/catalogue?class=I2')).text();
    expect(text(first)).toContain('共找到 25 种书。');
    expect(text(first)).toContain('第 1 页，共 2 页');
    expect(first).toContain('<a href="/catalogue?class=I2&amp;page=2" rel="next">下一页</a>');
    const second = await (await wei.get('/catalogue?class=I2&page=2')).text();
    expect([...second.matchAll(/<li class="card"/g)]).toHaveLength(5);
    expect(second).toContain('rel="prev"');
    const spring = /<option value="(\d+)"[^>]*>2026年春季新书征订目录/.exec(first)![1];
    const narrowed = await (await wei.get(`/catalogue?catalogue=${spring}&class=I247`)).text();
    expect(text(narrowed)).toContain('共找到 2 种书。');
    expect(narrowed).toMatch(new RegExp(`<option value="${spring}" selected="">`));
  });

  it('says on the confirmation page, in the reader’s language, when the patron is at their limit', async () => {
    const a = await h.patronToken('wei');
    for (const title of ['第一本', '第二本'])
      expect((await h.call('POST', '/api/v1/suggestions', { token: a, body: { title, author: '某人' } })).status).toBe(
        201,
      );
    const id = await entryOf(wei, '活着');
    const csrf = await wei.csrfOf(`/catalogue/${id}/suggest`);
    const refused = await wei.post(`/catalogue/${id}/suggest`, { _csrf: csrf, back: '/catalogue', reason: '' });
    expect(refused.status).toBe(429);
    const html = await refused.text();
    expect(text(html)).toContain('您已有 2 条荐购等待处理，已达本馆同时允许的上限。');
    expect(html).toContain('<h1>荐购《活着》</h1>');
  });

  it('refuses a forged post, a reason too long, and an entry there is not, and goes back only within the site', async () => {
    const id = await entryOf(wei, '活着');
    expect((await wei.post(`/catalogue/${id}/suggest`, { _csrf: 'forged', reason: '' })).status).toBe(403);
    const csrf = await wei.csrfOf(`/catalogue/${id}/suggest`);
    const long = await wei.post(`/catalogue/${id}/suggest`, { _csrf: csrf, reason: '长'.repeat(4001) });
    expect(long.status).toBe(422);
    expect(await long.text()).toContain('<span class="field-error" id="reason-error">');
    expect((await wei.get('/catalogue/99999/suggest')).status).toBe(404);
    const away = await wei.post(`/catalogue/${id}/suggest`, { _csrf: csrf, back: '//evil.example/', reason: '' });
    expect(away.headers.get('location')).toBe(`/catalogue#entry-${id}`);
  });

  it('shows staff the catalogue without a button to suggest, as they speak for no reader', async () => {
    const selector = visitor(h);
    await selector.signIn(await h.token('selector'));
    const html = await (await selector.get('/catalogue')).text();
    expect(text(html)).toContain('3 books found.');
    expect(html).not.toContain('/suggest?back=');
  });

  it('lets an admin import a catalogue from the imports page, and says what is missing beside its field', async () => {
    const admin = visitor(h);
    await admin.signIn(await h.token('admin'));
    const form = await (await admin.get('/imports/catalogue')).text();
    expect(form).toContain('<h1>Vendor catalogue</h1>');
    expect(form).toContain('r2b import catalogue FILE --name NAME --vendor VENDOR');
    expect(form).toContain('<code>title | 题名 | 正题名 | 书名 | 題名 | 正題名 | 書名</code>');
    const csrf = /name="_csrf" value="([^"]*)"/.exec(form)![1];
    const file = {
      file: { name: 'gobi.csv', content: 'isbn,title,author\n9780593135204,Project Hail Mary,Andy Weir\n' },
    };
    const missing = await admin.upload('/imports/catalogue', { _csrf: csrf, catalogue: 'GOBI March' }, file);
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('<span class="field-error" id="i-vendor-error">This is needed.</span>');
    const done = await admin.upload(
      '/imports/catalogue',
      { _csrf: csrf, catalogue: 'GOBI March', vendor: 'GOBI', issued: '2026-03-01', expires: '2026-05-31' },
      file,
    );
    expect(done.status).toBe(200);
    expect(text(await done.text())).toMatch(/Imported 1/);
    expect(text(await (await wei.get('/catalogue?q=Hail')).text())).toContain('共找到 1 种书。');
  });

  it('lists every catalogue for an admin, expired ones too, and deletes one with its entries', async () => {
    await importCatalogue(
      h.deps,
      bufferSource('old.csv', Buffer.from('isbn,title\n9780593135204,Project Hail Mary\n')),
      {
        catalogue: { name: 'Autumn list', vendor: 'GOBI', issued: '2025-09-01', expires: '2025-12-31' },
      },
    );
    const admin = visitor(h);
    await admin.signIn(await h.token('admin'));
    const html = await (await admin.get('/catalogue')).text();
    expect(html).toContain('<h2 id="lists">The catalogues imported</h2>');
    const rows = [...html.matchAll(/<tr><td>([^<]*)<\/td><td>([^<]*)<\/td>[^]*?<\/tr>/g)].map((m) => text(m[0]).trim());
    expect(rows).toEqual([
      '2026年春季新书征订目录 人天书店 Feb 20, 2026 – 3 Yes Delete',
      'Autumn list GOBI Sep 1, 2025 Dec 31, 2025 1 No Delete',
    ]);
    // Patrons are offered only what is current, and see no list to manage.
    expect(await (await wei.get('/catalogue')).text()).not.toContain('id="lists"');
    const autumn = /action="\/catalogue\/lists\/(\d+)\/delete"[^]*?aria-label="Delete the catalogue Autumn list"/.exec(
      html,
    );
    const id = /\/catalogue\/lists\/(\d+)\/delete/.exec(autumn![0].slice(autumn![0].lastIndexOf('action=')))![1];
    const csrf = /name="_csrf" value="([^"]*)"/.exec(html)![1];
    const done = await admin.post(`/catalogue/lists/${id}/delete`, { _csrf: csrf });
    expect(done.status).toBe(303);
    const after = await (await admin.get('/catalogue')).text();
    expect(text(after)).toContain('The catalogue Autumn list is deleted; the suggestions made from it stay.');
    expect(after).not.toContain('Autumn list</td>');
    expect((await admin.post(`/catalogue/lists/${id}/delete`, { _csrf: csrf })).status).toBe(404);
    expect((await wei.post(`/catalogue/lists/${id}/delete`, { _csrf: csrf })).status).toBe(403);
  });
});
