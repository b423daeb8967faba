import { describe, expect, it } from 'vitest';
import {
  type BudgetLine,
  budgetPrice,
  listSortOf,
  pageAt,
  planBudget,
  type SortFields,
  sortRows,
} from '../../src/domain/buylist.js';
import { strongestReasons, type ScoreReason } from '../../src/domain/score-reason.js';

const book = (price: number | null, quantity = 1): BudgetLine => ({ price, quantity });
const awaiting = (budget: number | null, committed = 0) => ({ budget, committed, listed: 'pending' as const });

describe('the cut line of a buy list', () => {
  it('covers the titles, in rank order, that the remaining budget pays for', () => {
    const plan = planBudget([book(40), book(30), book(50)], awaiting(100));
    expect(plan.cutLine).toBe(2);
    expect(plan.places.map((p) => p.withinBudget)).toEqual([true, true, false]);
    expect(plan.places.map((p) => p.runningTotal)).toEqual([40, 70, 120]);
  });

  it('puts a title that does not fit below the line, and every title after it, even one that alone would fit', () => {
    const plan = planBudget([book(60), book(50), book(10)], awaiting(100));
    expect(plan.cutLine).toBe(1);
    expect(plan.places.map((p) => p.withinBudget)).toEqual([true, false, false]);
  });

  it('takes what is already committed off the budget first', () => {
    const plan = planBudget([book(30), book(30)], awaiting(100, 50));
    expect(plan.remaining).toBe(50);
    expect(plan.cutLine).toBe(1);
  });

  it('draws the line above the first title when it alone is more than what remains', () => {
    expect(planBudget([book(80)], awaiting(100, 40)).cutLine).toBe(0);
  });

  it('fits nothing when more is committed than the budget', () => {
    const plan = planBudget([book(1)], awaiting(100, 120));
    expect(plan.remaining).toBe(-20);
    expect(plan.cutLine).toBe(0);
    expect(plan.places[0]!.withinBudget).toBe(false);
  });

  it('fits a title that brings the total exactly to the budget, cents and all', () => {
    const plan = planBudget([book(0.1), book(0.2)], awaiting(0.3));
    expect(plan.cutLine).toBe(2);
    expect(plan.places[1]!.runningTotal).toBe(0.3);
  });

  it('pays for every copy a title is to get', () => {
    const plan = planBudget([book(25, 3), book(20)], awaiting(90));
    expect(plan.places.map((p) => p.runningTotal)).toEqual([75, 95]);
    expect(plan.cutLine).toBe(1);
  });

  it('keeps a title without a price within the line, adding nothing to the total', () => {
    const plan = planBudget([book(50), book(null), book(50)], awaiting(100));
    expect(plan.places.map((p) => p.runningTotal)).toEqual([50, 50, 100]);
    expect(plan.cutLine).toBe(3);
  });

  it('still leaves a title without a price below the line once the money has run out', () => {
    const plan = planBudget([book(150), book(null)], awaiting(100));
    expect(plan.places.map((p) => p.withinBudget)).toEqual([false, false]);
  });

  it('keeps running totals to the cent', () => {
    const plan = planBudget([book(10.005), book(0.1), book(0.2)], awaiting(null));
    expect(plan.places.map((p) => p.runningTotal)).toEqual([10.01, 10.11, 10.31]);
  });

  it('has no cut line, and no title within or over, without a budget', () => {
    const plan = planBudget([book(40), book(30)], awaiting(null));
    expect(plan).toEqual({
      remaining: null,
      cutLine: null,
      places: [
        { runningTotal: 40, withinBudget: null },
        { runningTotal: 70, withinBudget: null },
      ],
    });
  });

  it('has no cut line on a list of titles already decided on: they are part of what is committed', () => {
    const plan = planBudget([book(40), book(300)], { budget: 100, committed: 20, listed: 'active' });
    expect(plan.remaining).toBe(80);
    expect(plan.cutLine).toBeNull();
    expect(plan.places.map((p) => p.withinBudget)).toEqual([null, null]);
    expect(plan.places.map((p) => p.runningTotal)).toEqual([40, 340]);
  });

  it('has a line at 0 for an empty list with a budget, and none without', () => {
    expect(planBudget([], awaiting(100)).cutLine).toBe(0);
    expect(planBudget([], awaiting(null)).cutLine).toBeNull();
  });
});

