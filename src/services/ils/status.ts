// Where approved titles are in the ILS, for the selector's title view, the buy list, the admin
// page and `r2b ils status`.
import { sql } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Deps } from '../../context.js';

export interface TitleInIls {
  ils: string;
  /** the outbox's state: pending (to send), sent, dead (gave up, lastError says why) */
  push: 'pending' | 'sent' | 'dead';
  attempts: number;
  lastError: string | null;
  /** the ILS's own ids and word for the title */
  ilsId: string | null;
  ilsNumber: string | null;
  lineId: string | null;
  lineNumber: string | null;
  recordId: string | null;
  ilsStatus: string | null;
  sentAt: Date | null;
  syncedAt: Date | null;
}

const COLUMNS = sql`r.title_id AS titleId, r.ils, r.status AS push, r.attempts, r.last_error AS lastError, r.ils_id AS ilsId,
  r.ils_number AS ilsNumber, r.line_id AS lineId, r.line_number AS lineNumber, r.record_id AS recordId,
  r.ils_status AS ilsStatus, r.sent_at AS sentAt, r.synced_at AS syncedAt`;

type Row = Omit<TitleInIls, 'sentAt' | 'syncedAt'> & {
  titleId: number;
  sentAt: number | null;
  syncedAt: number | null;
};

const dated = ({ titleId: _id, ...row }: Row): TitleInIls => ({
  ...row,
  sentAt: row.sentAt === null ? null : new Date(row.sentAt),
  syncedAt: row.syncedAt === null ? null : new Date(row.syncedAt),
});

/** Each title's place in the ILS, for those the outbox has. */
export async function titlesInIls(deps: Deps, titleIds: number[]): Promise<Map<number, TitleInIls>> {
  if (titleIds.length === 0) return new Map();
  const rows = await deps.db.orm.all<Row>(
    sql`SELECT ${COLUMNS} FROM ils_records r WHERE r.title_id IN (SELECT value FROM json_each(${JSON.stringify(titleIds)}))`,
  );
  return new Map(rows.map((row) => [row.titleId, dated(row)]));
}

export interface IlsSummary {
  ils: Config['ILS'];
  pending: number;
  sent: number;
  dead: number;
  /** the titles given up on, with why */
  failures: { titleId: number; title: string | null; attempts: number; lastError: string | null }[];
  /** the titles sent last, with the ILS's ids for them */
  recent: (Pick<TitleInIls, 'ilsId' | 'ilsNumber' | 'recordId' | 'ilsStatus'> & {
    titleId: number;
    title: string | null;
  })[];
  lastSyncedAt: Date | null;
}

export async function ilsSummary(deps: Deps): Promise<IlsSummary> {
  const counts = await deps.db.orm.all<{ status: 'pending' | 'sent' | 'dead'; n: number }>(
    sql`SELECT status, count(*) AS n FROM ils_records GROUP BY status`,
  );
  const failures = await deps.db.orm.all<IlsSummary['failures'][number]>(
    sql`SELECT r.title_id AS titleId, t.title, r.attempts, r.last_error AS lastError
        FROM ils_records r JOIN titles t ON t.id = r.title_id WHERE r.status = 'dead' ORDER BY r.title_id LIMIT 50`,
  );
  const recent = await deps.db.orm.all<IlsSummary['recent'][number]>(
    sql`SELECT r.title_id AS titleId, t.title, r.ils_id AS ilsId, r.ils_number AS ilsNumber, r.record_id AS recordId,
          r.ils_status AS ilsStatus
        FROM ils_records r JOIN titles t ON t.id = r.title_id WHERE r.status = 'sent' ORDER BY r.sent_at DESC, r.title_id DESC LIMIT 20`,
  );
  const synced = await deps.db.orm.get<{ at: number | null }>(sql`SELECT max(synced_at) AS at FROM ils_records`);
  const n = (status: string) => counts.find((c) => c.status === status)?.n ?? 0;
  return {
    ils: deps.config.ILS,
    pending: n('pending'),
    sent: n('sent'),
    dead: n('dead'),
    failures,
    recent,
    lastSyncedAt: synced?.at ? new Date(synced.at) : null,
  };
}
