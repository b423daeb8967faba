// Delivery of the outbox. Every status change wrote one message per requester in the same
// atomic write as the change; this job sends them: by email when the requester has an address
// and SMTP is set up, and as a signed webhook event when the library (or the requester's
// system) asked for one. Each channel of a message is sent once: its time is recorded the
// moment it succeeds, so a retry, or a restart after a crash, sends only what did not go.
// Failures back off exponentially with jitter; after NOTIFY_MAX_ATTEMPTS a message is dead,
// for an admin to look at and retry.
import type { Deps } from '../context.js';
import { newId } from '../db/sql.js';
import { type Locale, toLocale } from '../domain/locale.js';
import { isMailbox } from '../domain/mailbox.js';
import { titleName } from '../domain/title-name.js';
import { messageIdFor } from '../services/notifications/mailer.js';
import {
  claimDueMessages,
  markChannelSent,
  markFailed,
  markSent,
  type QueuedMessage,
} from '../services/notifications/outbox.js';
import { compose, type Rendered, requesterMessage } from '../services/notifications/messages.js';
import { postWebhook } from '../services/notifications/webhook.js';
import { t } from '../i18n/index.js';

export interface DeliveryReport {
  claimed: number;
  sent: number;
  retried: number;
  dead: number;
}

export async function runDelivery(deps: Deps, options: { limit?: number } = {}): Promise<DeliveryReport> {
  const now = deps.clock();
  const claim = newId();
  const queued = await claimDueMessages(deps.db, {
    claim,
    now: now.getTime(),
    lockedUntil: now.getTime() + deps.config.NOTIFY_LEASE_SECONDS * 1000,
    limit: options.limit ?? 200,
    mailer: Boolean(deps.mailer),
  });

  const report: DeliveryReport = { claimed: queued.length, sent: 0, retried: 0, dead: 0 };
  for (const message of queued) {
    const outcome = await deliver(deps, message);
    const at = deps.clock().getTime();
    if (outcome.error === null) {
      report.sent++;
      await markSent(deps.db, { id: message.id, claim }, at);
      continue;
    }
    const attempts = message.attempts + 1;
    const dead = outcome.final || attempts >= deps.config.NOTIFY_MAX_ATTEMPTS;
    if (dead) report.dead++;
    else report.retried++;
    // 30 s, 1 min, 2 min ... up to an hour, each spread by a quarter either way.
    const wait = Math.min(3_600_000, 30_000 * 2 ** (attempts - 1)) * (0.75 + Math.random() * 0.5);
    await markFailed(
      deps.db,
      { id: message.id, claim },
      { dead, attempts, error: outcome.error, nextAttemptAt: at + Math.round(wait) },
    );
    if (dead) deps.logger.warn('message undeliverable', { id: message.id, kind: message.kind, error: outcome.error });
  }
  return report;
}

/**
 * Send what this message still needs; the error of the first channel that failed, or null,
 * and `final` when trying again cannot help.
 */
async function deliver(deps: Deps, message: QueuedMessage): Promise<{ error: string | null; final?: boolean }> {
  const locale: Locale = toLocale(message.locale) ?? deps.config.DEFAULT_LOCALE;
  const rendered = render(deps, message, locale);
  if (message.email && message.email_sent_at === null) {
    // Whatever let it into the database, a list or a header is never handed to the mailer.
    if (!isMailbox(message.email)) {
      return { error: 'email: the recipient is not one email address, so nothing was sent', final: true };
    }
    if (!deps.mailer) return { error: 'no mail server configured (SMTP_URL)' };
    try {
      await deps.mailer.send({
        to: message.email,
        from: deps.config.MAIL_FROM,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId: await messageIdFor(message.dedupe_key, deps.config.PUBLIC_BASE_URL),
      });
    } catch (error) {
      return { error: `email: ${(error as Error).message}` };
    }
    await markChannelSent(deps.db, message.id, 'email', deps.clock().getTime());
  }
  const hooks = [deps.config.WEBHOOK_URL, message.patron_webhook].filter((u): u is string => Boolean(u));
  // Webhooks carry requesters' status events, not mail to staff.
  const forRequester = message.kind === 'suggestion_received' || message.kind === 'status_changed';
  if (hooks.length && message.webhook_sent_at === null && forRequester) {
    if (!deps.config.WEBHOOK_SECRET) return { error: 'no WEBHOOK_SECRET to sign webhook events with' };
    const event = webhookEvent(deps, message);
    try {
      for (const url of hooks) await postWebhook(deps.fetch, url, deps.config.WEBHOOK_SECRET, event, deps.clock());
    } catch (error) {
      return { error: `webhook: ${(error as Error).message}` };
    }
    await markChannelSent(deps.db, message.id, 'webhook', deps.clock().getTime());
  }
  return { error: null };
}

