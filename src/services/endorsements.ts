// Liaisons' endorsements: a department's word for a title its members asked for, with a comment.
// Scoring counts each as demand (domain/scoring.ts, endorsementWeight); the title shows them.
// A liaison endorses only what their department may see, as the title's page and API show it.
import { asc, sql } from 'drizzle-orm';
import type { Deps, Principal } from '../context.js';
import { runAtomic } from '../db/db.js';
import { endorsements } from '../db/schema.js';
import { enqueueStep } from '../jobs/queue.js';
import { ApiError } from '../errors.js';
import { departmentScope } from './access/department-scope.js';
import { getTitle } from './titles.js';

export interface Endorsement {
  department: string;
  comment: string | null;
  actor: string;
  name: string | null;
  at: Date;
}

export async function endorse(
  deps: Deps,
  principal: Principal,
  titleId: number,
  comment: string | null,
): Promise<void> {
  const department = departmentScope(principal, 'endorse', undefined)!;
  if (!(await getTitle(deps, titleId, { departmentCode: department }))) {
    throw new ApiError('not-found', `There is no title ${titleId} for you to see.`);
  }
  const at = deps.clock();
  const name = principal.patron ? (principal.patron.displayName ?? principal.patron.externalId) : null;
  await runAtomic(deps.db, [
    sql`INSERT INTO endorsements (title_id, department_code, actor, actor_name, comment, created_at)
        VALUES (${titleId}, ${department}, ${principal.actor}, ${name}, ${comment}, ${at.getTime()})
        ON CONFLICT (title_id, actor) DO UPDATE SET comment = excluded.comment, department_code = excluded.department_code`,
    enqueueStep('rescore', sql`SELECT ${String(titleId)} AS subject`, at),
  ]);
}

export async function withdraw(deps: Deps, principal: Principal, titleId: number): Promise<void> {
  const mine = await deps.db.orm.get<{ id: number }>(
    sql`SELECT id FROM endorsements WHERE title_id = ${titleId} AND actor = ${principal.actor}`,
  );
  if (!mine) throw new ApiError('not-found', `You have not endorsed title ${titleId}.`);
  const at = deps.clock();
  await runAtomic(deps.db, [
    sql`DELETE FROM endorsements WHERE id = ${mine.id}`,
    enqueueStep('rescore', sql`SELECT ${String(titleId)} AS subject`, at),
  ]);
}

/** A title's endorsements, oldest first. */
export async function endorsementsOf(deps: Deps, titleId: number): Promise<Endorsement[]> {
  const rows = await deps.db.orm
    .select()
    .from(endorsements)
    .where(sql`${endorsements.titleId} = ${titleId}`)
    .orderBy(asc(endorsements.createdAt), asc(endorsements.id))
    .all();
  return rows.map((r) => ({
    department: r.departmentCode,
    comment: r.comment,
    actor: r.actor,
    name: r.actorName,
    at: r.createdAt,
  }));
}

/**
 * How many liaisons endorsed each title, for scoring; with `before`, only those made by then
 * (the backtest). The ids come as an array, or as its JSON.
 */
export async function endorsementCounts(
  deps: Deps,
  titleIds: number[] | string,
  before?: Date,
): Promise<Map<number, number>> {
  const ids = typeof titleIds === 'string' ? titleIds : JSON.stringify(titleIds);
  const known = before === undefined ? sql`` : sql`AND created_at < ${before.getTime()}`;
  const rows = await deps.db.orm.all<{ title_id: number; n: number }>(
    sql`SELECT title_id, count(*) AS n FROM endorsements
        WHERE title_id IN (SELECT value FROM json_each(${ids})) ${known} GROUP BY title_id`,
  );
  return new Map(rows.map((r) => [r.title_id, r.n]));
}
