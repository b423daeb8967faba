// Hostile input. Generated ISBN strings, JSON bodies, query strings, credentials, CSV files
// and MARC records are thrown at the parsers and the endpoints: nothing crashes, nothing
// answers 500, and every refusal is a problem+json that names the field (or a rejected row
// with its line and reason). Oversized bodies and files are refused with 413. Text with markup,
// control characters and every script survives storage, the exports and the pages and emails,
// escaped wherever it is HTML.
//
// Each property runs on the number of generated inputs given to runs(): a few dozen to a few
// hundred in `npm test`, 25 times as many with R2B_LONG=1.
import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { spreadsheetSafe } from '../../src/services/exports/buylist-csv.js';
import fc from 'fast-check';
import marcjs from 'marcjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runDelivery } from '../../src/jobs/deliver.js';
import { runDigests } from '../../src/jobs/digest.js';
import { extractIsbn13s, parseIsbn, toIsbn13 } from '../../src/domain/isbn.js';
import { importDepartments } from '../../src/services/imports/departments.js';
import { fileSource } from '../../src/node/file-source.js';
import { readIso2709 } from '../../src/services/imports/marc.js';
import type { Mailer, OutgoingMail } from '../../src/context.js';
import { smtpMailer } from '../../src/services/notifications/smtp.js';
import { uiRouter } from '../../src/ui/index.js';
import { type Harness, harness } from '../api/harness.js';
import { startSmtp } from '../support/smtp-server.js';
import {
  anyCodePoint,
  escapeHtml,
  expectProblem,
  HOSTILE_PIECES,
  hostileText,
  LONG,
  NO_LIMITS,
  runs,
  type Visitor,
  visitor,
} from './support.js';

// The long runs (R2B_LONG=1) take minutes.
if (LONG) vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const fixture = (path: string) => new URL(`../../fixtures/${path}`, import.meta.url).pathname;

/** Generated inputs per property; R2B_LONG=1 gives 25 times as many. */
const RUNS = {
  isbnParser: runs(1000),
  isbnSpellings: runs(500),
  isbnTypos: runs(500),
  isbnEndpoints: runs(150),
  jsonBodies: runs(200),
  rawBodies: runs(150),
  contentTypes: runs(60),
  selectorActions: runs(100),
  queries: runs(150),
  credentials: runs(100),
  forms: runs(60),
  redirects: runs(60),
  pagePaths: runs(200),
  csvFiles: runs(40),
  fileBytes: runs(30),
  marcRoundTrip: runs(40),
  marcDamaged: runs(40),
  marcXml: runs(40),
  textSurvives: runs(25),
};

// ISBN check digits, computed here independently of the code under test.
function check13(twelve: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(twelve[i]) * (i % 2 ? 3 : 1);
  return String((10 - (sum % 10)) % 10);
}
function check10(nine: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}
const isValid13 = (isbn: string) => /^97[89]\d{10}$/.test(isbn) && check13(isbn.slice(0, 12)) === isbn[12];

const isbn13 = fc
  .tuple(fc.constantFrom('978', '979'), fc.stringMatching(/^\d{9}$/))
  .map(([prefix, body]) => prefix + body + check13(prefix + body));
const isbn10 = fc.stringMatching(/^\d{9}$/).map((body) => body + check10(body));

/** An ISBN as catalogues and patrons write it: hyphens, spaces, "ISBN", "(pbk.)" around it. */
const spelled = (compact: string) =>
  fc
    .tuple(
      fc.array(fc.constantFrom('', '', '', '-', ' '), { minLength: compact.length, maxLength: compact.length }),
      fc.constantFrom('', 'ISBN ', 'ISBN: ', '(', 'isbn ', ' '),
      fc.constantFrom('', ' (pbk.)', 'pbk.', ') :', ' : alk. paper', ' ', '(hbk)'),
      fc.boolean(),
    )
    .map(([gaps, before, after, lower]) => {
      const digits = [...(lower ? compact.toLowerCase() : compact)];
      return before + digits.map((d, i) => (i < digits.length - 1 ? d + gaps[i] : d)).join('') + after;
    });

/** A valid ISBN with one character changed: a typo every check digit catches. */
const mistyped = fc.tuple(fc.oneof(isbn13, isbn10), fc.nat(), fc.integer({ min: 1, max: 9 })).map(([isbn, at, by]) => {
  const i = at % isbn.length;
  const digit = isbn[i] === 'X' ? 10 : Number(isbn[i]);
  const changed = (digit + by) % 10;
  return isbn.slice(0, i) + String(changed) + isbn.slice(i + 1);
});

