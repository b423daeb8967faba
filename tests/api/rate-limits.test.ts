import { afterEach, describe, expect, it } from 'vitest';
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
