import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import {
  type AllocationDepartment,
  type AllocationFigures,
  allocate,
  defaultAllocation,
  explainAllocation,
  signedPercent,
} from '../../src/domain/allocation.js';

const department = (code: string, disciplines: string[], budget: number | null = 5_000): AllocationDepartment => ({
  code,
  name: code,
  budgetCents: budget === null ? null : budget * 100,
  disciplines,
});

const figures = (over: Partial<AllocationFigures>): AllocationFigures => ({
  departments: [],
  loans: [],
  previousLoans: null,
  holdings: [],
  spend: [],
  totalCents: 10_000_00,
  ...over,
});

const byCode = (allocation: ReturnType<typeof allocate>) => new Map(allocation.departments.map((d) => [d.code, d]));

/** Computer science and history, the same budget and the same number of books. */
const twoDepartments = (csLoans: number, histLoans: number) =>
  figures({
    departments: [department('CS', ['computer-science']), department('HIST', ['history'])],
    holdings: [
      { discipline: 'computer-science', items: 1000 },
      { discipline: 'history', items: 1000 },
    ],
    loans: [
      { discipline: 'computer-science', department: 'CS', loans: csLoans },
      { discipline: 'history', department: 'HIST', loans: histLoans },
    ],
  });

describe('the fund allocation', () => {
  it('gives a department lending far more than its share of the books a larger share than its budget now', () => {
    const split = byCode(allocate(twoDepartments(900, 100), defaultAllocation));
    const cs = split.get('CS')!;
    const hist = split.get('HIST')!;
    expect(cs.loanShare).toBeCloseTo(0.9);
    expect(cs.holdingShare).toBeCloseTo(0.5);
    expect(cs.useFactor).toBeCloseTo(1.8);
    expect(hist.useFactor).toBeCloseTo(0.2);
    expect(cs.suggestedCents!).toBeGreaterThan(cs.budgetCents!);
    expect(hist.suggestedCents!).toBeLessThan(hist.budgetCents!);
    expect(cs.changeCents).toBe(cs.suggestedCents! - 5_000_00);
    // Lending alike, they are suggested alike: the budgets now are the same.
    const even = byCode(allocate(twoDepartments(500, 500), defaultAllocation));
    expect(even.get('CS')!.suggestedCents).toBe(5_000_00);
  });

  it('gives more to the department whose books are more used, for the same loans, budget and spend', () => {
    const shelves = figures({
      departments: [department('CS', ['computer-science']), department('HIST', ['history'])],
      holdings: [
        { discipline: 'computer-science', items: 500 },
        { discipline: 'history', items: 2000 },
      ],
      loans: [
        { discipline: 'computer-science', department: 'CS', loans: 400 },
        { discipline: 'history', department: 'HIST', loans: 400 },
      ],
    });
    const nudged = byCode(allocate(shelves, defaultAllocation));
    expect(nudged.get('CS')!.useFactor).toBeCloseTo(2.5);
    expect(nudged.get('CS')!.suggestedShare).toBeGreaterThan(nudged.get('HIST')!.suggestedShare);
    // Without the nudge the use of the shelves changes nothing.
    const flat = byCode(allocate(shelves, { ...defaultAllocation, useFactor: 0 }));
    expect(flat.get('CS')!.suggestedShare).toBeCloseTo(0.5);
  });

  it('keeps a quiet department funded by the floor, and lists it with what is known', () => {
    const library = figures({
      departments: [
        department('CS', ['computer-science']),
        department('HIST', ['history']),
        department('MATH', ['mathematics']),
        department('QUIET', [], null),
      ],
      holdings: [
        { discipline: 'computer-science', items: 100 },
        { discipline: 'history', items: 100 },
        { discipline: 'mathematics', items: 100 },
      ],
      loans: [
        { discipline: 'computer-science', department: 'CS', loans: 300 },
        { discipline: 'history', department: 'HIST', loans: 200 },
        { discipline: 'mathematics', department: 'MATH', loans: 100 },
      ],
    });
    const quiet = byCode(allocate(library, defaultAllocation)).get('QUIET')!;
    // A quarter of an equal share: 0.25 / 4 of 10,000.
    expect(quiet.suggestedCents).toBe(625_00);
    expect(quiet).toMatchObject({ loans: 0, items: 0, budgetCents: null, useFactor: null, changeCents: null });
    expect(quiet.notes).toEqual(['no-disciplines', 'no-loans', 'no-budget', 'floor']);
    // With no floor it would get nothing at all.
    expect(byCode(allocate(library, { ...defaultAllocation, floor: 0 })).get('QUIET')!.suggestedCents).toBe(0);
  });

  it('splits the total to the cent, whatever the figures', () => {
    const code = fc.constantFrom('CS', 'HIST', 'MATH', 'LAW', 'MED', 'ARTS');
    const discipline = fc.constantFrom('computer-science', 'history', 'mathematics', 'statistics', 'law', '');
    fc.assert(
      fc.property(
        fc.uniqueArray(code, { minLength: 1, maxLength: 6 }),
        fc.array(fc.record({ discipline, department: fc.oneof(code, fc.constant('')), loans: fc.nat(5000) })),
        fc.array(fc.record({ discipline, items: fc.nat(5000) })),
        fc.array(fc.record({ department: fc.option(code), cents: fc.nat(20_000) })),
        fc.array(fc.option(fc.nat(1_000_000)), { minLength: 6, maxLength: 6 }),
        fc.nat(1_000_000_000),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (codes, loans, holdings, spend, budgets, totalCents, floor) => {
          const disciplines = ['computer-science', 'history', 'mathematics', 'statistics', 'law'];
          const departments = codes.map((c, i) => ({
            code: c,
            name: c,
            budgetCents: budgets[i] ?? null,
            disciplines: disciplines.filter((_, j) => (i + j) % 3 === 0),
          }));
          const allocation = allocate(figures({ departments, loans, holdings, spend, totalCents }), {
            ...defaultAllocation,
            floor,
          });
          const cents = allocation.departments.map((d) => d.suggestedCents!);
          expect(cents.reduce((a, b) => a + b, 0)).toBe(totalCents);
          expect(allocation.departments).toHaveLength(codes.length);
          for (const c of cents) {
            expect(Number.isInteger(c)).toBe(true);
            expect(c).toBeGreaterThanOrEqual(Math.floor((totalCents * floor) / codes.length) - 1);
          }
          expect(allocation.departments.reduce((s, d) => s + d.suggestedShare, 0)).toBeCloseTo(1, 9);
        },
      ),
    );
  });

  it('counts each purchase for the one department it is charged to, and one charged to none for the library', () => {
    const allocation = allocate(
      figures({
        departments: [
          department('CS', ['computer-science', 'statistics']),
          department('MATH', ['mathematics', 'statistics']),
        ],
        spend: [
          { department: 'CS', cents: 60_00 },
          { department: 'MATH', cents: 20_00 },
          { department: 'CS', cents: 20_00 },
          { department: null, cents: 35_00 },
        ],
      }),
      defaultAllocation,
    );
    const split = byCode(allocation);
    expect(split.get('CS')!.spendCents).toBe(80_00);
    expect(split.get('MATH')!.spendCents).toBe(20_00);
    expect(split.get('CS')!.spendShare).toBeCloseTo(0.8);
    expect(allocation.library.spendCents).toBe(100_00);
    expect(allocation.library.unattributed.spendCents).toBe(35_00);
  });

  it('shares the loans of a discipline several departments read by how much their own people borrow there', () => {
    const allocation = allocate(
      figures({
        departments: [
          department('CS', ['computer-science', 'statistics']),
          department('MATH', ['mathematics', 'statistics']),
          department('HIST', ['history']),
        ],
        holdings: [
          { discipline: 'statistics', items: 100 },
          { discipline: 'mining-metallurgy', items: 40 },
        ],
        loans: [
          { discipline: 'statistics', department: 'CS', loans: 30 },
          { discipline: 'statistics', department: 'MATH', loans: 10 },
          // Loans without a department, and from a department that does not read statistics.
          { discipline: 'statistics', department: '', loans: 32 },
          { discipline: 'statistics', department: 'HIST', loans: 8 },
          // A discipline nobody reads counts for the borrower's department, else for nobody.
          { discipline: 'mining-metallurgy', department: 'HIST', loans: 5 },
          { discipline: 'mining-metallurgy', department: '', loans: 7 },
          { discipline: '', department: 'GEOG', loans: 3 },
        ],
      }),
      defaultAllocation,
    );
    const split = byCode(allocation);
    expect(split.get('CS')!.loans).toBe(60);
    expect(split.get('MATH')!.loans).toBe(20);
    expect(split.get('HIST')!.loans).toBe(5);
    expect(allocation.library.unattributed.loans).toBe(10);
    // The shared discipline's books go the same way, so both see the same use of it.
    expect(split.get('CS')!.items).toBe(75);
    expect(split.get('MATH')!.items).toBe(25);
    expect(split.get('CS')!.useFactor).toBeCloseTo(split.get('MATH')!.useFactor!);
    expect(allocation.library.unattributed.items).toBe(40);

    const nobodyThere = byCode(
      allocate(
        figures({
          departments: [department('CS', ['statistics']), department('MATH', ['statistics'])],
          loans: [{ discipline: 'statistics', department: '', loans: 9 }],
        }),
        defaultAllocation,
      ),
    );
    expect(nobodyThere.get('CS')!.loans).toBe(4.5);
    expect(nobodyThere.get('MATH')!.loans).toBe(4.5);
  });

  it('gives a trend only when the loans cover the whole window before', () => {
    const without = allocate(twoDepartments(600, 100), defaultAllocation);
    expect(without.departments.map((d) => d.trend)).toEqual([null, null]);
    const withBefore = byCode(
      allocate(
        {
          ...twoDepartments(600, 100),
          previousLoans: [
            { discipline: 'computer-science', department: 'CS', loans: 400 },
            { discipline: 'history', department: 'HIST', loans: 200 },
          ],
        },
        defaultAllocation,
      ),
    );
    expect(withBefore.get('CS')!.trend).toBeCloseTo(0.5);
    expect([0.5, -0.5, -0.004, 0.004].map(signedPercent)).toEqual(['+50%', '-50%', '0%', '0%']);
    expect(withBefore.get('HIST')!.trend).toBeCloseTo(-0.5);
    // The trend says how use moved; it does not move the split.
    expect(withBefore.get('CS')!.suggestedCents).toBe(byCode(without).get('CS')!.suggestedCents);
  });

  it('leaves out a part nobody has figures for, and splits evenly when there are none at all', () => {
    const noBudgets = figures({
      departments: [department('CS', ['computer-science'], null), department('HIST', ['history'], null)],
      loans: [
        { discipline: 'computer-science', department: 'CS', loans: 300 },
        { discipline: 'history', department: 'HIST', loans: 100 },
      ],
    });
    const loansOnly = allocate(noBudgets, { ...defaultAllocation, useFactor: 0 });
    expect(loansOnly.basis).toEqual({ loans: 1, budget: 0, spend: 0 });
    // 1/8 of the floor each, and 3/4 of the rest by loans alone: 0.125 + 0.75 × 0.75.
    expect(byCode(loansOnly).get('CS')!.suggestedShare).toBeCloseTo(0.6875);

    const nothing = allocate(
      figures({ departments: [department('CS', [], null), department('HIST', [], null)] }),
      defaultAllocation,
    );
    expect(nothing.basis).toEqual({ loans: 0, budget: 0, spend: 0 });
    expect(nothing.departments.map((d) => d.suggestedCents)).toEqual([5_000_00, 5_000_00]);
  });

  it('lets what was bought count only as far as it covers the total', () => {
    const bought = (cents: number) =>
      allocate(
        figures({
          departments: [department('CS', ['computer-science']), department('HIST', ['history'])],
          loans: [
            { discipline: 'computer-science', department: 'CS', loans: 100 },
            { discipline: 'history', department: 'HIST', loans: 100 },
          ],
          spend: [{ department: 'CS', cents }],
        }),
        defaultAllocation,
      );
    // Two books at $50 of a $10,000 budget: 1% of spend's weight, next to nothing.
    const little = bought(100_00);
    expect(little.basis.spend).toBeCloseTo((0.2 * 0.01) / (0.5 + 0.3 + 0.2 * 0.01));
    expect(byCode(little).get('CS')!.suggestedShare).toBeLessThan(0.502);
    // Spending the whole budget, spend has its full weight.
    const all = bought(10_000_00);
    expect(all.basis).toEqual({ loans: 0.5, budget: 0.3, spend: 0.2 });
    expect(byCode(all).get('CS')!.suggestedShare).toBeCloseTo(0.125 + 0.75 * 0.6);
  });

  it('suggests shares without a total, and amounts with one', () => {
    const shares = allocate({ ...twoDepartments(900, 100), totalCents: null }, defaultAllocation);
    expect(shares.departments.map((d) => d.suggestedCents)).toEqual([null, null]);
    expect(shares.departments[0]!.code).toBe('CS');
    expect(shares.departments[0]!.suggestedShare).toBeGreaterThan(0.5);
  });

  it('says why in a few words, in the reader’s language', () => {
    const allocation = allocate(
      figures({
        departments: [department('CS', ['computer-science'], 15), department('REST', ['history'], 85)],
        holdings: [
          { discipline: 'computer-science', items: 120 },
          { discipline: 'history', items: 880 },
        ],
        loans: [
          { discipline: 'computer-science', department: 'CS', loans: 220 },
          { discipline: 'history', department: 'REST', loans: 780 },
        ],
        spend: [
          { department: 'CS', cents: 18_00 },
          { department: 'REST', cents: 82_00 },
        ],
      }),
      defaultAllocation,
    );
    const cs = byCode(allocation).get('CS')!;
    expect(explainAllocation(cs, allocation, 'en')).toMatch(
      /^22% of loans from 12% of the books \(use factor 1\.8\) · 18% of the spend · 15% of the budgets now · suggested \d\d%$/,
    );
    expect(explainAllocation(cs, allocation, 'zh-Hans')).toMatch(
      /^借阅占22%，馆藏占12%（使用系数1\.8）；采购支出占18%；现有经费占15%；建议\d\d%$/,
    );
    expect(explainAllocation(cs, allocation, 'zh-Hant')).toContain('借閱占22%，館藏占12%（使用係數1.8）');

    const quiet = allocate(
      figures({ departments: [department('CS', ['computer-science']), department('NEW', [], null)] }),
      defaultAllocation,
    );
    expect(explainAllocation(byCode(quiet).get('NEW')!, quiet, 'en')).toBe(
      'reads in no discipline · no loans in the period · no budget now · suggested 13% · mostly the guaranteed minimum',
    );
  });

  it('takes its weights from the settings, the defaults when none are set, and names a wrong one', () => {
    const config = parseConfig({});
    expect(config.ALLOCATION_WEIGHTS).toEqual(defaultAllocation.weights);
    expect([config.ALLOCATION_USE_FACTOR, config.ALLOCATION_FLOOR, config.ALLOCATION_WINDOW_MONTHS]).toEqual([
      0.25, 0.25, 12,
    ]);
    expect(parseConfig({ ALLOCATION_WEIGHTS: 'loans=1, spend=0.5' }).ALLOCATION_WEIGHTS).toEqual({
      loans: 1,
      budget: 0,
      spend: 0.5,
    });
    for (const wrong of ['loans=lots', 'circulation=1', 'loans=-1', 'loans=0,budget=0']) {
      expect(() => parseConfig({ ALLOCATION_WEIGHTS: wrong }), wrong).toThrow(/ALLOCATION_WEIGHTS: /);
    }
    expect(() => parseConfig({ ALLOCATION_FLOOR: '2' })).toThrow(/ALLOCATION_FLOOR/);
  });
});
