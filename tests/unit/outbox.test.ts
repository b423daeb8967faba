// The one outbox step and the one status-change step, on a migrated database: what every
// writer relies on when it adds them to its atomic write.
import { asc, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAtomic } from '../../src/db/db.js';
import { notifications, statusEvents, titles } from '../../src/db/schema.js';
import { migrateSqlite, openSqlite, type SqliteDb } from '../../src/db/sqlite.js';
import { queueMessageStep } from '../../src/services/notifications/outbox.js';
import { statusChangeSteps } from '../../src/services/status-changes.js';

let db: SqliteDb;
const at = Date.parse('2026-03-02T09:00:00Z');

beforeEach(() => {
  db = openSqlite(':memory:');
  migrateSqlite(db);
});
afterEach(() => db.close());

const outbox = () => db.orm.select().from(notifications).orderBy(asc(notifications.dedupeKey)).all();

async function titleWithRequesters(status: string, patrons: { id: string; locale: string }[]): Promise<number> {
  await runAtomic(db, [
    sql`INSERT INTO titles (work_key, title, status, stage, status_changed_at, requester_count, created_at, updated_at)
        VALUES ('isbn:9780132350884', 'Clean Code', ${status}, 'pending', ${at}, 0, ${at}, ${at})`,
  ]);
  const title = db.sqlite.prepare('SELECT id FROM titles').get() as { id: number };
  for (const p of patrons) {
    db.sqlite
      .prepare(
        `INSERT INTO patrons (external_id, category, locale, created_at, updated_at) VALUES (?, 'faculty', ?, ?, ?)`,
      )
      .run(p.id, p.locale, at, at);
    db.sqlite
      .prepare(
        `INSERT INTO suggestions (request_id, title_id, patron_id, category, format, wants_hold, channel, created_at)
         VALUES (?, ?, (SELECT id FROM patrons WHERE external_id = ?), 'faculty', 'print', 0, 'web', ?)`,
      )
      .run(`r-${p.id}`, title.id, p.id, at);
  }
  return title.id;
}

describe('the outbox step', () => {
  const digest = (payload: string) =>
    queueMessageStep({
      dedupeKey: 'digest:CHEM:1772409600000',
      patronId: null,
      recipient: 'liaison@chem.example.edu',
      kind: 'digest',
      locale: 'zh-Hans',
      payload,
      at,
    });

  it('queues a message pending, never tried, due at once', async () => {
    await runAtomic(db, [digest('{"subject":"化学系"}')]);
    expect(await outbox()).toMatchObject([
      {
        dedupeKey: 'digest:CHEM:1772409600000',
        recipient: 'liaison@chem.example.edu',
        patronId: null,
        kind: 'digest',
        locale: 'zh-Hans',
        payload: '{"subject":"化学系"}',
        status: 'pending',
        attempts: 0,
        nextAttemptAt: new Date(at),
        createdAt: new Date(at),
      },
    ]);
  });

  it('queues a message once per dedupe key: a rerun keeps the first and the rest of its write', async () => {
    await runAtomic(db, [digest('{"run":1}')]);
    await runAtomic(db, [
      digest('{"run":2}'),
      sql`INSERT INTO app_state (key, value) VALUES ('digest:CHEM', 'after the rerun')`,
    ]);
    expect((await outbox()).map((n) => n.payload)).toEqual(['{"run":1}']);
    expect(db.sqlite.prepare(`SELECT value FROM app_state WHERE key = 'digest:CHEM'`).get()).toEqual({
      value: 'after the rerun',
    });
  });

  it('queues one message per row of its source, each with its own id', async () => {
    const titleId = await titleWithRequesters('submitted', [
      { id: 'a', locale: 'en' },
      { id: 'b', locale: 'zh-Hant' },
    ]);
    await runAtomic(db, [
      queueMessageStep(
        {
          dedupeKey: sql`'note:' || p.external_id`,
          patronId: sql`p.id`,
          titleId,
          kind: 'status_changed',
          locale: sql`p.locale`,
          payload: '{}',
          at,
        },
        sql`FROM suggestions s JOIN patrons p ON p.id = s.patron_id WHERE s.title_id = ${titleId}`,
      ),
    ]);
    const rows = await outbox();
    expect(rows.map((n) => [n.dedupeKey, n.locale, n.titleId])).toEqual([
      ['note:a', 'en', titleId],
      ['note:b', 'zh-Hant', titleId],
    ]);
    expect(new Set(rows.map((n) => n.id)).size).toBe(2);
  });
});

describe('the status-change step', () => {
  const reject = (titleId: number, from: string) =>
    statusChangeSteps({
      titleId,
      from,
      to: 'rejected',
      toStage: 'closed',
      reason: 'out_of_scope',
      actorRole: 'selector',
      actor: 'token:1',
      at: at + 1000,
    });

  it('writes the event, tells every requester once, and moves the title', async () => {
    const titleId = await titleWithRequesters('in_review', [
      { id: 'a', locale: 'en' },
      { id: 'b', locale: 'zh-Hant' },
    ]);
    const { eventId, steps } = reject(titleId, 'in_review');
    await runAtomic(db, steps);

    expect(await db.orm.select().from(statusEvents).all()).toMatchObject([
      {
        id: eventId,
        titleId,
        fromStatus: 'in_review',
        toStatus: 'rejected',
        actorRole: 'selector',
        reason: 'out_of_scope',
      },
    ]);
    const told = await outbox();
    expect(told.map((n) => [n.dedupeKey.endsWith(`:${n.patronId}`), n.eventId, n.locale])).toEqual([
      [true, eventId, 'en'],
      [true, eventId, 'zh-Hant'],
    ]);
    expect(JSON.parse(told[0]!.payload)).toEqual({ from: 'in_review', to: 'rejected', reason: 'out_of_scope' });
    expect(await db.orm.select({ status: titles.status, stage: titles.stage }).from(titles).all()).toEqual([
      { status: 'rejected', stage: 'closed' },
    ]);
  });

  it('writes no event, no message and no move when the title has moved on since the selector looked', async () => {
    const titleId = await titleWithRequesters('approved', [{ id: 'a', locale: 'en' }]);
    await runAtomic(db, reject(titleId, 'in_review').steps);
    expect(await db.orm.select().from(statusEvents).all()).toEqual([]);
    expect(await outbox()).toEqual([]);
    expect(await db.orm.select({ status: titles.status }).from(titles).all()).toEqual([{ status: 'approved' }]);
  });
});
