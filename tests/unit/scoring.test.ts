import { describe, expect, it } from 'vitest';
import { scoreReasons } from '../../src/domain/score-reason.js';
import { explainScore } from '../../src/i18n/reasons.js';
import {
  buildContext,
  defaultScoring,
  type LoanCell,
  type ScoringContext,
  scoreTitle,
  scoringConfigSchema,
  type TitleFacts,
} from '../../src/domain/scoring.js';
import type { CourseDemand } from '../../src/domain/course.js';
import { NO_EVIDENCE } from '../../src/domain/title-evidence.js';

const now = new Date('2026-11-15T12:00:00Z');

/** A small library: computer science busy and growing, history quiet, each with its holdings. */
function library(): ScoringContext {
  const cells: LoanCell[] = [];
  for (let m = 1; m <= 24; m++) {
    const month = new Date(Date.UTC(2026, 10 - m, 1)).toISOString().slice(0, 7);
    const recent = m <= 12;
    cells.push({ discipline: 'computer-science', department: 'CS', month, loans: recent ? 140 : 100 });
    cells.push({ discipline: 'computer-science', department: 'HIST', month, loans: 10 });
    cells.push({ discipline: 'history', department: 'HIST', month, loans: 60 });
    cells.push({ discipline: 'history', department: 'CS', month, loans: 5 });
    cells.push({ discipline: 'mathematics', department: 'CS', month, loans: 20 });
  }
  const items = [
    { discipline: 'computer-science', items: 1000 },
    { discipline: 'history', items: 3000 },
    { discipline: 'mathematics', items: 1000 },
  ];
  return buildContext(cells, items, '2026-11', defaultScoring, { firstMonth: '2024-11', loansPerTitle: 4 });
}

const context = library();
const facts = (over: Partial<TitleFacts> = {}): TitleFacts => ({
  discipline: 'history',
  requesters: [{ category: 'undergraduate', department: 'HIST', count: 1 }],
  heldItems: 0,
  price: 40,
  needBy: null,
  courses: [],
  now,
  ...over,
});
const score = (over: Partial<TitleFacts> = {}) => scoreTitle(facts(over), context, defaultScoring);

