import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context.js';
import { ApiError } from '../../errors.js';
import {
  listMessages,
  type OutboxEntry,
  retryDeadMessage,
  retryDeadMessages,
} from '../../services/notifications/outbox.js';
import type * as routes from './notifications.routes.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const json = (e: OutboxEntry) => ({
  ...e,
  createdAt: iso(e.createdAt)!,
  nextAttemptAt: iso(e.nextAttemptAt)!,
  sentAt: iso(e.sentAt),
  emailSentAt: iso(e.emailSentAt),
  webhookSentAt: iso(e.webhookSentAt),
});

export const list: RouteHandler<typeof routes.list, AppEnv> = async (c) => {
  const entries = await listMessages(c.get('deps').db, c.req.valid('query'));
  return c.json({ items: entries.map(json) }, 200);
};

export const retry: RouteHandler<typeof routes.retry, AppEnv> = async (c) => {
  const { db, clock } = c.get('deps');
  const { id } = c.req.valid('param');
  const entry = await retryDeadMessage(db, id, clock().getTime());
  if (!entry) throw new ApiError('not-found', `There is no dead message ${id}.`);
  return c.json(json(entry), 200);
};

export const retryDead: RouteHandler<typeof routes.retryDead, AppEnv> = async (c) => {
  const { db, clock } = c.get('deps');
  return c.json({ queued: await retryDeadMessages(db, clock().getTime()) }, 200);
};
