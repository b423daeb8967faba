// Notices to selectors (Koha's most requested missing feature): each morning, every selector
// with an address hears of the new suggestions in their assignment since their last notice,
// and of titles waiting in review longer than REVIEW_REMINDER_DAYS. Written to the outbox, so
// they are delivered, retried and kept like every other message; one per selector per day.
import type { Deps } from '../context.js';
import { runAtomic } from '../db/db.js';
import { newId } from '../db/sql.js';
import { label, findStatus } from '../domain/workflow.js';
import { assignmentOf } from '../domain/selectors.js';
import {
  lastNoticeAt,
  type NoticeTitle,
  noticeMadeStep,
  selectorsWithAddress,
  titlesForNotice,
} from '../services/staff-notices.js';
import { type Locale, toLocale } from '../domain/locale.js';
import { titleName } from '../domain/title-name.js';
import type { StaffNoticePayload } from './deliver.js';
import { isQueued, queueMessageStep } from '../services/notifications/outbox.js';

const DAY = 86_400_000;

export async function runStaffNotices(deps: Deps): Promise<{ notified: number }> {
  const now = deps.clock();
  const selectors = await selectorsWithAddress(deps.db);
  let notified = 0;
  for (const selector of selectors) {
    // One notice a day: a second run the same day has nothing to add.
    const dedupe = `staff:${selector.patronId}:${now.toISOString().slice(0, 10)}`;
    if (await isQueued(deps.db, dedupe)) continue;
    const since = (await lastNoticeAt(deps.db, selector.patronId)) ?? now.getTime() - DAY;
    const locale: Locale = toLocale(selector.locale) ?? deps.config.DEFAULT_LOCALE;
    const line = (r: NoticeTitle) => {
      const status = findStatus(deps.workflow, r.status);
      return {
        title: titleName(r, locale),
        requesters: r.requester_count,
        status: status ? label(status.labels, locale) : r.status,
      };
    };
    const { fresh, waiting } = await titlesForNotice(deps.db, {
      assignment: assignmentOf(deps.selectors, selector.externalId),
      since,
      reviewedBefore: now.getTime() - deps.config.REVIEW_REMINDER_DAYS * DAY,
    });
    const steps = [noticeMadeStep(selector.patronId, now.getTime())];
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
          patronId: selector.patronId,
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
