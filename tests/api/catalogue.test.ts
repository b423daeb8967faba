// Vendor catalogues over the API: a patron searches the entries on offer, each with how many
// asked for the work (荐购人数) however they asked, and suggests one in one call, through the
// same intake as any suggestion; admins list and delete the catalogues.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileSource } from '../../src/node/file-source.js';
import { type CatalogueInfo, importCatalogue } from '../../src/services/imports/catalogue.js';
import { importHoldings } from '../../src/services/imports/holdings.js';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { type Harness, harness } from './harness.js';

const SHEET = [
  'ISBN,题名,责任者,出版社,出版年,定价,中图分类号',
  '9787536692930,三体,刘慈欣,重庆出版社,2008,23.00,I247.55',
  '9787506365437,活着,余华,作家出版社,2012,20.00,I247.57',
  '9787111407010,算法导论,Thomas H. Cormen,机械工业出版社,2013,128.00,TP301.6',
  // in fixtures/marc/pymarc_marc.dat: the library has it
  '9780262032933,Introduction to algorithms,Thomas H. Cormen,MIT Press,2001,95.00,TP301.6',
].join('\n');

const SPRING: CatalogueInfo = { name: '2026年春季新书征订目录', vendor: '人天书店', issued: '2026-02-20' };

describe('the vendor catalogues over the API', () => {
  let h: Harness;
  let ana: string;
  let tom: string;
  beforeEach(async () => {
    h = await harness();
    ana = await h.patronToken('ana');
    tom = await h.patronToken('tom');
    await importCatalogue(h.deps, bufferSource('spring.csv', Buffer.from(SHEET)), {
      catalogue: SPRING,
      currency: 'CNY',
    });
  });
  afterEach(() => h.close());

  const search = async (query: string, token = ana) => {
    const res = await h.call('GET', `/api/v1/catalogue${query}`, { token });
    expect(res.status).toBe(200);
    return res.json();
  };
  const titles = async (q: string) =>
    (await search(`?q=${encodeURIComponent(q)}`)).entries.map((e: { title: string }) => e.title);
  const entryId = async (isbn: string) => (await search(`?q=${isbn}`)).entries[0].id as number;
  const suggestEntry = (id: number, token: string, body: unknown = {}) =>
    h.call('POST', `/api/v1/catalogue/${id}/suggestions`, { token, body });

  it('finds entries by title, author, ISBN (hyphens and all) and publisher', async () => {
    expect(await titles('三体')).toEqual(['三体']);
    expect(await titles('余华')).toEqual(['活着']);
    expect(await titles('978-7-111-40701-0')).toEqual(['算法导论']);
    expect(await titles('机械工业')).toEqual(['算法导论']);
    expect(await titles('cormen')).toEqual(['算法导论', 'Introduction to algorithms']);
    // LIKE's own characters are only characters.
    expect(await titles('%')).toEqual([]);
    const found = await search('?q=三体');
    expect(found).toMatchObject({ total: 1, page: 1, perPage: 20 });
    expect(found.entries[0]).toMatchObject({
      isbn13: '9787536692930',
      authors: ['刘慈欣'],
      publisher: '重庆出版社',
      publishedYear: 2008,
      price: { amount: 23, currency: 'CNY' },
      classNumber: 'I247.55',
      catalogue: { name: SPRING.name, vendor: '人天书店' },
      requesters: 0,
      standing: 'open',
      titleId: null,
      mine: null,
    });
  });

  it('finds an entry whichever Chinese script the reader types, and whatever the case, width or accents', async () => {
    // A reader in Taipei or Hong Kong types Traditional; the vendor's list is in Simplified.
    expect(await titles('三體')).toEqual(['三体']);
    expect(await titles('劉慈欣')).toEqual(['三体']);
    expect(await titles('機械工業')).toEqual(['算法导论']);
    // Full-width Latin letters, as Chinese input methods give them, and another case.
    expect(await titles('ＣＯＲＭＥＮ')).toEqual(['算法导论', 'Introduction to algorithms']);
    // A Taiwanese vendor's list is found in Simplified too.
    await importCatalogue(
      h.deps,
      bufferSource('tw.csv', Buffer.from('ISBN,题名,责任者,出版社\n9789573317241,挪威的森林,村上春樹,時報文化\n')),
      { catalogue: { name: '臺灣新書', vendor: '博客來', issued: '2026-03-01' } },
    );
    expect(await titles('时报文化')).toEqual(['挪威的森林']);
    expect(await titles('時報文化')).toEqual(['挪威的森林']);
  });

  it("folds a previous release's entries for searching once, as the service starts", async () => {
    const { upgradeCatalogueSearch } = await import('../../src/services/upgrade.js');
    const { sql } = await import('drizzle-orm');
    // What the release before this one stored: no search text, and no rule recorded.
    await h.db.orm.run(sql`UPDATE catalogue_entries SET search_text = NULL`);
    await h.db.orm.run(sql`DELETE FROM app_state WHERE key = 'catalogue_search_rule'`);
    expect((await search(`?q=${encodeURIComponent('三体')}`)).total).toBe(0);
    expect(await upgradeCatalogueSearch(h.deps)).toBe(4);
    expect((await search(`?q=${encodeURIComponent('三體')}`)).entries[0]).toMatchObject({ isbn13: '9787536692930' });
    // Recorded: the next start reads one row and folds nothing.
    expect(await upgradeCatalogueSearch(h.deps)).toBe(0);
  });

  it('counts everyone who asked for the work, from the form or from the catalogue, as its 荐购人数', async () => {
    await h.call('POST', '/api/v1/suggestions', { token: tom, body: { isbn: '7536692935', reason: 'From the form' } });
    const before = (await search('?q=三体')).entries[0];
    expect(before).toMatchObject({ requesters: 1, standing: 'suggested', mine: null });

    const res = await suggestEntry(before.id, ana, { reason: 'For my thesis on science fiction' });
    expect(res.status).toBe(201);
    const made = await res.json();
    expect(made).toMatchObject({ titleId: before.titleId, requesters: 2 });
    expect(res.headers.get('location')).toBe(`/api/v1/suggestions/${made.suggestionId}`);
    const stored = await (await h.call('GET', `/api/v1/suggestions/${made.suggestionId}`, { token: ana })).json();
    expect(stored).toMatchObject({ channel: 'catalogue', reason: 'For my thesis on science fiction', format: 'print' });

    expect((await search('?q=三体')).entries[0]).toMatchObject({ requesters: 2, mine: made.suggestionId });
    // Tom sees the same count, and no suggestion of his own from the catalogue.
    expect((await search('?q=三体', tom)).entries[0]).toMatchObject({ requesters: 2 });
  });

  it('goes through intake: the same patron twice, a book the library has, and the limits are refused as at the form', async () => {
    const threeBody = await entryId('9787536692930');
    expect((await suggestEntry(threeBody, ana)).status).toBe(201);
    const again = await suggestEntry(threeBody, ana);
    expect(again.status).toBe(409);
    expect((await again.json()).type).toMatch(/duplicate-suggestion$/);

    await importHoldings(h.deps, fileSource(new URL('../../fixtures/marc/pymarc_marc.dat', import.meta.url).pathname));
    const held = (await search('?q=Introduction')).entries[0];
    expect(held.standing).toBe('held');
    const refused = await suggestEntry(held.id, ana);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ type: expect.stringMatching(/already-held$/), items: 1 });

    const strict = await harness({ SUGGEST_MAX_OPEN: '1' });
    try {
      await importCatalogue(strict.deps, bufferSource('spring.csv', Buffer.from(SHEET)), { catalogue: SPRING });
      const lina = await strict.patronToken('lina');
      const all = (await (await strict.call('GET', '/api/v1/catalogue', { token: lina })).json()).entries;
      expect(
        (await strict.call('POST', `/api/v1/catalogue/${all[0].id}/suggestions`, { token: lina, body: {} })).status,
      ).toBe(201);
      const over = await strict.call('POST', `/api/v1/catalogue/${all[1].id}/suggestions`, { token: lina, body: {} });
      expect(over.status).toBe(429);
      expect((await over.json()).limit).toBe('open');
    } finally {
      strict.close();
    }
  });

  it('says a book is on order once the library bought it, and offers nothing for an unknown entry', async () => {
    const id = await entryId('9787506365437');
    // The body may be left out: a suggestion without a reason.
    const bare = await h.call('POST', `/api/v1/catalogue/${id}/suggestions`, { token: ana });
    expect(bare.status).toBe(201);
    const { titleId } = await bare.json();
    const selector = await h.token('selector');
    for (const status of ['approved', 'ordered'])
      expect(
        (await h.call('POST', `/api/v1/titles/${titleId}/status`, { token: selector, body: { status } })).status,
      ).toBe(200);
    expect((await search('?q=活着', tom)).entries[0].standing).toBe('on-order');
    expect((await suggestEntry(99_999, ana)).status).toBe(404);
  });

  it('narrows to one catalogue and to a class by its beginning, a page at a time', async () => {
    await importCatalogue(
      h.deps,
      bufferSource(
        'gobi.csv',
        Buffer.from('isbn,title,author,class\n9780765382030,The three-body problem,Cixin Liu,I247.55\n'),
      ),
      { catalogue: { name: 'GOBI March', vendor: 'GOBI', issued: '2026-03-01' } },
    );
    const byClass = await search('?class=I247');
    // The newest catalogue first, then each in the vendor's order.
    expect(byClass.entries.map((e: { title: string }) => e.title)).toEqual(['The three-body problem', '三体', '活着']);
    const spring = byClass.entries[1].catalogue.id;
    expect((await search(`?class=I247&catalogue=${spring}`)).total).toBe(2);
    const second = await search('?perPage=2&page=2');
    expect(second).toMatchObject({ total: 5, page: 2, perPage: 2 });
    expect(second.entries.map((e: { title: string }) => e.title)).toEqual(['活着', '算法导论']);
    const wrong = await h.call('GET', '/api/v1/catalogue?perPage=500', { token: ana });
    expect(wrong.status).toBe(422);
  });

  it('stops offering a catalogue after its last day, and lets an admin list and delete catalogues', async () => {
    await importCatalogue(
      h.deps,
      bufferSource('old.csv', Buffer.from('isbn,title\n9780593135204,Project Hail Mary\n')),
      { catalogue: { name: 'Autumn list', vendor: 'GOBI', issued: '2025-09-01', expires: '2026-03-03' } },
    );
    expect((await search('?q=Hail')).total).toBe(1);
    h.advance(2 * 86_400_000);
    expect((await search('?q=Hail')).total).toBe(0);

    const admin = await h.token('admin');
    const list = await (await h.call('GET', '/api/v1/catalogues', { token: admin })).json();
    expect(list.items).toEqual([
      expect.objectContaining({ name: SPRING.name, vendor: '人天书店', entries: 4, current: true }),
      expect.objectContaining({ name: 'Autumn list', expires: '2026-03-03', entries: 1, current: false }),
    ]);
    const made = await (await suggestEntry(await entryId('9787536692930'), ana)).json();
    expect((await h.call('DELETE', `/api/v1/catalogues/${list.items[0].id}`, { token: admin })).status).toBe(204);
    expect((await search('')).total).toBe(0);
    // The suggestion made from it stays a suggestion.
    expect((await h.call('GET', `/api/v1/suggestions/${made.suggestionId}`, { token: ana })).status).toBe(200);
    expect((await h.call('DELETE', `/api/v1/catalogues/${list.items[0].id}`, { token: admin })).status).toBe(404);
  });
});
