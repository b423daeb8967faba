// The outbox as admins see it: what is waiting, what went, and what could not be delivered
// (dead), with the last error; a dead message can be sent again once the cause is fixed.
import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { runAtomic } from '../../db/db.js';
import { ApiError } from '../../errors.js';
import { allow, createRouter } from '../router.js';
import { authProblems, problem } from '../schemas.js';

const NotificationSchema = z
  .object({
    id: z.string(),
    kind: z.string().openapi({ example: 'status_changed' }),
    status: z.enum(['pending', 'sent', 'dead']),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    titleId: z.number().int().nullable(),
    title: z.string().nullable(),
    recipient: z.string().nullable().openapi({ description: "the patron's id in the identity system" }),
    locale: z.string(),
    createdAt: z.string(),
    nextAttemptAt: z.string(),
    sentAt: z.string().nullable(),
    emailSentAt: z.string().nullable(),
    webhookSentAt: z.string().nullable(),
  })
  .openapi('Notification');

const list = createRoute({
  method: 'get',
  path: '/notifications',
  tags: ['Operations'],
  summary: 'Messages in the outbox, newest first',
  security: [{ bearer: [] }],
  middleware: [allow('outbox')] as const,
  request: {
    query: z.object({
      status: z.enum(['pending', 'sent', 'dead']).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
  },
  responses: {
    200: {
      content: { 'application/json': { schema: z.object({ items: z.array(NotificationSchema) }) } },
      description: 'Messages',
    },
    ...authProblems,
  },
});

const retry = createRoute({
  method: 'post',
  path: '/notifications/{id}/retry',
  tags: ['Operations'],
  summary: 'Send a dead message again',
  security: [{ bearer: [] }],
  middleware: [allow('outbox')] as const,
  request: {
    params: z.object({
      id: z
        .string()
        .min(1)
        .max(64)
        .openapi({ param: { name: 'id', in: 'path' } }),
    }),
  },
  responses: {
    200: { content: { 'application/json': { schema: NotificationSchema } }, description: 'Queued again' },
    ...authProblems,
    404: problem(
      'not-found',
      'No dead message with this id',
      'There is no dead message 5b0e6c1f0d6a4c1e9f1d2a3b4c5d6e7f.',
    ),
  },
});

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

export const notificationsRouter = createRouter()
  .openapi(list, async (c) => {
    const { status, limit } = c.req.valid('query');
    const rows = await c
      .get('deps')
      .db.orm.all<Row>(
        sql`${select} WHERE ${status ? sql`n.status = ${status}` : sql`1`} ORDER BY n.created_at DESC LIMIT ${limit}`,
      );
    return c.json({ items: rows.map(json) }, 200);
  })
  .openapi(retry, async (c) => {
    const { db, clock } = c.get('deps');
    const { id } = c.req.valid('param');
    await runAtomic(db, [
      sql`UPDATE notifications SET status = 'pending', attempts = 0, next_attempt_at = ${clock().getTime()}, last_error = NULL
          WHERE id = ${id} AND status = 'dead'`,
    ]);
    const row = await db.orm.get<Row>(sql`${select} WHERE n.id = ${id}`);
    if (!row || row.status !== 'pending') throw new ApiError('not-found', `There is no dead message ${id}.`);
    return c.json(json(row), 200);
  });
