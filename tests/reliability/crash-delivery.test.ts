// Killed mid-delivery, many times: the server is SIGKILLed at random moments while it mails a
// few hundred requesters through a real SMTP server, and started again each time. In the end
// every message has gone, none is lost, and none goes as two different messages: the only
// repeat possible is a message the mail server accepted in the instant before the kill, and it
// goes again with the same Message-ID, which mail clients show once.
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { openNodeContext } from '../../src/node.js';
import { createToken } from '../../src/services/access/tokens.js';
import { startServer, tempDatabase } from '../server/process.js';
import { startSmtp, type TestSmtp } from '../support/smtp-server.js';
import { LONG, random as seeded, SEED } from './long.js';

const MESSAGES = LONG ? 2_000 : 300;
const KILLS = LONG ? 20 : 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function outbox(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare('SELECT status, count(*) AS n FROM notifications GROUP BY status').all() as {
      status: string;
      n: number;
    }[];
    return {
      integrity: db.pragma('integrity_check', { simple: true }) as string,
      ...Object.fromEntries(rows.map((r) => [r.status, r.n])),
    } as { integrity: string; pending?: number; sent?: number; dead?: number };
  } finally {
    db.close();
  }
}

/** Patrons with email addresses, each with a suggestion: one "we received it" message each. */
async function queueMessages(path: string, count: number) {
  const context = openNodeContext({ DATABASE_PATH: path, LOG_LEVEL: 'silent', RATE_LIMIT_INTAKE_PER_MINUTE: '0' });
  const app = createApp(context.deps);
  for (let i = 0; i < count; i++) {
    const token = await createToken(
      context.db,
      { role: 'patron', patron: { externalId: `p${i}`, email: `patron${i}@example.edu`, category: 'graduate' } },
      new Date(),
    );
    const response = await app.request('/api/v1/suggestions', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: `Book number ${i % 40}`, author: 'Various' }),
    });
    if (response.status !== 201) throw new Error(`suggestion ${i}: ${response.status}`);
  }
  context.close();
}

describe('the outbox, with its server killed again and again', () => {
  let smtp: TestSmtp;
  afterAll(() => smtp?.stop());

  it(`delivers every message exactly once per Message-ID (${MESSAGES} messages, ${KILLS} kills)`, async () => {
    const random = seeded();
    const path = tempDatabase();
    await queueMessages(path, MESSAGES);
    expect(outbox(path)).toMatchObject({ pending: MESSAGES });

    smtp = await startSmtp({ delayMs: 8 });
    const env = {
      DATABASE_PATH: path,
      SMTP_URL: smtp.url,
      DELIVER_CRON: '* * * * * *',
      NOTIFY_LEASE_SECONDS: '2',
      ENRICH_PROVIDERS: 'holdings',
    };
    const kills: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      const server = await startServer([], env);
      // Kill it somewhere in the middle of a run: after a random number more messages arrive.
      const target = smtp.received.length + 5 + Math.floor(random() * (MESSAGES / (KILLS + 1)));
      const deadline = Date.now() + 20_000;
      while (smtp.received.length < target && Date.now() < deadline && (outbox(path).pending ?? 0) > 0) {
        await sleep(20);
      }
      server.child.kill('SIGKILL');
      await new Promise((resolve) => server.child.once('exit', resolve));
      kills.push(smtp.received.length);
      expect(outbox(path).integrity, `seed ${SEED}`).toBe('ok');
    }

    // The last start runs to the end; the leases of the killed runs lapse and their messages go.
    const server = await startServer([], env);
    const deadline = Date.now() + 60_000;
    while ((outbox(path).pending ?? 0) > 0 && Date.now() < deadline) await sleep(100);
    await server.stop();

    const final = outbox(path);
    expect(final, `seed ${SEED}, kills after ${kills.join(', ')} messages`).toEqual({
      integrity: 'ok',
      sent: MESSAGES,
    });
    const ids = new Set(smtp.received.map((m) => m.messageId));
    expect(ids.size).toBe(MESSAGES);
    const recipients = new Set(smtp.received.map((m) => m.to));
    expect(recipients.size).toBe(MESSAGES);
    // A repeat is only ever the same message again (same Message-ID, same recipient).
    const byId = new Map<string, string>();
    for (const m of smtp.received) {
      expect(byId.get(m.messageId) ?? m.to).toBe(m.to);
      byId.set(m.messageId, m.to);
    }
    const repeats = smtp.received.length - ids.size;
    expect(repeats).toBeLessThanOrEqual(KILLS);
    console.info(
      `delivery: ${KILLS} kills survived (after ${kills.join(', ')} messages), ${MESSAGES} delivered, ${repeats} resent with the same Message-ID`,
    );
  }, 300_000);
});
