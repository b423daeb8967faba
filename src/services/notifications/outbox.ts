// The one way a message enters the outbox. Every writer (intake, a status change, the digest
// job, the selectors' notices) adds this step to the atomic write of the change it reports,
// so no change goes unannounced and none is announced that did not happen; the delivery job
// (jobs/deliver.ts) sends what is queued here.
import { type Placeholder, type SQL, sql } from 'drizzle-orm';

/** A value bound in the step: a literal, a placeholder of a compiled step, or an expression
 *  over the rows of the step's source (such as `s.patron_id`). */
export type StepValue = SQL | Placeholder | string | number | null;

export type MessageKind = 'suggestion_received' | 'status_changed' | 'digest' | 'staff_notice';

export interface OutboxMessage {
  /** made by the caller when it must refer to the message; otherwise one is drawn per row */
  id?: StepValue;
  /** one message per key, whatever retries or reruns happen: a second is dropped */
  dedupeKey: StepValue;
  /** the patron told, or none for an address that is no patron's (`recipient`) */
  patronId: StepValue;
  recipient?: StepValue;
  titleId?: StepValue;
  eventId?: StepValue;
  kind: MessageKind;
  locale: StepValue;
  /** JSON text: what the message says, read by the delivery job */
  payload: StepValue;
  /** when it was queued, and when it is first due */
  at: StepValue;
}

/**
 * The statement that queues one message, or one per row of `source` (the rest of the SELECT:
 * `FROM ... WHERE ...`, whose columns the message's values may name). The source must end in
 * a WHERE clause: SQLite reads the `ON` of the conflict clause as a join constraint otherwise.
 */
export function queueMessageStep(message: OutboxMessage, source: SQL = sql`WHERE true`): SQL {
  const m = message;
  return sql`INSERT INTO notifications (id, dedupe_key, patron_id, recipient, title_id, event_id, kind, locale, payload, status, attempts, next_attempt_at, created_at)
      SELECT ${m.id ?? sql`lower(hex(randomblob(16)))`}, ${m.dedupeKey}, ${m.patronId}, ${m.recipient ?? null}, ${m.titleId ?? null},
             ${m.eventId ?? null}, ${m.kind}, ${m.locale}, ${m.payload}, 'pending', 0, ${m.at}, ${m.at}
      ${source}
      ON CONFLICT (dedupe_key) DO NOTHING`;
}
