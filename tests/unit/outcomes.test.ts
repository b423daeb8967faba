// The outcome measures, each pinned by a small history a manager could check by hand.
import { describe, expect, it } from 'vitest';
import {
  compareUse,
  daysBetween,
  loansWithin,
  quantile,
  type RequestedTitle,
  rankingRecord,
  summarise,
  summariseBy,
  unmeasuredFrom,
} from '../../src/domain/outcomes.js';
import { seededRandom } from '../../src/domain/random.js';

const at = (iso: string) => new Date(iso);
const loans = (entries: Record<string, number>) => new Map(Object.entries(entries));

function title(overrides: Partial<RequestedTitle> = {}): RequestedTitle {
  return {
    titleId: 1,
    isbn13: '9780262046305',
    requests: 1,
    requestedAt: at('2026-01-05T09:00:00Z'),
    decidedAt: null,
    availableAt: null,
    status: 'submitted',
    stage: 'pending',
    endedBecause: null,
    price: null,
    loansByMonth: new Map(),
    scoreAtDecision: null,
    feedback: { yes: 0, no: 0 },
    groups: {
      department: ['CS'],
      discipline: ['computer-science'],
      patronCategory: ['faculty'],
      selector: [],
      fund: [],
    },
    ...overrides,
  };
}

const NOW = at('2027-03-01T00:00:00Z');

describe('turnaround', () => {
  it('counts calendar days: a request made on Friday evening and approved on Monday morning waited 2.6 days', () => {
    expect(daysBetween(at('2026-01-09T18:00:00Z'), at('2026-01-12T08:24:00Z'))).toBe(2.6);
  });

  it('reports the median and the 90th percentile of the days to a decision and to the shelf', () => {
    const titles = [1, 2, 3, 4, 10].map((days, i) =>
      title({
        titleId: i,
        decidedAt: new Date(at('2026-01-05T09:00:00Z').getTime() + days * 86_400_000),
        availableAt: new Date(at('2026-01-05T09:00:00Z').getTime() + days * 3 * 86_400_000),
        status: 'available',
        stage: 'closed',
      }),
    );
    const summary = summarise(titles, NOW);
    expect(summary.medianDaysToDecision).toBe(3);
    expect(summary.p90DaysToDecision).toBeCloseTo(7.6);
    expect(summary.medianDaysToAvailable).toBe(9);
  });

  it('has no turnaround when nothing was decided', () => {
    expect(summarise([title()], NOW)).toMatchObject({ medianDaysToDecision: null, medianDaysToAvailable: null });
    expect(quantile([], 0.5)).toBeNull();
  });
});

describe('fill rate', () => {
  it('is the share of ended requests that ended on the shelf, the others counted by why', () => {
    const summary = summarise(
      [
        title({ titleId: 1, status: 'available', stage: 'closed', availableAt: at('2026-02-01T00:00:00Z') }),
        title({ titleId: 2, status: 'rejected', stage: 'closed', endedBecause: 'too_expensive' }),
        title({ titleId: 3, status: 'held', stage: 'closed' }),
        title({ titleId: 4, status: 'ordered', stage: 'active' }),
      ],
      NOW,
    );
    expect(summary).toMatchObject({ titles: 4, filled: 1, open: 1, notFilled: { too_expensive: 1, held: 1 } });
    expect(summary.fillRate).toBeCloseTo(1 / 3);
  });

  it('counts the suggestions pooled into each title as requests', () => {
    expect(summarise([title({ requests: 3 }), title({ titleId: 2 })], NOW).requests).toBe(4);
  });
});

