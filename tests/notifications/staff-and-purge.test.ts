import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDelivery } from '../../src/jobs/deliver.js';
import { runStaffNotices } from '../../src/jobs/staff-notices.js';
import { smtpMailer } from '../../src/services/notifications/smtp.js';
import { importDepartments } from '../../src/services/imports/departments.js';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { purgeRequesters } from '../../src/services/purge.js';
import { type Harness, harness } from '../api/harness.js';
import { dumpDatabase } from '../import/dump.js';
import { startSmtp, type TestSmtp } from '../support/smtp-server.js';

const DAY = 86_400_000;

describe("selectors' notices", () => {
  let smtp: TestSmtp;
  let h: Harness;
  let mailer: ReturnType<typeof smtpMailer>;
  beforeEach(async () => {
    smtp = await startSmtp();
    mailer = smtpMailer(smtp.url);
    h = await harness(
      { REVIEW_REMINDER_DAYS: '7' },
      { mailer, selectors: { selectors: [{ patron: 'cs-selector', disciplines: ['computer-science'], lcc: [] }] } },
    );
  });
  afterEach(async () => {
    mailer.close();
    h.close();
    await smtp.stop();
  });

  it('tell a selector of new suggestions and of titles waiting in review too long, once a day', async () => {
    const selector = await h.token('selector', {
      externalId: 'priya',
      email: 'priya@library.example.edu',
      locale: 'zh-Hans',
    });
    const patron = await h.patronToken('ana', { email: 'ana@example.edu' });
    const first = await (
      await h.call('POST', '/api/v1/suggestions', { token: patron, body: { title: 'Old request', author: 'Someone' } })
    ).json();
    await h.call('POST', `/api/v1/titles/${first.title.id}/status`, { token: selector, body: { status: 'in_review' } });
    h.advance(10 * DAY);
    await h.call('POST', '/api/v1/suggestions', {
      token: patron,
      body: { title: 'Brand new request', author: 'Someone' },
    });

    expect(await runStaffNotices(h.deps)).toEqual({ notified: 1 });
    expect(await runStaffNotices(h.deps)).toEqual({ notified: 0 });
    await runDelivery(h.deps);
    const notice = smtp.received.find((m) => m.to === 'priya@library.example.edu')!;
    expect(notice.subject).toBe('1条新荐购，1条待审核');
    expect(notice.text).toContain('《Brand new request》');
    expect(notice.text).toContain('审核超过7天（1）');
    expect(notice.text).toContain('《Old request》');
    expect(notice.text).toContain('http://localhost:3000/buylist');
  });

  it("stay within a selector's assignment", async () => {
    await h.token('selector', { externalId: 'cs-selector', email: 'cs@library.example.edu' });
    const patron = await h.patronToken('ana');
    await h.call('POST', '/api/v1/suggestions', { token: patron, body: { title: 'Not computing', author: 'X' } });
    expect(await runStaffNotices(h.deps)).toEqual({ notified: 0 });
  });
});

