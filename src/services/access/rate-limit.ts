// How often one caller may knock: a token bucket per key (who is asking, once authenticated,
// for intake; the client's address for sign-in, before anyone is), refilled steadily, holding
// a minute's worth. In memory, per process (or per Workers isolate): a brake on scripts and
// guessing, not an accounting system.
import type { AddressSource, Config } from '../../config.js';
import type { Clock, Limiter, RateLimits } from '../../context.js';
import { ApiError } from '../../errors.js';

export class RateLimiter implements Limiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private operations = 0;

  /** `perMinute` 0 lets everything through. */
  constructor(
    private readonly perMinute: number,
    private readonly now: () => number,
  ) {}

  /** Takes one request's token: 0 when it may pass, else the seconds until it may. */
  take(key: string): number {
    if (this.perMinute <= 0) return 0;
    const now = this.now();
    const perMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + Math.max(0, now - bucket.at) * perMs);
    bucket.at = now;
    const passes = bucket.tokens >= 1;
    if (passes) bucket.tokens -= 1;
    // Swept before this caller's bucket goes back, so it is never swept half-taken.
    if (++this.operations % 10_000 === 0) this.sweep(now, perMs);
    this.buckets.set(key, bucket);
    return passes ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
  }

  /** Forget callers whose buckets have refilled: they are as if never seen. */
  private sweep(now: number, perMs: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * perMs >= this.perMinute) this.buckets.delete(key);
    }
  }
}

export function rateLimits(config: Config, clock: Clock): RateLimits {
  const now = () => clock().getTime();
  return {
    intake: new RateLimiter(config.RATE_LIMIT_INTAKE_PER_MINUTE, now),
    signIn: new RateLimiter(config.RATE_LIMIT_SIGNIN_PER_MINUTE, now),
  };
}

/** Takes one of the caller's tokens, or refuses (429) with the seconds until one is back. */
export function takeOrRefuse(limiter: Limiter, key: string): void {
  const wait = limiter.take(key);
  if (wait === 0) return;
  throw new ApiError(
    'rate-limited',
    `Too many requests from this caller; try again in ${wait} seconds.`,
    { retryAfter: wait },
    { 'retry-after': String(wait) },
  );
}

/** Who is knocking, as far as the network can be believed. */
export function clientAddress(
  header: (name: string) => string | undefined,
  env: unknown,
  source: AddressSource,
): string {
  if (source.from === 'cloudflare') return header('cf-connecting-ip')?.trim() || 'unknown';
  if (source.from === 'forwarded') {
    const chain = (header('x-forwarded-for') ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    const address = chain[chain.length - source.hops];
    if (address) return address;
  }
  const socket = (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket;
  return socket?.remoteAddress ?? 'unknown';
}
