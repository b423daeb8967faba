// The buy list page's view, without a browser: the search, the column headers that sort it, the
// pages, the compact line of reasons; all in the address, so a link or a download keeps the view.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileSource } from '../../src/node/file-source.js';
import { importDepartments } from '../../src/services/imports/departments.js';
import { runRescoreJobs } from '../../src/services/scoring.js';
import { type Harness, harness } from '../api/harness.js';
import { visitor } from '../support/visitor.js';

describe('the buy list page: search, sort and pages', () => {
  let h: Harness;
  let selector: ReturnType<typeof visitor>;
  const BOOKS = ['Algebra', 'Botany', 'Chemistry', 'Dynamics', 'Ecology'];

  beforeEach(async () => {
    h = await harness();
    await importDepartments(
      h.deps,
      fileSource(new URL('../../fixtures/demo/departments.csv', import.meta.url).pathname),
    );
    // Ana asks for every book; Bo for the last two, so Dynamics and Ecology lead the ranking.
    for (const [who, name, books] of [
      ['ana', 'Ana Lima', BOOKS],
      ['bo', 'Bo Chen', BOOKS.slice(3)],
    ] as const) {
      const patron = visitor(h);
      await patron.signIn(await h.patronToken(who, { displayName: name, departmentCode: 'CS' }));
      const csrf = await patron.csrfOf('/suggest');
      for (const title of books) await patron.post('/suggest', { title, author: `${title} Writer`, _csrf: csrf });
    }
    const price = h.db.sqlite.prepare("UPDATE titles SET price_cents = ?, price_currency = 'USD' WHERE title = ?");
    for (const [title, cents] of [
      ['Algebra', 5000],
      ['Botany', 1000],
      ['Chemistry', 3000],
      ['Dynamics', 2000],
      ['Ecology', 4000],
    ] as const)
      price.run(cents, title);
    h.db.sqlite.prepare("UPDATE titles SET isbn13 = '9780262035613' WHERE title = 'Chemistry'").run();
    await runRescoreJobs(h.deps);
    selector = visitor(h);
    await selector.signIn(await h.token('selector', { externalId: 'priya', displayName: 'Priya' }));
  });
  afterEach(() => h.close());

  const page = (query: string) => selector.get(`/buylist?${query}`).then((r) => r.text());
  /** The titles listed, in the order shown. */
  const listed = (html: string) => [...html.matchAll(/<a href="\/titles\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]);

  it('finds a title by its name, its ISBN in any form, or who asked, and keeps the search in the form', async () => {
    expect(listed(await page('q=botany'))).toEqual(['Botany']);
    for (const isbn of ['978-0-262-03561-3', '0262035618'])
      expect(listed(await page(`q=${isbn}`))).toEqual(['Chemistry']);
    const bo = await page('q=Bo+Chen');
    expect(listed(bo)).toEqual(['Dynamics', 'Ecology']);
    expect(bo).toContain('name="q" value="Bo Chen"');
    expect(bo).toContain('<label for="f-q">Search</label>');
    expect(bo).toContain('Title, author, ISBN or who asked');
    // The downloads are of what was found.
    expect(bo).toContain('href="/buylist/export?q=Bo+Chen&amp;as=csv"');
    const csv = await (await selector.get('/buylist/export?q=Bo+Chen&as=csv')).text();
    expect(csv).toContain('Dynamics');
    expect(csv).not.toContain('Algebra');
    const none = await page('q=zoology');
    expect(none).toContain('No title on this list matches “zoology”.');
  });

  it('sorts by the column whose header link is followed, says so with aria-sort, and turns it round when followed again', async () => {
    const ranked = await page('');
    expect(listed(ranked).slice(0, 2).sort()).toEqual(['Dynamics', 'Ecology']);
    expect(ranked).toContain('<th scope="col" aria-sort="descending"><a href="/buylist?dir=asc" class="sort">Score');
    expect(ranked).toContain('<a href="/buylist?sort=price" class="sort">Price</a>');
    const cheap = await page('sort=price');
    expect(listed(cheap)).toEqual(['Botany', 'Dynamics', 'Chemistry', 'Ecology', 'Algebra']);
    expect(cheap).toContain(
      '<th scope="col" class="num" aria-sort="ascending"><a href="/buylist?sort=price&amp;dir=desc" class="sort">Price',
    );
    expect(listed(await page('sort=price&dir=desc'))).toEqual([
      'Algebra',
      'Ecology',
      'Chemistry',
      'Dynamics',
      'Botany',
    ]);
    expect(listed(await page('sort=title&dir=desc'))).toEqual([
      'Ecology',
      'Dynamics',
      'Chemistry',
      'Botany',
      'Algebra',
    ]);
    // The search form keeps the order; a new search starts again at the first page.
    const form = await page('sort=title&dir=desc&page=2&limit=25');
    expect(form).toContain('<input type="hidden" name="sort" value="title"/>');
    expect(form).toContain('<input type="hidden" name="dir" value="desc"/>');
    expect(form).not.toContain('<input type="hidden" name="page"');
    // Sorted otherwise than by rank, the list has no place for the cut line: the titles over it are marked instead.
    const sorted = await page('department=CS&budget=45&sort=title');
    expect(sorted).not.toContain('<tr class="cut">');
    expect(sorted).toContain('<tr class="over">');
  });

  it('shows a page of the list at a time, "page 2 of 3", with the cut line drawn on the whole ranked list', async () => {
    const second = await page('department=CS&budget=45&limit=2&page=2');
    expect(listed(second)).toHaveLength(2);
    expect(second).toContain('page 2 of 3');
    expect(second).toContain('<nav class="pager" aria-label="Pages of the list">');
    expect(second).toContain('href="/buylist?department=CS&amp;limit=2&amp;budget=45" rel="prev"');
    expect(second).toContain('href="/buylist?department=CS&amp;limit=2&amp;budget=45&amp;page=3" rel="next"');
    // The budget covers the first title ranked and not the next: the same sentence on every page.
    const whole = await page('department=CS&budget=45');
    const fits = /The first (\d+ titles|title) fits? \([^)]+\)\./.exec(whole)![0];
    expect(second).toContain(fits);
    expect(await page('department=CS&budget=45&limit=2&page=3')).toContain(fits);
    // The page size is a choice of the same form; the downloads take every page.
    expect(second).toContain('<option value="2" selected="">2</option>');
    expect(second).toContain('href="/buylist/export?department=CS&amp;limit=2&amp;budget=45&amp;as=csv"');
    const csv = await (await selector.get('/buylist/export?department=CS&limit=2&budget=45&as=csv')).text();
    for (const book of BOOKS) expect(csv).toContain(book);
  });

  it('says under each title, in one line, its strongest reasons, and the rest under the score', async () => {
    h.db.sqlite.prepare("UPDATE titles SET price_cents = NULL WHERE title = 'Ecology'").run();
    const html = await page('q=ecology');
    const line = /<span class="reason">([^<]*requester[^<]*)<\/span>/.exec(html)![1]!;
    expect(line).toMatch(/^2 requesters/);
    // The caution is a flag beside the title, not a reason.
    expect(line).not.toContain('no price yet');
    expect(html).toContain('<span class="flag">no price</span>');
    // The rest of the reasons open with the score's parts, none of them twice.
    expect(html).toMatch(/<details class="components"><summary>[\d.]+<\/summary><p class="reason">no price yet<\/p>/);
  });

  it("offers a liaison a search without requesters' names, and finds nothing by a name", async () => {
    const liaison = visitor(h);
    await liaison.signIn(await h.token('liaison', undefined, 'CS'));
    const html = await (await liaison.get('/buylist?q=Bo+Chen')).text();
    expect(html).toContain('Title, author or ISBN');
    expect(listed(html)).toEqual([]);
    expect(listed(await (await liaison.get('/buylist?q=ecology')).text())).toEqual(['Ecology']);
  });

  it('speaks Chinese: the pages and the search', async () => {
    await selector.get('/lang/zh-Hans?next=%2F');
    const html = await page('limit=2&page=2');
    expect(html).toContain('第 2 页，共 3 页');
    expect(html).toContain('<label for="f-q">检索</label>');
    expect(await page('q=zoology')).toContain('清单中没有与“zoology”相符的图书。');
  });

  it('narrows to the titles the selector manages when they tick "Only the titles I manage", and keeps it in the links', async () => {
    const token = await h.token('selector', { externalId: 'priya', displayName: 'Priya' });
    const botany = (h.db.sqlite.prepare("SELECT id FROM titles WHERE title = 'Botany'").get() as { id: number }).id;
    const assigned = await h.call('PATCH', `/api/v1/titles/${botany}`, { token, body: { assignee: 'priya' } });
    expect(assigned.status).toBe(200);
    const all = await page('');
    expect(all).toContain('<input type="checkbox" name="mine" value="true"/>Only the titles I manage');
    expect(listed(all)).toHaveLength(5);
    const mine = await page('mine=true');
    expect(listed(mine)).toEqual(['Botany']);
    expect(mine).toContain('href="/buylist/export?mine=true&amp;as=csv"');
  });

  it('offers in its format filter the formats the library offers patrons, and keeps one asked for in the address', async () => {
    const all = await page('');
    expect(all).toContain('<option value="ebook">');
    expect(all).not.toContain('<option value="large-print"');
    expect(await page('format=large-print')).toContain('<option value="large-print" selected="">');
  });
});