/** Anything someone might type into the ISBN box. */
const isbnish = fc.oneof(
  isbn13.chain(spelled),
  isbn10.chain(spelled),
  mistyped,
  fc.stringMatching(/^[\dXx\- ]{0,20}$/),
  fc.string({ unit: anyCodePoint, maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('', ' ', '0', '979', '9780', 'n/a', '0-000-00000-0', '9790000000001', '5901234123457', '82341807'),
  fc.constantFrom(...HOSTILE_PIECES),
);

describe('ISBN strings', () => {
  it('parses any string without throwing: what it accepts is a valid ISBN-13, what it refuses it explains, suggesting only valid ISBNs', () => {
    fc.assert(
      fc.property(isbnish, (raw) => {
        const parsed = parseIsbn(raw);
        if (parsed.ok) {
          expect(isValid13(parsed.isbn13)).toBe(true);
          expect(parsed.hyphenated.replace(/-/g, '')).toBe(parsed.isbn13);
        } else {
          expect(parsed.message.trim()).not.toBe('');
          for (const candidate of parsed.candidates) expect(isValid13(candidate), candidate).toBe(true);
        }
        // The importers' quick checks agree with the full parse.
        expect(toIsbn13(raw)).toBe(parsed.ok ? parsed.isbn13 : null);
        expect(extractIsbn13s(raw)[0] ?? null).toBe(toIsbn13(raw));
      }),
      RUNS.isbnParser,
    );
  });

  it('finds the ISBN however it is hyphenated, spaced or wrapped in catalogue text, an ISBN-10 as its ISBN-13', () => {
    const written = fc.oneof(
      isbn13.chain((isbn) => spelled(isbn).map((text) => ({ text, expected: isbn }))),
      isbn10.chain((isbn) => {
        const twelve = `978${isbn.slice(0, 9)}`;
        return spelled(isbn).map((text) => ({ text, expected: twelve + check13(twelve) }));
      }),
    );
    fc.assert(
      fc.property(written, ({ text, expected }) => {
        const parsed = parseIsbn(text);
        expect(parsed.ok && parsed.isbn13, text).toBe(expected);
      }),
      RUNS.isbnSpellings,
    );
  });

  it('catches every single mistyped digit', () => {
    fc.assert(
      fc.property(mistyped, (typo) => {
        const parsed = parseIsbn(typo);
        expect(parsed.ok, typo).toBe(false);
      }),
      RUNS.isbnTypos,
    );
  });

  describe('at the endpoints', () => {
    let h: Harness;
    let patron: string;
    beforeAll(async () => {
      h = await harness(NO_LIMITS);
      patron = await h.patronToken('isbn-typist', { email: 'typist@example.edu' });
    });
    afterAll(() => h.close());

    it('answers a suggestion with 201, 409 for a book suggested before, or 422 pointing at /isbn; the lookup with 200 or 422 naming the isbn parameter', async () => {
      await fc.assert(
        fc.asyncProperty(isbnish, async (raw) => {
          const res = await h.call('POST', '/api/v1/suggestions', { token: patron, body: { isbn: raw } });
          if (res.status === 201) {
            expect(isValid13((await res.json()).title.isbn13)).toBe(true);
          } else {
            const problem = await expectProblem(res, [409, 422]);
            if (problem.status === 409) expect(problem['suggestionId']).toEqual(expect.any(Number));
            else expect(problem.errors!.map((e) => e.pointer)).toEqual(['/isbn']);
          }
          if (/[\ud800-\udfff]/.test(raw)) return; // a lone surrogate cannot be put in a URL
          const lookup = await h.call('GET', `/api/v1/lookup?isbn=${encodeURIComponent(raw)}`, { token: patron });
          if (lookup.status === 200) expect(isValid13((await lookup.json()).isbn13)).toBe(true);
          else expect((await expectProblem(lookup, 422)).errors![0]!.parameter).toBe('isbn');
        }),
        RUNS.isbnEndpoints,
      );
    });
  });
});

const SUGGESTION_FIELDS = ['isbn', 'title', 'author', 'format', 'reason', 'needBy', 'wantsHold'];

const fieldValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  hostileText(4),
  isbnish,
  fc.boolean(),
  fc.constantFrom('print', 'ebook', 'audiobook', '2027-01-15', '2020-01-01', '2027-02-30', '', ' ', 'x'.repeat(5000)),
);

const suggestionBody = fc.oneof(
  fc.record(Object.fromEntries(SUGGESTION_FIELDS.map((f) => [f, fieldValue])), { requiredKeys: [] }),
  fc.record({ title: hostileText(4), author: fc.option(hostileText(3), { nil: undefined }) }, { requiredKeys: [] }),
  fc.dictionary(
    fc.oneof(fc.constantFrom(...SUGGESTION_FIELDS, '__proto__', 'constructor', '', 'a/b', '~1'), fc.string()),
    fieldValue,
    { maxKeys: 5 },
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

describe('JSON bodies, query strings and credentials', () => {
  let h: Harness;
  let patron: string;
  let selector: string;
  let admin: string;
  let titleId: number;
  beforeAll(async () => {
    h = await harness({ ...NO_LIMITS, AUTH_JWT_SECRET: 'a-library-identity-provider-secret-of-32+chars' });
    await importDepartments(h.deps, fileSource(fixture('demo/departments.csv')));
    patron = await h.patronToken('json-patron', { email: 'json@example.edu', departmentCode: 'CS' });
    selector = await h.token('selector');
    admin = await h.token('admin');
    const first = await h.call('POST', '/api/v1/suggestions', { token: patron, body: { isbn: '0132350882' } });
    titleId = (await first.json()).title.id;
  });
  afterAll(() => h.close());

  it('answers any JSON body to POST /suggestions with 201, 409, or a problem pointing at each field at fault', async () => {
    await fc.assert(
      fc.asyncProperty(suggestionBody, async (body) => {
        const res = await h.call('POST', '/api/v1/suggestions', { token: patron, body: JSON.stringify(body) });
        if (res.status === 201) return;
        const problem = await expectProblem(res, [409, 422]);
        if (problem.status !== 422) return;
        const given = body !== null && typeof body === 'object' && !Array.isArray(body) ? Object.keys(body) : [];
        for (const { pointer } of problem.errors!) {
          // The whole body (""), a field it sent, or the field it should have sent.
          const field = pointer.split('/')[1]?.replace(/~1/g, '/').replace(/~0/g, '~');
          if (pointer !== '') expect([...given, ...SUGGESTION_FIELDS]).toContain(field);
        }
      }),
      RUNS.jsonBodies,
    );
  });

  it('answers any text sent as JSON with 400 when it does not parse, and as JSON when it does', async () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.json().map((json) => json.slice(0, Math.max(0, json.length - 1))),
      fc.json().map((json) => `${json}}`),
      fc.constantFrom('', '{', '{"title":"a",}', "{'title':'a'}", '{"title":"a"}{}', '\u0000', '\ufeff{}', 'NaN'),
    );
    await fc.assert(
      fc.asyncProperty(text, async (body) => {
        const res = await h.call('POST', '/api/v1/suggestions', { token: patron, body });
        let parses = true;
        try {
          JSON.parse(body.replace(/^\ufeff/, '')); // a byte-order mark is read past, as decoders do
        } catch {
          parses = false;
        }
        if (res.status === 201) expect(parses).toBe(true);
        else await expectProblem(res, parses ? [409, 422] : [400]);
      }),
      RUNS.rawBodies,
    );
  });

  it('refuses a body that is not JSON with 415, whatever it claims to be', async () => {
    const type = fc.oneof(
      fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'text/json',
      ),
      fc.constantFrom('application/jsonx', 'application/json5', 'json', 'application/xml', 'application/ json'),
      fc.stringMatching(/^[\x21-\x7e][\x20-\x7e]{0,30}$/),
    );
    await fc.assert(
      fc.asyncProperty(type, async (contentType) => {
        fc.pre(!/^application\/([\w.-]+\+)?json\s*(;|$)/i.test(contentType));
        const res = await h.call('POST', '/api/v1/suggestions', {
          token: patron,
          body: '{"title":"Sent as something else"}',
          headers: { 'content-type': contentType },
        });
        await expectProblem(res, 415);
      }),
      RUNS.contentTypes,
    );
  });

  it("answers generated bodies to the selector's status and edition actions with the title or a problem", async () => {
    const statuses = ['submitted', 'in_review', 'approved', 'ordered', 'received', 'available', 'held', 'rejected'];
    const action = fc.oneof(
      fc.record({
        path: fc.constant('status'),
        body: fc.record(
          {
            status: fc.oneof(fc.constantFrom(...statuses, 'cancelled'), hostileText(2), fc.jsonValue()),
            reason: fc.oneof(fc.constantFrom('out_of_scope', null), hostileText(3), fc.jsonValue()),
            extra: fc.jsonValue(),
          },
          { requiredKeys: [] },
        ),
      }),
      fc.record({
        path: fc.constant('isbn'),
        body: fc.record({ isbn: fc.oneof(isbnish, fc.jsonValue()) }, { requiredKeys: [] }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(action, fc.constantFrom(titleId, 999_999), async ({ path, body }, id) => {
        const res = await h.call('POST', `/api/v1/titles/${id}/${path}`, { token: selector, body });
        if (res.status === 200) expect((await res.json()).id).toEqual(expect.any(Number));
        else await expectProblem(res, [404, 409, 422]);
      }),
      RUNS.selectorActions,
    );
  });

  it('answers generated query strings and path segments with 200, 404, or a problem naming the parameter', async () => {
    const value = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.string({ unit: anyCodePoint, maxLength: 10 }),
      fc.integer({ min: -10, max: 2000 }).map(String),
      fc.constantFrom('', '0', '-1', '1e99', 'NaN', 'Infinity', '0x10', '1.5', 'true', 'CS', 'HIST', 'csv', 'marc'),
      fc.constantFrom('json', 'print', 'approved', 'zh-Hans', 'computer-science', 'SCI-MONO', 'x'.repeat(300)),
    );
    const query = fc.dictionary(
      fc.oneof(
        fc.constantFrom('status', 'department', 'limit', 'cursor', 'fund', 'discipline', 'medium', 'budget'),
        fc.constantFrom('all', 'lang', 'format', 'isbn', 'as'),
        fc.string({ maxLength: 6 }),
      ),
      // a parameter given once, or repeated
      fc.oneof(value, fc.array(value, { minLength: 2, maxLength: 3 })),
      { maxKeys: 4 },
    );
    const request = fc.oneof(
      fc.record({
        path: fc.constantFrom('/api/v1/suggestions', '/api/v1/titles', '/api/v1/buylist', '/api/v1/notifications'),
        query,
      }),
      fc.record({
        path: fc
          .tuple(fc.constantFrom('/api/v1/suggestions/', '/api/v1/titles/', '/api/v1/departments/'), value)
          .map(([base, segment]) =>
            base.endsWith('departments/')
              ? `${base}${encodeURIComponent(segment)}/digest`
              : `${base}${encodeURIComponent(segment)}`,
          ),
        query,
      }),
    );
    await fc.assert(
      fc.asyncProperty(request, fc.constantFrom(patron, selector, admin), async ({ path, query }, token) => {
        const search = new URLSearchParams();
        for (const [k, v] of Object.entries(query)) for (const one of [v].flat()) search.append(k, one);
        const res = await h.call('GET', `${path}?${search}`, { token });
        if (res.status === 200) {
          await res.arrayBuffer();
          return;
        }
        // Refused for what was asked, or by role (never an admin's).
        const problem = await expectProblem(res, [403, 404, 422]);
        if (problem.status === 422) for (const e of problem.errors!) expect(e.parameter ?? e.pointer).not.toBe('');
        if (problem.status === 403) expect(token).not.toBe(admin);
      }),
      RUNS.queries,
    );
  });

  it('answers any credential that is not a valid token with 401, and a page request with the sign-in page', async () => {
    const b64 = fc.stringMatching(/^[A-Za-z0-9_-]{0,60}$/);
    const credential = fc.oneof(
      fc.stringMatching(/^[\x20-\x7e]{0,80}$/),
      b64.map((s) => `Bearer r2b_${s}`),
      fc.tuple(b64, b64, b64).map((parts) => `Bearer ${parts.join('.')}`),
      fc.tuple(fc.constantFrom('Bearer', 'bearer', 'BEARER', 'Basic', 'Token', ''), b64).map((p) => p.join(' ')),
      fc.constantFrom('Bearer', 'Bearer ', 'Bearer  r2b_', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'),
    );
    await fc.assert(
      fc.asyncProperty(credential, b64, async (authorization, cookie) => {
        const res = await h.call('GET', '/api/v1/suggestions', { headers: { authorization } });
        await expectProblem(res, 401);
        const page = await h.app.request('/my/suggestions', { headers: { cookie: `r2b_session=${cookie}` } });
        expect(page.status).toBe(303);
        expect(page.headers.get('location')).toMatch(/^\/signin\?next=/);
      }),
      RUNS.credentials,
    );
  });

  it('answers any suggestion form with the suggestion, or the form again with each error beside its field', async () => {
    const ana = visitor(h);
    await ana.signIn(patron);
    const csrf = await ana.csrfOf('/suggest');
    const formValue = fc.oneof(
      isbnish,
      hostileText(3),
      fc.constantFrom('', 'print', 'vinyl', '2027-01-15', '2020-13-01'),
    );
    const form = fc.record(
      {
        isbn: formValue,
        title: formValue,
        author: formValue,
        reason: formValue,
        format: formValue,
        needBy: formValue,
        wantsHold: fc.constantFrom('on', '', 'yes', '1'),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(form, async (fields) => {
        fc.pre(Object.values(fields).every((v) => !/[\ud800-\udfff]/.test(v)));
        const res = await ana.post('/suggest', { ...fields, _csrf: csrf });
        const html = await res.text();
        expect([303, 422], html.slice(0, 300)).toContain(res.status);
        if (res.status === 303) expect(res.headers.get('location')).toMatch(/^\/my\/suggestions\/\d+$/);
        else {
          expect(html).toContain('class="error-summary"');
          expect(html).toMatch(/aria-invalid="true"|id="form-error"/);
        }
      }),
      RUNS.forms,
    );
  });
});

describe('the pages, whatever is sent to them', () => {
  let h: Harness;
  let patron: string;
  let selector: string;
  let titleId: number;
  beforeAll(async () => {
    h = await harness(NO_LIMITS);
    await importDepartments(h.deps, fileSource(fixture('demo/departments.csv')));
    patron = await h.patronToken('page-patron', { email: 'pages@example.edu', departmentCode: 'CS' });
    selector = await h.token('selector', { externalId: 'page-selector' });
    const first = await h.call('POST', '/api/v1/suggestions', { token: patron, body: { title: 'A book to move' } });
    titleId = (await first.json()).title.id;
  });
  afterAll(() => h.close());

  // Every page route, read from the router itself: a form or a path added later is covered too.
  const routes = uiRouter.routes.filter((r) => !r.path.includes('*'));
  const forms = [...new Set(routes.filter((r) => r.method === 'POST').map((r) => r.path))];
  const pages = [...new Set(routes.filter((r) => r.method === 'GET').map((r) => r.path))];

  const noSurrogates = (s: string) => !/[\ud800-\udfff]/.test(s);
  const segment = fc
    .oneof(
      fc.string({ unit: anyCodePoint, maxLength: 12 }),
      fc.string({ unit: 'grapheme', maxLength: 12 }),
      fc.constantFrom('constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'),
      fc.constantFrom('app.css', 'app.js', 'CS', 'HIST', '1', '0', '999999999999', '..', '%00', 'zh-Hans', 'en'),
      fc.constantFrom(...HOSTILE_PIECES),
    )
    .filter(noSurrogates);
  /** What a redirect target may be sent as: a page of ours, another site's, or bytes no header holds. */
  const target = fc.oneof(
    fc.constantFrom('/buylist', '/suggest?isbn=1', '/my/suggestions', '/départements', '/荐购?书=三体', '/a b#c d'),
    fc.constantFrom('//evil.example/x', 'https://evil.example', '/\\evil.example', '/\\/evil', '\\\\evil', ''),
    fc.constantFrom('/x\r\nSet-Cookie: a=b', '/x\nLocation: //evil', '/\u0000', '/\r', '/x\u007f', '/\t/evil'),
    fc.tuple(fc.constantFrom('/', '?', '//', '/buylist?'), segment).map(([a, b]) => a + b),
    fc.string({ unit: anyCodePoint, maxLength: 20 }).filter(noSurrogates),
  );
  /** A Location a browser follows to a page of this site, and only there. */
  const expectLocal = (response: Response, where: string) => {
    expect(response.status, where).toBe(303);
    expect(response.headers.get('location'), where).toMatch(/^\/(?![/\\])[!-~]*$/);
  };

  it('answers a body that does not parse with a 400 page on every form, and changes nothing', async () => {
    expect(forms).toEqual(expect.arrayContaining(['/signin', '/signout', '/suggest', '/buylist/status']));
    const v = visitor(h);
    await v.signIn(selector);
    const cookie = [...v.jar].map(([k, value]) => `${k}=${value}`).join('; ');
    const before = h.db.sqlite.prepare('SELECT status FROM titles ORDER BY id').all();
    const broken = fc.oneof(
      fc.constant('--XX\r\nbroken'),
      fc.constant('--XX\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\nabc'),
      fc.string({ unit: 'binary', maxLength: 200 }).map((tail) => `--XX\r\n${tail}`),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...forms), broken, fc.boolean(), async (path, body, signedIn) => {
        const res = await h.app.request(path, {
          method: 'POST',
          body,
          headers: {
            'content-type': 'multipart/form-data; boundary=XX',
            ...(signedIn ? { cookie } : {}),
          },
        });
        const html = await res.text();
        expect(res.status, `${path}: ${html.slice(0, 200)}`).toBe(400);
        expect(res.headers.get('content-type')).toMatch(/text\/html/);
        expect(html).toContain('The form could not be read');
      }),
      RUNS.forms,
    );
    expect(h.db.sqlite.prepare('SELECT status FROM titles ORDER BY id').all()).toEqual(before);
    expect((await v.get('/buylist')).status).toBe(200);
  });

  it('sends every redirect to a page of this site, whatever target it was given, after checking it first', async () => {
    const anyone = visitor(h);
    const staff = visitor(h);
    await staff.signIn(selector);
    const csrf = await staff.csrfOf('/buylist');
    let status = 'submitted';
    await fc.assert(
      fc.asyncProperty(target, async (next) => {
        const query = new URLSearchParams({ next }).toString();
        expectLocal(await anyone.get(`/lang/zh-Hant?${query}`), `/lang ${JSON.stringify(next)}`);
        expectLocal(await staff.get(`/signin?${query}`), `/signin ${JSON.stringify(next)}`);
        const signIn = visitor(h);
        const signInCsrf = await signIn.csrfOf('/signin');
        expectLocal(await signIn.post('/signin', { token: patron, _csrf: signInCsrf, next }), `sign in ${next}`);
        // A bad place to come back to is refused before the title moves: it moves, or it does not, once.
        const to = status === 'in_review' ? 'held' : 'in_review';
        const moved = await staff.post('/buylist/status', { title: String(titleId), to, back: next, _csrf: csrf });
        expectLocal(moved, `/buylist/status ${JSON.stringify(next)}`);
        expect(h.db.sqlite.prepare('SELECT status FROM titles WHERE id = ?').get(titleId)).toEqual({ status: to });
        status = to;
      }),
      RUNS.redirects,
    );
  });

  it('answers any path and query on the pages with a page or a redirect, never a 500', async () => {
    const staff = visitor(h);
    await staff.signIn(selector);
    const reader = visitor(h);
    await reader.signIn(patron);
    const value = fc.oneof(segment, fc.integer({ min: -10, max: 100_000 }).map(String), fc.constant(''));
    const query = fc.dictionary(
      fc.constantFrom(
        'department',
        'fund',
        'discipline',
        'status',
        'format',
        'limit',
        'budget',
        'all',
        'as',
        'isbn',
        'next',
      ),
      value,
      { maxKeys: 4 },
    );
    const path = fc
      .tuple(fc.constantFrom(...pages), fc.array(segment, { minLength: 3, maxLength: 3 }))
      .map(([route, values]) => {
        let i = 0;
        return route.replace(/:[a-z]+(\{[^}]*\})?/gi, () => encodeURIComponent(values[i++]!));
      });
    await fc.assert(
      fc.asyncProperty(path, query, fc.constantFrom(staff, reader, visitor(h)), async (where, params, who) => {
        const url = `${where}?${new URLSearchParams(params)}`;
        const res = await who.get(url, { accept: 'text/html' });
        const body = await res.text();
        expect(res.status, `${url}: ${body.slice(0, 300)}`).toBeLessThan(500);
        if (res.status >= 400) expect(res.headers.get('content-type'), url).toMatch(/text\/html/);
      }),
      RUNS.pagePaths,
    );
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect((await h.app.request(`/assets/${name}`)).status, name).toBe(404);
    }
  });
});

