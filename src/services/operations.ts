// The figures a systems librarian watches, read from the database as they stand: what came in,
// what was decided, the outbox, the job queue, the imports. Counts by kinds and states the
// service itself defines (channels, statuses, message kinds, job kinds): never a patron, a
// title or an address. GET /metrics shows them (services/metrics.ts).
import { sql } from 'drizzle-orm';
import type { Deps } from '../context.js';
import type { Db } from '../db/db.js';

export interface OperationalFigures {
  suggestions: { channel: string; n: number }[];
  /** status changes made by staff or the system, by the status moved to */
  decisions: { status: string; n: number }[];
  messages: { kind: string; status: string; n: number }[];
  outbox: { pending: number; sending: number; dead: number; oldestPendingSeconds: number | null };
  jobs: { kind: string; status: string; n: number }[];
  /** per kind of queued job, how long the oldest one due has waited */
  jobLag: { kind: string; seconds: number }[];
  imports: { kind: string; status: string; runs: number; imported: number; rejected: number; skipped: number }[];
  /** approved titles on their way to the ILS, by state (pending, sent, dead): empty without an ILS */
  ils: { status: string; n: number }[];
}

export async function operationalFigures(deps: Deps): Promise<OperationalFigures> {
  const now = deps.clock().getTime();
  const [suggestions, decisions, messages, outbox, jobs, lag, imports, ils] = await Promise.all([
    deps.db.orm.all<{ channel: string; n: number }>(
      sql`SELECT channel, count(*) AS n FROM suggestions GROUP BY channel ORDER BY channel`,
    ),
    deps.db.orm.all<{ status: string; n: number }>(
      sql`SELECT to_status AS status, count(*) AS n FROM status_events WHERE actor_role != 'patron' GROUP BY to_status ORDER BY to_status`,
    ),
    deps.db.orm.all<{ kind: string; status: string; n: number }>(
      sql`SELECT kind, status, count(*) AS n FROM notifications GROUP BY kind, status ORDER BY kind, status`,
    ),
    deps.db.orm.get<{ pending: number; sending: number; dead: number; oldest: number | null }>(sql`
      SELECT coalesce(sum(status = 'pending'), 0) AS pending,
             coalesce(sum(status = 'pending' AND claim IS NOT NULL AND locked_until > ${now}), 0) AS sending,
             coalesce(sum(status = 'dead'), 0) AS dead,
             min(CASE WHEN status = 'pending' THEN created_at END) AS oldest
      FROM notifications`),
    deps.db.orm.all<{ kind: string; status: string; n: number }>(
      sql`SELECT kind, status, count(*) AS n FROM jobs GROUP BY kind, status ORDER BY kind, status`,
    ),
    deps.db.orm.all<{ kind: string; due: number }>(
      sql`SELECT kind, min(run_after) AS due FROM jobs WHERE status = 'pending' AND run_after <= ${now} GROUP BY kind ORDER BY kind`,
    ),
    deps.db.orm.all<OperationalFigures['imports'][number]>(sql`
      SELECT kind, status, count(*) AS runs, sum(imported) AS imported, sum(rejected) AS rejected, sum(skipped) AS skipped
      FROM import_runs GROUP BY kind, status ORDER BY kind, status`),
    deps.db.orm.all<{ status: string; n: number }>(
      sql`SELECT status, count(*) AS n FROM ils_records GROUP BY status ORDER BY status`,
    ),
  ]);
  return {
    suggestions,
    decisions,
    messages,
    outbox: {
      pending: outbox?.pending ?? 0,
      sending: outbox?.sending ?? 0,
      dead: outbox?.dead ?? 0,
      oldestPendingSeconds: outbox?.oldest ? (now - outbox.oldest) / 1000 : null,
    },
    jobs,
    jobLag: lag.map((r) => ({ kind: r.kind, seconds: (now - r.due) / 1000 })),
    imports,
    ils,
  };
}

/** The migrations shipped with this build that the database has not applied; throws when the database does not answer. */
export async function pendingMigrationsOf(db: Db): Promise<number> {
  await db.orm.get(sql`SELECT 1`);
  return await db.pendingMigrations();
}
