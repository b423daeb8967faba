// The words of each message, in plain text and HTML, in the reader's language: what happened
// to the title they asked for, why (the library's reason, in their language when it is a
// listed reason), and a link to follow it. Text the requester or a selector wrote is escaped
// in the HTML, never trusted.
import { html, raw } from 'hono/html';
import type { Locale } from '../../domain/locale.js';
import { findStatus, label, reasonText, type Workflow } from '../../domain/workflow.js';
import { t } from '../../i18n/index.js';

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
  const body = html`<!doctype html>
    <html>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width" />
        <title>${subject}</title>
      </head>
      <body
        style="margin:0;padding:24px;background:#f6f6f4;font-family:-apple-system,'Segoe UI',Roboto,'Noto Sans','PingFang SC','Microsoft YaHei',sans-serif;color:#1c1c1c"
      >
        <table
          role="presentation"
          width="100%"
          cellspacing="0"
          cellpadding="0"
          style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px"
        >
          <tr>
            <td style="padding:24px 28px;font-size:16px;line-height:1.5">
              ${paragraphs.map((p) => html`<p style="margin:0 0 14px;white-space:pre-line">${p}</p>`)} ${raw(extraHtml)}
              <p style="margin:20px 0">
                <a
                  href="${action.href}"
                  style="display:inline-block;background:#1f5f8b;color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:6px"
                  >${action.text}</a
                >
              </p>
            </td>
          </tr>
          <tr>
            <td style="padding:14px 28px;font-size:12px;color:#666666;border-top:1px solid #eeeeee">${footer}</td>
          </tr>
        </table>
      </body>
    </html>`;
  return { subject, text, html: String(body) };
}