// CSV files as ILSs, spreadsheets and people write them, and as they break.
const IMPORTS = {
  loans: [
    'loan_id',
    'loaned_at',
    'isbn',
    'call_number',
    'department',
    'patron_category',
    'patron_id',
    'patron_barcode',
  ],
  holdings: ['isbn', 'call_number', 'items', 'title', 'location', 'record_id'],
  departments: ['code', 'name', 'liaison_email', 'locale', 'fund', 'budget', 'disciplines'],
  suggestions: [
    'requested_at',
    'patron_id',
    'patron_category',
    'department',
    'isbn',
    'title',
    'author',
    'format',
    'reason',
    'status',
    'decided_at',
  ],
} as const;
type ImportKind = keyof typeof IMPORTS;

const csvValue = fc.oneof(
  fc.constantFrom('2025-10-14', '2025-10-14 09:12:00', '2014-05-14 08:39:13.070326-04', '10/14/2025', '2025-02-30'),
  fc.constantFrom('0000-00-00 00:00:00', '9999-12-31', '2099-01-01', '1/2/2017 10:00'),
  isbnish.filter((s) => !/[\ud800-\udfff]/.test(s)),
  fc.constantFrom('QA76.76.D47 F63 2005', 'PL2658.E1 S5', '005.133 SCH', 'TP312/123', 'FIC HAWLEY 2016', 'ML 2533'),
  fc.constantFrom('CS', 'HIST', 'faculty', 'undergraduate', 'FAC', 'print', 'available', 'rejected', 'held'),
  fc.constantFrom('computer-science', 'history;statistics', 'nope', 'a@b.edu', 'not-an-email', 'zh-Hant'),
  fc.constantFrom('-5', '1e9', 'NaN', '3', '0', '', ' ', '2.5', '99999999999999999999'),
  hostileText(3),
  fc.string({ unit: 'binary-ascii', maxLength: 20 }),
);

