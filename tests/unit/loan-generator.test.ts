import { describe, expect, it } from 'vitest';
import { classify } from '../../src/domain/classification.js';
import { generateLoanHistory, type HistoryPlan, modelLibrary } from '../../src/demo/loan-generator.js';
import { loadClassificationData } from '../../src/node/classification-data.js';

const classification = loadClassificationData();
const plan: HistoryPlan = {
  seed: 11,
  rows: 40_000,
  titles: 4_000,
  start: new Date('2023-09-01T00:00:00Z'),
  end: new Date('2026-08-31T23:59:59Z'),
  departments: [
    { code: 'CS', disciplines: ['computer-science', 'statistics'] },
    { code: 'HIST', disciplines: ['history', 'philosophy'] },
    { code: 'BIO', disciplines: ['biology'] },
  ],
  classification,
};
const loans = [...generateLoanHistory(plan)];

describe('a synthetic loan history', () => {
  it('has exactly the rows asked for, in date order, inside the period', () => {
    expect(loans).toHaveLength(40_000);
    for (let i = 1; i < loans.length; i++) expect(loans[i]!.loanedAt >= loans[i - 1]!.loanedAt).toBe(true);
    expect(loans[0]!.loanedAt >= plan.start && loans.at(-1)!.loanedAt <= plan.end).toBe(true);
  });

  it('is the same for the same seed, and different for another', () => {
    const again = [...generateLoanHistory({ ...plan, rows: 500 })];
    const other = [...generateLoanHistory({ ...plan, rows: 500, seed: 12 })];
    expect(again).toEqual([...generateLoanHistory({ ...plan, rows: 500 })]);
    expect(other.map((l) => l.isbn13)).not.toEqual(again.map((l) => l.isbn13));
  });

  it('gives every title a call number that classifies back to its discipline', () => {
    const { catalogue } = modelLibrary(plan);
    const wrong = catalogue.filter((t) => {
      const result = classify(classification, t.callNumber, 'lcc');
      return !result.ok || result.discipline !== t.discipline;
    });
    expect(wrong.map((t) => `${t.callNumber} ${t.discipline}`)).toEqual([]);
  });

  it('lends a few titles most: the top tenth of titles take most loans', () => {
    const perTitle = new Map<string, number>();
    for (const l of loans) perTitle.set(l.isbn13, (perTitle.get(l.isbn13) ?? 0) + 1);
    const counts = [...perTitle.values()].sort((a, b) => b - a);
    const top = counts.slice(0, Math.ceil(plan.titles / 10)).reduce((s, n) => s + n, 0);
    expect(top / loans.length).toBeGreaterThan(0.5);
  });

  it('has departments borrow mostly in their own disciplines', () => {
    const cs = loans.filter((l) => l.department === 'CS');
    const discipline = new Map(modelLibrary(plan).catalogue.map((t) => [t.isbn13, t.discipline]));
    const own = cs.filter((l) => ['computer-science', 'statistics'].includes(discipline.get(l.isbn13)!));
    expect(own.length / cs.length).toBeGreaterThan(0.6);
  });

  it('is busy in term time and quiet in the summer and over the winter break', () => {
    const inMonth = (m: number) => loans.filter((l) => l.loanedAt.getUTCMonth() === m - 1).length;
    expect(inMonth(11)).toBeGreaterThan(2 * inMonth(7));
    expect(inMonth(4)).toBeGreaterThan(2 * inMonth(8));
  });

  it('lets some disciplines grow and others decline from year to year', () => {
    const model = modelLibrary(plan);
    const discipline = new Map(model.catalogue.map((t) => [t.isbn13, t.discipline]));
    const share = (d: string, year: number) => {
      const inYear = loans.filter((l) => l.loanedAt.getUTCFullYear() === year && l.loanedAt.getUTCMonth() >= 8);
      return inYear.filter((l) => discipline.get(l.isbn13) === d).length / inYear.length;
    };
    const rising = model.disciplines[model.growth.indexOf(Math.max(...model.growth))]!;
    const falling = model.disciplines[model.growth.indexOf(Math.min(...model.growth))]!;
    expect(share(rising, 2025)).toBeGreaterThan(share(rising, 2023));
    expect(share(falling, 2025)).toBeLessThan(share(falling, 2023));
  });

  it('carries borrower identifiers, as real exports do, for the importer to drop', () => {
    expect(loans[0]!.patronId).toMatch(/^P\d{7}$/);
    expect(loans[0]!.patronBarcode).toMatch(/^21\d{12}$/);
  });
});
