// The jobs table: work queued by a request (enrich this title) and done later by the job
// runner. One row per (kind, subject). A runner claims due jobs with a token and a lease; a
// runner that dies leaves its jobs to be claimed again when the lease runs out. Failures back
// off exponentially, up to an hour, and after many attempts the job is marked failed for an
// admin to look at.
import { type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { runAtomic } from '../db/db.js';
import { newId } from '../db/sql.js';

export interface ClaimedJob {
  id: number;
  kind: string;
  subject: string;
  attempts: number;
  claim: string;
}

const MAX_BACKOFF_MS = 3_600_000;

/** Queue `kind` for the subject the SQL selects (nothing when it selects no row). Idempotent.
 *  `now` may be a placeholder, for a step compiled once. */
export function enqueueStep(kind: string, subject: SQL, now: Date | Placeholder): SQL {
  const at = now instanceof Date ? now.getTime() : now;
  return sql`INSERT INTO jobs (kind, subject, status, attempts, run_after, created_at, updated_at)
             SELECT ${kind}, s.subject, 'pending', 0, ${at}, ${at}, ${at} FROM (${subject}) s WHERE s.subject IS NOT NULL
             ON CONFLICT (kind, subject) DO UPDATE SET status = 'pending', attempts = 0, run_after = excluded.run_after,
               last_error = NULL, updated_at = excluded.updated_at
             WHERE jobs.status IN ('done', 'failed')`;
}

/** Take up to `limit` due jobs of a kind for this runner; the claim lasts `leaseMs`. */
export async function claimJobs(
  db: Db,
  kind: string,
  limit: number,
  now: Date,
  leaseMs: number,
): Promise<ClaimedJob[]> {
  const claim = newId();
  const at = now.getTime();
  await runAtomic(db, [
    sql`UPDATE jobs SET status = 'running', claim = ${claim}, locked_until = ${at + leaseMs}, attempts = attempts + 1, updated_at = ${at}
        WHERE id IN (SELECT id FROM jobs WHERE kind = ${kind}
                       AND ((status = 'pending' AND run_after <= ${at}) OR (status = 'running' AND locked_until < ${at}))
                     ORDER BY run_after LIMIT ${limit})`,
  ]);
  return db.orm.all<ClaimedJob>(
    sql`SELECT id, kind, subject, attempts, claim FROM jobs WHERE claim = ${claim} AND status = 'running'`,
  );
}

export function doneStep(job: ClaimedJob, now: Date): SQL {
  return sql`UPDATE jobs SET status = 'done', claim = NULL, locked_until = NULL, last_error = NULL, updated_at = ${now.getTime()}
             WHERE id = ${job.id} AND claim = ${job.claim}`;
}

/** How long to wait after the attempts so far: 30 s doubling up to an hour, give or take a quarter so retries spread out. */
export function backoffMs(attempts: number): number {
  return Math.round(Math.min(MAX_BACKOFF_MS, 30_000 * 2 ** Math.max(0, attempts - 1)) * (0.75 + Math.random() * 0.5));
}

/** Try again later, or give up after `maxAttempts`. */
export function retryStep(job: ClaimedJob, now: Date, error: string, maxAttempts: number): SQL {
  const wait = backoffMs(job.attempts);
  const status = job.attempts >= maxAttempts ? 'failed' : 'pending';
  return sql`UPDATE jobs SET status = ${status}, claim = NULL, locked_until = NULL, last_error = ${error.slice(0, 500)},
               run_after = ${now.getTime() + wait}, updated_at = ${now.getTime()}
             WHERE id = ${job.id} AND claim = ${job.claim}`;
}

export async function pendingJobs(db: Db, kind: string): Promise<number> {
  const row = await db.orm.get<{ n: number }>(
    sql`SELECT count(*) AS n FROM jobs WHERE kind = ${kind} AND status IN ('pending', 'running')`,
  );
  return row?.n ?? 0;
}