/** How a field is written: plainly, quoted properly, or with a quote left open. */
type FieldStyle = 'plain' | 'quoted' | 'broken';
function writeField(value: string, style: FieldStyle): string {
  if (style === 'quoted') return `"${value.replace(/"/g, '""')}"`;
  if (style === 'broken') return `"${value}`;
  return value;
}

const csvFile = (kind: ImportKind) =>
  fc
    .record({
      header: fc.oneof(
        fc.shuffledSubarray([...IMPORTS[kind]], { minLength: 1 }),
        fc.constant([...IMPORTS[kind]]),
        fc.array(fc.oneof(fc.constantFrom(...IMPORTS[kind]), fc.string({ maxLength: 8 })), { maxLength: 6 }),
      ),
      rows: fc.array(
        fc.array(fc.tuple(csvValue, fc.constantFrom<FieldStyle>('plain', 'plain', 'quoted', 'quoted', 'broken')), {
          maxLength: 12,
        }),
        { maxLength: 25 },
      ),
      eol: fc.constantFrom('\n', '\r\n', '\r'),
      bom: fc.boolean(),
      trailing: fc.constantFrom('', '\n', '\n\n', ',,,'),
    })
    .map(({ header, rows, eol, bom, trailing }) => {
      const lines = [header.join(','), ...rows.map((row) => row.map(([v, style]) => writeField(v, style)).join(','))];
      return `${bom ? '\ufeff' : ''}${lines.join(eol)}${trailing}`;
    });

