// The pages' rules, without a browser: sign-in and sessions, forgery protection, cookies and
// security headers, who may open what, the buy list's actions and downloads, the language.
import { SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDelivery } from '../../src/jobs/deliver.js';
import { buildDigest, renderDigest } from '../../src/services/digests.js';
import { importDepartments } from '../../src/services/imports/departments.js';
import { importHoldings } from '../../src/services/imports/holdings.js';
import type { OutgoingMail } from '../../src/context.js';
import { fileSource } from '../../src/node/file-source.js';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { importReadingLists } from '../../src/services/imports/reading-lists.js';
import { runRescoreJobs } from '../../src/services/scoring.js';
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

    describe('with the library’s identity provider', () => {
      const secret = 'a-shared-secret-of-at-least-thirty-two-characters';
      let idp: Harness;
      beforeEach(async () => {
        idp = await harness({
          PUBLIC_BASE_URL: 'https://library.example.edu',
          AUTH_JWT_SECRET: secret,
          AUTH_JWT_AUDIENCE: 'r2b-client',
          AUTH_CLIENT_ID: 'r2b-client',
          AUTH_LOGIN_URL: 'https://idp.example.edu/authorize?tenant=library',
        });
      });
      afterEach(() => idp.close());

      const idToken = (nonce: string | null, sub = '2023001234') => {
        const claims = { name: '陳美玲', locale: 'zh-TW', department: 'HIST', category: 'faculty' };
        return new SignJWT(nonce === null ? claims : { ...claims, nonce })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject(sub)
          .setAudience('r2b-client')
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode(secret));
      };
      const sessions = () => (idp.db.sqlite.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;

      it('starts the sign-in with a state and nonce of this browser’s, and signs the patron in when both come back', async () => {
        const signinPage = await (await visitor(idp).get('/signin?next=%2Fmy%2Fsuggestions')).text();
        expect(signinPage).toContain('href="/signin/library?next=%2Fmy%2Fsuggestions"');

        const v = visitor(idp);
        const start = await v.get('/signin/library?next=%2Fmy%2Fsuggestions');
        expect(start.status).toBe(303);
        const to = new URL(start.headers.get('location')!);
        expect(to.origin + to.pathname).toBe('https://idp.example.edu/authorize');
        expect(Object.fromEntries(to.searchParams)).toEqual({
          tenant: 'library',
          response_type: 'id_token',
          response_mode: 'form_post',
          scope: 'openid profile email',
          redirect_uri: 'https://library.example.edu/signin',
          client_id: 'r2b-client',
          state: expect.stringMatching(/^[\w-]{43}$/),
          nonce: expect.stringMatching(/^[\w-]{43}$/),
        });
        expect(to.searchParams.get('state')).not.toBe(to.searchParams.get('nonce'));
        // Sent back with the provider's cross-site post: SameSite=None, so Secure; for /signin, ten minutes.
        const cookie = start.headers.getSetCookie().find((c) => c.startsWith('r2b_started='))!;
        for (const part of ['Max-Age=600', 'Path=/signin', 'HttpOnly', 'Secure', 'SameSite=None']) {
          expect(cookie).toContain(part);
        }

        const jwt = await idToken(to.searchParams.get('nonce'));
        const back = await v.post(
          '/signin',
          { id_token: jwt, state: to.searchParams.get('state')! },
          {
            origin: 'https://idp.example.edu',
          },
        );
        expect(back.status).toBe(303);
        expect(back.headers.get('location')).toBe('/my/suggestions');
        expect(v.jar.has('r2b_started')).toBe(false);
        const page = await (await v.get('/suggest')).text();
        expect(page).toContain('<html lang="zh-Hant">');
        expect(page).toContain('陳美玲');

        // The same post again (a replay, or a second tab) finds no sign-in waiting for it.
        const w = visitor(idp);
        const replayed = await w.post('/signin', { id_token: jwt, state: to.searchParams.get('state')! });
        expect(replayed.status).toBe(403);
        expect(w.jar.has('r2b_session')).toBe(false);
      });

      it('gives no session to an API token posted as id_token from another site, as in the issue’s curl', async () => {
        const admin = await idp.token('admin');
        const attacker = visitor(idp);
        const posted = await attacker.post(
          '/signin',
          { id_token: admin, next: '/buylist' },
          { origin: 'https://evil.example', 'accept-language': 'zh-CN' },
        );
        expect(posted.status).toBe(403);
        expect(await posted.text()).toContain('此次登录并非在本浏览器中发起');
        expect(attacker.jar.has('r2b_session')).toBe(false);
        // Nor with the state of a sign-in this browser did start: an ID token is a JWT.
        const started = visitor(idp);
        const refused = await started.signInWithLibrary(async () => admin);
        expect(refused.status).toBe(401);
        expect(await refused.text()).toContain('did not succeed');
        expect(started.jar.has('r2b_session')).toBe(false);
        expect(sessions()).toBe(0);
      });

      it('gives no session to a valid JWT posted without the state of a sign-in this browser started', async () => {
        const jwt = await idToken('a-nonce-nobody-was-sent-0123456789abcdef');
        // Another site's form, posted from the victim's browser: no sign-in was started there.
        expect((await visitor(idp).post('/signin', { id_token: jwt }, { origin: 'https://evil.example' })).status).toBe(
          403,
        );
        // A sign-in was started, but the state posted is not its own.
        const v = visitor(idp);
        const start = new URL((await v.get('/signin/library')).headers.get('location')!);
        const jwtForIt = await idToken(start.searchParams.get('nonce'));
        const wrongState = await v.post('/signin', { id_token: jwtForIt, state: 'x'.repeat(43) });
        expect(wrongState.status).toBe(403);
        expect(sessions()).toBe(0);
      });

      it('gives no session to a JWT issued for another sign-in (its nonce) or for none', async () => {
        // The attacker's own sign-in's token, replayed into the victim's sign-in.
        const attackers = visitor(idp);
        const theirs = new URL((await attackers.get('/signin/library')).headers.get('location')!);
        const stolen = await idToken(theirs.searchParams.get('nonce'), 'attacker');
        const victim = visitor(idp);
        expect((await victim.signInWithLibrary(async () => stolen)).status).toBe(401);
        expect((await visitor(idp).signInWithLibrary(() => idToken(null))).status).toBe(401);
        const forged = await visitor(idp).signInWithLibrary(
          async (nonce) => `${(await idToken(nonce)).slice(0, -4)}AAAA`,
        );
        expect(forged.status).toBe(401);
        expect(sessions()).toBe(0);
        expect((await visitor(idp).signInWithLibrary((nonce) => idToken(nonce))).status).toBe(303);
      });

      it('says so when the provider answers with an error instead of a token', async () => {
        const v = visitor(idp);
        const start = new URL((await v.get('/signin/library')).headers.get('location')!);
        const denied = await v.post('/signin', { error: 'access_denied', state: start.searchParams.get('state')! });
        expect(denied.status).toBe(401);
        expect(await denied.text()).toContain('Signing in with your library account did not succeed');
      });

      it('takes only API tokens in the token field, never a JWT', async () => {
        const v = visitor(idp);
        expect((await v.signIn(await idToken(null))).status).toBe(401);
        expect(v.jar.has('r2b_session')).toBe(false);
      });
    });

    it('offers no library sign-in when no identity provider is set up', async () => {
      expect(await (await visitor(h).get('/signin')).text()).not.toContain('/signin/library');
      expect((await visitor(h).get('/signin/library')).status).toBe(404);
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

    it('ask faculty which course a book is for, and keep it with the suggestion', async () => {
      const prof = visitor(h);
      await prof.signIn(await h.patronToken('tom', { category: 'faculty', departmentCode: 'HIST' }));
      const form = await (await prof.get('/suggest')).text();
      expect(form).toContain('<legend class="label">For a course you teach</legend>');
      expect(form).toMatch(/<input type="text" id="courseCode" name="courseCode"/);
      const csrf = await prof.csrfOf('/suggest');
      const sent = await prof.post('/suggest', {
        isbn: '9780393317558',
        courseCode: 'hist 210',
        courseTerm: '2027 Spring',
        courseEnrolment: '45',
        _csrf: csrf,
      });
      expect(sent.status).toBe(303);
      expect(h.db.sqlite.prepare('SELECT course_code, course_term, course_enrolment FROM suggestions').get()).toEqual({
        course_code: 'HIST 210',
        course_term: '2027 Spring',
        course_enrolment: 45,
      });
      const status = await (await prof.get(sent.headers.get('location')!)).text();
      expect(status).toContain('<dd>HIST 210, 2027 Spring, 45 students</dd>');
    });

    it('say what is wrong with a course beside its field, keeping what was typed', async () => {
      const prof = visitor(h);
      await prof.signIn(await h.patronToken('tom', { category: 'faculty' }));
      const csrf = await prof.csrfOf('/suggest');
      const response = await prof.post('/suggest', {
        title: 'The Atlantic World',
        courseCode: 'HIST 210',
        courseTerm: '',
        courseEnrolment: 'forty',
        _csrf: csrf,
      });
      expect(response.status).toBe(422);
      const html = await response.text();
      expect(html).toContain(
        '<span class="field-error" id="courseTerm-error">A course needs its code, term and enrolment: fill this in, or leave all three empty.</span>',
      );
      expect(html).toContain(
        '<span class="field-error" id="courseEnrolment-error">Give the number of students as a whole number from 1 to 5,000.</span>',
      );
      expect(html).toContain('value="forty"');
      expect(html).toMatch(/<a href="#courseEnrolment">/);
      expect(h.db.sqlite.prepare('SELECT count(*) AS n FROM suggestions').get()).toEqual({ n: 0 });
    });

    it('tell a patron in their language that a reading list asked for the book first', async () => {
      await importReadingLists(
        h.deps,
        bufferSource(
          'hist.csv',
          Buffer.from('course_code,term,enrolment,isbn,importance\nHIST 210,2027 Spring,45,9780393317558,Essential\n'),
        ),
      );
      const v = visitor(h);
      await v.signIn(await h.patronToken('mei', { locale: 'zh-Hans' }));
      const sent = await v.post('/suggest', { isbn: '9780393317558', _csrf: await v.csrfOf('/suggest') });
      const status = await (await v.get(sent.headers.get('location')!)).text();
      expect(status).toContain('列入HIST 210课程的阅读书目。');
      expect(status).not.toContain('on the reading list');
    });

    it('offer no course to a student, and refuse one sent anyway with a sentence, not a field', async () => {
      const v = visitor(h);
      await v.signIn(anaToken);
      const form = await (await v.get('/suggest')).text();
      expect(form).not.toContain('courseCode');
      const csrf = await v.csrfOf('/suggest');
      const forged = await v.post('/suggest', {
        title: 'The Atlantic World',
        courseCode: 'HIST 210',
        courseTerm: '2027 Spring',
        courseEnrolment: '45',
        _csrf: csrf,
      });
      expect(forged.status).toBe(422);
      expect(await forged.text()).toContain('<li>Only faculty and liaisons can suggest a book for a course.</li>');
      expect(h.db.sqlite.prepare('SELECT count(*) AS n FROM suggestions').get()).toEqual({ n: 0 });
    });

    it('tell a patron where a book the library has is, offering no “Add your voice”, and take no suggestion of it', async () => {
      const library = await harness({ CATALOGUE_URL: 'https://catalogue.example.edu/record/{isbn}' });
      try {
        // Tom asked for it before the library catalogued its copy.
        const tom = await library.patronToken('tom');
        await library.call('POST', '/api/v1/suggestions', { token: tom, body: { isbn: '0262032937' } });
        const records = new URL('../../fixtures/marc/pymarc_marc.dat', import.meta.url).pathname;
        await importHoldings(library.deps, fileSource(records));
        const ana = visitor(library);
        await ana.signIn(await library.patronToken('ana'));
        const form = await (await ana.get('/suggest?isbn=0262032937')).text();
        expect(form).toContain('The library already has this book (1 copy):</strong> QA76.6 .I5858 2001');
        expect(form).toContain(
          '<a href="https://catalogue.example.edu/record/9780262032933">See it in the catalogue</a>',
        );
        expect(form).not.toContain('Add your voice');
        const csrf = await ana.csrfOf('/suggest');
        const sent = await ana.post('/suggest', { isbn: '0262032937', voice: '1', _csrf: csrf });
        expect(sent.status).toBe(409);
        expect(await sent.text()).toContain(
          'The library already has this book (QA76.6 .I5858 2001), so it is not suggested: you can borrow it.',
        );
        expect(library.db.sqlite.prepare('SELECT count(*) AS n FROM suggestions').get()).toEqual({ n: 1 });
      } finally {
        library.close();
      }
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

    it('carry an icon for the browser’s tab, which is also at /favicon.ico', async () => {
      const html = await (await visitor(h).get('/signin')).text();
      const href = /<link rel="icon" type="image\/svg\+xml" href="([^"]+)"/.exec(html)?.[1];
      expect(href).toMatch(/^\/assets\/icon\.svg\?v=\w+$/);
      for (const path of [href!, '/favicon.ico']) {
        const icon = await h.app.request(path);
        expect(icon.status, path).toBe(200);
        expect(icon.headers.get('content-type')).toBe('image/svg+xml');
        expect(await icon.text()).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      }
    });

    it('name the book once on its status page', async () => {
      const v = visitor(h);
      await v.signIn(anaToken);
      const sent = await v.post('/suggest', {
        title: 'Seeing Like a State',
        author: 'James C. Scott',
        _csrf: await v.csrfOf('/suggest'),
      });
      const html = await (await v.get(sent.headers.get('location')!)).text();
      const main = /<main[^]*<\/main>/.exec(html)![0];
      expect(main.match(/Seeing Like a State/g)).toHaveLength(1);
      expect(main).toContain('<h1 class="book-title">Seeing Like a State</h1>');
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
      const missing = await liaison.get('/my/suggestions/abc', { accept: 'text/html' });
      expect(missing.status).toBe(404);
      expect(await missing.text()).toContain('Page not found');
    });

    it('answer a refusal no page words itself with a page in the reader’s language, not the API’s English', async () => {
      const staff = visitor(h);
      await staff.signIn(await h.token('admin'));
      await staff.get('/lang/zh-Hant?next=%2F');
      // This token speaks for no patron: the service refuses its suggestion.
      const refused = await staff.post('/suggest', { title: 'A book', _csrf: await staff.csrfOf('/buylist') });
      expect(refused.status).toBe(403);
      const html = await refused.text();
      expect(html).toContain('<h1>此帳號無權存取</h1>');
      expect(html).not.toMatch(/patron|token/i);
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

  describe('a title known only by its ISBN', () => {
    it('is named by its ISBN, hyphenated, with its details to come: on the pages, in the exports, messages and digest', async () => {
      const mail: OutgoingMail[] = [];
      const withMail = await harness({}, { mailer: { send: async (m) => void mail.push(m) } });
      try {
        await importDepartments(
          withMail.deps,
          fileSource(new URL('../../fixtures/demo/departments.csv', import.meta.url).pathname),
        );
        const wei = await withMail.patronToken('wei', {
          email: 'wei@example.edu',
          departmentCode: 'CS',
          locale: 'zh-Hans',
        });
        const ana = await withMail.patronToken('ana', { email: 'ana@example.edu', departmentCode: 'CS' });
        const patron = visitor(withMail);
        await patron.signIn(ana);
        // No provider answers in the tests: the book keeps no name but its ISBN.
        const sent = await patron.post('/suggest', { isbn: '9780262046305', _csrf: await patron.csrfOf('/suggest') });
        const english = 'ISBN 978-0-262-04630-5 (details to come)';
        const status = await (await patron.get(sent.headers.get('location')!)).text();
        expect(status).toContain(`<h1 class="book-title">${english}</h1>`);
        expect(status).not.toMatch(/Untitled|>9780262046305</);
        expect(await (await patron.get('/my/suggestions')).text()).toContain(english);
        await withMail.call('POST', '/api/v1/suggestions', { token: wei, body: { isbn: '0-262-04630-X' } });

        const selector = visitor(withMail);
        await selector.signIn(await withMail.token('selector', { externalId: 'priya' }));
        expect(await (await selector.get('/buylist?department=CS')).text()).toMatch(
          new RegExp(`<strong><a href="/titles/\\d+">${english.replace(/[()]/g, '\\$&')}</a></strong>`),
        );
        expect(await (await selector.get('/buylist/export?department=CS&as=csv')).text()).toContain(english);
        const marc = await selector.get('/buylist/export?department=CS&as=marc');
        expect(Buffer.from(await marc.arrayBuffer()).toString('utf8')).toContain(english);

        const digest = await buildDigest(withMail.deps, 'CS', withMail.now);
        const rendered = renderDigest(withMail.deps, digest);
        expect(rendered.text).toContain(english);
        expect(rendered.text).not.toMatch(/\?\s/);

        await runDelivery(withMail.deps);
        const subjects = mail.map((m) => m.subject);
        expect(subjects).toContain(`We received your suggestion: ${english}`);
        expect(subjects).toContain('我们已收到您的荐购：ISBN 978-0-262-04630-5（书目信息待补充）');
      } finally {
        withMail.close();
      }
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

    it('moves the chosen titles together, and says apart which moved and why each other could not, by its name', async () => {
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
      expect(page).toContain('<p class="flash" role="status">2 titles now Approved.</p>');
      expect(page).toMatch(
        /<div class="flash error" role="alert">[^]*1 title could not be moved:[^]*“Third book” is Not purchased, so it cannot be moved to Approved\./,
      );
      const statuses = h.db.sqlite.prepare('SELECT status FROM titles ORDER BY id').all();
      expect(statuses).toEqual([{ status: 'approved' }, { status: 'approved' }, { status: 'rejected' }]);
    });

    it('says why a title could not move in the page’s language, with no id, pointer or status code', async () => {
      const [a] = await threeTitles();
      const selector = visitor(h, { 'accept-language': 'zh-CN' });
      await selector.signIn(selectorToken);
      await selector.get('/lang/zh-Hans?next=%2Fbuylist');
      const csrf = await selector.csrfOf('/buylist');
      await selector.post('/buylist/status', { title: a!, to: 'in_review', _csrf: csrf });
      await selector.post('/buylist/status', { title: a!, to: 'ordered', _csrf: csrf });
      const page = await (await selector.get('/buylist')).text();
      expect(page).toContain('《First book》目前为“审核中”，不能改为“已订购”。');
      const refusal = /<div class="flash error"[^]*?<\/div>/.exec(page)![0].replace(/<[^>]*>/g, '');
      // Nothing but the book's own name is in letters or digits.
      expect(refusal.replace('First book', '')).not.toMatch(/[A-Za-z0-9#/]/);
    });

    it('requires a reason to reject, in the form and again on the server, and moves nothing without one', async () => {
      const [a, b] = await threeTitles();
      const selector = visitor(h);
      await selector.signIn(selectorToken);
      const list = await (await selector.get('/buylist')).text();
      expect(list).toMatch(/<select id="reason-\d+-rejected" name="reason" required="">/);
      expect(list).toMatch(/<option value="rejected" data-needs-reason="true">/);
      const csrf = await selector.csrfOf('/buylist');
      await selector.post('/buylist/status', { title: [a!, b!], to: 'rejected', _csrf: csrf });
      expect(await (await selector.get('/buylist')).text()).toContain(
        'Nothing was moved: choose a reason to move titles to Not purchased. Their requesters will read it.',
      );
      await selector.post('/buylist/status', { title: a!, to: 'rejected', reason: 'x'.repeat(4001), _csrf: csrf });
      expect(await (await selector.get('/buylist')).text()).toContain('Nothing was moved: the reason is too long.');
      await selector.post('/buylist/status', { title: a!, to: 'lost_at_sea', _csrf: csrf });
      expect(await (await selector.get('/buylist')).text()).toContain(
        'Nothing was moved: choose what to do with the selected titles from the list.',
      );
      expect(h.db.sqlite.prepare("SELECT count(*) AS n FROM titles WHERE status = 'submitted'").get()).toEqual({
        n: 3,
      });
    });

    it('shows where a budget typed in runs out, and says how many titles fit in words that count', async () => {
      await threeTitles();
      h.db.sqlite.prepare("UPDATE titles SET price_cents = id * 1000 + 1000, price_currency = 'USD'").run();
      const selector = visitor(h);
      await selector.signIn(selectorToken);
      const list = (query: string) => selector.get(`/buylist?department=CS&${query}`).then((r) => r.text());
      const one = await list('budget=25');
      expect(one).toContain('name="budget" value="25"');
      expect(one).toContain('The first title fits ($20.00).');
      expect(one.match(/<tr class="cut">/g)).toHaveLength(1);
      expect(one.indexOf('The budget runs out here')).toBeGreaterThan(one.indexOf('First book'));
      expect(one.indexOf('The budget runs out here')).toBeLessThan(one.indexOf('Second book'));
      expect(await list('budget=55')).toContain('The first 2 titles fit ($50.00).');
      expect(await list('budget=10')).toContain('None of these titles fits in what remains of the budget.');
      expect(await list('budget=1000')).toContain('All 3 titles shown fit ($90.00).');
      // The downloads are of the list shown, with its budget.
      expect(await list('budget=25')).toContain('href="/buylist/export?department=CS&amp;budget=25&amp;as=csv"');
      const wrong = await selector.get('/buylist?department=CS&budget=lots');
      expect(wrong.status).toBe(422);
      expect(await wrong.text()).toContain('Give the budget as an amount, such as 1500 or 1500.50.');
      await selector.get('/lang/zh-Hant?next=%2F');
      expect(await list('budget=10')).toContain('剩餘預算容納不下其中任何一種。');
      expect(await list('budget=25')).toContain('前 1 種在預算之內（US$20.00）。');
    });

    it('shows a liaison their own department’s list to read, with nothing to move, and no other department’s', async () => {
      await threeTitles();
      const liaison = visitor(h);
      await liaison.signIn(await h.token('liaison', undefined, 'CS'));
      const page = await liaison.get('/buylist');
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<a href="/buylist" aria-current="page">Buy list</a>');
      expect(html).toContain('Computer Science');
      expect(html).toContain('First book');
      expect(html).toContain('Budget $300.00');
      expect(html).not.toContain('action="/buylist/status"');
      expect(html).not.toContain('id="f-department"');
      expect((await liaison.get('/buylist?department=HIST')).status).toBe(403);
      expect((await liaison.get('/buylist/export?as=csv')).status).toBe(200);
      const titleId = String((h.db.sqlite.prepare('SELECT id FROM titles LIMIT 1').get() as { id: number }).id);
      const moved = await liaison.post('/buylist/status', { title: titleId, to: 'approved', _csrf: 'x' });
      expect(moved.status).toBe(403);
      expect(h.db.sqlite.prepare("SELECT count(*) AS n FROM titles WHERE status = 'submitted'").get()).toEqual({
        n: 3,
      });
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

    it('shows the copies a course calls for beside the price, and the course in the reason', async () => {
      const prof = visitor(h);
      await prof.signIn(await h.patronToken('tom', { category: 'faculty', departmentCode: 'HIST' }));
      await prof.post('/suggest', {
        title: 'The Atlantic World',
        author: 'Egerton',
        courseCode: 'HIST 210',
        courseTerm: '2027 Spring',
        courseEnrolment: '120',
        _csrf: await prof.csrfOf('/suggest'),
      });
      await runRescoreJobs(h.deps);
      const selector = visitor(h);
      await selector.signIn(selectorToken);
      const page = await (await selector.get('/buylist')).text();
      expect(page).toContain('<th scope="col" class="num">Copies</th>');
      expect(page).toMatch(/for HIST 210, 120 students/);
      // 120 students of recommended reading, at 25 a copy.
      expect(page).toMatch(/<td class="num">–<\/td><td class="num">5<\/td>/);
      expect(page).toContain('<dt>Course use</dt>');
    });

    it('refuses, as a page that says so, a filter none of its forms makes, and lists nothing', async () => {
      await threeTitles();
      const selector = visitor(h);
      await selector.signIn(selectorToken);
      for (const query of ['limit=5000', 'limit=many', 'format=vinyl', 'all=maybe', `department=${'X'.repeat(41)}`]) {
        for (const path of ['/buylist', '/buylist/export']) {
          const refused = await selector.get(`${path}?${query}`);
          expect(refused.status, `${path}?${query}`).toBe(422);
          const html = await refused.text();
          expect(html).toContain('The list cannot be shown with these filters. Choose them again from the lists.');
          expect(html).not.toContain('First book');
        }
      }
      // The page shows the list with the budget field marked; a download is of the list as asked, or none.
      expect((await selector.get('/buylist?budget=lots')).status).toBe(422);
      expect(await (await selector.get('/buylist?budget=lots')).text()).toContain('First book');
      expect((await selector.get('/buylist/export?as=csv&budget=lots')).status).toBe(422);
    });

    it('reads a field the form sends empty as a filter not set', async () => {
      await threeTitles();
      const selector = visitor(h);
      await selector.signIn(selectorToken);
      const sent = await selector.get('/buylist?department=CS&fund=&discipline=&status=&format=&limit=100&budget=');
      expect(sent.status).toBe(200);
      expect(await sent.text()).toContain('Third book');
    });

    it('lists as many titles as asked for, within what the API allows', async () => {
      await threeTitles();
      const selector = visitor(h);
      await selector.signIn(selectorToken);
      const page = await (await selector.get('/buylist?limit=2')).text();
      expect(page).toContain('Second book');
      expect(page).not.toContain('Third book');
      expect(page).toContain('<option value="2" selected="">2</option>');
    });

    it('makes the move that carries a purchase forward the button to press, the others secondary', async () => {
      await threeTitles();
      const selector = visitor(h);
      await selector.signIn(selectorToken);
      const page = await (await selector.get('/buylist')).text();
      expect(page).toContain('class="small" aria-label="Approve: First book"');
      expect(page).toContain('class="small secondary" aria-label="Review: First book"');
      expect(page).toContain('class="small secondary" aria-label="Already held: First book"');
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