describe('the demand score of a wanted title', () => {
  it('ranks a title more faculty asked for above one students asked for', () => {
    const faculty = score({ requesters: [{ category: 'faculty', department: 'HIST', count: 2 }] });
    const students = score({ requesters: [{ category: 'undergraduate', department: 'HIST', count: 2 }] });
    expect(faculty.total).toBeGreaterThan(students.total);
  });

  it('counts a liaison’s endorsement as demand, as much as a member of faculty asking', () => {
    const endorsed = score({ endorsements: 1 });
    const withFaculty = score({
      requesters: [
        { category: 'undergraduate', department: 'HIST', count: 1 },
        { category: 'faculty', department: 'HIST', count: 1 },
      ],
    });
    expect(endorsed.total).toBeGreaterThan(score().total);
    expect(endorsed.components.requesters).toEqual(withFaculty.components.requesters);
    expect(endorsed.components.requesters.value).toBe(1 + defaultScoring.endorsementWeight);
    // The weight is the library's to set; a scoring file written before endorsements keeps the default.
    const config = scoringConfigSchema.parse({ ...defaultScoring, endorsementWeight: undefined });
    expect(config.endorsementWeight).toBe(3);
    const none = scoreTitle(facts({ endorsements: 2 }), context, { ...config, endorsementWeight: 0 });
    expect(none.total).toBe(score().total);
  });

  it('names a liaison’s endorsement beside who asked, in the reason line', () => {
    const f = facts({ endorsements: 2 });
    const reasons = scoreReasons(scoreTitle(f, context, defaultScoring), f, {
      disciplineName: 'History',
      courseImportance: defaultScoring.courseImportance,
    });
    expect(reasons.slice(0, 2)).toEqual([
      { code: 'requesters', values: { n: 1, faculty: 0, graduate: 0 } },
      { code: 'endorsed', values: { n: 2 } },
    ]);
    const line = (locale: 'en' | 'zh-Hans') =>
      explainScore(scoreTitle(f, context, defaultScoring), f, {
        disciplineName: 'History',
        courseImportance: defaultScoring.courseImportance,
        locale,
        currency: 'USD',
      });
    expect(line('en')).toMatch(/^1 requester · endorsed by 2 liaisons/);
    expect(line('zh-Hans')).toContain('2 位院系联络人推荐');
  });

  it('ranks more requesters higher, with diminishing returns', () => {
    const one = score().total;
    const two = score({ requesters: [{ category: 'undergraduate', department: 'HIST', count: 2 }] }).total;
    const twenty = score({ requesters: [{ category: 'undergraduate', department: 'HIST', count: 20 }] }).total;
    expect(two).toBeGreaterThan(one);
    expect(twenty - two).toBeLessThan(4 * (two - one) * 4);
    // A thousand requesters count about ten times one: a campaign cannot buy the list.
    const thousand = score({ requesters: [{ category: 'undergraduate', department: 'HIST', count: 1000 }] });
    expect(thousand.components.requesters.contribution / score().components.requesters.contribution).toBeLessThan(11);
  });

  it('ranks a title in a heavily used discipline above one in a quiet discipline', () => {
    const busy = score({
      discipline: 'computer-science',
      requesters: [{ category: 'undergraduate', department: null, count: 1 }],
    });
    const quiet = score({
      discipline: 'history',
      requesters: [{ category: 'undergraduate', department: null, count: 1 }],
    });
    expect(busy.components.useFactor.value).toBeGreaterThan(1);
    expect(quiet.components.useFactor.value).toBeLessThan(1);
    expect(busy.total).toBeGreaterThan(quiet.total);
  });

  it("counts the requesting department's appetite for the discipline", () => {
    const historians = score({
      discipline: 'computer-science',
      requesters: [{ category: 'undergraduate', department: 'HIST', count: 1 }],
    });
    const computing = score({
      discipline: 'computer-science',
      requesters: [{ category: 'undergraduate', department: 'CS', count: 1 }],
    });
    expect(computing.components.departments.value).toBeGreaterThan(historians.components.departments.value!);
    expect(computing.total).toBeGreaterThan(historians.total);
  });

  it('lifts a discipline whose loans are rising', () => {
    const rising = score({ discipline: 'computer-science' });
    expect(rising.components.trend.value).toBeGreaterThan(1.3);
    expect(rising.components.trend.contribution).toBeGreaterThan(0);
    expect(score({ discipline: 'history' }).components.trend.contribution).toBe(0);
  });

  it('reads no trend from a history shorter than two years: the earlier year would be short', () => {
    const cells: LoanCell[] = [];
    for (let m = 1; m <= 12; m++) {
      const month = new Date(Date.UTC(2026, 10 - m, 1)).toISOString().slice(0, 7);
      cells.push({ discipline: 'computer-science', department: 'CS', month, loans: 100 });
    }
    const items = [{ discipline: 'computer-science', items: 1000 }];
    const oneYear = buildContext(cells, items, '2026-11', defaultScoring, { firstMonth: '2025-11' });
    const s = scoreTitle(facts({ discipline: 'computer-science' }), oneYear, defaultScoring);
    expect(s.components.trend).toEqual({ value: null, contribution: 0 });
  });

  it('does not reorder titles by the volume of their discipline alone', () => {
    // Mathematics lends five times what statistics does, from five times the books: the same use.
    const cells: LoanCell[] = [];
    for (let m = 1; m <= 24; m++) {
      const month = new Date(Date.UTC(2026, 10 - m, 1)).toISOString().slice(0, 7);
      cells.push({ discipline: 'mathematics', department: '', month, loans: 500 });
      cells.push({ discipline: 'statistics', department: '', month, loans: 100 });
    }
    const items = [
      { discipline: 'mathematics', items: 5000 },
      { discipline: 'statistics', items: 1000 },
    ];
    const big = buildContext(cells, items, '2026-11', defaultScoring, { firstMonth: '2024-11' });
    const busy = scoreTitle(facts({ discipline: 'mathematics' }), big, defaultScoring).total;
    const quiet = scoreTitle(facts({ discipline: 'statistics' }), big, defaultScoring).total;
    expect(busy).toBe(quiet);
  });

  it('lifts a new edition of a work whose earlier edition circulated here, the more per copy the more', () => {
    const none = score();
    const some = score({ evidence: { ...NO_EVIDENCE, editionLoans: 6, editionCopies: 3 } });
    const many = score({ evidence: { ...NO_EVIDENCE, editionLoans: 30, editionCopies: 3 } });
    expect(some.total).toBeGreaterThan(none.total);
    expect(many.total).toBeGreaterThan(some.total);
    expect(some.components.editions).toEqual({ value: 2, contribution: expect.any(Number) });
  });

  it('lifts a title patrons have had to borrow through ILL', () => {
    expect(score({ evidence: { ...NO_EVIDENCE, illLoans: 2 } }).total).toBeGreaterThan(score().total);
  });

  it("lifts a title whose author's other books went on course reserve", () => {
    expect(score({ evidence: { ...NO_EVIDENCE, authorReserveLoans: 40 } }).total).toBeGreaterThan(score().total);
  });

  it('breaks ties by the use of the narrow class number, a little either way', () => {
    const busy = score({ evidence: { ...NO_EVIDENCE, inClass: true, classLoans: 80, classTitles: 10 } });
    const quiet = score({ evidence: { ...NO_EVIDENCE, inClass: true, classLoans: 10, classTitles: 10 } });
    expect(busy.total).toBeGreaterThan(score().total);
    expect(quiet.total).toBeLessThan(score().total);
    expect(Math.abs(busy.components.narrowClass.contribution)).toBeLessThanOrEqual(defaultScoring.weights.narrowClass);
  });

  it('sinks a title the library already holds below the same title unheld', () => {
    expect(score({ heldItems: 1 }).total).toBeLessThan(score().total);
    expect(score({ heldItems: 4 }).total).toBeLessThan(score({ heldItems: 1 }).total);
  });

  it('asks more demand of a dearer title, and none of a title without a price', () => {
    expect(score({ price: 300 }).total).toBeLessThan(score({ price: 20 }).total);
    expect(score({ price: null }).components.price).toEqual({ value: null, contribution: 0 });
  });

  it('lifts a title needed soon', () => {
    const soon = score({ needBy: new Date('2026-11-25T00:00:00Z') });
    const later = score({ needBy: new Date('2027-06-01T00:00:00Z') });
    expect(soon.total).toBeGreaterThan(later.total);
    expect(later.components.needBy.contribution).toBe(0);
  });

  it('neither crashes nor lets missing data dominate', () => {
    const bare = scoreTitle(
      { discipline: null, requesters: [], heldItems: 0, price: null, needBy: null, now },
      buildContext([], [], '2026-11', defaultScoring),
      defaultScoring,
    );
    expect(bare.total).toBe(0);
    const unknownDiscipline = score({ discipline: 'alchemy' });
    expect(Number.isFinite(unknownDiscipline.total)).toBe(true);
    expect(unknownDiscipline.components.useFactor.value).toBeNull();
    // A discipline with loans but no items held cannot claim an infinite use factor.
    expect(score({ discipline: 'philosophy' }).components.useFactor.value).toBeNull();
  });

  it('keeps every component with the score, each a value and a contribution that add up', () => {
    const s = score({ discipline: 'computer-science', heldItems: 1 });
    const sum = Object.values(s.components).reduce((t, c) => t + c.contribution, 0);
    expect(Math.abs(sum - s.total)).toBeLessThan(0.01);
  });
});