interface Summary {
  kind: string;
  read: number;
  imported: number;
  rejected: number;
  skipped: number;
  rejections: { line: number; reason: string }[];
  alreadyImported: boolean;
  warnings: string[];
}

/** An import's answer: its summary, whose counts add up and whose rejected rows each say where and why. */
async function expectSummary(res: Response, kind: string, lines: number): Promise<Summary> {
  const summary = (await res.json()) as Summary;
  expect(summary.kind).toBe(kind);
  expect(summary.read).toBe(summary.imported + summary.rejected + summary.skipped);
  expect(summary.rejections).toHaveLength(Math.min(summary.rejected, 20));
  for (const { line, reason } of summary.rejections) {
    expect(Number.isInteger(line) && line >= 1 && line <= lines + 1, `line ${line} of ${lines}`).toBe(true);
    expect(reason.trim()).not.toBe('');
    expect(reason).not.toMatch(/undefined|\[object /);
  }
  return summary;
}

describe('CSV files, MARC records and uploads of any bytes', () => {
  let h: Harness;
  let admin: string;
  beforeAll(async () => {
    h = await harness();
    h.advance(365 * 86_400_000);
    admin = await h.token('admin');
    await importDepartments(h.deps, fileSource(fixture('demo/departments.csv')));
  });
  afterAll(() => h.close());

  const upload = (path: string, body: string | Uint8Array, type = 'text/csv') =>
    h.app.request(path, {
      method: 'POST',
      body: typeof body === 'string' ? body : new Uint8Array(body),
      headers: { authorization: `Bearer ${admin}`, 'content-type': type },
    });
  const lineCount = (text: string) => text.split(/\r\n|\r|\n/).length;

  it.each(Object.keys(IMPORTS) as ImportKind[])(
    'imports or rejects, by line and with the reason, every row of a generated %s file',
    async (kind) => {
      const query =
        kind === 'loans' ? fc.constantFrom('', '?preset=koha', '?dates=mdy', '?map=isbn=title') : fc.constant('');
      await fc.assert(
        fc.asyncProperty(csvFile(kind), query, async (text, search) => {
          const res = await upload(`/api/v1/imports/${kind}${search}`, text);
          if (res.status === 200) await expectSummary(res, kind, lineCount(text));
          else {
            // A file that cannot be imported as given (no header, a missing column) says why.
            const problem = await expectProblem(res, [400, 422]);
            if (problem.status === 400) expect(text).toBe('');
          }
        }),
        RUNS.csvFiles,
      );
    },
  );

  it('reads any bytes sent as a file without failing the request', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 3000 }),
        fc.constantFrom<ImportKind>('loans', 'holdings', 'departments', 'suggestions'),
        async (bytes, kind) => {
          const res = await upload(`/api/v1/imports/${kind}`, bytes, 'application/octet-stream');
          if (res.status === 200) await expectSummary(res, kind, bytes.length + 1);
          else await expectProblem(res, 422);
        },
      ),
      RUNS.fileBytes,
    );
  });

  // MARC: records written with marcjs from generated fields, in any script.
  const marcValue = fc.string({ unit: anyCodePoint, maxLength: 40 }).map((s) => s.replace(/[\x1d\x1e\x1f]/g, ''));
  const dataField = fc
    .tuple(
      fc.oneof(
        fc.constantFrom('020', '050', '082', '090', '100', '245', '264', '852', '949', '952'),
        fc.stringMatching(/^[0-9]{3}$/).filter((t) => t >= '010'),
      ),
      fc.stringMatching(/^[ 0-9]{2}$/),
      fc.array(
        fc.tuple(
          fc.stringMatching(/^[a-z0-9]$/),
          fc.oneof(
            marcValue,
            isbnish.map((s) => s.replace(/[\x1d-\x1f]/g, '')),
          ),
        ),
        {
          minLength: 1,
          maxLength: 4,
        },
      ),
    )
    .map(([tag, indicators, subfields]) => [tag, indicators, ...subfields.flat()]);

  let recordNumber = 0;
  const marcRecord = fc
    .record({ title: marcValue, fields: fc.array(dataField, { maxLength: 6 }) })
    .map(({ title, fields }) => {
      const id = `hostile-${++recordNumber}`;
      const record = new marcjs.Record();
      record.leader = '00000nam a2200000 a 4500';
      record.append(['001', id]);
      for (const field of fields.filter((f) => f[0] !== '245')) record.append(field);
      record.append(['245', '10', 'a', title]);
      return { id, title, bytes: Buffer.from(marcjs.Iso2709Formater.format(record), 'utf8') };
    });

  it('keeps the title of every well-formed record, in any script, as the catalogue wrote it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(marcRecord, { minLength: 1, maxLength: 5 }), async (records) => {
        const res = await upload(
          '/api/v1/imports/holdings?format=iso2709',
          Buffer.concat(records.map((r) => r.bytes)),
          'application/marc',
        );
        expect(res.status).toBe(200);
        const summary = await expectSummary(res, 'holdings', records.length);
        expect(summary).toMatchObject({ read: records.length, imported: records.length, rejected: 0 });
        for (const { id, title } of records) {
          const row = h.db.sqlite.prepare('SELECT title FROM holdings WHERE record_key = ?').get(`marc:${id}`) as {
            title: string | null;
          };
          // MARC keeps accents decomposed; they are stored composed (NFC), and the ISBD
          // punctuation that ends a 245 $a (" /", " :") is dropped, as is space around it.
          const expected =
            title
              .normalize('NFC')
              .replace(/[\s/:;,.=]+$/, '')
              .trim() || null;
          expect(row.title).toBe(expected);
        }
      }),
      RUNS.marcRoundTrip,
    );
  });

  const realRecords = readFileSync(fixture('marc/pymarc_test.dat'));
  it('rejects each damaged record with its number and the reason, importing the records around it', async () => {
    // Each damaged file, with how many of its records are sure to be intact.
    const damage: fc.Arbitrary<{ bytes: Buffer; intact: number }> = fc.oneof(
      // bytes of real records changed here and there
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }).map((changes) => {
        const bytes = Buffer.from(realRecords);
        for (const [at, value] of changes) bytes[at % bytes.length] = value;
        return { bytes, intact: 0 };
      }),
      // a record cut short, or cut and joined to another
      fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => {
        const cut = a % realRecords.length;
        return {
          bytes: Buffer.concat([realRecords.subarray(0, cut), realRecords.subarray(b % realRecords.length)]),
          intact: 0,
        };
      }),
      // generated records with one byte changed: in a leader, a directory, the data or a
      // terminator, which damages at most the two records either side of it
      fc
        .tuple(fc.array(marcRecord, { minLength: 1, maxLength: 6 }), fc.nat(), fc.integer({ min: 0, max: 255 }))
        .map(([records, at, value]) => {
          const bytes = Buffer.concat(records.map((r) => r.bytes));
          bytes[at % bytes.length] = value;
          return { bytes, intact: records.length - 2 };
        }),
      // MARC-8 records (leader position 9 blank) of arbitrary bytes
      fc.uint8Array({ minLength: 30, maxLength: 400 }).map((body) => {
        const text = Buffer.from(body)
          .toString('latin1')
          .replace(/[\x1d]/g, '');
        const bytes = Buffer.concat([
          Buffer.from('00100nam  2200037   4500245000000000\x1e'),
          Buffer.from(text, 'latin1'),
          Buffer.from('\x1e\x1d'),
        ]);
        return { bytes, intact: 0 };
      }),
    );
    await fc.assert(
      fc.asyncProperty(damage, async ({ bytes, intact }) => {
        const res = await upload('/api/v1/imports/holdings?format=iso2709', bytes, 'application/marc');
        expect(res.status).toBe(200);
        const terminators = bytes.filter((b) => b === 0x1d).length;
        const summary = await expectSummary(res, 'holdings', terminators + 1);
        expect(summary.read).toBeGreaterThanOrEqual(Math.min(terminators, 1));
        expect(summary.imported).toBeGreaterThanOrEqual(intact);
      }),
      RUNS.marcDamaged,
    );
  });

  it('reads generated MARCXML, well-formed or not, and never expands an entity', async () => {
    const xmlText = fc
      .string({ unit: anyCodePoint, maxLength: 30 })
      .map((s) => s.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, ''));
    const escapeXml = (s: string) =>
      s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const record = fc
      .record({
        id: fc.stringMatching(/^[a-z0-9]{1,10}$/),
        title: xmlText,
        isbn: isbnish,
        prefix: fc.constantFrom('', 'marc:'),
      })
      .map(
        ({ id, title, isbn, prefix }) =>
          `<${prefix}record><${prefix}leader>00000nam a2200000 a 4500</${prefix}leader>` +
          `<${prefix}controlfield tag="001">${id}</${prefix}controlfield>` +
          `<${prefix}datafield ind2="0" tag="245" ind1="1"><${prefix}subfield code="a">${escapeXml(title)}</${prefix}subfield></${prefix}datafield>` +
          `<${prefix}datafield tag="020" ind1=" " ind2=" "><${prefix}subfield code="a">${escapeXml(isbn.replace(/[\ud800-\udfff\x00-\x1f]/g, ''))}</${prefix}subfield></${prefix}datafield>` +
          `</${prefix}record>`,
      );
    const documentText = fc.oneof(
      fc.tuple(fc.array(record, { maxLength: 4 }), fc.boolean()).map(([records, wrapped]) => {
        const ns = records.some((r) => r.startsWith('<marc:')) ? ' xmlns:marc="http://www.loc.gov/MARC21/slim"' : '';
        const body = records.join('\n');
        return `<?xml version="1.0" encoding="UTF-8"?>\n${wrapped || ns ? `<collection${ns}>${body}</collection>` : body}`;
      }),
      // cut anywhere
      fc.tuple(fc.array(record, { minLength: 1, maxLength: 3 }), fc.nat()).map(([records, at]) => {
        const text = `<collection>${records.join('')}</collection>`;
        return text.slice(0, at % text.length);
      }),
      fc.constantFrom(
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><collection><record><controlfield tag="001">&x;</controlfield></record></collection>',
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><collection><record><controlfield tag="001">&c;</controlfield></record></collection>',
        '<collection><record><controlfield tag="001">x</controlfield></record></collection><junk',
        '<',
        '<<<<',
        '<record>',
        '<?xml version="1.0" encoding="UTF-16"?><collection/>',
      ),
    );
    await fc.assert(
      fc.asyncProperty(documentText, async (xml) => {
        const res = await upload('/api/v1/imports/holdings?format=marcxml', xml, 'application/marcxml+xml');
        if (xml === '') return void (await expectProblem(res, 400));
        expect(res.status).toBe(200);
        const summary = await expectSummary(res, 'holdings', (xml.match(/<(marc:)?record>/g)?.length ?? 0) + 1);
        expect(JSON.stringify(summary)).not.toContain('root:');
      }),
      RUNS.marcXml,
    );
    const stored = JSON.stringify(h.db.sqlite.prepare('SELECT * FROM holdings').all());
    expect(stored).not.toContain('root:x:0:0');
    expect(stored).not.toContain('aaaaaaaaaaaaaaaaaaaa');
  });
});

