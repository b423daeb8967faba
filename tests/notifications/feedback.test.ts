// "Was this what you needed?": the message that a requested book is on the shelf carries a
// link of the requester's own; opening it changes nothing, the answer is posted once from its
// page, selectors read it with the title, the outcomes report counts it, the link expires,
// and purge forgets the link and the note.
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDelivery } from '../../src/jobs/deliver.js';
import { FEEDBACK_LINK_DAYS } from '../../src/services/feedback.js';
import { smtpMailer } from '../../src/services/notifications/smtp.js';
import { purgeRequesters } from '../../src/services/purge.js';
import { DAY, type Harness, harness } from '../api/harness.js';
import { startSmtp, type TestSmtp } from '../support/smtp-server.js';

describe('feedback on what arrived', () => {
  let smtp: TestSmtp;
  let mailer: ReturnType<typeof smtpMailer>;
  let h: Harness;
  let selector: string;
  let titleId: number;

  const deliverAll = async () => {
    while ((await runDelivery(h.deps)).claimed > 0);
  };
  const linkIn = (to: string) => {
    const mail = smtp.received.find((m) => m.to === to && /ready to borrow/.test(m.subject));
    return mail?.text.match(/\/feedback\/([0-9a-f]{32})/)?.[1];
  };
  const page = (path: string, init: RequestInit = {}) => h.app.request(path, init);
  const answer = (token: string, form: Record<string, string>, origin = 'http://localhost') =>
    page(`/feedback/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: new URLSearchParams(form).toString(),
    });

  beforeEach(async () => {
    smtp = await startSmtp();
    mailer = smtpMailer(smtp.url);
    h = await harness({}, { mailer });
    selector = await h.token('selector', { externalId: 'priya' });
    const ana = await h.patronToken('ana', { email: 'ana@example.edu' });
    const tom = await h.patronToken('tom', { email: 'tom@example.edu' });
    const res = await h.call('POST', '/api/v1/suggestions', { token: ana, body: { isbn: '9780262046305' } });
    titleId = (await res.json()).title.id;
    await h.call('POST', '/api/v1/suggestions', { token: tom, body: { isbn: '9780262046305' } });
    for (const status of ['approved', 'ordered', 'received', 'available']) {
      h.advance(DAY);
      const moved = await h.call('POST', `/api/v1/titles/${titleId}/status`, { token: selector, body: { status } });
      expect(moved.status).toBe(200);
    }
    await deliverAll();
  });
  afterEach(async () => {
    mailer.close();
    h.close();
    await smtp.stop();
  });

  it('sends each requester a link of their own with the message that the book is on the shelf', async () => {
    const [ana, tom] = [linkIn('ana@example.edu'), linkIn('tom@example.edu')];
    expect(ana).toMatch(/^[0-9a-f]{32}$/);
    expect(tom).toMatch(/^[0-9a-f]{32}$/);
    expect(ana).not.toBe(tom);
    const mail = smtp.received.find((m) => m.to === 'ana@example.edu' && /ready to borrow/.test(m.subject))!;
    expect(mail.text).toContain(
      `Was it what you needed? Tell us in one click (the link works for ${FEEDBACK_LINK_DAYS} days)`,
    );
    // The earlier messages asked nothing: the book was not there yet.
    const earlier = smtp.received.filter((m) => m.to === 'ana@example.edu' && !/ready to borrow/.test(m.subject));
    expect(earlier.length).toBeGreaterThan(0);
    expect(earlier.every((m) => !m.text.includes('/feedback/'))).toBe(true);
  });

  it('asks on the page without recording anything, and records one answer posted from it', async () => {
    const token = linkIn('ana@example.edu')!;
    const opened = await page(`/feedback/${token}`);
    expect(opened.status).toBe(200);
    const html = await opened.text();
    expect(html).toContain('<button type="submit" name="answer" value="yes">');
    expect(html).toContain(`<form method="post" action="/feedback/${token}"`);
    expect(await h.db.orm.get(sql`SELECT count(*) AS n FROM feedback WHERE answer IS NOT NULL`)).toEqual({ n: 0 });

    // Another site cannot post an answer through a visitor's browser.
    expect((await answer(token, { answer: 'no' }, 'https://evil.example')).status).toBe(403);
    expect((await answer(token, { answer: 'maybe' })).status).toBe(422);

    const said = await answer(token, { answer: 'yes', note: 'Exactly the edition the course uses.' });
    expect(said.status).toBe(200);
    expect(await said.text()).toContain('was what you needed');
    const again = await answer(token, { answer: 'no' });
    expect(again.status).toBe(409);
    expect(await (await page(`/feedback/${token}`)).text()).toContain('is already with the library');

    const title = await (await h.call('GET', `/api/v1/titles/${titleId}`, { token: selector })).json();
    expect(title.feedback).toEqual({
      yes: 1,
      no: 0,
      notes: [{ answer: 'yes', note: 'Exactly the edition the course uses.', at: expect.any(String) }],
    });
    const report = await (
      await h.call('GET', '/api/v1/reports/outcomes', { token: await h.token('admin', { externalId: 'morgan' }) })
    ).json();
    expect(report.summary.feedback).toEqual({ yes: 1, no: 0 });
  });

  it('expires the link, and knows no link it did not make', async () => {
    const token = linkIn('tom@example.edu')!;
    h.advance((FEEDBACK_LINK_DAYS + 1) * DAY);
    const late = await page(`/feedback/${token}`);
    expect(late.status).toBe(410);
    expect(await late.text()).toContain('This link has expired');
    expect((await answer(token, { answer: 'yes' })).status).toBe(410);
    expect((await page('/feedback/0123456789abcdef0123456789abcdef')).status).toBe(404);
    expect((await page('/feedback/not-a-token')).status).toBe(404);
  });

  it('is forgotten by purge: the link and the note go, the answer stays counted', async () => {
    const token = linkIn('ana@example.edu')!;
    await answer(token, { answer: 'no', note: 'I needed the second edition.' });
    h.advance(40 * DAY);
    await purgeRequesters(h.deps, 30);
    expect((await page(`/feedback/${token}`)).status).toBe(404);
    expect(await h.db.orm.all(sql`SELECT token, note, answer FROM feedback ORDER BY answer`)).toEqual([
      { token: null, note: null, answer: null },
      { token: null, note: null, answer: 'no' },
    ]);
    const title = await (await h.call('GET', `/api/v1/titles/${titleId}`, { token: selector })).json();
    expect(title.feedback).toEqual({ yes: 0, no: 1, notes: [] });
  });
});