describe('the course component', () => {
  const forCourse = (students: number, importance: CourseDemand['importance'], source: CourseDemand['source']) => ({
    course: 'HIST 210',
    name: null,
    term: '2027 Spring',
    enrolment: students,
    importance,
    source,
  });

  it('ranks a course request with 120 students above one without', () => {
    const request = score({ courses: [forCourse(120, 'recommended', 'request')] });
    expect(request.total).toBeGreaterThan(score().total);
    expect(request.components.course.contribution).toBeGreaterThan(0);
  });

  it('ranks an essential reading for 200 students above an optional one for 200', () => {
    const essential = score({ courses: [forCourse(200, 'essential', 'reading-list')] });
    const optional = score({ courses: [forCourse(200, 'optional', 'reading-list')] });
    expect(essential.total).toBeGreaterThan(optional.total);
  });

  it('adds nothing without a course, and nothing for a course of unknown size', () => {
    expect(score().components.course).toEqual({ value: null, contribution: 0 });
    const unknown = score({ courses: [{ ...forCourse(0, 'essential', 'reading-list'), enrolment: null }] });
    expect(unknown.components.course.contribution).toBe(0);
  });

  it('counts the largest course, with diminishing returns, and no lecture hall outweighs everything', () => {
    const small = score({ courses: [forCourse(20, 'essential', 'reading-list')] }).components.course.contribution;
    const both = score({
      courses: [
        forCourse(20, 'essential', 'reading-list'),
        { ...forCourse(300, 'essential', 'reading-list'), course: 'HIST 110' },
      ],
    }).components.course.contribution;
    expect(both).toBeGreaterThan(small);
    const huge = score({ courses: [forCourse(5000, 'essential', 'reading-list')] }).components.course.contribution;
    const large = score({ courses: [forCourse(1000, 'essential', 'reading-list')] }).components.course.contribution;
    expect(huge).toBe(large);
  });

  it('keeps a scoring file written before the component existed working, with its default weight', () => {
    const { course: _course, ...older } = defaultScoring.weights;
    const { courseImportance: _importance, ...rest } = defaultScoring;
    const parsed = scoringConfigSchema.parse({ ...rest, weights: older });
    expect(parsed.weights.course).toBe(defaultScoring.weights.course);
    expect(parsed.courseImportance).toEqual(defaultScoring.courseImportance);
  });
});

