// A suggestion "for a course": faculty and liaisons name the course, its term and its students,
// and the selector sees them on the title and the buy list.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runRescoreJobs } from '../../src/services/scoring.js';
import { type Harness, harness } from './harness.js';

const COURSE = { code: 'HIST 210', term: '2027 Spring', enrolment: 45 };

describe('suggesting a title for a course', () => {
  let h: Harness;
  let tom: string;
  let selector: string;
  beforeEach(async () => {
    h = await harness();
    tom = await h.patronToken('tom', { category: 'faculty', departmentCode: 'HIST', displayName: 'Tom Reyes' });
    selector = await h.token('selector');
  });
  afterEach(() => h.close());

  const suggest = (body: unknown, token = tom) => h.call('POST', '/api/v1/suggestions', { token, body });

  it('takes a course from faculty, kept with the suggestion as the university writes it', async () => {
    const res = await suggest({
      isbn: '9780393317558',
      course: { code: ' hist  210 ', term: '2027 Spring', enrolment: 45 },
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.course).toEqual(COURSE);
    const again = await (await h.call('GET', `/api/v1/suggestions/${body.id}`, { token: tom })).json();
    expect(again.course).toEqual(COURSE);
    // Without one, there is none.
    const plain = await (await suggest({ isbn: '9780132350884' })).json();
    expect(plain.course).toBeNull();
  });

  it("shows the title's courses and the copies they call for to staff, and each request's course to selectors", async () => {
    const { title } = await (await suggest({ isbn: '9780393317558', course: COURSE })).json();
    const staff = await (await h.call('GET', `/api/v1/titles/${title.id}`, { token: selector })).json();
    expect(staff.courses).toEqual([
      { course: 'HIST 210', name: null, term: '2027 Spring', enrolment: 45, importance: null, source: 'request' },
    ]);
    // A request for a course is recommended reading for it: one copy per 25 students.
    expect(staff.copies).toEqual({ recommended: 2, held: 0, toOrder: 2 });
    expect(staff.requesters[0]).toMatchObject({ displayName: 'Tom Reyes', course: COURSE });
    const listed = await (await h.call('GET', '/api/v1/titles', { token: selector })).json();
    expect(listed.items[0].courses).toHaveLength(1);
  });

  it('puts the course on the buy list: in the reason, the score and the copies to order', async () => {
    await suggest({ isbn: '9780393317558', course: { ...COURSE, enrolment: 120 } });
    await suggest({ isbn: '9780132350884' });
    await runRescoreJobs(h.deps);
    const list = await (await h.call('GET', '/api/v1/buylist', { token: selector })).json();
    const [first, second] = list.items;
    expect(first).toMatchObject({ isbn13: '9780393317558', quantity: 5 });
    expect(first.reason).toMatch(/^1 requester, 1 faculty · for HIST 210, 120 students( · |$)/);
    expect(first.components.course.contribution).toBeGreaterThan(0);
    expect(first.courses).toEqual([
      { course: 'HIST 210', name: null, term: '2027 Spring', enrolment: 120, importance: null, source: 'request' },
    ]);
    expect(second).toMatchObject({ isbn13: '9780132350884', quantity: 1, courses: [] });
    expect(second.components.course).toEqual({ value: null, contribution: 0 });
  });

  it('takes a course from a liaison suggesting for their department, whatever their own category', async () => {
    const liaison = await h.token(
      'liaison',
      { externalId: 'hbrooks', category: 'staff', departmentCode: 'HIST' },
      'HIST',
    );
    const res = await suggest({ title: 'The Atlantic World', author: 'Egerton', course: COURSE }, liaison);
    expect(res.status).toBe(201);
    expect((await res.json()).course).toEqual(COURSE);
  });
});
