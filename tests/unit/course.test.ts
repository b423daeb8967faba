import { describe, expect, it } from 'vitest';
import {
  copiesToOrder,
  courseCode,
  courseCodeProblem,
  type CourseDemand,
  courseTerm,
  courseTermProblem,
  DEFAULT_STUDENTS_PER_COPY,
  mayRequestForCourse,
  parseStudentsPerCopy,
  readImportance,
  recommendedCopies,
} from '../../src/domain/course.js';
import { parseConfig } from '../../src/config.js';

const listed = (over: Partial<CourseDemand>): CourseDemand => ({
  course: 'HIST 210',
  name: null,
  term: '2027 Spring',
  enrolment: 45,
  importance: 'essential',
  source: 'reading-list',
  ...over,
});

describe('courses as universities write them', () => {
  it('takes codes and terms in any script and the punctuation they use, compared in capitals', () => {
    for (const code of ['HIST 210', 'CS-101', 'MATH1010', '历史 210', 'ECON 305/505', 'BIO 1.2']) {
      expect(courseCodeProblem(courseCode(code))).toBeNull();
    }
    expect(courseCode('  hist   210 ')).toBe('HIST 210');
    for (const term of ['2027 Spring', '2027-S1', 'Semester 1, 2020/21', 'Autumn Term 2018', '2027年春季']) {
      expect(courseTermProblem(courseTerm(term))).toBeNull();
    }
  });

  it('refuses empty, overlong and markup-laden codes and terms, saying what a good one looks like', () => {
    expect(courseCodeProblem('')).toMatch(/empty.*HIST 210/);
    expect(courseCodeProblem('X'.repeat(31))).toMatch(/at most 30 characters/);
    expect(courseCodeProblem('<b>HIST</b>')).toMatch(/not a course code/);
    expect(courseTermProblem('Spring; DROP TABLE')).toMatch(/not a term/);
    expect(courseTermProblem('2027'.repeat(11))).toMatch(/at most 40 characters/);
  });

  it('lets faculty and liaisons say a title is for a course, and no one else', () => {
    expect(mayRequestForCourse('patron', 'faculty')).toBe(true);
    expect(mayRequestForCourse('liaison', 'staff')).toBe(true);
    expect(mayRequestForCourse('patron', 'graduate')).toBe(false);
    expect(mayRequestForCourse('selector', null)).toBe(false);
  });
});

describe('how firmly a reading list asks', () => {
  it('reads Leganto tags and Talis Aspire importances, the firmest of several', () => {
    expect(readImportance('Essential')).toBe('essential');
    expect(readImportance('Core text')).toBe('essential');
    expect(readImportance('Week 3; Essential; Optional')).toBe('essential');
    expect(readImportance('Recommended')).toBe('recommended');
    expect(readImportance('Suggested for student purchase')).toBe('recommended');
    expect(readImportance('Further reading')).toBe('optional');
    expect(readImportance('Background reading')).toBe('optional');
    expect(readImportance('必读')).toBe('essential');
    expect(readImportance('推薦閱讀')).toBe('recommended');
    expect(readImportance('选读')).toBe('optional');
    expect(readImportance('Week 3 seminar')).toBeNull();
    expect(readImportance('')).toBeNull();
  });
});

describe('copies for a course', () => {
  it('recommends one copy per ten students of essential reading, rounded up', () => {
    expect(recommendedCopies([listed({ enrolment: 45 })], DEFAULT_STUDENTS_PER_COPY)).toBe(5);
    expect(recommendedCopies([listed({ enrolment: 40 })], DEFAULT_STUDENTS_PER_COPY)).toBe(4);
    expect(recommendedCopies([listed({ enrolment: 45, importance: 'recommended' })], DEFAULT_STUDENTS_PER_COPY)).toBe(
      2,
    );
  });

  it('asks no more than the one copy for optional reading, a course of unknown size, or none', () => {
    expect(recommendedCopies([listed({ importance: 'optional', enrolment: 300 })], DEFAULT_STUDENTS_PER_COPY)).toBe(0);
    expect(recommendedCopies([listed({ enrolment: null })], DEFAULT_STUDENTS_PER_COPY)).toBe(0);
    expect(recommendedCopies([], DEFAULT_STUDENTS_PER_COPY)).toBe(0);
    expect(copiesToOrder(0, 0)).toBe(1);
  });

  it('adds up the courses of one term, and lets the busiest term decide', () => {
    const demand = [
      listed({ course: 'HIST 210', enrolment: 45 }),
      listed({ course: 'HIST 110', enrolment: 180 }),
      listed({ course: 'HIST 310', term: '2027 Fall', enrolment: 90 }),
    ];
    expect(recommendedCopies(demand, DEFAULT_STUDENTS_PER_COPY)).toBe(23);
  });

  it("counts a course once, its reading list's word standing over a request for it", () => {
    const demand = [
      listed({ course: 'hist 210', enrolment: 120, importance: 'recommended', source: 'request' }),
      listed({ course: 'HIST 210', enrolment: 45, importance: 'essential' }),
    ];
    expect(recommendedCopies(demand, DEFAULT_STUDENTS_PER_COPY)).toBe(5);
  });

  it('orders what the courses call for beyond the copies held, and at least the one being bought', () => {
    expect(copiesToOrder(5, 2)).toBe(3);
    expect(copiesToOrder(5, 9)).toBe(1);
  });

  it('takes the students per copy from READING_LIST_STUDENTS_PER_COPY, and refuses a setting it cannot read by name', () => {
    expect(parseStudentsPerCopy('essential:5, optional:50')).toEqual({
      ok: true,
      value: { essential: 5, recommended: 25, optional: 50 },
    });
    expect(parseConfig({ READING_LIST_STUDENTS_PER_COPY: 'essential:8' }).READING_LIST_STUDENTS_PER_COPY).toEqual({
      essential: 8,
      recommended: 25,
      optional: 0,
    });
    expect(parseConfig({}).READING_LIST_STUDENTS_PER_COPY).toEqual(DEFAULT_STUDENTS_PER_COPY);
    expect(() => parseConfig({ READING_LIST_STUDENTS_PER_COPY: 'essential:ten,core:3' })).toThrow(
      /READING_LIST_STUDENTS_PER_COPY: "essential:ten": the students per copy is a whole number[^]*"core:3" should be importance:students/,
    );
  });
});
