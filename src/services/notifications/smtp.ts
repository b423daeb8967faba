// Mail over SMTP with nodemailer (Node only): a pool of two connections to SMTP_URL, timeouts
// so a silent server fails a delivery run instead of hanging it, and Nagle's algorithm off, as
// SMTP is a conversation of short lines: with it on, every message waited on a delayed ACK.
import { connect } from 'node:net';
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type { Mailer } from '../../context.js';

/**
 * The URL's parts as nodemailer options. (Given `url`, nodemailer reads the URL alone and drops
 * every other option, the pool and the timeouts included.)
 */
export function smtpOptions(url: string): Omit<SMTPPool.Options, 'pool'> {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'smtps:';
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : secure ? 465 : 587,
    secure,
    ...(parsed.username
      ? { auth: { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } }
      : {}),
  };
}

export function smtpMailer(url: string): Mailer & { close(): void } {
  const connection = smtpOptions(url);
  const options: SMTPPool.Options = {
    ...connection,
    pool: true,
    maxConnections: 2,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
  // Plain connections (STARTTLS upgrades them later) are made here, to turn Nagle off. The
  // socket is handed over while it connects, so a refused connection reaches nodemailer as its
  // own socket's error (passed to the callback instead, it strands a pool slot). Implicit TLS
  // (smtps) keeps nodemailer's own connection.
  if (!connection.secure) {
    options.getSocket = (socketOptions, callback) => {
      const socket = connect({ host: socketOptions.host!, port: socketOptions.port! });
      socket.setNoDelay(true);
      callback(null, { connection: socket });
    };
  }
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