describe('oversized bodies and files', () => {
  let h: Harness;
  let patron: string;
  let selector: string;
  let admin: string;
  beforeAll(async () => {
    h = await harness({ ...NO_LIMITS, BODY_LIMIT_BYTES: '4096', IMPORT_LIMIT_BYTES: '8192' });
    patron = await h.patronToken('big-talker', { email: 'big@example.edu' });
    selector = await h.token('selector');
    admin = await h.token('admin');
  });
  afterAll(() => h.close());

  /** The body once with its Content-Length and once streamed (chunked), which a client need not announce. */
  const send = (path: string, token: string, body: string, type: string) => [
    h.app.request(path, { method: 'POST', body, headers: { authorization: `Bearer ${token}`, 'content-type': type } }),
    h.app.request(path, {
      method: 'POST',
      body: new Blob([body]).stream(),
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      duplex: 'half',
    } as RequestInit),
  ];

  it('refuses JSON over BODY_LIMIT_BYTES with 413 on every JSON endpoint, and stores nothing', async () => {
    const big = JSON.stringify({ title: 'Long', reason: 'x'.repeat(5000) });
    for (const [path, token] of [
      ['/api/v1/suggestions', patron],
      ['/api/v1/titles/1/status', selector],
      ['/api/v1/titles/1/isbn', selector],
      ['/api/v1/notifications/x/retry', admin],
    ] as const) {
      for (const res of send(path, token, big, 'application/json')) {
        const problem = await expectProblem(await res, 413);
        expect(problem.detail).toContain('4096 bytes');
      }
    }
    expect(h.db.sqlite.prepare('SELECT count(*) AS n FROM suggestions').get()).toEqual({ n: 0 });
    const fits = await h.call('POST', '/api/v1/suggestions', {
      token: patron,
      body: { title: 'Long', reason: 'x'.repeat(3900) },
    });
    expect(fits.status).toBe(201);
  });

  it('refuses uploads over IMPORT_LIMIT_BYTES with 413, and imports nothing', async () => {
    const header = 'loan_id,loaned_at,isbn,call_number,department,patron_category\n';
    const big = header + '1,2025-10-14,0596007590,QA76.76.D47,CS,faculty\n'.repeat(200);
    for (const kind of ['loans', 'holdings', 'departments', 'suggestions']) {
      for (const res of send(`/api/v1/imports/${kind}`, admin, big, 'text/csv')) {
        await expectProblem(await res, 413);
      }
    }
    expect(h.db.sqlite.prepare('SELECT count(*) AS n FROM import_runs').get()).toEqual({ n: 0 });
    expect(h.db.sqlite.prepare('SELECT count(*) AS n FROM loans').get()).toEqual({ n: 0 });
  });

  it('refuses forms over the limit with a 413 page', async () => {
    const v = visitor(h);
    await v.signIn(selector);
    const csrf = await v.csrfOf('/buylist');
    const huge = 'x'.repeat(5000);
    for (const [path, form] of [
      ['/suggest', { title: huge, _csrf: csrf }],
      ['/buylist/status', { title: '1', to: 'approved', reason: huge, _csrf: csrf }],
      ['/signout', { _csrf: csrf, pad: huge }],
      ['/signin', { token: huge }],
    ] as const) {
      const res = await v.post(path, form);
      expect(res.status, path).toBe(413);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
    }
  });
});

