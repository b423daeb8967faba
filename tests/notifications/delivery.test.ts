import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDelivery } from '../../src/jobs/deliver.js';
import { smtpMailer } from '../../src/services/notifications/smtp.js';
import { type Harness, harness } from '../api/harness.js';
import { startSmtp, type TestSmtp } from '../support/smtp-server.js';

const SECRET = 'a-webhook-secret-the-library-keeps-private';

describe('requesters hear back', () => {
  let smtp: TestSmtp;
  let h: Harness;
  let mailer: ReturnType<typeof smtpMailer>;
  let selector: string;

  beforeEach(async () => {
    smtp = await startSmtp();
    mailer = smtpMailer(smtp.url);
    h = await harness({ LIBRARY_NAME: 'Demo University Library', NOTIFY_MAX_ATTEMPTS: '3' }, { mailer });
    selector = await h.token('selector');
  });
  afterEach(async () => {
    mailer.close();
    h.close();
    await smtp.stop().catch(() => {});
  });

  const deliverAll = async () => {
    for (let i = 0; i < 10; i++) if ((await runDelivery(h.deps)).claimed === 0) break;
  };
  const suggest = async (token: string, body: object) =>
    (await h.call('POST', '/api/v1/suggestions', { token, body })).json();
  const move = (titleId: number, status: string, reason?: string) =>
    h.call('POST', `/api/v1/titles/${titleId}/status`, {
      token: selector,
      body: reason ? { status, reason } : { status },
    });

  it('sends one message per requester per change, each in the requester language, with the reason, text escaped', async () => {
    const title = '<b>Bold</b> & <script>alert(1)</script> poems';
    const en = await h.patronToken('en', { email: 'reader@example.edu', locale: 'en' });
    const hans = await h.patronToken('hans', { email: 'duzhe@example.cn', locale: 'zh-Hans' });
    const hant = await h.patronToken('hant', { email: 'duzhe@example.tw', locale: 'zh-Hant' });
    const s = await suggest(en, { title, author: 'Anon' });
    await suggest(hans, { title, author: 'Anon' });
    await suggest(hant, { title, author: 'Anon' });
    await move(s.title.id, 'rejected', 'out_of_scope');
    await deliverAll();

    expect(smtp.received).toHaveLength(6);
    const to = (address: string) => smtp.received.filter((m) => m.to === address);
    for (const address of ['reader@example.edu', 'duzhe@example.cn', 'duzhe@example.tw'])
      expect(to(address)).toHaveLength(2);

    const [received, rejected] = to('reader@example.edu');
    expect(received!.subject).toBe(`We received your suggestion: ${title}`);
    expect(received!.text).toContain('A selector at Demo University Library will look at it');
    expect(received!.text).toContain(`http://localhost:3000/my/suggestions/${s.id}`);
    expect(rejected!.subject).toBe(`We will not buy ${title}`);
    expect(rejected!.text).toContain('The reason: Outside the scope of the collection.');

    expect(to('duzhe@example.cn')[1]!.subject).toBe(`图书馆不采购《${title}》`);
    expect(to('duzhe@example.cn')[1]!.text).toContain('原因：不在馆藏范围内');
    expect(to('duzhe@example.tw')[1]!.text).toContain('原因：不在館藏範圍內');

    for (const mail of smtp.received) {
      expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(mail.html).not.toContain('<script>');
    }
  });

  it('never hands the mail server a recipient that is more than one address, however it was stored', async () => {
    const patron = await h.patronToken('listed', { email: 'listed@example.edu' });
    await suggest(patron, { isbn: '0132350882' });
    // As a database written by an older version, or by hand, could hold it.
    h.db.sqlite
      .prepare("UPDATE patrons SET email = ? WHERE external_id = 'listed'")
      .run('listed@example.edu,\r\nBcc: eve@evil.example');
    await deliverAll();
    expect(smtp.received).toHaveLength(0);
    const message = h.db.sqlite.prepare('SELECT status, attempts, last_error FROM notifications').get();
    // Trying again cannot help: dead at once, for an admin to look at.
    expect(message).toEqual({
      status: 'dead',
      attempts: 1,
      last_error: 'email: the recipient is not one email address, so nothing was sent',
    });
  });

  it('delivers every message exactly once across a mail-server outage', async () => {
    const patrons = await Promise.all(['a', 'b', 'c'].map((p) => h.patronToken(p, { email: `${p}@example.edu` })));
    const s = await suggest(patrons[0]!, { isbn: '0132350882' });
    for (const p of patrons.slice(1)) await suggest(p, { isbn: '0132350882' });
    await deliverAll();
    expect(smtp.received).toHaveLength(3);

    await smtp.stop();
    await move(s.title.id, 'approved');
    await move(s.title.id, 'ordered');
    const down = await runDelivery(h.deps);
    expect(down).toMatchObject({ claimed: 6, sent: 0, retried: 6 });
    const waiting = await h.db.orm.all<{ last_error: string }>(
      sql`SELECT last_error FROM notifications WHERE status = 'pending'`,
    );
    expect(waiting.every((w) => w.last_error.startsWith('email:'))).toBe(true);

    await smtp.start();
    // Nothing is retried before its backoff is over.
    expect((await runDelivery(h.deps)).claimed).toBe(0);
    h.advance(10 * 60_000);
    await deliverAll();

    expect(smtp.received).toHaveLength(9);
    const ids = smtp.received.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(9);
    const subjects = smtp.received.map((m) => `${m.to} ${m.subject}`);
    for (const p of ['a', 'b', 'c']) {
      expect(subjects.filter((x) => x.startsWith(`${p}@`))).toHaveLength(3);
    }
    expect(await h.db.orm.all(sql`SELECT id FROM notifications WHERE status != 'sent'`)).toEqual([]);
  });

  it('gives up after the last attempt, shows the message to admins, and sends it when asked again', async () => {
    const admin = await h.token('admin');
    const patron = await h.patronToken('x', { email: 'x@example.edu' });
    await suggest(patron, { isbn: '0132350882' });
    await smtp.stop();
    for (let i = 0; i < 3; i++) {
      await runDelivery(h.deps);
      h.advance(2 * 3_600_000);
    }
    const dead = await (await h.call('GET', '/api/v1/notifications?status=dead', { token: admin })).json();
    expect(dead.items).toHaveLength(1);
    expect(dead.items[0]).toMatchObject({
      kind: 'suggestion_received',
      attempts: 3,
      recipient: 'x',
      lastError: expect.stringMatching(/^email:/),
    });

    await smtp.start();
    const retried = await h.call('POST', `/api/v1/notifications/${dead.items[0].id}/retry`, { token: admin });
    expect(await retried.json()).toMatchObject({ status: 'pending', attempts: 0 });
    await deliverAll();
    expect(smtp.received).toHaveLength(1);
    expect((await h.call('POST', `/api/v1/notifications/${dead.items[0].id}/retry`, { token: admin })).status).toBe(
      404,
    );
  });

  it('tells a patron where to find a title that became available, and that a hold waits for them', async () => {
    const patron = await h.patronToken('h', { email: 'h@example.edu' });
    const s = await suggest(patron, { isbn: '0132350882', wantsHold: true });
    for (const status of ['approved', 'ordered', 'received', 'available']) await move(s.title.id, status);
    await deliverAll();
    const subjects = smtp.received.map((m) => m.subject);
    // No provider has named the book: its ISBN stands in, as printed, until one does.
    const name = 'ISBN 978-0-13-235088-4 (details to come)';
    expect(subjects).toEqual([
      `We received your suggestion: ${name}`,
      `The library will buy ${name}`,
      `${name} has been ordered`,
      `${name} has arrived`,
      `${name} is ready to borrow`,
    ]);
    expect(smtp.received.at(-1)!.text).toContain('A hold has been placed for you');
  });
});

