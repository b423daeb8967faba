// A book the library already has is not suggested, whoever asks and however: the patron is told
// where it is (and, with CATALOGUE_URL, its page in the catalogue), and nothing is stored.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileSource } from '../../src/node/file-source.js';
import { importHoldings } from '../../src/services/imports/holdings.js';
import { type Harness, harness } from './harness.js';

const INTRODUCTION_TO_ALGORITHMS = '0262032937'; // in fixtures/marc/pymarc_marc.dat, at QA76.6 .I5858 2001
const holdings = () => fileSource(new URL('../../fixtures/marc/pymarc_marc.dat', import.meta.url).pathname);

describe('a book the library already has', () => {
  let h: Harness;
  let ana: string;
  let tom: string;
  let selector: string;
  beforeEach(async () => {
    h = await harness({ CATALOGUE_URL: 'https://catalogue.example.edu/search?isbn={isbn}' });
    ana = await h.patronToken('ana');
    tom = await h.patronToken('tom');
    selector = await h.token('selector');
  });
  afterEach(() => h.close());

  const suggest = (token: string, body: unknown) => h.call('POST', '/api/v1/suggestions', { token, body });
  const count = (table: string) => (h.db.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

  it('is refused at intake with 409, saying where it is on the shelf, and nothing is stored', async () => {
    await importHoldings(h.deps, holdings());
    const res = await suggest(ana, { isbn: INTRODUCTION_TO_ALGORITHMS });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = await res.json();
    expect(problem).toMatchObject({
      type: 'http://localhost:3000/problems/already-held',
      title: 'The library already has this title',
      detail: 'The library already has this book (QA76.6 .I5858 2001), so it is not suggested.',
      where: 'QA76.6 .I5858 2001',
      items: 1,
      catalogueUrl: 'https://catalogue.example.edu/search?isbn=9780262032933',
    });
    expect([count('titles'), count('suggestions'), count('notifications')]).toEqual([0, 0, 0]);
  });

  it('is refused to the next patron once a title someone asked for is in the collection', async () => {
    const first = await (await suggest(ana, { title: 'The Art of Computer Programming', author: 'Knuth' })).json();
    for (const status of ['approved', 'ordered', 'received', 'available']) {
      const moved = await h.call('POST', `/api/v1/titles/${first.title.id}/status`, {
        token: selector,
        body: { status },
      });
      expect(moved.status).toBe(200);
    }
    const again = await suggest(tom, { title: 'The art of computer programming', author: 'Donald Knuth' });
    expect(again.status).toBe(409);
    expect((await again.json()).detail).toBe('The library already has this book, so it is not suggested.');
    // Its first requester is sent to their own suggestion instead.
    const mine = await suggest(ana, { title: 'The Art of Computer Programming', author: 'Knuth' });
    expect(mine.status).toBe(409);
    expect(await mine.json()).toMatchObject({ suggestionId: first.id });
    expect(count('suggestions')).toBe(1);
  });

  it('is said by the lookup, with the page of the book in the catalogue', async () => {
    await importHoldings(h.deps, holdings());
    const res = await h.call('GET', `/api/v1/lookup?isbn=${INTRODUCTION_TO_ALGORITHMS}`, { token: ana });
    expect((await res.json()).held).toEqual({
      items: 1,
      where: 'QA76.6 .I5858 2001',
      catalogueUrl: 'https://catalogue.example.edu/search?isbn=9780262032933',
    });
  });
});