describe('use after purchase', () => {
  const bought = title({
    status: 'available',
    stage: 'closed',
    availableAt: at('2026-03-20T00:00:00Z'),
    price: { amount: 45, currency: 'USD' },
    // Borrowed three times in its first six months, once more in the year.
    loansByMonth: loans({ '2026-02': 4, '2026-03': 1, '2026-05': 1, '2026-08': 1, '2026-12': 1, '2027-04': 9 }),
  });

  it('counts the loans of a title bought and borrowed three times in six months, from the month it reached the shelf', () => {
    expect(loansWithin(bought.loansByMonth, bought.availableAt!, 6, NOW)).toBe(3);
    expect(loansWithin(bought.loansByMonth, bought.availableAt!, 12, NOW)).toBe(4);
  });

  it('does not measure a title whose window has not ended yet', () => {
    expect(loansWithin(bought.loansByMonth, bought.availableAt!, 12, at('2027-02-28T00:00:00Z'))).toBeNull();
    const summary = summarise([bought], at('2026-10-01T00:00:00Z'));
    expect(summary.use6m).toMatchObject({ titles: 1, loans: 3 });
    expect(summary.use12m).toMatchObject({ titles: 0, loansPerTitle: null });
  });

  it('names the first day whose acquisitions have not had their twelve months: the day before has', () => {
    expect(unmeasuredFrom(NOW, 12)).toBe('2026-04-01');
    expect(loansWithin(new Map(), at('2026-03-31T23:00:00Z'), 12, NOW)).toBe(0);
    expect(loansWithin(new Map(), at('2026-04-01T00:00:00Z'), 12, NOW)).toBeNull();
    expect(unmeasuredFrom(at('2027-01-15T00:00:00Z'), 12)).toBe('2026-02-01');
  });

  it('gives loans per title, the share never borrowed and the cost per loan', () => {
    const unused = title({
      titleId: 2,
      status: 'available',
      stage: 'closed',
      availableAt: at('2026-01-10T00:00:00Z'),
      price: { amount: 35, currency: 'USD' },
    });
    const summary = summarise([bought, unused], NOW);
    expect(summary.use12m).toEqual({ titles: 2, loans: 4, loansPerTitle: 2, neverBorrowedShare: 0.5 });
    expect(summary.spent).toEqual({ USD: 80 });
    expect(summary.costPerLoan).toEqual({ amount: 20, currency: 'USD' });
  });

  it('gives no cost per loan across currencies', () => {
    const yuan = title({
      titleId: 3,
      status: 'available',
      stage: 'closed',
      availableAt: at('2026-01-10T00:00:00Z'),
      price: { amount: 68, currency: 'CNY' },
      loansByMonth: loans({ '2026-02': 2 }),
    });
    const summary = summarise([bought, yuan], NOW);
    expect(summary.spent).toEqual({ USD: 45, CNY: 68 });
    expect(summary.costPerLoan).toBeNull();
  });

  it('compares requested titles with the other acquisitions, with an interval for the difference', () => {
    const comparison = compareUse([4, 5, 3, 6, 2, 4], [2, 1, 3, 2, 0, 3, 2, 4]);
    expect(comparison.requested.loansPerTitle).toBe(4);
    expect(comparison.others.loansPerTitle).toBeCloseTo(2.125);
    expect(comparison.difference!.value).toBeCloseTo(1.875);
    expect(comparison.difference!.low).toBeGreaterThan(0);
    expect(comparison.difference!.low).toBeLessThan(1.875);
    expect(comparison.difference!.high).toBeGreaterThan(1.875);
    expect(compareUse([], [1]).difference).toBeNull();
  });

  it('gives the same interval for the same seed and resamples, to the last digit', () => {
    const random = seededRandom(7);
    const requested = Array.from({ length: 40 }, () => Math.floor(random() * 9));
    const others = Array.from({ length: 300 }, () => Math.floor(random() * 6));
    // Recorded before the resamples were sorted as a typed array: a faster bootstrap must not move it.
    expect(compareUse(requested, others).difference).toEqual({
      value: 1.0316666666666667,
      low: 0.23995833333333355,
      high: 1.9167083333333332,
    });
  });
});

describe('groups', () => {
  it('counts a title in every group its requesters are in', () => {
    const shared = title({ groups: { ...title().groups, department: ['CS', 'MATH'] } });
    const alone = title({ titleId: 2 });
    const byDepartment = summariseBy([shared, alone], 'department', NOW);
    expect(byDepartment.map((g) => [g.group, g.summary.titles])).toEqual([
      ['CS', 2],
      ['MATH', 1],
    ]);
  });
});

describe("the ranking's own record", () => {
  const boughtWith = (score: number, borrowed: number, id: number) =>
    title({
      titleId: id,
      status: 'available',
      stage: 'closed',
      availableAt: at('2026-01-15T00:00:00Z'),
      scoreAtDecision: score,
      loansByMonth: loans({ '2026-04': borrowed }),
    });

  it('orders the titles bought by their score at decision against their loans, with an interval', () => {
    const titles = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => boughtWith(n, n, n));
    const record = rankingRecord(titles, NOW);
    expect(record.titles).toBe(8);
    expect(record.spearman!.value).toBeCloseTo(1);
  });

  it('shows no interval for fewer than five titles, and leaves out those without a score or a full year', () => {
    const record = rankingRecord(
      [boughtWith(1, 1, 1), boughtWith(2, 2, 2), title({ titleId: 3, status: 'available', stage: 'closed' })],
      NOW,
    );
    expect(record).toEqual({ titles: 2, spearman: null });
  });

  it('gives the same interval for the same seed and resamples, to the last digit', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 340; i++) random();
    const titles = Array.from({ length: 60 }, (_, i) => {
      const score = Math.round(random() * 20) / 4;
      return boughtWith(score, Math.max(0, Math.round(score + (random() - 0.5) * 6)), i);
    });
    // Recorded before the bootstrap's resamples were typed arrays.
    expect(rankingRecord(titles, NOW)).toEqual({ titles: 60, spearman: { value: 0.535, low: 0.324, high: 0.713 } });
  });
});