function render(deps: Deps, message: QueuedMessage, locale: Locale): Rendered {
  const payload = JSON.parse(message.payload) as Record<string, unknown>;
  if (message.kind === 'staff_notice') return staffNotice(deps, payload as unknown as StaffNoticePayload, locale);
  // A digest is rendered when queued: a retry days later sends the week as it was.
  if (message.kind === 'digest') return payload as unknown as Rendered;
  return requesterMessage({
    kind: message.kind,
    payload,
    title: titleName(message, locale),
    link: suggestionLink(deps, message.suggestion_id),
    feedbackLink: message.feedback_token ? pageLink(deps, `/feedback/${message.feedback_token}`) : null,
    library: deps.config.LIBRARY_NAME,
    wantsHold: message.wants_hold === 1,
    locale,
    workflow: deps.workflow,
  });
}

/** A page of the service, as a link in a message: PUBLIC_BASE_URL and the path. */
function pageLink(deps: Deps, path: string): string {
  return `${deps.config.PUBLIC_BASE_URL.replace(/\/$/, '')}${path}`;
}

function suggestionLink(deps: Deps, suggestionId: number | null): string {
  return pageLink(deps, suggestionId === null ? '/suggest' : `/my/suggestions/${suggestionId}`);
}

/** The JSON a webhook receives; see docs/notifications.md for its fields and how to check its signature. */
export function webhookEvent(deps: Deps, message: QueuedMessage) {
  const payload = JSON.parse(message.payload) as {
    from?: string;
    to?: string;
    status?: string;
    reason?: string | null;
    where?: string;
  };
  return {
    id: message.id,
    type: message.kind === 'suggestion_received' ? 'suggestion.received' : 'suggestion.status_changed',
    occurredAt: new Date(message.created_at).toISOString(),
    suggestion:
      message.suggestion_id === null
        ? null
        : { id: message.suggestion_id, url: suggestionLink(deps, message.suggestion_id) },
    requester: { externalId: message.external_id },
    title: {
      id: message.title_id,
      isbn13: message.isbn13,
      title: message.title,
      author: message.author,
      status: message.status,
    },
    change: {
      from: payload.from ?? null,
      to: payload.to ?? payload.status ?? null,
      reason: payload.reason ?? null,
      where: payload.where ?? null,
    },
  };
}

export interface StaffNoticePayload {
  fresh: { title: string; requesters: number; status: string }[];
  waiting: { title: string; requesters: number; status: string }[];
  days: number;
}

function staffNotice(deps: Deps, p: StaffNoticePayload, locale: Locale): Rendered {
  const list = (items: StaffNoticePayload['fresh']) => items.map((i) => `• ${t(locale, 'staff.line', i)}`).join('\n');
  const paragraphs = [
    ...(p.fresh.length ? [`${t(locale, 'staff.fresh', { count: p.fresh.length })}\n${list(p.fresh)}`] : []),
    ...(p.waiting.length
      ? [`${t(locale, 'staff.waiting', { count: p.waiting.length, days: p.days })}\n${list(p.waiting)}`]
      : []),
  ];
  const base = deps.config.PUBLIC_BASE_URL.replace(/\/$/, '');
  return compose(
    t(locale, 'staff.subject', { fresh: p.fresh.length, waiting: p.waiting.length }),
    paragraphs,
    { text: t(locale, 'staff.open'), href: `${base}/buylist` },
    deps.config.LIBRARY_NAME,
  );
}
