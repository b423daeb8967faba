// A megabyte in a field a person or an export fills is refused by name, with its limit: never
// stored whole, never cut short without a word.
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { importLoans } from '../../src/services/imports/loans.js';
import { importSuggestions } from '../../src/services/imports/suggestions.js';
import { type Harness, harness } from '../api/harness.js';
import { visitor } from '../support/visitor.js';

const MEGABYTE = 'x'.repeat(1024 * 1024);

describe('a field far over its limit', () => {
  let h: Harness;
  let patron: string;
  beforeEach(async () => {
    h = await harness({ BODY_LIMIT_BYTES: String(4 * 1024 * 1024) });
    patron = await h.patronToken('ana', { locale: 'zh-Hans' });
  });
  afterEach(() => h.close());

  const count = async (table: string) =>
    (await h.db.orm.get<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${table}`)))!.n;

  it('is a 422 from the API that names the field and how many characters it takes', async () => {
    for (const [field, max] of [
      ['reason', 4000],
      ['title', 1000],
      ['author', 500],
    ] as const) {
      const res = await h.call('POST', '/api/v1/suggestions', {
        token: patron,
        body: { title: 'A real title', [field]: MEGABYTE },
      });
      expect(res.status).toBe(422);
      const problem = await res.json();
      expect(problem.errors).toEqual([expect.objectContaining({ pointer: `/${field}`, maxLength: max })]);
      expect(problem.detail).toBe(`/${field}: At most ${max.toLocaleString('en')} characters are accepted here.`);
    }
    expect(await count('suggestions')).toBe(0);
  });

  it("is refused on the form beside the field, in the reader's language, and nothing is stored", async () => {
    const v = visitor(h);
    await v.signIn(patron);
    const csrf = await v.csrfOf('/suggest');
    const res = await v.post('/suggest', { title: 'A real title', reason: MEGABYTE, _csrf: csrf });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(
      '<span class="field-error" id="reason-error">内容过长：最多 4000 个字，请删减后再提交。</span>',
    );
    expect(await count('suggestions')).toBe(0);
  });

  it('is refused when a selector gives a reason that long on the buy list, and the title stays', async () => {
    const made = await (
      await h.call('POST', '/api/v1/suggestions', { token: patron, body: { title: 'A real title' } })
    ).json();
    const v = visitor(h);
    await v.signIn(await h.token('selector'));
    const csrf = await v.csrfOf('/buylist');
    await v.post('/buylist/status', { title: String(made.title.id), to: 'rejected', reason: MEGABYTE, _csrf: csrf });
    const title = await h.db.orm.get<{ status: string }>(sql`SELECT status FROM titles WHERE id = ${made.title.id}`);
    expect(title!.status).toBe('submitted');
    expect(await h.db.orm.get<{ n: number }>(sql`SELECT max(length(reason)) AS n FROM status_events`)).toEqual({
      n: null,
    });
  });

  it('rejects the row of a suggestions import by its line, naming the field', async () => {
    const file = `requested_at,patron_id,title,reason\n2026-01-05,p1,Fine,ok\n2026-01-06,p2,Long,${MEGABYTE}\n`;
    const summary = await importSuggestions(h.deps, bufferSource('requests.csv', Buffer.from(file)));
    expect(summary).toMatchObject({ imported: 1, rejected: 1 });
    expect(summary.rejections).toEqual([
      { line: 3, reason: 'reason is 1,048,576 characters long; at most 4,000 are accepted' },
    ]);
  });

  it('rejects the row of a loans import by its line rather than storing the start of it', async () => {
    const file = [
      'loaned_at,call_number,department,patron_category',
      '2026-01-05,QA76.73 .P98,CS,faculty',
      `2026-01-05,QA${MEGABYTE},CS,faculty`,
      `2026-01-05,QA76.9,${MEGABYTE},faculty`,
      `2026-01-05,QA76.9,CS,${MEGABYTE}`,
    ].join('\n');
    const summary = await importLoans(h.deps, bufferSource('loans.csv', Buffer.from(file)));
    expect(summary).toMatchObject({ imported: 1, rejected: 3 });
    expect(summary.rejections.map((r) => r.reason)).toEqual([
      'call_number is 1,048,578 characters long; at most 100 are accepted',
      'department is 1,048,576 characters long; at most 40 are accepted',
      'patron_category is 1,048,576 characters long; at most 40 are accepted',
    ]);
    expect(await count('loans')).toBe(1);
  });
});