describe('forgetting requesters', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.close());

  it("removes requesters' details from titles closed long ago, keeping the anonymous counts", async () => {
    const selector = await h.token('selector');
    const old = await h.patronToken('old-reader', {
      email: 'old.reader@example.edu',
      displayName: 'Olga Reader',
      category: 'faculty',
      departmentCode: 'HIST',
    });
    const active = await h.patronToken('active-reader', { email: 'active@example.edu', displayName: 'Avi Active' });
    const gone = await (
      await h.call('POST', '/api/v1/suggestions', {
        token: old,
        body: { isbn: '0132350882', reason: 'For my seminar on Olga Reader' },
      })
    ).json();
    await h.call('POST', '/api/v1/suggestions', { token: active, body: { isbn: '0132350882' } });
    const open = await (
      await h.call('POST', '/api/v1/suggestions', { token: active, body: { isbn: '020161622X' } })
    ).json();
    await h.call('POST', `/api/v1/titles/${gone.title.id}/status`, {
      token: selector,
      body: { status: 'rejected', reason: 'out_of_print' },
    });
    // Messages about the closed title went out long ago.
    await h.db.orm.run(sql`UPDATE notifications SET status = 'sent'`);

    h.advance(400 * DAY);
    const report = await purgeRequesters(h.deps, 365);
    expect(report).toEqual({
      titles: 1,
      requests: 2,
      patronsDeleted: 0,
      messagesDropped: 0,
      messagesAnonymised: 4,
      endorsementsAnonymised: 0,
    });

    const title = await (await h.call('GET', `/api/v1/titles/${gone.title.id}`, { token: selector })).json();
    expect(title.requesterCount).toBe(2);
    expect(title.demand.byCategory).toEqual({ faculty: 1, undergraduate: 1 });
    expect(title.demand.byDepartment).toEqual({ HIST: 1, none: 1 });
    for (const r of title.requesters)
      expect(r).toMatchObject({
        displayName: null,
        email: null,
        reason: null,
        externalId: expect.stringMatching(/^purged:/),
      });

    // The open title keeps its requester.
    const still = await (await h.call('GET', `/api/v1/titles/${open.title.id}`, { token: selector })).json();
    expect(still.requesters[0]).toMatchObject({ externalId: 'active-reader', email: 'active@example.edu' });

    // Patrons with tokens are kept (they still use the service); their closed requests are not theirs any more.
    const dump = await dumpDatabase(h.db);
    expect(dump).not.toContain('For my seminar on Olga Reader');
    const mine = await (await h.call('GET', '/api/v1/suggestions', { token: old })).json();
    expect(mine.items).toEqual([]);
  });

  it("keeps a liaison's endorsement of a title closed long ago as a count, forgetting who gave it and what they wrote", async () => {
    await importDepartments(h.deps, bufferSource('departments.csv', Buffer.from('code,name\nHIST,History\n')));
    const selector = await h.token('selector');
    const student = await h.patronToken('sam', { departmentCode: 'HIST' });
    const liaison = await h.token('liaison', { externalId: 'chen', displayName: 'Dr. Wen Chen' }, 'HIST');
    const asked = await (
      await h.call('POST', '/api/v1/suggestions', {
        token: student,
        body: { title: 'The Atlantic world', author: 'Benjamin' },
      })
    ).json();
    const endorsed = await h.call('POST', `/api/v1/titles/${asked.title.id}/endorsements`, {
      token: liaison,
      body: { comment: 'Core reading for Dr. Wen Chen’s HIST 210' },
    });
    expect(endorsed.status).toBe(200);
    await h.call('POST', `/api/v1/titles/${asked.title.id}/status`, { token: selector, body: { status: 'cancelled' } });
    await h.db.orm.run(sql`UPDATE notifications SET status = 'sent'`);

    h.advance(400 * DAY);
    expect(await purgeRequesters(h.deps, 365)).toMatchObject({ titles: 1, requests: 1, endorsementsAnonymised: 1 });
    const title = await (await h.call('GET', `/api/v1/titles/${asked.title.id}`, { token: selector })).json();
    expect(title.endorsements).toHaveLength(1);
    expect(title.endorsements[0]).toMatchObject({ department: 'HIST', comment: null });
    const dump = await dumpDatabase(h.db);
    expect(dump).not.toContain('Wen Chen’s HIST 210');
    // Their name stays where it belongs to the token they still hold, and nowhere else.
    expect(dump.split('Dr. Wen Chen').length - 1).toBe(1);
    // A second purge has nothing more to forget.
    expect(await purgeRequesters(h.deps, 365)).toMatchObject({ endorsementsAnonymised: 0 });
  });

  it('deletes a patron left with nothing and no token', async () => {
    const selector = await h.token('selector');
    // A JWT-style patron: known only through their requests.
    const { upsertPatron } = await import('../../src/services/access/patrons.js');
    const patron = await upsertPatron(
      h.db,
      { externalId: 'jwt-only', email: 'jwt.only@example.edu', displayName: 'Jo Wang' },
      h.now,
    );
    const { createSuggestion } = await import('../../src/services/suggestions.js');
    const { id } = await createSuggestion(
      h.deps,
      { role: 'patron', patron, departmentCode: null, actor: `patron:${patron.id}` },
      { isbn: '0132350882', format: 'print', wantsHold: false },
      'api',
    );
    const row = await h.db.orm.get<{ title_id: number }>(sql`SELECT title_id FROM suggestions WHERE id = ${id}`);
    await h.call('POST', `/api/v1/titles/${row!.title_id}/status`, { token: selector, body: { status: 'cancelled' } });
    await h.db.orm.run(sql`UPDATE notifications SET status = 'sent'`);
    h.advance(100 * DAY);
    // The same purge an administrator can ask for over HTTP (where there is no r2b: Workers).
    const admin = await h.token('admin');
    const purged = await h.call('POST', '/api/v1/purge', { token: admin, body: { olderThanDays: 30 } });
    expect(await purged.json()).toEqual({
      titles: 1,
      requests: 1,
      patronsDeleted: 1,
      messagesDropped: 0,
      messagesAnonymised: 2,
      endorsementsAnonymised: 0,
    });
    expect(await purgeRequesters(h.deps, 30)).toEqual({
      titles: 1,
      requests: 0,
      patronsDeleted: 0,
      messagesDropped: 0,
      messagesAnonymised: 0,
      endorsementsAnonymised: 0,
    });
    const dump = await dumpDatabase(h.db);
    expect(dump).not.toContain('jwt.only@example.edu');
    expect(dump).not.toContain('Jo Wang');
    expect(dump).not.toContain('jwt-only');
  });

  it('forgets requesters whose messages never left the outbox, and says it dropped those messages', async () => {
    // No mail server: every message about the request is still pending when the purge comes.
    const selector = await h.token('selector');
    const { upsertPatron } = await import('../../src/services/access/patrons.js');
    const { createSuggestion } = await import('../../src/services/suggestions.js');
    const patron = await upsertPatron(
      h.db,
      { externalId: 'never-mailed', email: 'never.mailed@example.edu', displayName: 'Nora Mailless' },
      h.now,
    );
    const principal = { role: 'patron' as const, patron, departmentCode: null, actor: `patron:${patron.id}` };
    await createSuggestion(h.deps, principal, { isbn: '0132350882', format: 'print', wantsHold: false }, 'api');
    const keeps = await h.patronToken('keeps-token', { email: 'keeps@example.edu' });
    await h.call('POST', '/api/v1/suggestions', { token: keeps, body: { isbn: '0132350882' } });
    const titleId = (await h.db.orm.get<{ id: number }>(sql`SELECT id FROM titles`))!.id;
    await h.call('POST', `/api/v1/titles/${titleId}/status`, { token: selector, body: { status: 'cancelled' } });
    const waiting = await h.db.orm.all<{ status: string }>(sql`SELECT status FROM notifications`);
    expect(waiting.map((m) => m.status)).toEqual(['pending', 'pending', 'pending', 'pending']);

    h.advance(100 * DAY);
    expect(await purgeRequesters(h.deps, 30)).toEqual({
      titles: 1,
      requests: 2,
      patronsDeleted: 1,
      messagesDropped: 4,
      messagesAnonymised: 0,
      endorsementsAnonymised: 0,
    });

    // Nothing in the outbox names either requester, and nothing is left to send to them.
    expect(await h.db.orm.all(sql`SELECT id FROM notifications`)).toEqual([]);
    const dump = await dumpDatabase(h.db);
    expect(dump).not.toContain('never.mailed@example.edu');
    expect(dump).not.toContain('Nora Mailless');
    expect(dump).not.toContain('never-mailed');
    expect(dump).not.toContain(`patron:${patron.id}`);
    // The patron with a token stays, with no request that is theirs.
    const mine = await (await h.call('GET', '/api/v1/suggestions', { token: keeps })).json();
    expect(mine.items).toEqual([]);
  });
});
