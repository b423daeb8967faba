import { describe, expect, it } from 'vitest';
import { checkLimits } from '../../src/domain/limits.js';

const DAY = 86_400_000;
const now = new Date('2026-03-31T12:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * DAY);

describe("a patron's suggestion limits", () => {
  const limits = { maxOpen: 3, maxRecent: 5, recentDays: 30 };

  it('lets a patron under both limits suggest', () => {
    expect(checkLimits(limits, { openCount: 2, recentCreatedAt: [daysAgo(1), daysAgo(2)] }, now)).toEqual({ ok: true });
  });

  it('stops a patron with too many undecided suggestions, with no date to wait for', () => {
    expect(checkLimits(limits, { openCount: 3, recentCreatedAt: [] }, now)).toMatchObject({
      ok: false,
      limit: 'open',
      retryAt: null,
    });
  });

  it('stops a patron with too many recent suggestions until the oldest leaves the window', () => {
    const recent = [daysAgo(29), daysAgo(20), daysAgo(10), daysAgo(5), daysAgo(1)];
    const verdict = checkLimits(limits, { openCount: 0, recentCreatedAt: recent }, now);
    expect(verdict).toMatchObject({ ok: false, limit: 'recent' });
    if (!verdict.ok) expect(verdict.retryAt).toEqual(new Date(daysAgo(29).getTime() + 30 * DAY));
  });

  it('ignores suggestions older than the window', () => {
    const recent = [daysAgo(45), daysAgo(40), daysAgo(35), daysAgo(31), daysAgo(1)];
    expect(checkLimits(limits, { openCount: 0, recentCreatedAt: recent }, now).ok).toBe(true);
  });

  it('treats 0 as no limit, as Koha does', () => {
    const unlimited = { maxOpen: 0, maxRecent: 0, recentDays: 30 };
    expect(checkLimits(unlimited, { openCount: 500, recentCreatedAt: Array(500).fill(daysAgo(1)) }, now).ok).toBe(true);
  });
});
