// Per-patron suggestion limits, as Koha has them (MaxOpenSuggestions, MaxTotalSuggestions over
// NumberOfSuggestionDays): they keep one enthusiastic reader from flooding the selectors' queue.
// A limit of 0 means no limit, as in Koha.

export interface SuggestionLimits {
  /** suggestions still waiting for a decision */
  maxOpen: number;
  /** suggestions made within the last `recentDays` */
  maxRecent: number;
  recentDays: number;
}

export interface PatronActivity {
  openCount: number;
  /** when each of the patron's suggestions inside the recent window was made */
  recentCreatedAt: Date[];
}

export type LimitCheck = { ok: true } | { ok: false; limit: 'open' | 'recent'; message: string; retryAt: Date | null };

const DAY_MS = 86_400_000;

export function recentWindowStart(limits: SuggestionLimits, now: Date): Date {
  return new Date(now.getTime() - limits.recentDays * DAY_MS);
}

export function checkLimits(limits: SuggestionLimits, activity: PatronActivity, now: Date): LimitCheck {
  if (limits.maxOpen > 0 && activity.openCount >= limits.maxOpen) {
    return {
      ok: false,
      limit: 'open',
      message: `You have ${activity.openCount} suggestions waiting for a decision, the most this library allows at once. You can suggest again when the library has decided on one of them.`,
      retryAt: null,
    };
  }
  const recent = activity.recentCreatedAt.filter((at) => at.getTime() > recentWindowStart(limits, now).getTime());
  if (limits.maxRecent > 0 && recent.length >= limits.maxRecent) {
    // The patron may suggest again once enough of these fall out of the window.
    const sorted = [...recent].sort((a, b) => a.getTime() - b.getTime());
    const mustExpire = sorted[recent.length - limits.maxRecent]!;
    const retryAt = new Date(mustExpire.getTime() + limits.recentDays * DAY_MS);
    return {
      ok: false,
      limit: 'recent',
      message: `You have made ${recent.length} suggestions in the last ${limits.recentDays} days, the most this library allows. You can suggest again from ${retryAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
      retryAt,
    };
  }
  return { ok: true };
}
