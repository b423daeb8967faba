import { describe, expect, it } from 'vitest';
import { clientAddress, RateLimiter } from '../../src/services/access/rate-limit.js';

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
  const socket = { from: 'socket' } as const;
  const oneProxy = { from: 'forwarded', hops: 1 } as const;

  it('is Cloudflare’s connecting IP where Cloudflare sets it (Workers)', () => {
    expect(clientAddress(headers({ 'cf-connecting-ip': '203.0.113.9' }), {}, { from: 'cloudflare' })).toBe(
      '203.0.113.9',
    );
  });

  it('is the socket’s on Node, whatever the client writes in CF-Connecting-IP or X-Forwarded-For', () => {
    const claimed = headers({ 'cf-connecting-ip': '203.0.113.9', 'x-forwarded-for': '198.51.100.4' });
    expect(clientAddress(claimed, node, socket)).toBe('10.0.0.7');
  });

  it('behind the library’s proxies, is the address the nearest of them saw, not one the client wrote before it', () => {
    // The client sent "X-Forwarded-For: 192.0.2.66"; the proxy appended the address it saw.
    const forwarded = headers({ 'x-forwarded-for': '192.0.2.66, 198.51.100.4' });
    expect(clientAddress(forwarded, node, oneProxy)).toBe('198.51.100.4');
    // A CDN in front of the library's own proxy: the client is two from the right.
    const twoProxies = headers({ 'x-forwarded-for': '192.0.2.66, 198.51.100.4, 203.0.113.20' });
    expect(clientAddress(twoProxies, node, { from: 'forwarded', hops: 2 })).toBe('198.51.100.4');
    expect(clientAddress(headers({ 'cf-connecting-ip': '203.0.113.9' }), node, oneProxy)).toBe('10.0.0.7');
    expect(clientAddress(headers({}), undefined, oneProxy)).toBe('unknown');
  });
});
