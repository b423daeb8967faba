// The words of each message, in plain text and HTML, in the reader's language: what happened
// to the title they asked for, why (the library's reason, in their language when it is a
// listed reason), and a link to follow it. Text the requester or a selector wrote is escaped
// in the HTML, never trusted.
import { html, raw } from 'hono/html';
import { emailDocument } from './email-html.js';
import type { Locale } from '../../domain/locale.js';
import { findStatus, label, reasonText, type Workflow } from '../../domain/workflow.js';
import { t } from '../../i18n/index.js';
import { FEEDBACK_LINK_DAYS } from '../feedback.js';

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

export interface RequesterMessage {
  kind: string;
  payload: { status?: string; from?: string; to?: string; reason?: string | null; where?: string };
  title: string;
  link: string;
  /** "Was this what you needed?", once the book is on the shelf; null when there is none to ask */
  feedbackLink?: string | null;
  library: string;
  wantsHold: boolean;
  locale: Locale;
  workflow: Workflow;
}

/** What a requester is told when their suggestion arrives or its title changes status. */
export function requesterMessage(m: RequesterMessage): Rendered {
  const { locale, title } = m;
  // The status "received" is a book arriving; a suggestion arriving is "new".
  const to =
    m.kind === 'suggestion_received'
      ? m.payload.status === 'held'
        ? 'held'
        : 'new'
      : m.payload.to === 'received'
        ? 'arrived'
        : (m.payload.to ?? '');
  const reason = m.payload.reason ? reasonText(m.workflow, m.payload.reason, locale) : null;
  let subject: string;
  const paragraphs: string[] = [];
  switch (to) {
    case 'new':
      subject = t(locale, 'mail.received.subject', { title });
      paragraphs.push(t(locale, 'mail.received.body', { title, library: m.library }));
      break;
    case 'held':
      subject = t(locale, 'mail.held.subject', { title });
      paragraphs.push(t(locale, 'mail.held.body', { title, where: m.payload.where ?? '' }));
      break;
    case 'submitted':
      subject = t(locale, 'mail.reopened.subject', { title });
      paragraphs.push(t(locale, 'mail.reopened.body', { title }));
      break;
    case 'in_review':
    case 'approved':
    case 'ordered':
    case 'cancelled':
      subject = t(locale, `mail.${to}.subject`, { title });
      paragraphs.push(t(locale, `mail.${to}.body`, { title }));
      if (reason) paragraphs.push(t(locale, 'mail.reason', { reason }));
      break;
    case 'arrived':
      subject = t(locale, 'mail.received_item.subject', { title });
      paragraphs.push(t(locale, 'mail.received_item.body', { title }));
      break;
    case 'available':
      subject = t(locale, 'mail.available.subject', { title });
      paragraphs.push(t(locale, 'mail.available.body', { title }));
      if (m.wantsHold) paragraphs.push(t(locale, 'mail.available.hold'));
      if (m.feedbackLink)
        paragraphs.push(t(locale, 'mail.available.feedback', { link: m.feedbackLink, days: FEEDBACK_LINK_DAYS }));
      break;
    case 'rejected':
      subject = t(locale, 'mail.rejected.subject', { title });
      paragraphs.push(
        t(locale, 'mail.rejected.body', { title, reason: reason ?? '' }),
        t(locale, 'mail.rejected.next'),
      );
      break;
    default: {
      // A status of the library's own workflow: its label, in the reader's language.
      const status = findStatus(m.workflow, to);
      const name = status ? label(status.labels, locale) : to;
      subject = t(locale, 'mail.other.subject', { title, status: name });
      paragraphs.push(t(locale, 'mail.other.body', { title, status: name }));
      if (reason) paragraphs.push(t(locale, 'mail.reason', { reason }));
    }
  }
  return compose(
    subject,
    paragraphs,
    { text: t(locale, 'mail.follow'), href: m.link },
    t(locale, 'mail.footer', { library: m.library }),
  );
}

export function compose(
  subject: string,
  paragraphs: string[],
  action: { text: string; href: string },
  footer: string,
  extraHtml = '',
): Rendered {
  const text = [...paragraphs, `${action.text}: ${action.href}`, '', `-- `, footer].join('\n\n');
  const content = html`${paragraphs.map((p) => html`<p style="margin:0 0 14px;white-space:pre-line">${p}</p>`)}
  ${raw(extraHtml)}`;
  return { subject, text, html: emailDocument({ title: subject, width: 560, content, action, footer }) };
}