describe("a title's price as the budget counts it", () => {
  it("is its list price in the library's currency, from cents", () => {
    expect(budgetPrice(4599, 'USD', 'USD')).toBe(45.99);
  });

  it('is not counted when the price is in another currency: there are no exchange rates offline', () => {
    expect(budgetPrice(4599, 'GBP', 'USD')).toBeNull();
    expect(budgetPrice(4599, null, 'USD')).toBeNull();
  });

  it('is unknown without a price', () => {
    expect(budgetPrice(null, 'USD', 'USD')).toBeNull();
  });
});

describe('the order and the pages of a buy list', () => {
  const row = (rank: number, title: string, price: number | null, needBy: string | null = null): SortFields => ({
    rank,
    title,
    author: null,
    price,
    requesters: 1,
    needBy,
    date: rank,
    status: 0,
  });
  const rows = [
    row(1, 'Zhuangzi', 30),
    row(2, 'analects', null, '2027-01-10'),
    row(3, 'Book of Songs', 10, '2026-12-01'),
  ];
  const titles = (sorted: SortFields[]) => sorted.map((r) => r.title);

  it('sorts by a column either way, words without regard to case, what is unknown last', () => {
    expect(titles(sortRows(rows, (r) => r, listSortOf('title', undefined), 'en'))).toEqual([
      'analects',
      'Book of Songs',
      'Zhuangzi',
    ]);
    expect(titles(sortRows(rows, (r) => r, listSortOf('price', 'asc'), 'en'))).toEqual([
      'Book of Songs',
      'Zhuangzi',
      'analects',
    ]);
    expect(titles(sortRows(rows, (r) => r, listSortOf('price', 'desc'), 'en'))).toEqual([
      'Zhuangzi',
      'Book of Songs',
      'analects',
    ]);
    expect(titles(sortRows(rows, (r) => r, listSortOf('needBy', undefined), 'en'))).toEqual([
      'Book of Songs',
      'analects',
      'Zhuangzi',
    ]);
  });

  it('ranks by score first, the most asked for and the newest first, words A to Z', () => {
    expect(listSortOf(undefined, undefined)).toEqual({ by: 'score', dir: 'desc' });
    expect(titles(sortRows(rows, (r) => r, listSortOf(undefined, undefined), 'en'))).toEqual([
      'Zhuangzi',
      'analects',
      'Book of Songs',
    ]);
    expect(listSortOf('requesters', undefined).dir).toBe('desc');
    expect(listSortOf('date', undefined).dir).toBe('desc');
    expect(listSortOf('author', undefined).dir).toBe('asc');
  });

  it('pages a list, a page past the end being the last and an empty list one empty page', () => {
    expect(pageAt(320, 2, 50)).toEqual({ page: 2, pages: 7, pageSize: 50, total: 320, start: 50 });
    expect(pageAt(320, 99, 50)).toMatchObject({ page: 7, start: 300 });
    expect(pageAt(0, 3, 50)).toMatchObject({ page: 1, pages: 1, start: 0 });
  });

  it('says under a title its three strongest reasons, leaving the cautions to its flags', () => {
    const reasons: ScoreReason[] = [
      { code: 'requesters', values: { n: 3, faculty: 1, graduate: 0 } },
      { code: 'course', values: { course: 'HIST 210', students: 45, importance: 'essential', more: 0 } },
      { code: 'editions', values: { factor: '4.0' } },
      { code: 'rising', values: { percent: 40 } },
      { code: 'held', values: { items: 1 } },
      { code: 'noPrice', values: {} },
    ];
    expect(strongestReasons(reasons).map((r) => r.code)).toEqual(['requesters', 'course', 'editions']);
    expect(strongestReasons(reasons.slice(3)).map((r) => r.code)).toEqual(['rising']);
  });
});
