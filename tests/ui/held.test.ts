// "The library already has it" is a way on, not a dead end: the form says where the copies are
// in words, links to the book's page in the catalogue (CATALOGUE_URL with {record}), and, where
// the ILS can place holds, places one from a button and says what happened, against the Koha
// stand-in that checks the hold against Koha's own schema.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ilsMapSchema } from '../../src/domain/ils-map.js';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { runIlsPush } from '../../src/services/ils/outbox.js';
import { runIlsSync } from '../../src/services/ils/sync.js';
import { importHoldings } from '../../src/services/imports/holdings.js';
import { type Harness, harness } from '../api/harness.js';
import { type KohaStandIn, kohaStandIn } from '../support/ils-standins.js';
import { type Visitor, visitor } from '../support/visitor.js';

const HOLDINGS =
  'isbn,call_number,location,items,record_id\n9780262032933,QA76.6 .I5858 2001,Main Library 3rd floor,2,4242\n';

describe('a book the library already has, on the form', () => {
  let koha: KohaStandIn;
  let h: Harness;
  let ana: Visitor;
  beforeEach(async () => {
    koha = await kohaStandIn();
    koha.patrons.set('ana', 51);
    h = await harness(
      {
        CATALOGUE_URL: 'https://opac.example.edu/cgi-bin/koha/opac-detail.pl?biblionumber={record}',
        ILS: 'koha',
        ILS_URL: koha.url,
        ILS_USERNAME: 'r2b',
        ILS_PASSWORD: 'secret',
        ILS_TIMEOUT_MS: '400',
        PICKUP_BRANCHES: 'CPL=Centerville,MPL=Midway',
      },
      { ilsMap: ilsMapSchema.parse({ library: 'CPL', pickup: 'CPL', formats: { print: 'BK' } }) },
    );
    await importHoldings(h.deps, bufferSource('holdings.csv', Buffer.from(HOLDINGS)));
    ana = visitor(h);
    await ana.signIn(await h.patronToken('ana'));
  });
  afterEach(async () => {
    h.close();
    await koha.close();
  });

  const hold = async (extra: Record<string, string> = {}) => {
    const res = await ana.post('/suggest/hold', {
      isbn: '0262032937',
      _csrf: await ana.csrfOf('/suggest'),
      ...extra,
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/suggest?isbn=0262032937');
    return (await ana.get(res.headers.get('location')!)).text();
  };

  it('says where the copies are in words and links to the record in the catalogue', async () => {
    const form = await (await ana.get('/suggest?isbn=0262032937')).text();
    expect(form).toContain('Look for it under the call number QA76.6 .I5858 2001, at Main Library 3rd floor.');
    expect(form).toContain(
      '<a href="https://opac.example.edu/cgi-bin/koha/opac-detail.pl?biblionumber=4242">See it in the catalogue</a>',
    );
    expect(form).toContain('formaction="/suggest/hold"');
  });

  it('places a hold in Koha on the record, at the branch the patron chose, and says so', async () => {
    const page = await hold({ pickupBranch: 'MPL' });
    expect(page).toContain('A hold is in place for you: the library will tell you when a copy is ready to collect.');
    expect(koha.refused).toEqual([]);
    expect(koha.holds).toEqual([expect.objectContaining({ patron_id: 51, biblio_id: 4242, pickup_library_id: 'MPL' })]);
    // Asked again, Koha's hold stands: one hold, and the same words.
    expect(await hold()).toContain('A hold is in place for you');
    expect(koha.holds).toHaveLength(1);
  });

  it('tells the patron to try again later when Koha does not answer, in their language', async () => {
    await koha.down();
    expect(await hold()).toContain(
      'The library catalogue did not answer, so no hold was placed. Please try again later.',
    );
    await ana.get('/lang/zh-Hans');
    expect(await hold()).toContain('馆藏系统没有响应，未能预约。请稍后再试。');
    await koha.up();
    expect(koha.holds).toEqual([]);
  });

  it('sends to the desk a patron Koha does not know', async () => {
    koha.patrons.delete('ana');
    expect(await hold()).toContain(
      'The library catalogue could not place a hold for you. Please ask at the library desk.',
    );
  });

  it('offers no hold where there is no ILS to place it, and takes a bad ISBN calmly', async () => {
    const without = await harness({ CATALOGUE_URL: 'https://opac.example.edu/search?q={isbn}' });
    try {
      await importHoldings(without.deps, bufferSource('holdings.csv', Buffer.from(HOLDINGS)));
      const tom = visitor(without);
      await tom.signIn(await without.patronToken('tom'));
      const form = await (await tom.get('/suggest?isbn=0262032937')).text();
      expect(form).toContain('<a href="https://opac.example.edu/search?q=9780262032933">');
      expect(form).not.toContain('formaction="/suggest/hold"');
      const res = await tom.post('/suggest/hold', { isbn: '0262032937', _csrf: await tom.csrfOf('/suggest') });
      expect(await (await tom.get(res.headers.get('location')!)).text()).toContain(
        'A hold cannot be placed on this book from here.',
      );
    } finally {
      without.close();
    }
    const notAnIsbn = await ana.post('/suggest/hold', { isbn: '12345', _csrf: await ana.csrfOf('/suggest') });
    expect(notAnIsbn.status).toBe(303);
  });

  it('places the hold a requester asked for on arrival at the branch they chose when suggesting', async () => {
    const made = await (
      await h.call('POST', '/api/v1/suggestions', {
        token: await h.patronToken('ana'),
        body: { isbn: '0132350882', wantsHold: true, pickupBranch: 'MPL' },
      })
    ).json();
    const selector = await h.token('selector');
    await h.call('POST', `/api/v1/titles/${made.title.id}/status`, { token: selector, body: { status: 'approved' } });
    await runIlsPush(h.deps);
    const biblio = koha.order([...koha.suggestions.keys()][0]!);
    expect(await runIlsSync(h.deps)).toMatchObject({ holds: 1 });
    expect(koha.refused).toEqual([]);
    expect(koha.holds).toEqual([
      expect.objectContaining({ patron_id: 51, biblio_id: biblio, pickup_library_id: 'MPL' }),
    ]);
  });
});