describe('text in every script, with markup and control characters', () => {
  let h: Harness;
  const mail: OutgoingMail[] = [];
  const mailer: Mailer = {
    async send(message) {
      mail.push(message);
    },
  };
  let ana: string;
  let selector: string;
  let admin: string;
  let anaPages: Visitor;
  let selectorPages: Visitor;
  beforeAll(async () => {
    h = await harness(NO_LIMITS, { mailer });
    await importDepartments(h.deps, fileSource(fixture('demo/departments.csv')));
    ana = await h.patronToken('ana', { email: 'ana@example.edu', displayName: 'Ana', departmentCode: 'CS' });
    selector = await h.token('selector', { externalId: 'priya' });
    admin = await h.token('admin');
    anaPages = visitor(h);
    await anaPages.signIn(ana);
    selectorPages = visitor(h);
    await selectorPages.signIn(selector);
  });
  afterAll(() => h.close());

  /** What a MARC record can carry of a text: each run of control characters becomes a space. */
  const inMarc = (text: string) => text.replace(/[\x00-\x1f\x7f]+/g, ' ');
  /** Escaped wherever it is, and never there raw when it holds markup. */
  const expectEscaped = (html: string, text: string, where: string) => {
    expect(html, where).toContain(escapeHtml(text));
    if (/[<>]/.test(text)) expect(html.includes(text), `${where} holds the text unescaped`).toBe(false);
  };

  let n = 0;
  it('survives storage, the JSON, CSV and MARC exports, the web pages, the emails and the digest', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText(), hostileText(4), hostileText(), hostileText(4), async (text, by, why, answer) => {
        n++;
        const title = `${n} ${text}`;
        const created = await h.call('POST', '/api/v1/suggestions', {
          token: ana,
          body: { title, author: by, reason: why },
        });
        expect(created.status, await created.clone().text()).toBe(201);
        const { id, title: pooled } = await created.json();
        h.advance(1000);
        const storedTitle = title.trim();
        const storedAuthor = by.trim() || null;

        // Storage, as the API gives it back.
        const mine = await (await h.call('GET', `/api/v1/suggestions/${id}`, { token: ana })).json();
        expect(mine.given).toEqual({ isbn: null, title: storedTitle, author: storedAuthor });
        expect(mine.reason).toBe(why);
        expect(mine.title.title).toBe(storedTitle);

        // The exports: JSON, CSV (read back with a CSV parser) and MARC (read back with ours).
        const list = await (await h.call('GET', '/api/v1/buylist?all=true&limit=1000', { token: selector })).json();
        expect(list.items.find((i: { titleId: number }) => i.titleId === pooled.id)).toMatchObject({
          title: storedTitle,
          author: storedAuthor,
        });
        const csv = await (
          await h.call('GET', '/api/v1/buylist?all=true&limit=1000&format=csv', { token: selector })
        ).text();
        const rows = parseCsv(csv, { bom: true, columns: true }) as Record<string, string>[];
        expect(rows).toHaveLength(list.items.length);
        // Intact, except that text a spreadsheet would run as a formula keeps a leading apostrophe.
        expect(rows.find((r) => r.title_id === String(pooled.id))).toMatchObject({
          title: spreadsheetSafe(storedTitle),
          author: spreadsheetSafe(storedAuthor ?? ''),
        });
        const marc = Buffer.from(
          await (
            await h.call('GET', '/api/v1/buylist?all=true&limit=1000&format=marc', { token: selector })
          ).arrayBuffer(),
        );
        expect(marc.includes(Buffer.from(inMarc(storedTitle)))).toBe(true);
        const records = [];
        for await (const read of readIso2709(
          (async function* () {
            yield marc;
          })(),
        ))
          records.push(read);
        expect(records).toHaveLength(list.items.length);
        const record = records.find((r) => r.ok && r.record.fields[0]![1] === `r2b-${pooled.id}`);
        const fields = record!.ok ? record!.record.fields : [];
        // The brief record's own fields and no other: nothing the text says becomes a field.
        const tags = fields.map((f) => f[0]!);
        expect(tags.slice(0, 4)).toEqual(['001', '003', '005', '008']);
        expect(tags.at(-1)).toBe('970');
        expect(tags.filter((t) => !['100', '110', '245', '500', '700', '710'].includes(t))).toEqual([
          '001',
          '003',
          '005',
          '008',
          '970',
        ]);
        expect(fields.find((f) => f[0] === '245')!.slice(2)).toEqual(['a', inMarc(storedTitle).normalize('NFC')]);
        if (storedAuthor) {
          // Every word of the author reaches a heading, however the heading turns the name round.
          const headings = fields
            .filter((f) => ['100', '110', '700', '710'].includes(f[0]!))
            .map((f) => f[3])
            .join(' ');
          const words = inMarc(storedAuthor)
            .normalize('NFC')
            .split(/[\s,;&]+/)
            .filter((w) => w !== '' && w !== 'and');
          for (const word of words) expect(headings).toContain(word);
        }

        // The pages: the patron's own, and the selector's buy list.
        const page = await (await anaPages.get(`/my/suggestions/${id}`)).text();
        expectEscaped(page, storedTitle, 'the suggestion page');
        expectEscaped(page, why, 'the suggestion page');
        if (storedAuthor) expectEscaped(page, storedAuthor, 'the suggestion page');
        expectEscaped(await (await anaPages.get('/my/suggestions')).text(), storedTitle, 'my suggestions');
        expectEscaped(await (await selectorPages.get('/buylist?all=true')).text(), storedTitle, 'the buy list');

        // The selector's answer, in the emails and on the page.
        const reason = `R${n} ${answer}`;
        const rejected = await h.call('POST', `/api/v1/titles/${pooled.id}/status`, {
          token: selector,
          body: { status: 'rejected', reason },
        });
        expect(rejected.status).toBe(200);
        // The liaison's digest as it would be mailed now, then queued: it goes with the requester's messages.
        const preview = await (
          await h.call('GET', '/api/v1/departments/CS/digest?format=html', { token: admin })
        ).text();
        expectEscaped(preview, storedTitle, 'the digest preview');
        mail.length = 0;
        await runDigests(h.deps, { department: 'CS' });
        await runDelivery(h.deps);
        const toAna = mail.filter((m) => m.to === 'ana@example.edu');
        expect(toAna).toHaveLength(2);
        for (const message of toAna) {
          expect(message.subject).toContain(storedTitle);
          expect(message.text).toContain(storedTitle);
          expectEscaped(message.html, storedTitle, 'the email');
        }
        expect(toAna[1]!.text).toContain(reason.trim());
        expectEscaped(toAna[1]!.html, reason.trim(), 'the rejection email');
        expectEscaped(await (await anaPages.get(`/my/suggestions/${id}`)).text(), reason.trim(), 'the history');
        const digest = mail.filter((m) => m.to !== 'ana@example.edu');
        expect(digest.map((m) => m.to)).toEqual(['h.brooks@demo.example.edu']);
        expect(digest[0]!.text).toContain(storedTitle);
        expectEscaped(digest[0]!.html, storedTitle, 'the digest email');
      }),
      RUNS.textSurvives,
    );
  });

  it('cannot cut a MARC order record short or add subfields to it with control characters in a title', async () => {
    const title = 'Cheap\x1fp0.01\x1ffFREE-FUND\x1e\x1d00000nam a2200000 a 4500 book';
    const created = await h.call('POST', '/api/v1/suggestions', { token: ana, body: { title, author: 'X\x1fzY' } });
    expect(created.status).toBe(201);
    const titleId = (await created.json()).title.id;
    const marc = Buffer.from(
      await (await h.call('GET', '/api/v1/buylist?all=true&limit=1000&format=marc', { token: selector })).arrayBuffer(),
    );
    const records = [];
    for await (const read of readIso2709(
      (async function* () {
        yield marc;
      })(),
    ))
      records.push(read);
    expect(records.every((r) => r.ok)).toBe(true);
    const record = records.find((r) => r.ok && r.record.fields[0]![1] === `r2b-${titleId}`)!;
    const fields = record.ok ? record.record.fields : [];
    expect(fields.find((f) => f[0] === '245')).toEqual([
      '245',
      '10',
      'a',
      'Cheap p0.01 fFREE-FUND 00000nam a2200000 a 4500 book',
    ]);
    // One word is a name entered as it is written (100 0_).
    expect(fields.find((f) => f[0] === '100')).toEqual(['100', '0 ', 'a', 'X zY']);
    // The fund is the one of Ana's department, which the title is charged to; none of the title's.
    expect(fields.find((f) => f[0] === '970')).toEqual([
      '970',
      '  ',
      'q',
      '1',
      'f',
      'CS-MONO',
      'z',
      'Asked for as: Print',
    ]);
  });

  it('cannot add a header or a recipient to an email with line breaks in a title', async () => {
    const smtp = await startSmtp();
    const real = smtpMailer(smtp.url);
    const h2 = await harness({}, { mailer: real });
    try {
      const token = await h2.patronToken('eve', { email: 'eve@example.edu' });
      const title = 'Innocent\r\nBcc: victim@example.org\r\nX-Injected: yes\r\n\r\n<b>body</b>';
      expect((await h2.call('POST', '/api/v1/suggestions', { token, body: { title, author: 'A' } })).status).toBe(201);
      await runDelivery(h2.deps);
      expect(smtp.received.map((m) => m.to)).toEqual(['eve@example.edu']);
      expect(smtp.received[0]!.subject).not.toMatch(/[\r\n]/);
      expect(smtp.received[0]!.subject).toContain('Innocent');
      expect(smtp.received[0]!.html).toContain('&lt;b&gt;body&lt;/b&gt;');
    } finally {
      real.close();
      h2.close();
      await smtp.stop();
    }
  });
});
