// A requester changes their mind before a selector has looked: they withdraw the request, or
// change what they said of it. Either is a step in the title's history, written in the same
// atomic write as the change, and each write holds only while the title still awaits review
// (domain/workflow.ts `awaitsReview`), so a selector's decision that lands first wins.
import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { Deps, Principal } from '../context.js';
import { runAtomic } from '../db/db.js';
import { newId } from '../db/sql.js';
import { statusEvents, suggestions } from '../db/schema.js';
import { EDITED_STEP, WITHDRAWN_LAST_STEP, WITHDRAWN_STEP } from '../domain/step-reason.js';
import { awaitsReview, findStatus, INITIAL_STATUS } from '../domain/workflow.js';
import { ApiError } from '../errors.js';
import { enqueueStep } from '../jobs/queue.js';
import { statusEventStep, statusMoveSteps } from './status-changes.js';
import {
  getSuggestion,
  REQUEST_DETAILS,
  refuseDetails,
  type RequestDetails,
  type SuggestionRow,
} from './suggestions.js';

/** The title the buy list loses when its last requester withdraws. */
const WITHDRAWN_TITLE_STATUS = 'cancelled';

/** The patron's own suggestion, still waiting for a selector; "not found" for anyone else's. */
async function ownWaitingSuggestion(deps: Deps, principal: Principal, id: number): Promise<SuggestionRow> {
  const row = await getSuggestion(deps, id);
  if (!row || row.patronId !== principal.patron?.id) {
    throw new ApiError('not-found', `There is no suggestion ${id} for you to change.`);
  }
  if (!awaitsReview(row.title.status)) throw reviewed(deps, row);
  return row;
}

function reviewed(deps: Deps, row: SuggestionRow): ApiError {
  const status = findStatus(deps.workflow, row.title.status)?.labels.en ?? row.title.status;
  return new ApiError(
    'already-reviewed',
    `A selector has already looked at this suggestion (it is now "${status}"), so it can no longer be changed or withdrawn; ask the library if something is wrong with it.`,
    { titleStatus: row.title.status },
  );
}

/** Everything below holds only while the suggestion is this patron's and its title waits. */
function stillWaiting(row: SuggestionRow): SQL {
  return sql`EXISTS (SELECT 1 FROM suggestions w JOIN titles wt ON wt.id = w.title_id
    WHERE w.id = ${row.id} AND w.patron_id = ${row.patronId} AND wt.status = ${INITIAL_STATUS})`;
}

const written = (eventId: string) => sql`EXISTS (SELECT 1 FROM status_events WHERE id = ${eventId})`;

async function eventWritten(deps: Deps, eventId: string): Promise<boolean> {
  const found = await deps.db.orm
    .select({ id: statusEvents.id })
    .from(statusEvents)
    .where(eq(statusEvents.id, eventId))
    .get();
  return found !== undefined;
}

/** A decision that landed between the read and the write: refused as if it had come first. */
async function refuseLostRace(deps: Deps, principal: Principal, id: number): Promise<never> {
  await ownWaitingSuggestion(deps, principal, id);
  throw new Error(`suggestion ${id} was neither changed nor refused`);
}

/**
 * Withdraw a suggestion: it stops counting (against the patron's limits, and as demand) at
 * once. The last request of a title takes the title off the buy list, cancelled with the
 * reason in its history; others' requests on a title keep it where it is, with a note.
 */
export async function withdrawSuggestion(deps: Deps, principal: Principal, id: number): Promise<{ titleId: number }> {
  const row = await ownWaitingSuggestion(deps, principal, id);
  const at = deps.clock().getTime();
  const eventId = newId();
  const titleId = row.title.id;
  const others = sql`EXISTS (SELECT 1 FROM suggestions o WHERE o.title_id = ${titleId} AND o.id != ${row.id})`;
  const actor = { actorRole: principal.role, actor: principal.actor };
  const cancelled = findStatus(deps.workflow, WITHDRAWN_TITLE_STATUS)!;
  await runAtomic(deps.db, [
    // The last requester: the title closes, and nobody is left to tell.
    ...statusMoveSteps({
      eventId,
      titles: sql`t.id = ${titleId} AND ${stillWaiting(row)} AND NOT ${others}`,
      to: cancelled.code,
      toStage: cancelled.stage,
      reason: WITHDRAWN_LAST_STEP,
      ...actor,
      at,
      payload: JSON.stringify({ from: INITIAL_STATUS, to: cancelled.code, reason: WITHDRAWN_LAST_STEP }),
      told: sql`s.id != ${row.id}`,
    }),
    // Others still ask: the title stays, its history says one request was withdrawn.
    statusEventStep(
      { id: eventId, titleId, from: sql`status`, to: sql`status`, ...actor, reason: WITHDRAWN_STEP, at },
      sql`FROM titles WHERE id = ${titleId} AND ${stillWaiting(row)} AND ${others}`,
    ),
    sql`DELETE FROM suggestions WHERE id = ${row.id} AND ${written(eventId)}`,
    // What had not left yet ("we received your suggestion") speaks of a request that is gone.
    sql`DELETE FROM notifications WHERE patron_id = ${row.patronId} AND title_id = ${titleId} AND status = 'pending'
          AND email_sent_at IS NULL AND webhook_sent_at IS NULL AND (claim IS NULL OR locked_until < ${at})
          AND ${written(eventId)}`,
    sql`UPDATE titles SET requester_count = (SELECT count(*) FROM suggestions s WHERE s.title_id = titles.id),
          updated_at = ${at}
        WHERE id = ${titleId} AND ${written(eventId)}`,
    enqueueStep('rescore', sql`SELECT ${String(titleId)} AS subject WHERE ${written(eventId)}`, new Date(at)),
  ]);
  if (!(await eventWritten(deps, eventId))) return refuseLostRace(deps, principal, id);
  return { titleId };
}

/** What a requester may change of their request: each field given replaces it; null clears it. */
export type RequestChanges = Partial<{
  [K in keyof RequestDetails]: undefined extends RequestDetails[K] ? RequestDetails[K] | null : RequestDetails[K];
}>;

/** Change what the patron said of their request; its history names what changed. */
export async function editSuggestion(
  deps: Deps,
  principal: Principal,
  id: number,
  changes: RequestChanges,
): Promise<void> {
  const row = await ownWaitingSuggestion(deps, principal, id);
  refuseDetails(deps, changes);
  const given = REQUEST_DETAILS.filter((key) => changes[key] !== undefined);
  if (given.length === 0) return;
  const at = deps.clock().getTime();
  const eventId = newId();
  const values = Object.fromEntries(
    given.map((key) => [key === 'year' ? 'publishedYear' : key, changes[key] ?? null]),
  ) as Partial<typeof suggestions.$inferInsert>;
  await runAtomic(deps.db, [
    statusEventStep(
      {
        id: eventId,
        titleId: row.title.id,
        from: sql`status`,
        to: sql`status`,
        actorRole: principal.role,
        actor: principal.actor,
        reason: `${EDITED_STEP}${given.join(', ')}`,
        at,
      },
      sql`FROM titles WHERE id = ${row.title.id} AND ${stillWaiting(row)}`,
    ),
    deps.db.orm
      .update(suggestions)
      .set(values)
      .where(and(eq(suggestions.id, row.id), written(eventId))),
    // A need-by date or a format may move the title on the list.
    enqueueStep('rescore', sql`SELECT ${String(row.title.id)} AS subject WHERE ${written(eventId)}`, new Date(at)),
  ]);
  if (!(await eventWritten(deps, eventId))) await refuseLostRace(deps, principal, id);
}
