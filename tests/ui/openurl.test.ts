// "Didn't find it? Suggest a purchase": a discovery layer's OpenURL link opens the form with
// the book filled in, for a patron signed in or not yet (sign-in keeps the link's query).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, harness } from '../api/harness.js';
import { visitor } from '../support/visitor.js';

const LINK =
  '/suggest?url_ver=Z39.88-2004&rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Abook&rft.genre=book' +
  '&rft.btitle=The%20Decagon%20House%20Murders&rft.aulast=Ayatsuji&rft.aufirst=Yukito&rft.isbn=9781782274568';

describe('an OpenURL link to the suggestion form', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.close());

  it('fills the form with the book it names, through sign-in, and the patron sends it', async () => {
    const ana = visitor(h);
    const first = await ana.get(LINK);
    expect(first.status).toBe(303);
    const signIn = first.headers.get('location')!;
    expect(signIn).toBe(`/signin?next=${encodeURIComponent(LINK)}`);

    const csrf = await ana.csrfOf(signIn);
    const signedIn = await ana.post('/signin', { token: await h.patronToken('ana'), _csrf: csrf, next: LINK });
    expect(signedIn.headers.get('location')).toBe(LINK);
    const form = await (await ana.get(LINK)).text();
    expect(form).toContain('value="9781782274568"');
    expect(form).toContain('value="The Decagon House Murders"');
    expect(form).toContain('value="Ayatsuji, Yukito"');

    const sent = await ana.post('/suggest', {
      isbn: '9781782274568',
      title: 'The Decagon House Murders',
      author: 'Ayatsuji, Yukito',
      format: 'print',
      _csrf: await ana.csrfOf(LINK),
    });
    expect(sent.status).toBe(303);
    const stored = h.db.sqlite.prepare('SELECT given_isbn, given_title FROM suggestions').all();
    expect(stored).toEqual([{ given_isbn: '9781782274568', given_title: 'The Decagon House Murders' }]);
  });

  it('fills nothing for a link about an article', async () => {
    const ana = visitor(h);
    await ana.signIn(await h.patronToken('ana'));
    const form = await (await ana.get('/suggest?rft.genre=article&rft.atitle=A%20paper&rft.jtitle=Nature')).text();
    expect(form).not.toContain('value="A paper"');
    expect(form).not.toContain('value="Nature"');
  });
});
