import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, harness } from './harness.js';

describe('a course the service refuses', () => {
  let h: Harness;
  let tom: string;
  beforeEach(async () => {
    h = await harness();
    tom = await h.patronToken('tom', { category: 'faculty', departmentCode: 'HIST' });
  });
  afterEach(() => h.close());

  const suggest = (course: unknown, token = tom) =>
    h.call('POST', '/api/v1/suggestions', { token, body: { isbn: '9780393317558', course } });
  const suggestionCount = () => (h.db.sqlite.prepare('SELECT count(*) AS n FROM suggestions').get() as { n: number }).n;

  it('refuses a course from a patron who is not faculty with a 422 that says who may, and stores nothing', async () => {
    const ana = await h.patronToken('ana', { category: 'graduate' });
    const res = await suggest({ code: 'HIST 210', term: '2027 Spring', enrolment: 45 }, ana);
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.errors).toEqual([expect.objectContaining({ pointer: '/course', problem: 'not-teaching' })]);
    expect(body.detail).toMatch(/Only faculty and liaisons can suggest a title for a course/);
    expect(suggestionCount()).toBe(0);
    // The same patron without a course is welcome.
    const plain = await h.call('POST', '/api/v1/suggestions', { token: ana, body: { isbn: '9780393317558' } });
    expect(plain.status).toBe(201);
  });

  it('refuses an enrolment that is not a whole number from 1 to 5,000, at its field', async () => {
    for (const enrolment of [0, 5001, 12.5, '45', -3]) {
      const res = await suggest({ code: 'HIST 210', term: '2027 Spring', enrolment });
      expect(res.status, String(enrolment)).toBe(422);
      expect((await res.json()).errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/course/enrolment']);
    }
    expect(suggestionCount()).toBe(0);
  });

  it('refuses a code or term with markup, control characters or no letters, saying what one looks like', async () => {
    const code = await (await suggest({ code: '<b>HIST</b>', term: '2027 Spring', enrolment: 45 })).json();
    expect(code.errors).toEqual([
      expect.objectContaining({ pointer: '/course/code', detail: expect.stringMatching(/such as HIST 210/) }),
    ]);
    const term = await (await suggest({ code: 'HIST 210', term: 'Spring\u0000', enrolment: 45 })).json();
    expect(term.errors).toEqual([expect.objectContaining({ pointer: '/course/term' })]);
    const empty = await (await suggest({ code: '   ', term: '2027 Spring', enrolment: 45 })).json();
    expect(empty.errors[0].detail).toMatch(/course code is empty/);
  });

  it('needs all three of code, term and enrolment, and nothing else, each said at its field', async () => {
    const missing = await (await suggest({ code: 'HIST 210' })).json();
    expect(missing.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/course/enrolment',
      '/course/term',
    ]);
    const extra = await (await suggest({ code: 'HIST 210', term: '2027 Spring', enrolment: 45, section: '01' })).json();
    expect(extra.errors).toEqual([expect.objectContaining({ pointer: '/course/section' })]);
    const long = await (await suggest({ code: 'H'.repeat(31), term: '2027 Spring', enrolment: 45 })).json();
    expect(long.errors).toEqual([expect.objectContaining({ pointer: '/course/code', maxLength: 30 })]);
    expect(suggestionCount()).toBe(0);
  });
});
