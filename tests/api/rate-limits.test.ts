import { afterEach, describe, expect, it } from 'vitest';
import { visitor } from '../support/visitor.js';
import { type Harness, harness } from './harness.js';

describe('rate limits', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('slow a caller posting suggestions faster than allowed, with 429 and Retry-After', async () => {
    h = await harness({ RATE_LIMIT_INTAKE_PER_MINUTE: '3', SUGGEST_MAX_RECENT: '0', SUGGEST_MAX_OPEN: '0' });
    const token = await h.patronToken('quick');
    const other = await h.patronToken('calm');
    const post = (t: string, n: number) =>
      h.call('POST', '/api/v1/suggestions', { token: t, body: { title: `Book ${n}`, author: 'A' } });
    const statuses = [];
    for (let n = 0; n < 4; n++) statuses.push((await post(token, n)).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    const refused = await post(token, 9);
    expect(refused.headers.get('retry-after')).toBe('20');
    expect(await refused.json()).toMatchObject({ status: 429, title: 'Too many requests', retryAfter: 20 });
    expect((await post(other, 1)).status).toBe(201);
    h.advance(20_000);
    expect((await post(token, 10)).status).toBe(201);
  });

  it('count refused suggestions too, so a script cannot hammer with bad ones', async () => {
    h = await harness({ RATE_LIMIT_INTAKE_PER_MINUTE: '2' });
    const token = await h.patronToken('sloppy');
    const bad = () => h.call('POST', '/api/v1/suggestions', { token, body: { isbn: '123' } });
    expect([(await bad()).status, (await bad()).status, (await bad()).status]).toEqual([422, 422, 429]);
  });

  it('count a caller’s suggestions as theirs however the Authorization header is written, and in their browser too', async () => {
    h = await harness({ RATE_LIMIT_INTAKE_PER_MINUTE: '4', SUGGEST_MAX_RECENT: '0', SUGGEST_MAX_OPEN: '0' });
    const token = await h.patronToken('spacey');
    const post = (authorization: string, n: number) =>
      h.app.request('/api/v1/suggestions', {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ title: `Book ${n}`, author: 'A' }),
      });
    const statuses = [];
    for (const [n, written] of [`Bearer ${token}`, `Bearer  ${token}`, `bearer ${token}`].entries()) {
      statuses.push((await post(written, n)).status);
    }
    expect(statuses).toEqual([201, 201, 201]);
    // The fourth goes through the form, signed in with the same token: the same caller.
    const browser = visitor(h);
    await browser.signIn(token);
    const csrf = await browser.csrfOf('/suggest');
    expect((await browser.post('/suggest', { title: 'Book 3', author: 'A', _csrf: csrf })).status).toBe(303);
    expect((await post(`BEARER ${token} `, 4)).status).toBe(429);
    const slowed = await browser.post('/suggest', { title: 'Book 5', author: 'A', _csrf: csrf });
    expect(slowed.status).toBe(429);
    expect(slowed.headers.get('retry-after')).toBe('15');
    expect(await slowed.text()).toContain('Please wait 15 seconds');
  });

  it('slow sign-in attempts per address, never trusting a CF-Connecting-IP or X-Forwarded-For the client wrote', async () => {
    h = await harness({ RATE_LIMIT_SIGNIN_PER_MINUTE: '2' });
    const attempt = (headers: Record<string, string>) =>
      h.app.request('/signin', {
        method: 'POST',
        body: new URLSearchParams({ token: 'r2b_guess' }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      });
    const statuses = [];
    for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
      statuses.push((await attempt({ 'cf-connecting-ip': ip, 'x-forwarded-for': ip })).status);
    }
    expect(statuses).toEqual([403, 403, 429]);
    h.close();

    // Behind the library's proxy, which appends the address it saw to what the client sent.
    h = await harness({ RATE_LIMIT_SIGNIN_PER_MINUTE: '2', TRUST_PROXY: 'true' });
    const behind = [];
    for (const forged of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) {
      behind.push((await attempt({ 'x-forwarded-for': `${forged}, 198.51.100.4` })).status);
    }
    expect(behind).toEqual([403, 403, 429]);
  });

  it('slow sign-in attempts from one address, answering a page in the visitor’s language', async () => {
    h = await harness({ RATE_LIMIT_SIGNIN_PER_MINUTE: '2', TRUST_PROXY: 'true' });
    const attempt = (ip: string) =>
      h.app.request('/signin', {
        method: 'POST',
        body: new URLSearchParams({ token: 'r2b_guess' }),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': ip,
          'accept-language': 'zh-CN',
        },
      });
    expect((await attempt('198.51.100.4')).status).toBe(403);
    expect((await attempt('198.51.100.4')).status).toBe(403);
    const slowed = await attempt('198.51.100.4');
    expect(slowed.status).toBe(429);
    expect(slowed.headers.get('retry-after')).toBe('30');
    expect(await slowed.text()).toContain('尝试次数过多');
    expect((await attempt('198.51.100.5')).status).toBe(403);
  });
});