describe('webhooks', () => {
  let h: Harness;
  let receiver: Server;
  let url: string;
  const events: { headers: IncomingMessage['headers']; body: string }[] = [];

  beforeEach(async () => {
    events.length = 0;
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        events.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/r2b-events`;
    h = await harness({ WEBHOOK_URL: url, WEBHOOK_SECRET: SECRET });
  });
  afterEach(async () => {
    h.close();
    await new Promise((r) => receiver.close(r));
  });

  /** docs/notifications.md's recipe for receivers, written independently of the service's own code. */
  function verify(headers: IncomingMessage['headers'], body: string, secret: string, now: number): boolean {
    const timestamp = Number(headers['x-r2b-timestamp']);
    if (!Number.isFinite(timestamp) || Math.abs(now / 1000 - timestamp) > 300) return false;
    const expected = `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
    const given = String(headers['x-r2b-signature'] ?? '');
    return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  }

  it('POSTs each status event as signed JSON that a receiver can verify', async () => {
    const patron = await h.patronToken('w', { email: null as unknown as string });
    const selector = await h.token('selector');
    const s = await (
      await h.call('POST', '/api/v1/suggestions', { token: patron, body: { isbn: '0132350882' } })
    ).json();
    await h.call('POST', `/api/v1/titles/${s.title.id}/status`, {
      token: selector,
      body: { status: 'rejected', reason: 'too_expensive' },
    });
    await runDelivery(h.deps);

    expect(events).toHaveLength(2);
    for (const e of events) expect(verify(e.headers, e.body, SECRET, h.now.getTime())).toBe(true);
    expect(
      verify(
        events[0]!.headers,
        events[0]!.body.replace('suggestion.received', 'suggestion.changed!'),
        SECRET,
        h.now.getTime(),
      ),
    ).toBe(false);
    expect(verify(events[0]!.headers, events[0]!.body, 'another-secret-another-secret-xx', h.now.getTime())).toBe(
      false,
    );

    const rejected = JSON.parse(events[1]!.body);
    expect(rejected).toMatchObject({
      type: 'suggestion.status_changed',
      suggestion: { id: s.id, url: `http://localhost:3000/my/suggestions/${s.id}` },
      requester: { externalId: 'w' },
      title: { id: s.title.id, status: 'rejected' },
      change: { from: 'submitted', to: 'rejected', reason: 'too_expensive' },
    });
    expect(events[1]!.headers['x-r2b-event-id']).toBe(rejected.id);
  });

  it('retries a webhook that fails, and sends the event once it answers', async () => {
    const patron = await h.patronToken('w');
    await h.call('POST', '/api/v1/suggestions', { token: patron, body: { isbn: '0132350882' } });
    const refusing = createServer((_req, res) => res.writeHead(503).end());
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    const broken = await harness({
      WEBHOOK_URL: `http://127.0.0.1:${(refusing.address() as AddressInfo).port}/`,
      WEBHOOK_SECRET: SECRET,
    });
    const p = await broken.patronToken('w');
    await broken.call('POST', '/api/v1/suggestions', { token: p, body: { isbn: '0132350882' } });
    expect(await runDelivery(broken.deps)).toMatchObject({ retried: 1 });
    const row = await broken.db.orm.get<{ last_error: string }>(sql`SELECT last_error FROM notifications`);
    expect(row!.last_error).toMatch(/webhook .* answered HTTP 503/);
    broken.close();
    await new Promise((r) => refusing.close(r));
  });
});

describe('without a mail server', () => {
  it('keeps email messages queued, untried, until SMTP_URL is set', async () => {
    const h = await harness();
    const patron = await h.patronToken('q', { email: 'q@example.edu' });
    await h.call('POST', '/api/v1/suggestions', { token: patron, body: { isbn: '0132350882' } });
    expect(await runDelivery(h.deps)).toMatchObject({ claimed: 0 });
    const row = await h.db.orm.get<{ status: string; attempts: number }>(
      sql`SELECT status, attempts FROM notifications`,
    );
    expect(row).toEqual({ status: 'pending', attempts: 0 });
    h.close();
  });
});
