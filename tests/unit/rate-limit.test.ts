import { describe, expect, it } from 'vitest';
import { clientAddress, RateLimiter } from '../../src/services/rate-limit.js';

describe('the rate limiter', () => {
  it('lets a minute’s worth through at once, then one as each refills', () => {
    let now = 0;
    const limiter = new RateLimiter(6, () => now);
    const passed = Array.from({ length: 8 }, () => limiter.take('a'));
    expect(passed).toEqual([0, 0, 0, 0, 0, 0, 10, 10]);
    now += 9_999;
    expect(limiter.take('a')).toBe(1);
    now += 1;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(10);
  });

  it('keeps each caller’s bucket apart', () => {
    const limiter = new RateLimiter(1, () => 0);
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(60);
    expect(limiter.take('b')).toBe(0);
  });

  it('lets everything through when set to 0', () => {
    const limiter = new RateLimiter(0, () => 0);
    expect(Array.from({ length: 100 }, () => limiter.take('a')).every((w) => w === 0)).toBe(true);
  });

  it('forgets callers whose buckets have refilled, so memory stays bounded', () => {
    let now = 0;
    const limiter = new RateLimiter(60, () => now);
    for (let i = 0; i < 9_999; i++) limiter.take(`caller-${i}`);
    now += 60_000;
    limiter.take('the 10,000th');
    expect((limiter as unknown as { buckets: Map<string, unknown> }).buckets.size).toBe(1);
  });
});

describe('the client address', () => {
  const headers = (h: Record<string, string>) => (name: string) => h[name];
  const node = { incoming: { socket: { remoteAddress: '10.0.0.7' } } };

  it('is Cloudflare’s connecting IP on Workers', () => {
    expect(clientAddress(headers({ 'cf-connecting-ip': '203.0.113.9' }), {}, false)).toBe('203.0.113.9');
  });

  it('is the socket’s on Node, unless the proxy is trusted to say', () => {
    const forwarded = headers({ 'x-forwarded-for': '198.51.100.4, 10.0.0.1' });
    expect(clientAddress(forwarded, node, false)).toBe('10.0.0.7');
    expect(clientAddress(forwarded, node, true)).toBe('198.51.100.4');
    expect(clientAddress(headers({}), undefined, true)).toBe('unknown');
  });
});