describe('the reason a librarian reads', () => {
  const reasonOf = (f: TitleFacts, locale: 'en' | 'zh-Hans' | 'zh-Hant' = 'en', disciplineName = 'Computer science') =>
    explainScore(scoreTitle(f, context, defaultScoring), f, {
      disciplineName,
      currency: 'USD',
      locale,
      courseImportance: defaultScoring.courseImportance,
    });

  it('is chosen as reasons and their figures, the words left to the reader’s language', () => {
    const f = facts({ requesters: [{ category: 'faculty', department: 'HIST', count: 2 }], price: null, heldItems: 3 });
    const reasons = scoreReasons(scoreTitle(f, context, defaultScoring), f, {
      disciplineName: 'History',
      courseImportance: defaultScoring.courseImportance,
    });
    expect(reasons[0]).toEqual({ code: 'requesters', values: { n: 2, faculty: 2, graduate: 0 } });
    expect(reasons.slice(-2)).toEqual([
      { code: 'held', values: { items: 3 } },
      { code: 'noPrice', values: {} },
    ]);
    // Not a phrase among them: no words, so not a space.
    expect(JSON.stringify(reasons)).not.toContain(' ');
  });

  it('says the course a title is for, next to who asked, in each language', () => {
    const f = facts({
      requesters: [{ category: 'faculty', department: 'HIST', count: 1 }],
      courses: [
        {
          course: 'HIST 210',
          name: null,
          term: '2027 Spring',
          enrolment: 45,
          importance: 'recommended',
          source: 'request',
        },
      ],
    });
    expect(reasonOf(f)).toMatch(/^1 requester, 1 faculty · for HIST 210, 45 students/);
    expect(reasonOf(f, 'zh-Hans')).toMatch(/^1位荐购者（教师1位）；HIST 210课程用书，45名学生/);
    expect(reasonOf(f, 'zh-Hant')).toMatch(/^1位薦購者（教師1位）；HIST 210課程用書，45名學生/);
  });

  it('names a title only a reading list asked for by its largest course, not as "0 requesters"', () => {
    const reading = (course: string, enrolment: number) => ({
      course,
      name: null,
      term: '2027 Spring',
      enrolment,
      importance: 'essential' as const,
      source: 'reading-list' as const,
    });
    const f = facts({ requesters: [], courses: [reading('HIST 110', 1200), reading('HIST 210', 45)] });
    const reason = reasonOf(f, 'en', 'History');
    expect(reason).toMatch(/^essential reading for HIST 110, 1,200 students \(and 1 more course\)/);
    expect(reason).not.toContain('requester');
  });

  it('says who asked first, then what the library’s own loans say of the book, in about a dozen words', () => {
    const f = facts({
      discipline: 'computer-science',
      requesters: [
        { category: 'faculty', department: 'CS', count: 2 },
        { category: 'undergraduate', department: 'CS', count: 1 },
      ],
      evidence: { ...NO_EVIDENCE, editionLoans: 12, editionCopies: 3, authorReserveLoans: 40 },
    });
    const reason = reasonOf(f);
    expect(reason).toMatch(/^3 requesters, 2 faculty · /);
    expect(reason).toContain('author on course reserve (40 loans)');
    expect(reason).toContain('earlier edition 4.0 loans a copy');
    expect(reason.replace(/[()·]/g, ' ').trim().split(/\s+/).length).toBeLessThanOrEqual(16);
  });

  it('leaves out what does not move the score: the discipline’s use, which real histories say little of', () => {
    const reason = reasonOf(facts({ discipline: 'computer-science' }));
    expect(reason).not.toContain('circulates');
  });

  it('flags a held title and a missing price', () => {
    const reason = reasonOf(facts({ heldItems: 2, price: null }), 'en', 'History');
    expect(reason).toMatch(/already held \(2 items\) · no price yet$/);
  });

  it('speaks Chinese to a Chinese-reading selector', () => {
    const f = facts({
      discipline: 'computer-science',
      requesters: [{ category: 'faculty', department: 'CS', count: 3 }],
      evidence: { ...NO_EVIDENCE, illLoans: 2 },
    });
    expect(reasonOf(f, 'zh-Hans', '计算机科学')).toMatch(/^3位荐购者（教师3位）；曾馆际互借2次/);
    expect(reasonOf(f, 'zh-Hant', '計算機科學')).toMatch(/^3位薦購者（教師3位）；曾館際互借2次/);
  });
});
