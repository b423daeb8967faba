// The outbox, and every read and write of it. A message enters by one step that every writer
// (intake, a status change, the digest job, the selectors' notices) adds to the atomic write
// of the change it reports, so no change goes unannounced and none is announced that did not
// happen. The delivery job (jobs/deliver.ts) claims and settles messages here; admins list
// them and send a dead one again.
import { type SQL, sql } from 'drizzle-orm';
import { type Db, runAtomic } from '../../db/db.js';
import { containsText, type StepValue } from '../../db/sql.js';

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

/** A message claimed for delivery, with what its channels and its text need. */
export interface QueuedMessage {
  id: string;
  dedupe_key: string;
  kind: string;
  locale: string;
  payload: string;
  attempts: number;
  email_sent_at: number | null;
  webhook_sent_at: number | null;
  created_at: number;
  patron_id: number | null;
  email: string | null;
  external_id: string | null;
  patron_webhook: string | null;
  title_id: number | null;
  title: string | null;
  isbn13: string | null;
  author: string | null;
  status: string | null;
  suggestion_id: number | null;
  wants_hold: number | null;
  /** the requester's live, unanswered feedback link for the title (services/feedback.ts) */
  feedback_token: string | null;
}

/**
 * Claim the messages due now for one delivery run, and read them back. A claim lasts until
 * `lockedUntil`: a run that crashed leaves its messages to the next one. Without a mail
 * server, a message still to be mailed waits.
 */
export async function claimDueMessages(
  db: Db,
  run: { claim: string; now: number; lockedUntil: number; limit: number; mailer: boolean },
): Promise<QueuedMessage[]> {
  const deliverable = run.mailer
    ? sql`1`
    : sql`(n.email_sent_at IS NOT NULL OR coalesce(p.email, n.recipient) IS NULL)`;
  await runAtomic(db, [
    sql`UPDATE notifications SET claim = ${run.claim}, locked_until = ${run.lockedUntil}
        WHERE id IN (SELECT n.id FROM notifications n LEFT JOIN patrons p ON p.id = n.patron_id
                     WHERE n.status = 'pending' AND n.next_attempt_at <= ${run.now}
                       AND (n.claim IS NULL OR n.locked_until < ${run.now}) AND ${deliverable}
                     ORDER BY n.created_at LIMIT ${run.limit})`,
  ]);
  return await db.orm.all<QueuedMessage>(sql`
    SELECT n.id, n.dedupe_key, n.kind, n.locale, n.payload, n.attempts, n.email_sent_at, n.webhook_sent_at, n.created_at,
           n.patron_id, coalesce(p.email, n.recipient) AS email, p.external_id, p.webhook_url AS patron_webhook,
           n.title_id, t.title, t.isbn13, t.author, t.status,
           s.id AS suggestion_id, s.wants_hold, f.token AS feedback_token
    FROM notifications n
    LEFT JOIN patrons p ON p.id = n.patron_id
    LEFT JOIN titles t ON t.id = n.title_id
    LEFT JOIN suggestions s ON s.title_id = n.title_id AND s.patron_id = n.patron_id
    LEFT JOIN feedback f ON f.suggestion_id = s.id AND f.answer IS NULL AND f.expires_at > ${run.now}
    WHERE n.claim = ${run.claim}
    ORDER BY n.created_at`);
}

/** Every channel went: the message is sent. Only the run that holds the claim may say so. */
export function markSent(db: Db, message: { id: string; claim: string }, at: number): Promise<void> {
  return runAtomic(db, [
    sql`UPDATE notifications SET status = 'sent', sent_at = ${at}, claim = NULL, locked_until = NULL, last_error = NULL
        WHERE id = ${message.id} AND claim = ${message.claim}`,
  ]);
}

/** A channel failed: the message is tried again at `nextAttemptAt`, or is dead. */
export function markFailed(
  db: Db,
  message: { id: string; claim: string },
  failure: { dead: boolean; attempts: number; error: string; nextAttemptAt: number },
): Promise<void> {
  return runAtomic(db, [
    sql`UPDATE notifications SET status = ${failure.dead ? 'dead' : 'pending'}, attempts = ${failure.attempts},
          last_error = ${failure.error.slice(0, 500)}, next_attempt_at = ${failure.nextAttemptAt}, claim = NULL, locked_until = NULL
        WHERE id = ${message.id} AND claim = ${message.claim}`,
  ]);
}

/** One channel went, recorded at once, so a retry does not send it twice. */
export function markChannelSent(db: Db, id: string, channel: 'email' | 'webhook', at: number): Promise<void> {
  return runAtomic(db, [
    channel === 'email'
      ? sql`UPDATE notifications SET email_sent_at = ${at} WHERE id = ${id}`
      : sql`UPDATE notifications SET webhook_sent_at = ${at} WHERE id = ${id}`,
  ]);
}

