// Mail over SMTP with nodemailer (Node only): one pooled connection to SMTP_URL, timeouts so a
// silent server fails a delivery run instead of hanging it.
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type { Mailer } from './mailer.js';

export function smtpMailer(url: string): Mailer & { close(): void } {
  const options: SMTPPool.Options = {
    url,
    pool: true,
    maxConnections: 2,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
  const transport = nodemailer.createTransport(options);
  return {
    async send(mail) {
      await transport.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
      });
    },
    close: () => transport.close(),
  };
}
