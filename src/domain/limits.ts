// Per-patron suggestion limits, as Koha has them (MaxOpenSuggestions, MaxTotalSuggestions over
// NumberOfSuggestionDays): they keep one enthusiastic reader from flooding the selectors' queue.
// A limit of 0 means no limit, as in Koha.
//
// This file is the one definition of the limits. `checkLimits` reads it to say why a patron
// is refused; the intake's atomic SQL guard (services/suggestion-limits.ts) is built from the
// same pieces: the stage that counts as open, the window's start and each limit's cap. A
// property test runs the guard on a real database against `checkLimits` to keep them agreeing.
import type { WorkflowStatus } from './workflow.js';

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

/** One of the patron's suggestions, as the limits see it: its title's stage and when it was made. */
export interface SuggestionRecord {
  stage: WorkflowStatus['stage'] | undefined;
  createdAt: Date;
}

export type LimitCheck = { ok: true } | { ok: false; limit: 'open' | 'recent'; message: string; retryAt: Date | null };

/** A suggestion is open while its title waits for a selector's decision. */
export const OPEN_STAGE = 'pending' satisfies WorkflowStatus['stage'];

/**
 * What the guard compares: the count at which each limit refuses (null: no limit) and the
 * moment a suggestion must be made after to count as recent.
 */
export interface LimitBounds {
  openCap: number | null;
  recentCap: number | null;
  since: Date;
}

const DAY_MS = 86_400_000;

export function recentWindowStart(limits: SuggestionLimits, now: Date): Date {
  return new Date(now.getTime() - limits.recentDays * DAY_MS);
}

export function limitBounds(limits: SuggestionLimits, now: Date): LimitBounds {
  const cap = (max: number) => (max > 0 ? max : null);
  return { openCap: cap(limits.maxOpen), recentCap: cap(limits.maxRecent), since: recentWindowStart(limits, now) };
}

/** What counts against the limits among a patron's suggestions. */
export function activityOf(records: SuggestionRecord[], limits: SuggestionLimits, now: Date): PatronActivity {
  const since = recentWindowStart(limits, now).getTime();
  return {
    openCount: records.filter((r) => r.stage === OPEN_STAGE).length,
    recentCreatedAt: records.filter((r) => r.createdAt.getTime() > since).map((r) => r.createdAt),
  };
}

export function checkLimits(limits: SuggestionLimits, activity: PatronActivity, now: Date): LimitCheck {
  const { openCap, recentCap, since } = limitBounds(limits, now);
  if (openCap !== null && activity.openCount >= openCap) {
    return {
      ok: false,
      limit: 'open',
      message: `You have ${activity.openCount} suggestions waiting for a decision, the most this library allows at once. You can suggest again when the library has decided on one of them.`,
      retryAt: null,
    };
  }
  const recent = activity.recentCreatedAt.filter((at) => at.getTime() > since.getTime());
  if (recentCap !== null && recent.length >= recentCap) {
    // The patron may suggest again once enough of these fall out of the window.
    const sorted = [...recent].sort((a, b) => a.getTime() - b.getTime());
    const mustExpire = sorted[recent.length - recentCap]!;
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
