// What the selectors' morning notice reads (jobs/staff-notices.ts): who gets one, when each
// last did, and the titles of their assignment that are new or have waited too long.
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import type { Assignment } from '../domain/selectors.js';
import { assignmentScope } from './selectors.js';

export interface NoticedSelector {
  patronId: number;
  externalId: string;
  locale: string;
  email: string;
}

/** Listed in a notice. */
export interface NoticeTitle {
  title: string | null;
  isbn13: string | null;
  requester_count: number;
  status: string;
}

/** Every selector with a token still in force and an address to write to. */
export async function selectorsWithAddress(db: Db): Promise<NoticedSelector[]> {
  return await db.orm.all<NoticedSelector>(sql`
    SELECT DISTINCT p.id AS patronId, p.external_id AS externalId, p.locale, p.email FROM api_tokens k JOIN patrons p ON p.id = k.patron_id
    WHERE k.role = 'selector' AND k.revoked_at IS NULL AND p.email IS NOT NULL`);
}

const noticeKey = (patronId: number) => `staff_notice:${patronId}`;

/** When the selector's last notice was made, in milliseconds; null before the first. */
export async function lastNoticeAt(db: Db, patronId: number): Promise<number | null> {
  const row = await db.orm.get<{ value: string }>(sql`SELECT value FROM app_state WHERE key = ${noticeKey(patronId)}`);
  return row ? Number(row.value) : null;
}

/** The statement that records a notice made at `at`: the next one starts from there. */
export function noticeMadeStep(patronId: number, at: number): SQL {
  return sql`INSERT INTO app_state (key, value) VALUES (${noticeKey(patronId)}, ${String(at)})
             ON CONFLICT (key) DO UPDATE SET value = excluded.value`;
}

/**
 * In the selector's assignment: the titles awaiting a decision that arrived after `since`, best
 * first, and those in review since before `reviewedBefore`, longest waiting first; 50 of each.
 */
export async function titlesForNotice(
  db: Db,
  ask: { assignment: Assignment | null; since: number; reviewedBefore: number },
): Promise<{ fresh: NoticeTitle[]; waiting: NoticeTitle[] }> {
  const scope = assignmentScope(ask.assignment);
  const fresh = await db.orm.all<NoticeTitle>(sql`
    SELECT t.title, t.isbn13, t.requester_count, t.status FROM titles t
    WHERE t.stage = 'pending' AND t.created_at > ${ask.since} AND ${scope} ORDER BY t.score DESC, t.id LIMIT 50`);
  const waiting = await db.orm.all<NoticeTitle>(sql`
    SELECT t.title, t.isbn13, t.requester_count, t.status FROM titles t
    WHERE t.status = 'in_review' AND t.status_changed_at < ${ask.reviewedBefore} AND ${scope}
    ORDER BY t.status_changed_at LIMIT 50`);
  return { fresh, waiting };
}
