// Mail through an HTTP relay, for the Workers build: Workers cannot open an SMTP connection, so
// each message is POSTed as JSON to MAIL_RELAY_URL with MAIL_RELAY_TOKEN as a bearer token:
//
//   POST <MAIL_RELAY_URL>
//   Authorization: Bearer <MAIL_RELAY_TOKEN>
//   Idempotency-Key: <the message's id, the same on every retry>
//   {"from": "...", "to": "...", "subject": "...", "text": "...", "html": "...",
//    "headers": {"Message-ID": "<...@host>"}}
//
// These are the field names of Resend's POST /emails, so Resend takes the messages as they are;
// any other provider is one small function away. A 2xx answer means sent; anything else is a
// failed delivery, retried with backoff like an SMTP failure.
import type { Fetch, Mailer } from '../../context.js';

const TIMEOUT_MS = 10_000;

export function relayMailer(fetch: Fetch, url: string, token: string | undefined): Mailer {
  return {
    async send(mail) {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'user-agent': 'recommend-to-buy mail',
        // The relay can drop a resend after a crash between its answer and our record of it.
        'idempotency-key': mail.messageId.replace(/^<|>$/g, ''),
      };
      if (token) headers.authorization = `Bearer ${token}`;
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          headers: { 'Message-ID': mail.messageId },
        }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (response.ok) {
        await response.body?.cancel();
        return;
      }
      // The relay's own words (a refused sender, a bad token) are what an admin needs to see.
      const said = (await response.text().catch(() => '')).replace(/\s+/g, ' ').trim().slice(0, 200);
      throw new Error(`mail relay ${new URL(url).host} answered HTTP ${response.status}${said ? `: ${said}` : ''}`);
    },
  };
}
