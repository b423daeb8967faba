// How the service talks to a metadata provider: politely (a User-Agent with a contact, a cap
// on requests in flight), patiently (a timeout per request, retries with backoff on 429 and
// 5xx, honouring Retry-After), and not at all for a while after it keeps failing (a circuit
// breaker), so an outage costs a few quick failures rather than a queue of slow ones.
import type { Clock, Fetch, ProviderStatus } from '../../context.js';
import type { Logger } from '../../logger.js';

export interface ProviderPolicy {
  timeoutMs: number;
  retries: number;
  concurrency: number;
  breakerFailures: number;
  breakerCooldownMs: number;
  userAgent: string;
}

/** The provider did not answer usefully: down, too slow, refusing, or talking nonsense. */
export class ProviderFailure extends Error {
  constructor(
    readonly provider: string,
    message: string,
    readonly kind: 'open' | 'timeout' | 'network' | 'status' | 'malformed',
  ) {
    super(`${provider}: ${message}`);
  }
}

/**
 * closed: requests go through; after `failures` failures in a row it opens.
 * open: requests fail at once until the cooldown has passed.
 * half-open: one request goes through as a probe; success closes, failure opens again.
 */
export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private probing = false;

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly clock: Clock,
  ) {}

  get state(): 'closed' | 'open' | 'half-open' {
    if (this.failures < this.threshold) return 'closed';
    return this.clock().getTime() < this.openUntil ? 'open' : 'half-open';
  }

  /** May a request go now? Claims the probe in half-open state. */
  allow(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.probing) return false;
    this.probing = true;
    return true;
  }

  success(): void {
    this.failures = 0;
    this.probing = false;
  }

  /** Records a failure; true when this failure opened the breaker. */
  failure(): boolean {
    const wasClosed = this.state === 'closed';
    this.failures++;
    this.probing = false;
    if (this.failures >= this.threshold) {
      this.openUntil = this.clock().getTime() + this.cooldownMs;
      return wasClosed || this.failures === this.threshold;
    }
    return false;
  }
}

export class ProviderClient implements ProviderStatus {
  readonly breaker: CircuitBreaker;
  /** requests asked of the provider since start, and those that failed (the metrics read them) */
  calls = 0;
  failures = 0;
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly name: string,
    private readonly fetch: Fetch,
    private readonly policy: ProviderPolicy,
    clock: Clock,
    private readonly logger: Logger,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.breaker = new CircuitBreaker(policy.breakerFailures, policy.breakerCooldownMs, clock);
  }

  /** GET a JSON document; ProviderFailure when the provider cannot give one now. */
  async getJson(url: string, timeoutMs = this.policy.timeoutMs): Promise<unknown> {
    if (!this.breaker.allow())
      throw new ProviderFailure(this.name, 'not asked: failing recently (circuit open)', 'open');
    await this.slot();
    this.calls++;
    try {
      const body = await this.attempts(url, timeoutMs);
      this.breaker.success();
      return body;
    } catch (error) {
      this.failures++;
      const failure =
        error instanceof ProviderFailure ? error : new ProviderFailure(this.name, String(error), 'network');
      if (this.breaker.failure()) {
        this.logger.warn('provider failing: pausing requests to it', {
          provider: this.name,
          error: failure.message,
          seconds: this.policy.breakerCooldownMs / 1000,
        });
      }
      throw failure;
    } finally {
      this.release();
    }
  }

  private async attempts(url: string, timeoutMs: number): Promise<unknown> {
    let last: ProviderFailure | null = null;
    for (let attempt = 0; attempt <= this.policy.retries; attempt++) {
      if (attempt > 0) await this.sleep(backoff(attempt, last));
      let response: Response;
      try {
        response = await this.fetch(url, {
          headers: { accept: 'application/json', 'user-agent': this.policy.userAgent },
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const timedOut = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError';
        last = new ProviderFailure(
          this.name,
          timedOut ? `no answer within ${timeoutMs} ms` : (error as Error).message,
          timedOut ? 'timeout' : 'network',
        );
        continue;
      }
      if (response.status === 429 || response.status >= 500) {
        await response.body?.cancel();
        last = Object.assign(new ProviderFailure(this.name, `HTTP ${response.status}`, 'status'), {
          retryAfter: Number(response.headers.get('retry-after')) || 0,
        });
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new ProviderFailure(this.name, `HTTP ${response.status}`, 'status');
      }
      try {
        return await response.json();
      } catch {
        // A garbled body will not mend itself on a retry.
        throw new ProviderFailure(this.name, 'the answer is not JSON', 'malformed');
      }
    }
    throw last!;
  }

  private async slot(): Promise<void> {
    if (this.active < this.policy.concurrency) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

/** 200 ms, 400 ms, 800 ms..., with jitter so retries from many jobs do not arrive together; Retry-After wins, up to 5 s. */
function backoff(attempt: number, last: (ProviderFailure & { retryAfter?: number }) | null): number {
  if (last?.retryAfter) return Math.min(5_000, last.retryAfter * 1000);
  const base = 200 * 2 ** (attempt - 1);
  return base / 2 + Math.random() * base;
}
