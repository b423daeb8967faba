// The pages' rules, without a browser: sign-in and sessions, forgery protection, cookies and
// security headers, who may open what, the buy list's actions and downloads, the language.
import { SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importDepartments } from '../../src/services/imports/departments.js';
import { fileSource } from '../../src/services/imports/file-source.js';
import { type Harness, harness } from '../api/harness.js';
import { visitor } from '../support/visitor.js';

describe('the web pages', () => {
  let h: Harness;
  let selectorToken: string;
  let anaToken: string;

  beforeEach(async () => {
    h = await harness({ PUBLIC_BASE_URL: 'https://library.example.edu' });
    await importDepartments(
      h.deps,
      fileSource(new URL('../../fixtures/demo/departments.csv', import.meta.url).pathname),
    );
    selectorToken = await h.token('selector', { externalId: 'priya', displayName: 'Priya' });
    anaToken = await h.patronToken('ana', { displayName: 'Ana', departmentCode: 'CS' });
  });
  afterEach(() => h.close());

  describe('signing in', () => {
    it('sends visitors to sign in and back where they were going', async () => {
      const v = visitor(h);
      const first = await v.get('/my/suggestions');
      expect(first.status).toBe(303);
      expect(first.headers.get('location')).toBe('/signin?next=%2Fmy%2Fsuggestions');
      const csrf = await v.csrfOf('/signin?next=%2Fmy%2Fsuggestions');
      const signedIn = await v.post('/signin', { token: anaToken, _csrf: csrf, next: '/my/suggestions' });
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.get('location')).toBe('/my/suggestions');
      expect((await v.get('/my/suggestions')).status).toBe(200);
    });

    it('sets the session cookie HttpOnly, SameSite and Secure on an https site, and stores only its hash', async () => {
      const v = visitor(h);
      const response = await v.signIn(anaToken);
      const cookie = response.headers.getSetCookie().find((c) => c.startsWith('r2b_session='))!;
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).toMatch(/Secure/);
      const secret = v.jar.get('r2b_session')!;
      const stored = h.db.sqlite.prepare('SELECT id_hash FROM sessions').all() as { id_hash: string }[];
      expect(stored).toHaveLength(1);
      expect(stored[0]!.id_hash).not.toContain(secret);
      expect(stored[0]!.id_hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('refuses a wrong token with a message, and a sign-in posted from another site', async () => {
      const v = visitor(h);
      const refused = await v.signIn('r2b_not_a_real_token');
      expect(refused.status).toBe(401);
      expect(await refused.text()).toContain('That token is not valid');
      const csrf = await v.csrfOf('/signin');
      const forged = await v.post('/signin', { token: anaToken, _csrf: csrf }, { origin: 'https://evil.example' });
      expect(forged.status).toBe(403);
      const noToken = await v.post('/signin', { token: anaToken, _csrf: 'guessed' });
      expect(noToken.status).toBe(403);
      expect(v.jar.has('r2b_session')).toBe(false);
    });

    it('goes only to pages of this site after signing in', async () => {
      for (const next of ['//evil.example/x', 'https://evil.example', '/\\evil.example']) {
        const v = visitor(h);
        const csrf = await v.csrfOf('/signin');
        const response = await v.post('/signin', { token: anaToken, _csrf: csrf, next });
        expect(response.headers.get('location')).toBe('/suggest');
      }
    });

    it('signs a patron in with the JWT the identity provider posts back', async () => {
      const secret = 'a-shared-secret-of-at-least-thirty-two-characters';
      const idp = await harness({ AUTH_JWT_SECRET: secret, AUTH_LOGIN_URL: 'https://idp.example.edu/authorize' });
      try {
        const signinPage = await (await visitor(idp).get('/signin')).text();
        expect(signinPage).toContain('href="https://idp.example.edu/authorize"');
        const jwt = await new SignJWT({ name: '陳美玲', locale: 'zh-TW', department: 'HIST', category: 'faculty' })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('2023001234')
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode(secret));
        const v = visitor(idp);
        // The provider's form posts from its own site: the signed token is the proof.
        const response = await v.post('/signin', { id_token: jwt }, { origin: 'https://idp.example.edu' });
        expect(response.headers.get('location')).toBe('/suggest');
        const page = await (await v.get('/suggest')).text();
        expect(page).toContain('<html lang="zh-Hant">');
        expect(page).toContain('陳美玲');
        const forged = await visitor(idp).post('/signin', { id_token: `${jwt.slice(0, -4)}AAAA` });
        expect(forged.status).toBe(401);
      } finally {
        idp.close();
      }
    });

    it('ends the session on sign-out and when the token is revoked', async () => {
      const v = visitor(h);
      await v.signIn(anaToken);
      const csrf = await v.csrfOf('/suggest');
      expect((await v.post('/signout', { _csrf: csrf })).headers.get('location')).toBe('/signin');
      expect((await v.get('/suggest')).status).toBe(303);
      expect(h.db.sqlite.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 });

      const w = visitor(h);
      await w.signIn(anaToken);
      h.db.sqlite.prepare('UPDATE api_tokens SET revoked_at = 1').run();
      expect((await w.get('/suggest')).headers.get('location')).toBe('/signin?next=%2Fsuggest');
    });

    it('ends a session after twelve hours', async () => {
      const v = visitor(h);
      await v.signIn(anaToken);
      h.advance(11 * 3_600_000);
      expect((await v.get('/suggest')).status).toBe(200);
      h.advance(2 * 3_600_000);
      expect((await v.get('/suggest')).status).toBe(303);
    });
  });

  describe('forms', () => {
    it('take a suggestion only with the session’s token, from this site', async () => {
      const v = visitor(h);
      await v.signIn(anaToken);
      const csrf = await v.csrfOf('/suggest');
      expect((await v.post('/suggest', { title: 'Forged', _csrf: 'nope' })).status).toBe(403);
      expect(
        (await v.post('/suggest', { title: 'Forged', _csrf: csrf }, { origin: 'https://evil.example' })).status,
      ).toBe(403);
      const sent = await v.post('/suggest', { title: 'Real book', author: 'Someone', _csrf: csrf });
      expect(sent.status).toBe(303);
      expect(sent.headers.get('location')).toMatch(/^\/my\/suggestions\/\d+$/);
      expect(h.db.sqlite.prepare("SELECT count(*) AS n FROM suggestions WHERE channel = 'web'").get()).toEqual({
        n: 1,
      });
    });

    it('show what is wrong beside the field, keeping what was typed', async () => {
      const v = visitor(h);
      await v.signIn(anaToken);
      const csrf = await v.csrfOf('/suggest');
      const response = await v.post('/suggest', {
        isbn: '978-0-13-235088-5',
        reason: 'For CS201 <b>now</b>',
        needBy: '2020-01-01',
        _csrf: csrf,
      });
      expect(response.status).toBe(422);
      const html = await response.text();
      expect(html).toContain('id="isbn-error"');
      expect(html).toContain('The check digit does not match');
      expect(html).toContain('aria-invalid="true"');
      expect(html).toContain('value="978-0-13-235088-5"');
      expect(html).toContain('For CS201 &lt;b&gt;now&lt;/b&gt;');
      expect(h.db.sqlite.prepare('SELECT count(*) AS n FROM suggestions').get()).toEqual({ n: 0 });
    });

    it('say what is wrong with an ISBN once beside it and once in the summary, with the likely ISBNs as links', async () => {
      const v = visitor(h);
      await v.signIn(anaToken);
      const csrf = await v.csrfOf('/suggest');
      // K&R's 0-13-110362-8 with the last digit mistyped
      const html = await (await v.post('/suggest', { isbn: '0-13-110362-9', _csrf: csrf })).text();
      expect(html.split('The check digit does not match').length - 1).toBe(2);
      expect(html).toMatch(/<div class="error-summary"[^]*The check digit does not match[^]*<\/ul>/);
      expect(html).toContain('<span class="field-error" id="isbn-error">The check digit does not match');
      expect(html).toContain('<a href="/suggest?isbn=9780131103627">9780131103627</a>');
      // Looked up without sending, the panel itself says what is wrong: once.
      const looked = await (await v.post('/suggest', { isbn: '0-13-110362-9', lookup: '1', _csrf: csrf })).text();
      expect(looked.split('The check digit does not match').length - 1).toBe(1);
      expect(looked).toContain('<a href="/suggest?isbn=9780131103627">9780131103627</a>');
    });

    it('refuse an oversized form with 413', async () => {
      const v = visitor(h);
      await v.signIn(anaToken);
      const csrf = await v.csrfOf('/suggest');
      const response = await v.post('/suggest', { reason: 'x'.repeat(70_000), _csrf: csrf });
      expect(response.status).toBe(413);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
    });

    it('send a second suggestion of the same book to the first one’s page', async () => {
      const v = visitor(h);
      await v.signIn(anaToken);
      const csrf = await v.csrfOf('/suggest');
      const first = await v.post('/suggest', { isbn: '9780132350884', _csrf: csrf });
      const again = await v.post('/suggest', { isbn: '0-13-235088-2', _csrf: csrf });
      expect(again.headers.get('location')).toBe(first.headers.get('location'));
      expect(await (await v.get(again.headers.get('location')!)).text()).toContain('You suggested this book before');
    });
  });

  describe('pages', () => {
    it('carry security headers and are never cached by shared caches', async () => {
      const v = visitor(h);
      await v.signIn(anaToken);
      const response = await v.get('/suggest');
      const csp = response.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('cache-control')).toBe('private, no-store');
      const html = await response.text();
      expect(html).not.toMatch(/<script>(?!<\/script>)|\son[a-z]+=/i);
    });

    it('keep each patron’s suggestions to themselves', async () => {
      const ana = visitor(h);
      await ana.signIn(anaToken);
      const csrf = await ana.csrfOf('/suggest');
      const mine = (await ana.post('/suggest', { title: 'Private reading', _csrf: csrf })).headers.get('location')!;
      const other = visitor(h);
      await other.signIn(await h.patronToken('bo'));
      const peek = await other.get(mine);
      expect(peek.status).toBe(404);
      expect(await peek.text()).not.toContain('Private reading');
      expect(await (await other.get('/my/suggestions')).text()).not.toContain('Private reading');
    });

    it('are refused, as pages, to roles they are not for', async () => {
      const ana = visitor(h);
      await ana.signIn(anaToken);
      const buyList = await ana.get('/buylist');
      expect(buyList.status).toBe(403);
      expect(buyList.headers.get('content-type')).toMatch(/text\/html/);
      const liaison = visitor(h);
      await liaison.signIn(await h.token('liaison', undefined, 'CS'));
      expect((await liaison.get('/departments/CS')).status).toBe(200);
      expect((await liaison.get('/departments/HIST')).status).toBe(403);
      expect((await liaison.get('/departments/CS/digest')).status).toBe(200);
      expect((await liaison.get('/buylist')).status).toBe(403);
      const missing = await liaison.get('/my/suggestions/abc', { accept: 'text/html' });
      expect(missing.status).toBe(404);
      expect(await missing.text()).toContain('Page not found');
    });

    it('answer in the chosen language, else the patron’s, else the browser’s', async () => {
      const v = visitor(h, { 'accept-language': 'zh-TW,zh;q=0.9' });
      expect(await (await v.get('/signin')).text()).toContain('<html lang="zh-Hant">');
      await v.signIn(anaToken);
      expect(await (await v.get('/suggest')).text()).toContain('<html lang="en">');
      const switched = await v.get('/lang/zh-Hans?next=%2Fsuggest');
      expect(switched.headers.get('location')).toBe('/suggest');
      expect(await (await v.get('/suggest')).text()).toContain('荐购图书');
      expect((await v.get('/lang/zh-Hans?next=https%3A%2F%2Fevil.example')).headers.get('location')).toBe('/');
    });
  });

  describe('the buy list', () => {
    async function threeTitles() {
      const ana = visitor(h);
      await ana.signIn(anaToken);
      const csrf = await ana.csrfOf('/suggest');
      for (const title of ['First book', 'Second book', 'Third book']) {
        await ana.post('/suggest', { title, author: 'An Author', _csrf: csrf });
      }
      const ids = h.db.sqlite.prepare('SELECT id FROM titles ORDER BY id').all() as { id: number }[];
      return ids.map((r) => String(r.id));
    }

    it('moves the chosen titles together, and says which could not move and why', async () => {
      const [a, b, c] = await threeTitles();
      const selector = visitor(h);
      await selector.signIn(selectorToken);
      const csrf = await selector.csrfOf('/buylist');
      await selector.post('/buylist/status', { title: c!, to: 'rejected', reason: 'out_of_print', _csrf: csrf });
      const response = await selector.post('/buylist/status', {
        title: [a!, b!, c!],
        to: 'approved',
        back: '?department=CS',
        _csrf: csrf,
      });
      expect(response.headers.get('location')).toBe('/buylist?department=CS');
      const page = await (await selector.get('/buylist?department=CS')).text();
      expect(page).toContain('2 titles now Approved.');
      expect(page).toContain('1 title could not be moved');
      const statuses = h.db.sqlite.prepare('SELECT status FROM titles ORDER BY id').all();
      expect(statuses).toEqual([{ status: 'approved' }, { status: 'approved' }, { status: 'rejected' }]);
    });

    it('requires a reason to reject, as the workflow says', async () => {
      const [a] = await threeTitles();
      const selector = visitor(h);
      await selector.signIn(selectorToken);
      const csrf = await selector.csrfOf('/buylist');
      await selector.post('/buylist/status', { title: a!, to: 'rejected', _csrf: csrf });
      expect(await (await selector.get('/buylist')).text()).toContain('1 title could not be moved');
      expect(h.db.sqlite.prepare('SELECT status FROM titles WHERE id = ?').get(a)).toEqual({ status: 'submitted' });
    });

    it('downloads the list shown, as CSV and as MARC order records', async () => {
      await threeTitles();
      const selector = visitor(h);
      await selector.signIn(selectorToken);
      const csv = await selector.get('/buylist/export?department=CS&as=csv');
      expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
      expect(csv.headers.get('content-disposition')).toMatch(/buylist-CS-2026-03-02\.csv/);
      expect((await csv.text()).split('\n').filter(Boolean)).toHaveLength(4);
      const marc = await selector.get('/buylist/export?department=CS&as=marc');
      expect(marc.headers.get('content-type')).toBe('application/marc');
      const bytes = new Uint8Array(await marc.arrayBuffer());
      expect(bytes.filter((b) => b === 0x1d)).toHaveLength(3);
    });

    it('shows titles of one status, approved ones to order, without a cut line', async () => {
      const [a] = await threeTitles();
      const selector = visitor(h);
      await selector.signIn(selectorToken);
      const csrf = await selector.csrfOf('/buylist');
      await selector.post('/buylist/status', { title: a!, to: 'approved', _csrf: csrf });
      const page = await (await selector.get('/buylist?status=approved&department=CS')).text();
      expect(page).toContain('First book');
      expect(page).not.toContain('Second book');
      expect(page).toContain('aria-label="Order: First book"');
      expect(page).not.toContain('The budget runs out here');
    });
  });
});
