// The ILS outbox: every title in ILS_PUSH_STATUS (approved) gets one row in ils_records, and a
// push run sends the rows that are due. A run claims its rows with a lease, so a run that dies
// leaves them to the next once the lease is out; after an attempt whose answer never came (a
// timeout, a crash mid-request), the next attempt first asks the ILS for the record carrying
// the row's key, so the ILS gets each title once; an id a connector stores as it goes (the
// record Koha's order mode makes before its order line) comes back to the next attempt with
// the row. Failures back off exponentially; after ILS_PUSH_MAX_ATTEMPTS, or at once when the
// ILS refuses the request itself, the row is dead, its error kept, until an admin retries it.
import { type SQL, sql } from 'drizzle-orm';
import type { Deps } from '../../context.js';
import { runAtomic } from '../../db/db.js';
import { newId } from '../../db/sql.js';
import { type BuyList, buildBuyList } from '../buylist.js';
import { backoffMs } from '../../jobs/queue.js';
import { type IlsConnector, IlsFailure, type IlsIds, type IlsOrder } from './connector.js';
import { ilsConnector } from './index.js';

const BATCH = 25;

export interface PushReport {
  queued: number;
  sent: number;
  retrying: number;
  dead: number;
  /** titles taken back out of the push status before they went */
  dropped: number;
}

interface Claimed {
  titleId: number;
  key: string;
  attempts: number;
  status: string;
  lastError: string | null;
  recordId: string | null;
}

/** Rows for the titles newly in ILS_PUSH_STATUS; a title already in the outbox keeps its row. */
export async function queueApproved(deps: Deps): Promise<number> {
  if (deps.config.ILS === 'none') return 0;
  const at = deps.clock().getTime();
  const fresh = await deps.db.orm.all<{ id: number }>(
    sql`SELECT t.id FROM titles t WHERE t.status = ${deps.config.ILS_PUSH_STATUS}
        AND NOT EXISTS (SELECT 1 FROM ils_records r WHERE r.title_id = t.id)`,
  );
  if (fresh.length === 0) return 0;
  // The key is a UUID: FOLIO takes it as the purchase order's own id.
  await runAtomic(
    deps.db,
    fresh.map(
      ({ id }) => sql`INSERT INTO ils_records (title_id, ils, key, status, attempts, next_attempt_at, created_at)
                      VALUES (${id}, ${deps.config.ILS}, ${newId()}, 'pending', 0, ${at}, ${at})
                      ON CONFLICT (title_id) DO NOTHING`,
    ),
  );
  return fresh.length;
}

/** Send what is due now. */
export async function runIlsPush(deps: Deps): Promise<PushReport> {
  const connector = ilsConnector(deps);
  const report: PushReport = { queued: 0, sent: 0, retrying: 0, dead: 0, dropped: 0 };
  if (!connector) return report;
  report.queued = await queueApproved(deps);
  for (;;) {
    const batch = await claim(deps);
    if (batch.length === 0) break;
    const ids = batch.map((row) => row.titleId);
    const [reasons, lists] = await Promise.all([patronReasons(deps, ids), orderLists(deps, ids)]);
    // Each title's "sent" is written with the rest of its batch, not in a commit of its own.
    // Until then its row is still claimed, its attempt counted before the request went, so a
    // run that dies in between leaves it to the next as an attempt whose answer was lost: that
    // one asks the ILS for it first, and does not send it again.
    const sent: SQL[] = [];
    try {
      for (const row of batch) {
        const outcome = await pushOne(deps, connector, row, lists.get(row.titleId), reasons.get(row.titleId) ?? null);
        report[outcome.result]++;
        if (outcome.sent) sent.push(outcome.sent);
        // An ILS that cannot be reached will not be reached for the next title either: the rest
        // of the batch is let go at once rather than held, timeout after timeout, past its lease.
        if (outcome.unreachable) {
          await runAtomic(deps.db, [...sent.splice(0), release(row.claim)]);
          return report;
        }
      }
    } finally {
      if (sent.length) await runAtomic(deps.db, sent);
    }
    if (batch.length < BATCH) break;
  }
  return report;
}

/** Give back the titles of a claim not tried, as they were. */
function release(claim: string): SQL {
  return sql`UPDATE ils_records SET claim = NULL, locked_until = NULL, attempts = attempts - 1 WHERE claim = ${claim}`;
}

/**
 * Each title of a batch as the buy list shows it, in the library's language, read together: a
 * list of one title each, for the connector to write its order from (as the order exports do).
 */
async function orderLists(deps: Deps, titleIds: number[]): Promise<Map<number, BuyList>> {
  const locale = deps.config.DEFAULT_LOCALE;
  const batch = await buildBuyList(deps, { titleIds, limit: null, assignment: null, locale });
  // Sent on its own, a title is first on a list of one: its rank in the batch means nothing.
  return new Map(batch.items.map((item) => [item.titleId, { ...batch, ranked: 1, items: [{ ...item, rank: 1 }] }]));
}

/** What the first three requesters who said wrote of why they want each title, by title. */
async function patronReasons(deps: Deps, titleIds: number[]): Promise<Map<number, string>> {
  const rows = await deps.db.orm.all<{ titleId: number; reason: string }>(sql`
    SELECT title_id AS titleId, reason
    FROM (SELECT id, title_id, reason, row_number() OVER (PARTITION BY title_id ORDER BY id) AS n
          FROM suggestions
          WHERE title_id IN (SELECT value FROM json_each(${JSON.stringify(titleIds)})) AND reason IS NOT NULL AND reason <> '')
    WHERE n <= 3 ORDER BY title_id, id`);
  const reasons = new Map<number, string>();
  for (const r of rows)
    reasons.set(r.titleId, reasons.has(r.titleId) ? `${reasons.get(r.titleId)} / ${r.reason}` : r.reason);
  return reasons;
}

