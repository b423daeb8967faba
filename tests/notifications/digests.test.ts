import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDelivery } from '../../src/jobs/deliver.js';
import { runDigests } from '../../src/jobs/digest.js';
import { importDepartments } from '../../src/services/imports/departments.js';
import { fileSource } from '../../src/node/file-source.js';
import { smtpMailer } from '../../src/services/notifications/smtp.js';
import { type Harness, harness } from '../api/harness.js';
import { startSmtp, type TestSmtp } from '../support/smtp-server.js';

const DAY = 86_400_000;

describe('department digests', () => {
  let smtp: TestSmtp;
  let h: Harness;
  let mailer: ReturnType<typeof smtpMailer>;
  let selector: string;
  let cs: string;
  let hist: string;

  beforeEach(async () => {
    smtp = await startSmtp();
    mailer = smtpMailer(smtp.url);
    h = await harness({ LIBRARY_NAME: 'Demo University Library' }, { mailer });
    await importDepartments(
      h.deps,
      fileSource(new URL('../../fixtures/demo/departments.csv', import.meta.url).pathname),
    );
    selector = await h.token('selector');
    cs = await h.patronToken('cs-student', { departmentCode: 'CS', category: 'graduate' });
    hist = await h.patronToken('hist-prof', { departmentCode: 'HIST', category: 'faculty', locale: 'zh-Hant' });
  });
  afterEach(async () => {
    mailer.close();
    h.close();
    await smtp.stop();
  });

  const suggest = async (token: string, body: object) =>
    (await h.call('POST', '/api/v1/suggestions', { token, body })).json();
  const deliverAll = async () => {
    while ((await runDelivery(h.deps)).claimed > 0);
  };
  const digests = () => smtp.received.filter((m) => !m.subject.startsWith('We received'));

  it('sends each department with news its digest, in its language, once per period, and none to quiet ones', async () => {
    await suggest(cs, { title: 'Designing Data-Intensive Applications', author: 'Kleppmann' });
    const history = await suggest(hist, { title: '中國近代史', author: '徐中約' });
    h.advance(DAY);
    await h.call('POST', `/api/v1/titles/${history.title.id}/status`, {
      token: selector,
      body: { status: 'rejected', reason: 'out_of_print' },
    });
    h.advance(DAY);

    const first = await runDigests(h.deps);
    expect(first).toEqual({ queued: 2, quiet: 11 });
    // The job running again, twice at once, has no new period to send.
    const again = await Promise.all([runDigests(h.deps), runDigests(h.deps)]);
    expect(again.map((r) => r.queued)).toEqual([0, 0]);
    await deliverAll();

    const sent = digests();
    expect(sent.map((m) => m.to).sort()).toEqual(['chen.ml@demo.example.edu', 'h.brooks@demo.example.edu']);
    const csDigest = sent.find((m) => m.to === 'h.brooks@demo.example.edu')!;
    expect(csDigest.subject).toMatch(/^Computer Science: library suggestions, 2026-02-2\d to 2026-03-04$/);
    expect(csDigest.text).toContain('New suggestions (1)');
    expect(csDigest.text).toContain('Designing Data-Intensive Applications: 1 requester');
    expect(csDigest.text).toContain('$300.00 in all; $0.00 committed; $300.00 remaining.');
    expect(csDigest.html).toContain('Ranking highest now');
    expect(csDigest.html).not.toContain('<svg');

    const histDigest = sent.find((m) => m.to === 'chen.ml@demo.example.edu')!;
    expect(histDigest.subject).toMatch(/^歷史學系 History：圖書館薦購彙整/);
    expect(histDigest.text).toContain('新薦購（1）');
    expect(histDigest.text).toContain('中國近代史：不予採購（已絕版）');
    expect(histDigest.text).toContain('開啟系所檢視：http://localhost:3000/departments/HIST');
    expect(histDigest.text).toContain('經費');
    // The department's line for the year: its one request decided, and not bought.
    expect(histDigest.text).toContain('過去一年\n  已決定的 1 筆薦購中有 0 筆已採購（0%）。');
    expect(csDigest.text).toContain('The past year\n  1 title asked for, none decided yet.');

    // The next week: only Computer Science has news.
    h.advance(7 * DAY);
    await suggest(cs, { isbn: '9780262035613' });
    h.advance(60_000);
    const second = await runDigests(h.deps);
    expect(second.queued).toBe(1);
    await deliverAll();
    const later = digests().filter((m) => m.to === 'h.brooks@demo.example.edu');
    expect(later).toHaveLength(2);
    expect(later[1]!.text).toContain('ISBN 978-0-262-03561-3 (details to come): 1 requester');
    expect(later[1]!.text).not.toContain('Designing Data-Intensive Applications: 1 requester');
    const rows = await h.db.orm.all<{ n: number }>(sql`SELECT count(*) AS n FROM notifications WHERE kind = 'digest'`);
    expect(rows[0]!.n).toBe(3);
  });

  it('sends quiet departments a digest too when the library asks for it', async () => {
    const loud = await harness({ DIGEST_SEND_QUIET: 'true' }, { mailer });
    try {
      await importDepartments(
        loud.deps,
        fileSource(new URL('../../fixtures/demo/departments.csv', import.meta.url).pathname),
      );
      loud.advance(DAY);
      expect(await runDigests(loud.deps)).toEqual({ queued: 13, quiet: 0 });
      expect(await runDigests(loud.deps, { department: 'CS' })).toEqual({ queued: 0, quiet: 1 });
      loud.advance(7 * DAY);
      expect(await runDigests(loud.deps, { department: 'CS' })).toEqual({ queued: 1, quiet: 0 });
    } finally {
      loud.close();
    }
  });

  it('can be previewed by the department liaison, as JSON, HTML or text', async () => {
    await suggest(cs, { title: 'Some book', author: 'Someone' });
    h.advance(60_000);
    const liaison = await h.token('liaison', undefined, 'CS');
    const json = await (await h.call('GET', '/api/v1/departments/CS/digest', { token: liaison })).json();
    expect(json).toMatchObject({
      department: { code: 'CS', locale: 'en' },
      quiet: false,
      newRequests: [{ title: 'Some book', requesters: 1 }],
    });
    expect(json.budget).toEqual({ currency: 'USD', budget: 300, committed: 0, remaining: 300 });
    const page = await h.call('GET', '/api/v1/departments/CS/digest?format=html', { token: liaison });
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const body = await page.text();
    expect(body).toContain('role="presentation"');
    expect(body).not.toContain('<svg');
    expect((await h.call('GET', '/api/v1/departments/HIST/digest', { token: liaison })).status).toBe(403);
    expect((await h.call('GET', '/api/v1/departments/NOPE/digest', { token: await h.token('admin') })).status).toBe(
      404,
    );
    expect((await h.call('GET', '/api/v1/departments/CS/digest', { token: selector })).status).toBe(403);
  });

  it("sends the HTML preview with the pages' protections, since what members wrote is in it", async () => {
    await suggest(cs, { title: '<script>alert(1)</script>', author: 'Mallory' });
    const liaison = await h.token('liaison', undefined, 'CS');
    const preview = await h.call('GET', '/api/v1/departments/CS/digest?format=html', { token: liaison });
    expect(preview.status).toBe(200);
    const policy = preview.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(preview.headers.get('x-content-type-options')).toBe('nosniff');
    expect(preview.headers.get('referrer-policy')).toBe('same-origin');
  });
});
