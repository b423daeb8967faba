// Notices to selectors (Koha's most requested missing feature): each morning, every selector
// with an address hears of the new suggestions in their assignment since their last notice,
// and of titles waiting in review longer than REVIEW_REMINDER_DAYS. Written to the outbox, so
// they are delivered, retried and kept like every other message; one per selector per day.
import { sql } from 'drizzle-orm';
import type { Deps } from '../context.js';
import { runAtomic } from '../db/db.js';
import { newId } from '../db/sql.js';
import { label, findStatus } from '../domain/workflow.js';
import { assignmentOf } from '../domain/selectors.js';
import { assignmentScope } from '../services/selectors.js';
import { type Locale, toLocale } from '../domain/locale.js';
import { titleName } from '../domain/title-name.js';
import type { StaffNoticePayload } from './deliver.js';
import { queueMessageStep } from '../services/notifications/outbox.js';

const DAY = 86_400_000;

interface Listed {
  title: string | null;
  isbn13: string | null;
  requester_count: number;
  status: string;
}

export async function runStaffNotices(deps: Deps): Promise<{ notified: number }> {
  const now = deps.clock();
  const selectors = await deps.db.orm.all<{
    patron_id: number;
    external_id: string;
    locale: string;
    email: string;
  }>(sql`
    SELECT DISTINCT p.id AS patron_id, p.external_id, p.locale, p.email FROM api_tokens k JOIN patrons p ON p.id = k.patron_id
    WHERE k.role = 'selector' AND k.revoked_at IS NULL AND p.email IS NOT NULL`);
  let notified = 0;
  for (const selector of selectors) {
    // One notice a day: a second run the same day has nothing to add.
    const dedupe = `staff:${selector.patron_id}:${now.toISOString().slice(0, 10)}`;
    if (await deps.db.orm.get(sql`SELECT 1 FROM notifications WHERE dedupe_key = ${dedupe}`)) continue;
    const key = `staff_notice:${selector.patron_id}`;
    const last = await deps.db.orm.get<{ value: string }>(sql`SELECT value FROM app_state WHERE key = ${key}`);
    const since = last ? Number(last.value) : now.getTime() - DAY;
    const scope = assignmentScope(assignmentOf(deps.selectors, selector.external_id));
    const locale: Locale = toLocale(selector.locale) ?? deps.config.DEFAULT_LOCALE;
    const line = (r: Listed) => {
      const status = findStatus(deps.workflow, r.status);
      return {
        title: titleName(r, locale),
        requesters: r.requester_count,
        status: status ? label(status.labels, locale) : r.status,
      };
    };
    const fresh = await deps.db.orm.all<Listed>(sql`
      SELECT t.title, t.isbn13, t.requester_count, t.status FROM titles t
      WHERE t.stage = 'pending' AND t.created_at > ${since} AND ${scope} ORDER BY t.score DESC, t.id LIMIT 50`);
    const waiting = await deps.db.orm.all<Listed>(sql`
      SELECT t.title, t.isbn13, t.requester_count, t.status FROM titles t
      WHERE t.status = 'in_review' AND t.status_changed_at < ${now.getTime() - deps.config.REVIEW_REMINDER_DAYS * DAY} AND ${scope}
      ORDER BY t.status_changed_at LIMIT 50`);
    const steps = [
      sql`INSERT INTO app_state (key, value) VALUES (${key}, ${String(now.getTime())})
          ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    ];
    if (fresh.length || waiting.length) {
      const payload: StaffNoticePayload = {
        fresh: fresh.map(line),
        waiting: waiting.map(line),
        days: deps.config.REVIEW_REMINDER_DAYS,
      };
      steps.push(
        queueMessageStep({
          id: newId(),
          dedupeKey: dedupe,
          patronId: selector.patron_id,
          kind: 'staff_notice',
          locale,
          payload: JSON.stringify(payload),
          at: now.getTime(),
        }),
      );
      notified++;
    }
    await runAtomic(deps.db, steps);
  }
  return { notified };
}
