// Requesters' word on what arrived: "Was this what you needed?", asked by a one-click link in
// the "available" message. The link's token is made with the status change that sends the
// message (so a title on the shelf always has one per requester), answers once, and expires
// after FEEDBACK_LINK_DAYS; selectors see the answers and notes with the title, the outcomes
// report counts them, and purge forgets the token and the note.
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import type { StepValue } from '../db/sql.js';
import { runAtomic } from '../db/db.js';

/** How long a feedback link works: long enough for a book to be borrowed and read. */
export const FEEDBACK_LINK_DAYS = 60;
const DAY = 86_400_000;

export type FeedbackAnswer = 'yes' | 'no';

/** One link for each requester of the titles `titles` (a condition over `t`) who has none. */
export function feedbackLinksStep(titles: SQL, at: StepValue): SQL {
  return sql`INSERT INTO feedback (suggestion_id, title_id, token, expires_at, created_at)
    SELECT s.id, t.id, lower(hex(randomblob(16))), ${at} + ${FEEDBACK_LINK_DAYS * DAY}, ${at}
    FROM titles t JOIN suggestions s ON s.title_id = t.id JOIN patrons p ON p.id = s.patron_id
    WHERE ${titles} AND p.external_id NOT LIKE 'purged:%'
    ON CONFLICT (suggestion_id) DO NOTHING`;
}

export interface FeedbackLink {
  titleId: number;
  title: string | null;
  isbn13: string | null;
  expired: boolean;
  answer: FeedbackAnswer | null;
}

// A token is 32 hex digits; anything else is no link, and is never looked up.
const TOKEN = /^[0-9a-f]{32}$/;

export async function feedbackLink(db: Db, token: string, now: Date): Promise<FeedbackLink | null> {
  if (!TOKEN.test(token)) return null;
  const row = await db.orm.get<{
    title_id: number;
    title: string | null;
    isbn13: string | null;
    expires_at: number;
    answer: FeedbackAnswer | null;
  }>(sql`SELECT f.title_id, t.title, t.isbn13, f.expires_at, f.answer
         FROM feedback f JOIN titles t ON t.id = f.title_id WHERE f.token = ${token}`);
  if (!row) return null;
  return {
    titleId: row.title_id,
    title: row.title,
    isbn13: row.isbn13,
    expired: row.expires_at <= now.getTime(),
    answer: row.answer,
  };
}

/**
 * Records the answer if the link is live and unanswered; says what happened. A second answer,
 * or one after the link expired, changes nothing.
 */
export async function answerFeedback(
  db: Db,
  token: string,
  answer: FeedbackAnswer,
  note: string | null,
  now: Date,
): Promise<'recorded' | 'already' | 'expired' | 'unknown'> {
  const link = await feedbackLink(db, token, now);
  if (!link) return 'unknown';
  if (link.answer) return 'already';
  if (link.expired) return 'expired';
  await runAtomic(db, [
    sql`UPDATE feedback SET answer = ${answer}, note = ${note}, answered_at = ${now.getTime()}
        WHERE token = ${token} AND answer IS NULL`,
  ]);
  const after = await feedbackLink(db, token, now);
  return after?.answer === answer ? 'recorded' : 'already';
}

/** The live link of one requester of a title, as the message to them carries it. */
export async function feedbackTokenOf(db: Db, titleId: number, patronId: number): Promise<string | null> {
  const row = await db.orm.get<{ token: string | null }>(
    sql`SELECT f.token FROM feedback f JOIN suggestions s ON s.id = f.suggestion_id
        WHERE f.title_id = ${titleId} AND s.patron_id = ${patronId}`,
  );
  return row?.token ?? null;
}

export interface TitleFeedback {
  yes: number;
  no: number;
  /** what requesters wrote, newest first */
  notes: { answer: FeedbackAnswer; note: string; at: string }[];
}

/** The answers about each title: counts, and the notes (for staff who may read them). */
export async function feedbackOf(db: Db, titleIds: number[]): Promise<Map<number, TitleFeedback>> {
  const out = new Map<number, TitleFeedback>();
  if (titleIds.length === 0) return out;
  const rows = await db.orm.all<{ title_id: number; answer: FeedbackAnswer; note: string | null; answered_at: number }>(
    sql`SELECT title_id, answer, note, answered_at FROM feedback
        WHERE answer IS NOT NULL AND title_id IN (SELECT value FROM json_each(${JSON.stringify(titleIds)}))
        ORDER BY answered_at DESC`,
  );
  for (const r of rows) {
    let f = out.get(r.title_id);
    if (!f) out.set(r.title_id, (f = { yes: 0, no: 0, notes: [] }));
    f[r.answer]++;
    if (r.note) f.notes.push({ answer: r.answer, note: r.note, at: new Date(r.answered_at).toISOString() });
  }
  return out;
}

/** What purge does to the feedback of the suggestions `requests` selects: the token and the note go. */
export function forgetFeedbackStep(requests: SQL): SQL {
  return sql`UPDATE feedback SET token = NULL, note = NULL WHERE suggestion_id IN (${requests})`;
}
