import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { suggestions, titles } from '../../src/db/schema.js';
import { DAY, type Harness, harness } from './harness.js';

describe('a suggestion the service refuses', () => {
  let h: Harness;
  let ana: string;
  beforeEach(async () => {
    h = await harness({ SUGGEST_MAX_OPEN: '3', SUGGEST_MAX_RECENT: '4', SUGGEST_RECENT_DAYS: '30' });
    ana = await h.patronToken('ana');
  });
  afterEach(() => h.close());

  const suggest = (body: unknown, token = ana) => h.call('POST', '/api/v1/suggestions', { token, body });

  async function expectProblem(res: Response, status: number, type: string) {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = await res.json();
    expect(body).toMatchObject({ status, type: `http://localhost:3000/problems/${type}` });
    expect(typeof body.title).toBe('string');
    expect(typeof body.detail).toBe('string');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/);
    return body;
  }

  it('names the ISBN field and the likely intended ISBN when the check digit is wrong', async () => {
    const body = await expectProblem(await suggest({ isbn: '978-1-78168-213-4' }), 422, 'validation');
    expect(body.errors).toEqual([
      expect.objectContaining({ pointer: '/isbn', problem: 'checksum', candidates: ['9781781682135'] }),
    ]);
    expect(body.detail).toContain('Did you mean 9781781682135?');
  });

  it('says a product barcode is not an ISBN', async () => {
    const body = await expectProblem(await suggest({ isbn: '4036526651248' }), 422, 'validation');
    expect(body.errors[0]).toMatchObject({ pointer: '/isbn', problem: 'not-isbn-ean' });
  });

  it('needs an ISBN or a title', async () => {
    const body = await expectProblem(await suggest({ author: 'Someone' }), 422, 'validation');
    expect(body.errors[0].pointer).toBe('/isbn');
    await expectProblem(await suggest({ title: '  !!! ', author: 'x' }), 422, 'validation');
  });

  it('refuses an unknown field by name, so a typo is obvious', async () => {
    const body = await expectProblem(await suggest({ isbn: '0132350882', titel: 'Clean code' }), 422, 'validation');
    expect(body.errors).toEqual([expect.objectContaining({ pointer: '/titel' })]);
  });

  it('refuses wrong types and values, each at its field', async () => {
    const body = await expectProblem(
      await suggest({ isbn: 9780132350884, format: 'scroll', wantsHold: 'yes', needBy: '15/01/2027' }),
      422,
      'validation',
    );
    expect(body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/format',
      '/isbn',
      '/needBy',
      '/wantsHold',
    ]);
  });

  it('refuses a need-by date that has passed', async () => {
    const body = await expectProblem(await suggest({ isbn: '0132350882', needBy: '2026-03-01' }), 422, 'validation');
    expect(body.errors[0].pointer).toBe('/needBy');
  });

  it('answers malformed JSON with 400, a body that is not JSON with 415, and a huge one with 413', async () => {
    await expectProblem(
      await h.call('POST', '/api/v1/suggestions', { token: ana, body: '{"isbn": "0132350882",' }),
      400,
      'malformed-json',
    );
    await expectProblem(
      await h.call('POST', '/api/v1/suggestions', {
        token: ana,
        body: 'isbn=0132350882',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      415,
      'unsupported-media-type',
    );
    const missing = await expectProblem(await h.call('POST', '/api/v1/suggestions', { token: ana }), 422, 'validation');
    expect(missing.errors[0].pointer).toBe('/isbn');
    await expectProblem(await suggest({ isbn: '0132350882', reason: 'x'.repeat(70_000) }), 413, 'payload-too-large');
    await expectProblem(await suggest([1, 2, 3]), 422, 'validation');
    await expectProblem(await suggest('"just a string"'), 422, 'validation');
  });

  it('answers the same patron suggesting the same book again with 409 and the existing suggestion', async () => {
    const first = await (await suggest({ isbn: '0132350882' })).json();
    const body = await expectProblem(await suggest({ isbn: '978-0-13-235088-4' }), 409, 'duplicate-suggestion');
    expect(body).toMatchObject({ suggestionId: first.id, titleId: first.title.id });
  });

  it('stops a patron at the open-suggestion limit until one is decided', async () => {
    const made = [];
    for (const isbn of ['0132350882', '020161622X', '0596000855']) made.push(await (await suggest({ isbn })).json());
    const body = await expectProblem(await suggest({ isbn: '0262032937' }), 429, 'suggestion-limit');
    expect(body).toMatchObject({ limit: 'open', retryAt: null });

    const selector = await h.token('selector');
    await h.call('POST', `/api/v1/titles/${made[0].title.id}/status`, {
      token: selector,
      body: { status: 'approved' },
    });
    expect((await suggest({ isbn: '0262032937' })).status).toBe(201);
  });

  it('stops a patron at the recent-suggestion limit and says when to come back', async () => {
    const selector = await h.token('selector');
    for (const isbn of ['0132350882', '020161622X', '0596000855', '0262032937']) {
      const s = await (await suggest({ isbn })).json();
      await h.call('POST', `/api/v1/titles/${s.title.id}/status`, { token: selector, body: { status: 'approved' } });
      h.advance(DAY);
    }
    const res = await suggest({ isbn: '0596002815' });
    const body = await expectProblem(res, 429, 'suggestion-limit');
    expect(body.limit).toBe('recent');
    // The first of the four was made 4 days ago; the window is 30 days.
    expect(res.headers.get('retry-after')).toBe(String(26 * 86_400));
    h.advance(26 * DAY);
    expect((await suggest({ isbn: '0596002815' })).status).toBe(201);
  });

  it('keeps one suggestion when the same patron double-submits at once', async () => {
    const results = await Promise.all([suggest({ isbn: '0132350882' }), suggest({ isbn: '9780132350884' })]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await h.db.orm.select().from(suggestions).all()).toHaveLength(1);
  });

  it('holds the limit when a patron fires many suggestions at once', async () => {
    const isbns = ['0132350882', '020161622X', '0596000855', '0262032937', '0596002815', '0596001673'];
    const results = await Promise.all(isbns.map((isbn) => suggest({ isbn })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status === 429)).toHaveLength(3);
    expect(await h.db.orm.select().from(suggestions).all()).toHaveLength(3);
  });

  it('stores text exactly as given, markup and all, and returns it intact', async () => {
    const reason = '<script>alert("x")</script> & 三体 ✓ \u0007 "quoted"';
    const s = await (await suggest({ title: '<b>Bold</b> title', author: "O'Brien", reason })).json();
    expect(s.reason).toBe(reason);
    expect(s.title.title).toBe('<b>Bold</b> title');
    const stored = await h.db.orm.select().from(titles).all();
    expect(stored[0]!.title).toBe('<b>Bold</b> title');
  });
});
