// The outbox as admins see it: what is waiting, what went, and what could not be delivered
// (dead), with the last error; a dead message can be sent again once the cause is fixed.
import { createRoute, z } from '@hono/zod-openapi';
import { ApiError } from '../../errors.js';
import { listMessages, type OutboxEntry, retryDeadMessage } from '../../services/notifications/outbox.js';
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
  middleware: [allow('admin')] as const,
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
  middleware: [allow('admin')] as const,
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

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const json = (e: OutboxEntry) => ({
  ...e,
  createdAt: iso(e.createdAt)!,
  nextAttemptAt: iso(e.nextAttemptAt)!,
  sentAt: iso(e.sentAt),
  emailSentAt: iso(e.emailSentAt),
  webhookSentAt: iso(e.webhookSentAt),
});

export const notificationsRouter = createRouter()
  .openapi(list, async (c) => {
    const { status, limit } = c.req.valid('query');
    const entries = await listMessages(c.get('deps').db, { status, limit });
    return c.json({ items: entries.map(json) }, 200);
  })
  .openapi(retry, async (c) => {
    const { db, clock } = c.get('deps');
    const { id } = c.req.valid('param');
    const entry = await retryDeadMessage(db, id, clock().getTime());
    if (!entry) throw new ApiError('not-found', `There is no dead message ${id}.`);
    return c.json(json(entry), 200);
  });