/** A message as an admin sees it, times in milliseconds. */
export interface OutboxEntry {
  id: string;
  kind: string;
  status: 'pending' | 'sent' | 'dead';
  attempts: number;
  lastError: string | null;
  titleId: number | null;
  title: string | null;
  /** the patron's id in the identity system */
  recipient: string | null;
  locale: string;
  createdAt: number;
  nextAttemptAt: number;
  sentAt: number | null;
  emailSentAt: number | null;
  webhookSentAt: number | null;
}

const entries = sql`SELECT n.id, n.kind, n.status, n.attempts, n.last_error AS lastError, n.title_id AS titleId, t.title,
                           p.external_id AS recipient, n.locale, n.created_at AS createdAt, n.next_attempt_at AS nextAttemptAt,
                           n.sent_at AS sentAt, n.email_sent_at AS emailSentAt, n.webhook_sent_at AS webhookSentAt
                    FROM notifications n LEFT JOIN titles t ON t.id = n.title_id LEFT JOIN patrons p ON p.id = n.patron_id`;

/**
 * Where a message stands as the outbox page names it: queued (not yet tried), failed (tried and
 * to be tried again), sent, or dead (given up on until an admin sends it again).
 */
export const MESSAGE_STATES = ['queued', 'failed', 'sent', 'dead'] as const;
export type MessageState = (typeof MESSAGE_STATES)[number];

const STATE_CONDITION: Record<MessageState, SQL> = {
  queued: sql`n.status = 'pending' AND n.attempts = 0`,
  failed: sql`n.status = 'pending' AND n.attempts > 0`,
  sent: sql`n.status = 'sent'`,
  dead: sql`n.status = 'dead'`,
};

/** The channels a message goes by: mail to an address, or a patron's own webhook. */
export const CHANNELS = ['email', 'webhook'] as const;
export type MessageChannel = (typeof CHANNELS)[number];

const CHANNEL_CONDITION: Record<MessageChannel, SQL> = {
  email: sql`(n.email_sent_at IS NOT NULL OR coalesce(p.email, n.recipient) IS NOT NULL)`,
  webhook: sql`(n.webhook_sent_at IS NOT NULL OR p.webhook_url IS NOT NULL)`,
};

export interface OutboxQuery {
  status?: OutboxEntry['status'] | undefined;
  state?: MessageState | undefined;
  channel?: MessageChannel | undefined;
  /** words of the title the message is about */
  title?: string | undefined;
  limit: number;
}

/** The outbox, newest first, of one status or all, by channel and title. */
export async function listMessages(db: Db, query: OutboxQuery): Promise<OutboxEntry[]> {
  const parts: SQL[] = [];
  if (query.status) parts.push(sql`n.status = ${query.status}`);
  if (query.state) parts.push(STATE_CONDITION[query.state]);
  if (query.channel) parts.push(CHANNEL_CONDITION[query.channel]);
  if (query.title?.trim()) parts.push(containsText(sql`t.title`, query.title.trim()));
  const where = parts.length ? sql.join(parts, sql` AND `) : sql`1`;
  return await db.orm.all<OutboxEntry>(sql`${entries} WHERE ${where} ORDER BY n.created_at DESC LIMIT ${query.limit}`);
}

/** How many messages stand in each state. */
export async function countMessages(db: Db): Promise<Record<MessageState, number>> {
  const row = await db.orm.get<Record<MessageState, number>>(sql`
    SELECT ${sql.join(
      MESSAGE_STATES.map(
        (state) => sql`coalesce(sum(CASE WHEN ${STATE_CONDITION[state]} THEN 1 ELSE 0 END), 0) AS ${sql.raw(state)}`,
      ),
      sql`, `,
    )} FROM notifications n`);
  return row ?? { queued: 0, failed: 0, sent: 0, dead: 0 };
}

/** Every dead message queued again as new, once the cause is fixed; how many were. */
export async function retryDeadMessages(db: Db, now: number): Promise<number> {
  // One statement: a message that dies meanwhile is either counted and queued, or neither.
  const queued = await db.orm.all<{ id: string }>(
    sql`UPDATE notifications SET status = 'pending', attempts = 0, next_attempt_at = ${now}, last_error = NULL
        WHERE status = 'dead' RETURNING id`,
  );
  return queued.length;
}

/** A dead message queued again as new, once its cause is fixed; undefined when there is no dead message `id`. */
export async function retryDeadMessage(db: Db, id: string, now: number): Promise<OutboxEntry | undefined> {
  // Only a message this call brought back from the dead: one queued already is not "retried".
  const queued = await db.orm.all<{ id: string }>(
    sql`UPDATE notifications SET status = 'pending', attempts = 0, next_attempt_at = ${now}, last_error = NULL
        WHERE id = ${id} AND status = 'dead' RETURNING id`,
  );
  if (queued.length === 0) return undefined;
  return await db.orm.get<OutboxEntry>(sql`${entries} WHERE n.id = ${id}`);
}

/** Whether a message with this dedupe key is in the outbox, whatever its state. */
export async function isQueued(db: Db, dedupeKey: string): Promise<boolean> {
  return (await db.orm.get(sql`SELECT 1 FROM notifications WHERE dedupe_key = ${dedupeKey}`)) !== undefined;
}