async function claim(deps: Deps): Promise<(Claimed & { claim: string })[]> {
  const claim = newId();
  const at = deps.clock().getTime();
  await runAtomic(deps.db, [
    sql`UPDATE ils_records SET claim = ${claim}, locked_until = ${at + deps.config.ILS_LEASE_SECONDS * 1000}, attempts = attempts + 1
        WHERE title_id IN (SELECT title_id FROM ils_records WHERE status = 'pending' AND next_attempt_at <= ${at}
                             AND (claim IS NULL OR locked_until < ${at})
                           ORDER BY next_attempt_at LIMIT ${BATCH})`,
  ]);
  return deps.db.orm.all<Claimed & { claim: string }>(
    sql`SELECT r.title_id AS titleId, r.key, r.attempts, t.status, r.last_error AS lastError, r.record_id AS recordId, r.claim
        FROM ils_records r JOIN titles t ON t.id = r.title_id WHERE r.claim = ${claim}`,
  );
}

async function pushOne(
  deps: Deps,
  connector: IlsConnector,
  row: Claimed & { claim: string },
  list: BuyList | undefined,
  patronReason: string | null,
): Promise<{ result: 'sent' | 'retrying' | 'dead' | 'dropped'; sent?: SQL; unreachable?: boolean }> {
  const at = () => deps.clock().getTime();
  const mine = sql`title_id = ${row.titleId} AND claim = ${row.claim}`;
  // Only a first attempt is sure the ILS has nothing yet: any other may follow one whose
  // answer was lost after the ILS had made the record.
  const unsure = row.attempts > 1 || row.lastError !== null;
  if (row.status !== deps.config.ILS_PUSH_STATUS && !unsure) {
    // Sent back to review or cancelled before it went: nothing for the ILS; approved again, it is queued again.
    await runAtomic(deps.db, [sql`DELETE FROM ils_records WHERE ${mine}`]);
    return { result: 'dropped' };
  }
  try {
    if (!list) throw new IlsFailure(`title ${row.titleId} is no longer there to send`, false);
    const order = orderFor(deps, row, list, patronReason, (ids) =>
      runAtomic(deps.db, [sql`UPDATE ils_records SET ${idColumns(ids)} WHERE ${mine}`]),
    );
    const ids = (unsure ? await connector.find(order) : null) ?? (await connector.push(order));
    return {
      result: 'sent',
      sent: sql`UPDATE ils_records SET status = 'sent', claim = NULL, locked_until = NULL, last_error = NULL, sent_at = ${at()},
                  ${idColumns(ids)} WHERE ${mine}`,
    };
  } catch (error) {
    const failure = error instanceof IlsFailure ? error : new IlsFailure((error as Error).message, true);
    const dead = !failure.retry || row.attempts >= deps.config.ILS_PUSH_MAX_ATTEMPTS;
    deps.logger.warn('ILS push failed', { titleId: row.titleId, attempts: row.attempts, dead, error: failure.message });
    await runAtomic(deps.db, [
      sql`UPDATE ils_records SET status = ${dead ? 'dead' : 'pending'}, claim = NULL, locked_until = NULL,
            last_error = ${failure.message.slice(0, 1000)}, next_attempt_at = ${at() + backoffMs(row.attempts)} WHERE ${mine}`,
    ]);
    return { result: dead ? 'dead' : 'retrying', unreachable: failure.status === undefined && failure.retry };
  }
}

/** What a connector is given to send one title. */
function orderFor(
  deps: Deps,
  row: Claimed,
  list: BuyList,
  patronReason: string | null,
  remember: IlsOrder['remember'],
): IlsOrder {
  return {
    titleId: row.titleId,
    key: row.key,
    list,
    context: { now: deps.clock(), locale: deps.config.DEFAULT_LOCALE, settings: deps.config, selector: null },
    patronReason,
    known: row.recordId === null ? {} : { recordId: row.recordId },
    remember,
  };
}

export function idColumns(ids: Partial<IlsIds>) {
  const set = [
    ids.ilsId !== undefined ? sql`ils_id = ${ids.ilsId}` : null,
    ids.ilsNumber !== undefined ? sql`ils_number = ${ids.ilsNumber}` : null,
    ids.lineId !== undefined ? sql`line_id = ${ids.lineId}` : null,
    ids.lineNumber !== undefined ? sql`line_number = ${ids.lineNumber}` : null,
    ids.recordId !== undefined ? sql`record_id = coalesce(${ids.recordId}, record_id)` : null,
  ].filter((part) => part !== null);
  return set.length ? sql.join(set, sql`, `) : sql`title_id = title_id`;
}

/** An admin's "try again": dead rows (or one title's) go back to pending, attempts counted afresh. */
export async function retryDead(deps: Deps, titleId?: number): Promise<number> {
  const at = deps.clock().getTime();
  const which = titleId === undefined ? sql`1` : sql`title_id = ${titleId}`;
  const before = await deps.db.orm.get<{ n: number }>(
    sql`SELECT count(*) AS n FROM ils_records WHERE status = 'dead' AND ${which}`,
  );
  await runAtomic(deps.db, [
    sql`UPDATE ils_records SET status = 'pending', attempts = 0, next_attempt_at = ${at} WHERE status = 'dead' AND ${which}`,
  ]);
  return before?.n ?? 0;
}
