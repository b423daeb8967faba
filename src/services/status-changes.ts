// The one way a title's status changes, whoever changes it: a selector's decision, enrichment
// finding the book held, intake reopening a closed title, an import carrying the library's
// earlier decisions. Every change is an event in the title's history (`status_events`), and
// a change of status reaches every requester through the outbox, in the same atomic write.
import { type SQL, sql } from 'drizzle-orm';
import { newId, type StepValue } from '../db/sql.js';
import { INITIAL_STATUS } from '../domain/workflow.js';
import { enqueueStep } from '../jobs/queue.js';
import { feedbackLinksStep } from './feedback.js';
import { queueMessageStep } from './notifications/outbox.js';

export interface StatusEvent {
  /** made by the caller when it must find the event again; otherwise one is drawn per row */
  id?: StepValue;
  titleId: StepValue;
  /** null for the first event of a title's history */
  from: StepValue;
  to: StepValue;
  actorRole: StepValue;
  actor: StepValue;
  reason: StepValue;
  at: StepValue;
}

/**
 * The statement that writes one event, or one per row of `source` (the rest of the SELECT:
 * `FROM ... WHERE ... [GROUP BY ...]`, whose columns the event's values may name). An event
 * alone changes no status: an import's history, or a note such as an edition confirmed.
 */
export function statusEventStep(event: StatusEvent, source: SQL = sql``): SQL {
  const e = event;
  // The score the title had as it moved, kept with the event: the ranking's record is how the
  // score at decision ordered what was bought (services/outcomes.ts).
  return sql`INSERT INTO status_events (id, title_id, from_status, to_status, actor_role, actor, reason, at, score)
      SELECT ${e.id ?? sql`lower(hex(randomblob(16)))`}, ${e.titleId}, ${e.from}, ${e.to}, ${e.actorRole}, ${e.actor}, ${e.reason}, ${e.at},
        (SELECT scored.score FROM titles scored WHERE scored.id = ${e.titleId})
      ${source}`;
}

/**
 * The first event of each title an import brought in that has no history yet: asked for, by
 * the import. `rows` is the import's JSON array of rows, each an array with the work key
 * first; `reason` and `at` may aggregate over a title's rows (`min(j.value->>9)`).
 */
export function importedTitlesFirstEventStep(rows: string, first: { reason: StepValue; at: StepValue }): SQL {
  return statusEventStep(
    { titleId: sql`t.id`, from: null, to: INITIAL_STATUS, actorRole: 'system', actor: 'import', ...first },
    sql`FROM json_each(${rows}) j JOIN titles t ON t.work_key = j.value->>0
        WHERE NOT EXISTS (SELECT 1 FROM status_events e WHERE e.title_id = t.id)
        GROUP BY t.id`,
  );
}

export interface StatusMove {
  eventId: StepValue;
  /** which titles move, over the alias `t` of titles: it holds only while a title is still
   *  where the move starts, so a move that lost a race writes nothing */
  titles: SQL;
  to: string;
  /** the workflow stage of `to` */
  toStage: string;
  reason: string | null;
  actorRole: string;
  actor: string;
  at: StepValue;
  /** JSON text of what the requesters are told, as an expression over `t` */
  payload: StepValue;
  /** a condition over the requester's suggestion `s`, for the requesters who hear of it */
  told?: SQL;
}

/** The event, one outbox message per requester, and the status itself, in that order. */
export function statusMoveSteps(move: StatusMove): SQL[] {
  const { eventId, titles, to, toStage, reason, actorRole, actor, at } = move;
  return [
    statusEventStep(
      { id: eventId, titleId: sql`t.id`, from: sql`t.status`, to, actorRole, actor, reason, at },
      sql`FROM titles t WHERE ${titles}`,
    ),
    queueMessageStep(
      {
        dedupeKey: sql`${eventId} || ':' || s.patron_id`,
        patronId: sql`s.patron_id`,
        titleId: sql`t.id`,
        eventId,
        kind: 'status_changed',
        locale: sql`p.locale`,
        payload: move.payload,
        at,
      },
      sql`FROM titles t JOIN suggestions s ON s.title_id = t.id JOIN patrons p ON p.id = s.patron_id
          WHERE ${titles} ${move.told ? sql`AND ${move.told}` : sql``}`,
    ),
    // On the shelf: each requester is asked whether it was what they needed.
    ...(to === 'available' ? [feedbackLinksStep(titles, at)] : []),
    sql`UPDATE titles AS t SET status = ${to}, stage = ${toStage}, status_changed_at = ${at}, updated_at = ${at}
        WHERE ${titles}`,
  ];
}

export interface StatusChange {
  titleId: number;
  from: string;
  to: string;
  /** the workflow stage of `to` */
  toStage: string;
  reason: string | null;
  actorRole: string;
  actor: string;
  at: number;
  /** more for the requesters' messages, such as where a held copy is */
  details?: Record<string, string | number | null>;
}

/**
 * The statements of one title's status change, each only if the title is still in `from`,
 * and its rescoring. Written by the caller in one atomic write, alone or with more
 * (enrichment adds the title's metadata).
 */
export function statusChangeSteps(change: StatusChange): { eventId: string; steps: SQL[] } {
  const { titleId, from, to, reason, at } = change;
  const eventId = newId();
  return {
    eventId,
    steps: [
      ...statusMoveSteps({
        ...change,
        eventId,
        titles: sql`t.id = ${titleId} AND t.status = ${from}`,
        payload: JSON.stringify({ from, to, reason, ...change.details }),
      }),
      // Back on the list, or off it: scored again either way.
      enqueueStep('rescore', sql`SELECT ${String(titleId)} AS subject`, new Date(at)),
    ],
  };
}
