// Reading back from the ILS: for every title it has, where it is there, and the moves that
// follow in our workflow (approved -> ordered -> received -> available, or cancelled), made
// through changeStatus like a selector's, so requesters get the same messages. Once the ILS
// has a record a hold can go on, each requester who asked for a hold gets one, once.
import { type SQL, sql } from 'drizzle-orm';
import type { Deps, Principal } from '../../context.js';
import { runAtomic } from '../../db/db.js';
import { ApiError } from '../../errors.js';
import { changeStatus } from '../titles.js';
import { type IlsConnector, IlsFailure, type IlsIds, type IlsStage } from './connector.js';
import { ilsConnector } from './index.js';
import { idColumns } from './outbox.js';

export interface SyncReport {
  read: number;
  moved: number;
  holds: number;
  failed: number;
}

// The default workflow's path of an ordered title; a library's own workflow keeps these codes
// for the statuses an ILS can report, or the sync moves nothing it does not know.
const PATH: readonly IlsStage[] = ['sent', 'ordered', 'received', 'available'];
const STATUS_OF: Record<IlsStage, string> = {
  sent: 'approved',
  ordered: 'ordered',
  received: 'received',
  available: 'available',
  cancelled: 'cancelled',
};

// Least recently read first, so a library with more titles on order than one run reads gets
// every one read within a few runs (and a Worker's run stays within its subrequests).
const SYNC_BATCH = 200;

interface Sent {
  titleId: number;
  status: string;
  ilsId: string;
  ilsNumber: string | null;
  lineId: string | null;
  lineNumber: string | null;
  recordId: string | null;
}

export async function runIlsSync(deps: Deps): Promise<SyncReport> {
  const connector = ilsConnector(deps);
  const report: SyncReport = { read: 0, moved: 0, holds: 0, failed: 0 };
  if (!connector) return report;
  // Titles the workflow has closed (available, cancelled) have nothing more to hear, unless a
  // requester still waits for a hold.
  const rows = await deps.db.orm.all<Sent>(sql`
    SELECT r.title_id AS titleId, t.status, r.ils_id AS ilsId, r.ils_number AS ilsNumber, r.line_id AS lineId,
           r.line_number AS lineNumber, r.record_id AS recordId
    FROM ils_records r JOIN titles t ON t.id = r.title_id
    WHERE r.status = 'sent' AND r.ils_id IS NOT NULL AND (t.stage <> 'closed' OR EXISTS (${holdsWanted(sql`r.title_id`)}))
    ORDER BY r.synced_at IS NOT NULL, r.synced_at LIMIT ${SYNC_BATCH}`);
  for (const row of rows) {
    try {
      const outcome = await syncOne(deps, connector, row);
      report.read++;
      report.moved += outcome.moved;
      report.holds += outcome.holds;
    } catch (error) {
      report.failed++;
      deps.logger.warn('ILS sync failed', { titleId: row.titleId, error: (error as Error).message });
      // One title the ILS cannot answer for says nothing of the next; an unreachable ILS says it of all.
      if (error instanceof IlsFailure && error.status === undefined) break;
    }
  }
  return report;
}

async function syncOne(deps: Deps, connector: IlsConnector, row: Sent): Promise<{ moved: number; holds: number }> {
  const ids: IlsIds = row;
  const state = await connector.state(ids);
  const learnt = { ...ids, ...state.ids };
  await runAtomic(deps.db, [
    sql`UPDATE ils_records SET ils_status = ${state.ilsStatus}, synced_at = ${deps.clock().getTime()}, ${idColumns(state.ids ?? {})}
        WHERE title_id = ${row.titleId}`,
  ]);
  const moved = await follow(deps, connector, row, state.stage, state.reason ?? null);
  const holds =
    learnt.recordId && state.holdable !== false ? await placeHolds(deps, connector, row.titleId, learnt) : 0;
  return { moved, holds };
}

/** Move the title along the path up to where the ILS says it is, one workflow step at a time. */
async function follow(
  deps: Deps,
  connector: IlsConnector,
  row: Sent,
  stage: IlsStage,
  reason: string | null,
): Promise<number> {
  const principal: Principal = { role: 'admin', patron: null, departmentCode: null, actor: `ils:${connector.name}` };
  const move = async (to: string, why: string | null) => {
    try {
      await changeStatus(deps, principal, row.titleId, to, why);
      return true;
    } catch (error) {
      // A move the library's workflow does not allow, or one a selector made first: logged, not forced.
      if (!(error instanceof ApiError)) throw error;
      deps.logger.warn('ILS status not followed', { titleId: row.titleId, to, error: error.message });
      return false;
    }
  };
  if (stage === 'cancelled') {
    const at = PATH.findIndex((s) => STATUS_OF[s] === row.status);
    return at >= 0 && at < PATH.indexOf('received') && (await move(STATUS_OF.cancelled, reason)) ? 1 : 0;
  }
  let moved = 0;
  let at = PATH.findIndex((s) => STATUS_OF[s] === row.status);
  if (at < 0) return 0;
  const target = PATH.indexOf(stage);
  while (at < target) {
    at++;
    if (!(await move(STATUS_OF[PATH[at]!], null))) break;
    moved++;
  }
  return moved;
}

/**
 * A query for the requesters of a title who asked for a hold and have none yet. A hold the ILS
 * refused is tried again at each sync while the title is open here, not after: a requester
 * the ILS does not know would otherwise keep a closed title in every sync.
 */
function holdsWanted(titleId: SQL) {
  return sql`SELECT s.patron_id, p.external_id, s.pickup_branch FROM suggestions s JOIN patrons p ON p.id = s.patron_id
             WHERE s.title_id = ${titleId} AND s.wants_hold = 1 AND p.external_id NOT LIKE 'purged:%'
               AND NOT EXISTS (SELECT 1 FROM ils_holds h WHERE h.title_id = s.title_id AND h.patron_id = s.patron_id
                                 AND (h.hold_id IS NOT NULL
                                      OR (SELECT stage FROM titles WHERE id = s.title_id) = 'closed'))`;
}

async function placeHolds(deps: Deps, connector: IlsConnector, titleId: number, ids: IlsIds): Promise<number> {
  const wanting = await deps.db.orm.all<{ patron_id: number; external_id: string; pickup_branch: string | null }>(
    holdsWanted(sql`${titleId}`),
  );
  let placed = 0;
  for (const patron of wanting) {
    const at = deps.clock().getTime();
    try {
      // At the branch the requester chose when they suggested it, if the library asks.
      const holdId = await connector.placeHold(ids, { cardNumber: patron.external_id, pickup: patron.pickup_branch });
      await runAtomic(deps.db, [
        sql`INSERT INTO ils_holds (title_id, patron_id, hold_id, placed_at, created_at) VALUES (${titleId}, ${patron.patron_id}, ${holdId}, ${at}, ${at})
            ON CONFLICT (title_id, patron_id) DO UPDATE SET hold_id = excluded.hold_id, placed_at = excluded.placed_at, last_error = NULL`,
      ]);
      placed++;
    } catch (error) {
      if (!(error instanceof IlsFailure)) throw error;
      await runAtomic(deps.db, [
        sql`INSERT INTO ils_holds (title_id, patron_id, last_error, created_at) VALUES (${titleId}, ${patron.patron_id}, ${error.message.slice(0, 1000)}, ${at})
            ON CONFLICT (title_id, patron_id) DO UPDATE SET last_error = excluded.last_error`,
      ]);
      if (error.status === undefined) throw error;
    }
  }
  return placed;
}
