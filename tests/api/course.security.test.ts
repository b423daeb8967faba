// A course says who teaches what: it is shown to the requester and to staff, never to other
// patrons, and a liaison sees it without the requester's name.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, harness } from './harness.js';

describe('who sees the course a title was asked for', () => {
  let h: Harness;
  let tom: string;
  let ana: string;
  let suggestion: { id: number; title: { id: number } };
  beforeEach(async () => {
    h = await harness();
    tom = await h.patronToken('tom', { category: 'faculty', departmentCode: 'HIST', displayName: 'Tom Reyes' });
    ana = await h.patronToken('ana', { category: 'undergraduate', departmentCode: 'HIST' });
    suggestion = await (
      await h.call('POST', '/api/v1/suggestions', {
        token: tom,
        body: { isbn: '9780393317558', course: { code: 'HIST 210', term: '2027 Spring', enrolment: 45 } },
      })
    ).json();
  });
  afterEach(() => h.close());

  it('never shows another patron the course, not even after they ask for the same title', async () => {
    const lookup = await (await h.call('GET', '/api/v1/lookup?isbn=9780393317558', { token: ana })).text();
    expect(lookup).not.toContain('HIST 210');
    const own = await (
      await h.call('POST', '/api/v1/suggestions', { token: ana, body: { isbn: '9780393317558' } })
    ).text();
    expect(own).not.toContain('HIST 210');
    const mine = await (await h.call('GET', '/api/v1/suggestions', { token: ana })).text();
    expect(mine).not.toContain('HIST 210');
    expect((await h.call('GET', `/api/v1/suggestions/${suggestion.id}`, { token: ana })).status).toBe(404);
    expect((await h.call('GET', `/api/v1/titles/${suggestion.title.id}`, { token: ana })).status).toBe(403);
  });

  it("shows a liaison their department's courses, without who asked", async () => {
    const liaison = await h.token('liaison', undefined, 'HIST');
    const title = await (await h.call('GET', `/api/v1/titles/${suggestion.title.id}`, { token: liaison })).json();
    expect(title.courses).toEqual([expect.objectContaining({ course: 'HIST 210', enrolment: 45 })]);
    expect(title.requesters).toBeUndefined();
    expect(JSON.stringify(title)).not.toContain('Tom Reyes');
    const other = await h.token('liaison', undefined, 'CS');
    expect((await h.call('GET', `/api/v1/titles/${suggestion.title.id}`, { token: other })).status).toBe(404);
  });
});
