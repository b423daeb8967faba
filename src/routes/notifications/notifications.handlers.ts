import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context.js';
import { sql } from 'drizzle-orm';
import { runAtomic } from '../../db/db.js';
import { ApiError } from '../../errors.js';
import type * as routes from './notifications.routes.js';

interface Row {
  id: string;
  kind: string;
  status: 'pending' | 'sent' | 'dead';
  attempts: number;
  last_error: string | null;
  title_id: number | null;
  title: string | null;
  recipient: string | null;
  locale: string;
  created_at: number;
  next_attempt_at: number;
  sent_at: number | null;
  email_sent_at: number | null;
  webhook_sent_at: number | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const json = (r: Row) => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  attempts: r.attempts,
  lastError: r.last_error,
  titleId: r.title_id,
  title: r.title,
  recipient: r.recipient,
  locale: r.locale,
  createdAt: iso(r.created_at)!,
  nextAttemptAt: iso(r.next_attempt_at)!,
  sentAt: iso(r.sent_at),
  emailSentAt: iso(r.email_sent_at),
  webhookSentAt: iso(r.webhook_sent_at),
});
const select = sql`SELECT n.id, n.kind, n.status, n.attempts, n.last_error, n.title_id, t.title, p.external_id AS recipient, n.locale,
                          n.created_at, n.next_attempt_at, n.sent_at, n.email_sent_at, n.webhook_sent_at
                   FROM notifications n LEFT JOIN titles t ON t.id = n.title_id LEFT JOIN patrons p ON p.id = n.patron_id`;

export const list: RouteHandler<typeof routes.list, AppEnv> = async (c) => {
  const { status, limit } = c.req.valid('query');
  const rows = await c
    .get('deps')
    .db.orm.all<Row>(
      sql`${select} WHERE ${status ? sql`n.status = ${status}` : sql`1`} ORDER BY n.created_at DESC LIMIT ${limit}`,
    );
  return c.json({ items: rows.map(json) }, 200);
};

export const retry: RouteHandler<typeof routes.retry, AppEnv> = async (c) => {
  const { db, clock } = c.get('deps');
  const { id } = c.req.valid('param');
  await runAtomic(db, [
    sql`UPDATE notifications SET status = 'pending', attempts = 0, next_attempt_at = ${clock().getTime()}, last_error = NULL
        WHERE id = ${id} AND status = 'dead'`,
  ]);
  const row = await db.orm.get<Row>(sql`${select} WHERE n.id = ${id}`);
  if (!row || row.status !== 'pending') throw new ApiError('not-found', `There is no dead message ${id}.`);
  return c.json(json(row), 200);
};
