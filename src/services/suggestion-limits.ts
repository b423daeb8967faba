// The per-patron limits on the request path: the SQL guard the intake's atomic write admits a
// suggestion by, and the refusal that says which limit stopped it. Both are built from the one
// definition in domain/limits.ts (the stage that counts as open, the window, each limit's cap);
// tests/unit/limits.agree.test.ts runs the guard against the domain rule on random histories.
import { type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { Deps } from '../context.js';
import {
  activityOf,
  checkLimits,
  limitBounds,
  OPEN_STAGE,
  recentWindowStart,
  type SuggestionLimits,
} from '../domain/limits.js';
import { findStatus, statusesInStage, type Workflow } from '../domain/workflow.js';
import { ApiError } from '../errors.js';
import { sqlList } from '../db/sql.js';

export function limitsOf(deps: Deps): SuggestionLimits {
  return {
    maxOpen: deps.config.SUGGEST_MAX_OPEN,
    maxRecent: deps.config.SUGGEST_MAX_RECENT,
    recentDays: deps.config.SUGGEST_RECENT_DAYS,
  };
}

type Bound = Placeholder | number | null;

/** What the guard binds, from `limitBounds`: the caps (null for no limit) and the window's start in ms. */
export interface GuardValues {
  patronId: Bound;
  openCap: Bound;
  recentCap: Bound;
  since: Bound;
}

export function guardValues(
  limits: SuggestionLimits,
  now: Date,
): { openCap: number | null; recentCap: number | null; since: number } {
  const bounds = limitBounds(limits, now);
  return { openCap: bounds.openCap, recentCap: bounds.recentCap, since: bounds.since.getTime() };
}

/** The patron's suggestions whose titles wait for a decision (`s` joined to its title `t`). */
function isOpen(workflow: Workflow): SQL {
  return sql`t.status IN ${sqlList(statusesInStage(workflow, OPEN_STAGE))}`;
}

/** True while the patron is within both limits: each count below its cap, or no cap. */
export function limitGuard(workflow: Workflow, v: GuardValues): SQL {
  return sql`(${v.openCap} IS NULL OR (SELECT count(*) FROM suggestions s JOIN titles t ON t.id = s.title_id
         WHERE s.patron_id = ${v.patronId} AND ${isOpen(workflow)}) < ${v.openCap})
    AND (${v.recentCap} IS NULL OR (SELECT count(*) FROM suggestions s
         WHERE s.patron_id = ${v.patronId} AND s.created_at > ${v.since}) < ${v.recentCap})`;
}

/** Refuse, with the limit and when to try again, a patron the guard did not admit. */
export async function refuseIfOverLimit(deps: Deps, patronId: number, now: Date): Promise<void> {
  const limits = limitsOf(deps);
  const rows = await deps.db.orm.all<{ status: string; created_at: number }>(
    sql`SELECT t.status, s.created_at FROM suggestions s JOIN titles t ON t.id = s.title_id
        WHERE s.patron_id = ${patronId}
          AND (${isOpen(deps.workflow)} OR s.created_at > ${recentWindowStart(limits, now).getTime()})`,
  );
  const records = rows.map((r) => ({
    stage: findStatus(deps.workflow, r.status)?.stage,
    createdAt: new Date(r.created_at),
  }));
  const verdict = checkLimits(limits, activityOf(records, limits, now), now);
  if (!verdict.ok) {
    const headers: Record<string, string> = {};
    if (verdict.retryAt) {
      headers['retry-after'] = String(Math.max(1, Math.ceil((verdict.retryAt.getTime() - now.getTime()) / 1000)));
    }
    throw new ApiError(
      'suggestion-limit',
      verdict.message,
      { limit: verdict.limit, retryAt: verdict.retryAt?.toISOString() ?? null },
      headers,
    );
  }
}
