// Mail on Workers goes through an HTTP relay: one JSON POST per message, the bearer token,
// an idempotency key that is the same on every retry.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { relayMailer } from '../../src/services/notifications/relay.js';

const mail = {
  to: 'ana@example.edu',
  from: 'library@example.edu',
  subject: 'Your suggestion was approved',
  text: 'Zen speaks has been approved.',
  html: '<p>Zen speaks has been approved.</p>',
  messageId: '<0123456789abcdef0123456789abcdef01234567@r2b.example.edu>',
};

let server: Server | undefined;

async function relay(answer: { status: number; body: string }) {
  const received: { headers: IncomingHttpHeaders; body: unknown }[] = [];
  server = createServer((req, res) => {
    let data = '';
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(data) });
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/emails`, received };
}

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

describe('the HTTP mail relay', () => {
  it('posts each message as JSON with the bearer token and an idempotency key', async () => {
    const { url, received } = await relay({ status: 200, body: '{"id":"abc"}' });
    await relayMailer(fetch, url, 'secret-token').send(mail);
    expect(received).toHaveLength(1);
    expect(received[0]!.headers).toMatchObject({
      authorization: 'Bearer secret-token',
      'content-type': 'application/json',
      'idempotency-key': '0123456789abcdef0123456789abcdef01234567@r2b.example.edu',
    });
    expect(received[0]!.body).toEqual({
      from: mail.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: { 'Message-ID': mail.messageId },
    });
  });

  it('sends no authorization header when no token is set', async () => {
    const { url, received } = await relay({ status: 202, body: '' });
    await relayMailer(fetch, url, undefined).send(mail);
    expect(received[0]!.headers.authorization).toBeUndefined();
  });

  it('fails the delivery with the relay’s own words, for the outbox to retry and an admin to read', async () => {
    const { url } = await relay({ status: 422, body: '{"message":"The from address is not verified"}' });
    await expect(relayMailer(fetch, url, 'secret-token').send(mail)).rejects.toThrow(
      /answered HTTP 422: \{"message":"The from address is not verified"\}/,
    );
  });
});
