// The outbox as admins see it: what is waiting, what went, and what could not be delivered
// (dead), with the last error; a dead message can be sent again once the cause is fixed.
import { createRoute, z } from '@hono/zod-openapi';
import { CHANNELS, MESSAGE_STATES } from '../../services/notifications/outbox.js';
import { allow } from '../router.js';
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

/** What the outbox is narrowed to: the API's query, and the outbox page's filters parsed with the same schema. */
export const OutboxFilters = z.object({
  state: z.enum(MESSAGE_STATES).optional().openapi({
    description: 'queued (not tried yet), failed (to be tried again), sent, or dead (given up on)',
  }),
  channel: z.enum(CHANNELS).optional().openapi({ description: "mail, or a patron's webhook" }),
  title: z.string().max(200).optional().openapi({ description: 'words of the title a message is about' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const list = createRoute({
  method: 'get',
  path: '/notifications',
  tags: ['Operations'],
  summary: 'Messages in the outbox, newest first',
  security: [{ bearer: [] }],
  middleware: [allow('outbox')] as const,
  request: {
    query: OutboxFilters.extend({ status: z.enum(['pending', 'sent', 'dead']).optional() }),
  },
  responses: {
    200: {
      content: { 'application/json': { schema: z.object({ items: z.array(NotificationSchema) }) } },
      description: 'Messages',
    },
    ...authProblems,
  },
});

export const retry = createRoute({
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

export const retryDead = createRoute({
  method: 'post',
  path: '/notifications/retry-dead',
  tags: ['Operations'],
  summary: 'Send every dead message again',
  description: 'Once the cause is fixed (a mail server back, an address corrected): each is queued as new.',
  security: [{ bearer: [] }],
  middleware: [allow('outbox')] as const,
  responses: {
    200: {
      content: {
        'application/json': { schema: z.object({ queued: z.number().int().openapi({ example: 3 }) }) },
      },
      description: 'How many were queued again',
    },
    ...authProblems,
  },
});
