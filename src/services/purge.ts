// `r2b purge --older-than DAYS`: a library keeps requesters' details only as long as it needs
// them to answer. For titles closed (available, held, rejected, cancelled) longer than DAYS,
// each request is moved to an anonymous stand-in of its own (no name, address or identity,
// only the category it was counted under), its free-text reason is dropped, the messages
// about it forget who they were for (their dedupe keys named the patron too), and the history
// forgets which patron's request opened the title. A liaison's endorsement of such a title
// keeps its department and stops saying who gave it or what they wrote. The counts stay: how
// many asked, in which categories and departments, how many endorsed. A patron left with
// nothing, and no token, is deleted.
//
// The outbox does not hold anyone back. A message still waiting to be sent to a forgotten
// request (the mail server was down, or never set up) could only be sent by remembering whom
// it was for, so it is dropped, and the report counts it; messages already sent, or given up
// on, stay as anonymous records.
import { forgetFeedbackStep } from './feedback.js';
import { sql } from 'drizzle-orm';
import type { Deps } from '../context.js';
import { runAtomic } from '../db/db.js';

export interface PurgeReport {
  titles: number;
  requests: number;
  patronsDeleted: number;
  /** messages that were waiting to be sent about a forgotten request, or to a deleted patron: never sent now */
  messagesDropped: number;
  /** sent or dead messages kept as records, no longer saying whom they were for */
  messagesAnonymised: number;
  /** liaisons' endorsements of those titles that no longer say who gave them or what they wrote */
  endorsementsAnonymised: number;
}

const DAY = 86_400_000;

export async function purgeRequesters(deps: Deps, olderThanDays: number): Promise<PurgeReport> {
  const now = deps.clock().getTime();
  const cutoff = now - olderThanDays * DAY;
  const closed = sql`SELECT id FROM titles WHERE stage = 'closed' AND status_changed_at < ${cutoff}`;
  const requests = sql`SELECT s.id FROM suggestions s JOIN patrons p ON p.id = s.patron_id
                       WHERE s.title_id IN (${closed}) AND p.external_id NOT LIKE 'purged:%'`;
  // People this purge forgets wholly: no token, and no request that outlives it. Read before the
  // requests move to their stand-ins (afterwards it would be everyone with nothing).
  const forgotten = sql`SELECT p.id FROM patrons p WHERE p.external_id NOT LIKE 'purged:%'
        AND NOT EXISTS (SELECT 1 FROM api_tokens k WHERE k.patron_id = p.id)
        AND NOT EXISTS (SELECT 1 FROM suggestions s WHERE s.patron_id = p.id AND s.id NOT IN (${requests}))`;
  // The messages that say whom a forgotten request was for: those to its requester about its title,
  // and anything addressed to a person forgotten wholly.
  const aboutForgotten = sql`(n.patron_id IN (${forgotten}) OR (n.title_id IN (${closed}) AND EXISTS (
        SELECT 1 FROM suggestions s WHERE s.title_id = n.title_id AND s.patron_id = n.patron_id AND s.id IN (${requests}))))`;
  const anonymisable = sql`n.status != 'pending' AND n.dedupe_key NOT LIKE 'purged:%'
        AND (n.title_id IN (${closed}) OR n.patron_id IN (${forgotten}))`;
  const endorsed = sql`e.title_id IN (${closed}) AND e.actor NOT LIKE 'purged:%'`;
  const [counts, before] = await Promise.all([
    deps.db.orm.get<{
      titles: number;
      requests: number;
      dropped: number;
      anonymised: number;
      endorsements: number;
    }>(sql`
      SELECT (SELECT count(*) FROM (${closed})) AS titles, (SELECT count(*) FROM (${requests})) AS requests,
             (SELECT count(*) FROM notifications n WHERE n.status = 'pending' AND ${aboutForgotten}) AS dropped,
             (SELECT count(*) FROM notifications n WHERE ${anonymisable}) AS anonymised,
             (SELECT count(*) FROM endorsements e WHERE ${endorsed}) AS endorsements`),
    deps.db.orm.get<{ n: number }>(sql`SELECT count(*) AS n FROM patrons WHERE external_id NOT LIKE 'purged:%'`),
  ]);
  await runAtomic(deps.db, [
    sql`DELETE FROM notifications AS n WHERE n.status = 'pending' AND ${aboutForgotten}`,
    sql`UPDATE notifications AS n SET patron_id = NULL, dedupe_key = 'purged:' || id WHERE ${anonymisable}`,
    // "token:3" or "patron:12" on the request that opened the title would still say who asked.
    sql`UPDATE status_events SET actor = 'purged' WHERE title_id IN (${closed}) AND actor_role = 'patron'`,
    // Their word on the book stays counted; the link and what they wrote go.
    forgetFeedbackStep(requests),
    // The department's word stays (the title's history counted it); whose it was, and the comment, go.
    sql`UPDATE endorsements AS e SET actor = 'purged:' || id, actor_name = NULL, comment = NULL WHERE ${endorsed}`,
    sql`INSERT INTO patrons (external_id, category, locale, created_at, updated_at)
        SELECT 'purged:' || s.id, s.category, ${deps.config.DEFAULT_LOCALE}, ${now}, ${now} FROM suggestions s WHERE s.id IN (${requests})`,
    sql`UPDATE suggestions SET patron_id = (SELECT id FROM patrons WHERE external_id = 'purged:' || suggestions.id), reason = NULL
        WHERE id IN (${requests})`,
    sql`DELETE FROM patrons WHERE external_id NOT LIKE 'purged:%'
          AND NOT EXISTS (SELECT 1 FROM suggestions s WHERE s.patron_id = patrons.id)
          AND NOT EXISTS (SELECT 1 FROM api_tokens k WHERE k.patron_id = patrons.id)
          AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.patron_id = patrons.id)`,
  ]);
  const after = await deps.db.orm.get<{ n: number }>(
    sql`SELECT count(*) AS n FROM patrons WHERE external_id NOT LIKE 'purged:%'`,
  );
  return {
    titles: counts?.titles ?? 0,
    requests: counts?.requests ?? 0,
    patronsDeleted: (before?.n ?? 0) - (after?.n ?? 0),
    messagesDropped: counts?.dropped ?? 0,
    messagesAnonymised: counts?.anonymised ?? 0,
    endorsementsAnonymised: counts?.endorsements ?? 0,
  };
}
