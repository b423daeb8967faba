// How often one caller may knock: a token bucket per key (a token or session for intake, the
// client's address for sign-in), refilled steadily, holding a minute's worth. In memory, per
// process (or per Workers isolate): a brake on scripts and guessing, not an accounting system.

export class RateLimiter {
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

/**
 * Who is knocking, as far as the network says: Cloudflare's header on Workers; with
 * TRUST_PROXY, the first X-Forwarded-For address; else the socket's (Node).
 */
export function clientAddress(header: (name: string) => string | undefined, env: unknown, trustProxy: boolean): string {
  const cloudflare = header('cf-connecting-ip');
  if (cloudflare) return cloudflare;
  if (trustProxy) {
    const forwarded = header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  const socket = (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket;
  return socket?.remoteAddress ?? 'unknown';
}
