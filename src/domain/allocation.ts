// How a total budget could split across departments: the fund-allocation view for the head of
// acquisitions. On a real academic library's log the broad discipline's use said almost nothing
// about how much one new title would be borrowed; what it does say is where the library's
// money is used, department by department, and that is what a budget is split by.
//
// Allocation formulas in the literature weigh circulation, holdings and cost, give every
// department a base so none is zeroed, and move budgets from where they stand rather than
// redrawing them each year. This one, for each department:
//
//   formula   = (0.5 × share of loans + 0.3 × share of the budgets now + 0.2 × share of spend)
//               × use factor^0.25          (Bonn's: share of loans / share of the books held)
//   suggested = ¼ of an equal share + ¾ × formula / Σ formula
//
// A part nobody has figures for (no budgets set, nothing bought in the window) drops out and
// the others keep their proportions; spend counts only as far as it covers the total (see
// weightsAsUsed). The weights are settings (ALLOCATION_*).
//
// Which department a loan counts for follows the rule a purchase is charged by
// (CHARGED_DEPARTMENT in services/buylist.ts): subject first, then the reader.
//   1. A loan in a discipline that departments read counts for them: for the borrower's own
//      department when it is one of them; else (a borrower from elsewhere, or with no
//      department) shared among them by how much their own people borrow there, equally when
//      none of them does. Statistics, read by CS and MATH, is theirs in proportion.
//   2. A loan in a discipline no department reads (or unclassified) counts for the borrower's
//      department.
//   3. Else (no department, no reader) it is counted for the library and for no department.
// A department's books are the items in its disciplines, a shared discipline's split in the
// same proportion as its loans, so the departments that share it see the same use of it.
import { t } from '../i18n/index.js';
import type { Locale } from './locale.js';

export const ALLOCATION_PARTS = ['loans', 'budget', 'spend'] as const;
export type AllocationPart = (typeof ALLOCATION_PARTS)[number];

export interface AllocationSettings {
  /** how much a department's share of loans, of the budgets now and of the spend count in its formula */
  weights: Record<AllocationPart, number>;
  /** how far the use factor nudges the formula: × use factor^this (0 turns the nudge off) */
  useFactor: number;
  /** what every department is guaranteed, as a fraction of an equal share (0 turns the floor off) */
  floor: number;
}

export const defaultAllocation: AllocationSettings = {
  weights: { loans: 0.5, budget: 0.3, spend: 0.2 },
  useFactor: 0.25,
  floor: 0.25,
};

/** A use factor beyond these bounds (a tiny collection, a shelf nobody reads) nudges no further. */
const USE_FACTOR_BOUND = 4;

export interface AllocationDepartment {
  code: string;
  name: string;
  /** its budget now, in cents of the library's currency; null when none is set */
  budgetCents: number | null;
  disciplines: string[];
}

/** Loans of one (discipline, borrower's department) over a window; '' is none. */
export interface LoanCount {
  discipline: string;
  department: string;
  loans: number;
}

export interface AllocationFigures {
  departments: AllocationDepartment[];
  /** the window's loans */
  loans: LoanCount[];
  /** the window of the same length before it, when the loans imported cover all of it; else null */
  previousLoans: LoanCount[] | null;
  /** items held by discipline ('' unclassified) */
  holdings: { discipline: string; items: number }[];
  /** one entry per title bought in the window, at its list price, with the department it is charged to */
  spend: { department: string | null; cents: number }[];
  /** the budget to split, in cents; null to suggest shares only */
  totalCents: number | null;
}

export type AllocationNote = 'no-disciplines' | 'no-loans' | 'no-budget' | 'floor';

export interface DepartmentAllocation {
  code: string;
  name: string;
  disciplines: string[];
  /** loans counted for it (to a tenth: shared loans are split) */
  loans: number;
  loanShare: number;
  /** items in its disciplines (to a tenth: shared disciplines are split) */
  items: number;
  holdingShare: number;
  /** Bonn's use factor of its disciplines: their share of loans over their share of the books; null without books or loans */
  useFactor: number | null;
  spendCents: number;
  spendShare: number;
  budgetCents: number | null;
  budgetShare: number;
  /** its loans against the window before, as a fraction (0.12 is up 12%); null without a full window before */
  trend: number | null;
  suggestedShare: number;
  /** of the total, to the cent; null when there is no total */
  suggestedCents: number | null;
  /** suggested less its budget now; null without either */
  changeCents: number | null;
  notes: AllocationNote[];
}

export interface Allocation {
  /** the weights as they counted (see weightsAsUsed), summing to 1; all 0 when there was nothing to go on */
  basis: Record<AllocationPart, number>;
  totalCents: number | null;
  /** largest suggested share first */
  departments: DepartmentAllocation[];
  library: {
    loans: number;
    items: number;
    spendCents: number;
    budgetCents: number;
    /** what counts for no department: loans without one in nobody's disciplines, books in nobody's disciplines, purchases charged to none */
    unattributed: { loans: number; items: number; spendCents: number };
  };
}

/** A discipline's loans or books, per department, for the departments that read it. */
type PerDepartment = Map<string, number>;

export function allocate(figures: AllocationFigures, settings: AllocationSettings): Allocation {
  const codes = figures.departments.map((d) => d.code);
  const known = new Set(codes);
  const readers = new Map<string, string[]>();
  for (const d of figures.departments) {
    for (const discipline of d.disciplines) readers.set(discipline, [...(readers.get(discipline) ?? []), d.code]);
  }

  const current = attributeLoans(figures.loans, readers, known);
  const previous = figures.previousLoans ? attributeLoans(figures.previousLoans, readers, known) : null;

  // Books follow the loans of the discipline, so departments sharing it see the same use of it.
  const items = new Map<string, number>();
  let unattributedItems = 0;
  for (const { discipline, items: n } of figures.holdings) {
    const among = discipline ? readers.get(discipline) : undefined;
    if (!among) {
      unattributedItems += n;
      continue;
    }
    const loansThere = new Map(among.map((code) => [code, current.byDiscipline.get(discipline)?.get(code) ?? 0]));
    for (const [code, part] of proportions(among, loansThere)) items.set(code, (items.get(code) ?? 0) + n * part);
  }

  const spend = new Map<string, number>();
  let unattributedSpend = 0;
  for (const s of figures.spend) {
    if (s.department !== null && known.has(s.department))
      spend.set(s.department, (spend.get(s.department) ?? 0) + s.cents);
    else unattributedSpend += s.cents;
  }

  const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);
  const totals = {
    loans: sum(codes.map((c) => current.total.get(c) ?? 0)),
    inDisciplines: sum(codes.map((c) => current.inDisciplines.get(c) ?? 0)),
    items: sum(items.values()),
    spend: sum(spend.values()),
    budget: sum(figures.departments.map((d) => d.budgetCents ?? 0)),
  };
  const share = (value: number, total: number) => (total > 0 ? value / total : 0);

  const rows = figures.departments.map((d) => {
    const loans = current.total.get(d.code) ?? 0;
    const held = items.get(d.code) ?? 0;
    const holdingShare = share(held, totals.items);
    const useFactor =
      holdingShare > 0 && totals.inDisciplines > 0
        ? share(current.inDisciplines.get(d.code) ?? 0, totals.inDisciplines) / holdingShare
        : null;
    const before = previous?.total.get(d.code) ?? 0;
    return {
      d,
      loans,
      held,
      useFactor,
      shares: {
        loans: share(loans, totals.loans),
        budget: share(d.budgetCents ?? 0, totals.budget),
        spend: share(spend.get(d.code) ?? 0, totals.spend),
      } satisfies Record<AllocationPart, number>,
      holdingShare,
      trend: previous && before > 0 ? loans / before - 1 : null,
    };
  });

  const basis = weightsAsUsed(settings.weights, totals, figures.totalCents);
  const formula = rows.map((r) => {
    const known = ALLOCATION_PARTS.filter((part) => basis[part] > 0);
    const blend = known.length ? sum(known.map((part) => basis[part] * r.shares[part])) : 1;
    const factor = r.useFactor === null ? 1 : clamp(r.useFactor, 1 / USE_FACTOR_BOUND, USE_FACTOR_BOUND);
    return blend * factor ** settings.useFactor;
  });
  const formulaTotal = sum(formula);
  const n = rows.length;
  const floor = clamp(settings.floor, 0, 1);
  const suggested = formula.map((f) => floor / n + (1 - floor) * (formulaTotal > 0 ? f / formulaTotal : 1 / n));
  const cents = figures.totalCents === null ? null : apportion(figures.totalCents, suggested, codes);

  const departments = rows
    .map((r, i): DepartmentAllocation => {
      const formulaPart = (1 - floor) * (formulaTotal > 0 ? formula[i]! / formulaTotal : 1 / n);
      const suggestedCents = cents ? cents[i]! : null;
      const notes: AllocationNote[] = [];
      if (r.d.disciplines.length === 0) notes.push('no-disciplines');
      if (r.loans === 0) notes.push('no-loans');
      if (!r.d.budgetCents) notes.push('no-budget');
      if (floor > 0 && formulaPart < floor / n) notes.push('floor');
      return {
        code: r.d.code,
        name: r.d.name,
        disciplines: r.d.disciplines,
        loans: tenth(r.loans),
        loanShare: r.shares.loans,
        items: tenth(r.held),
        holdingShare: r.holdingShare,
        useFactor: r.useFactor,
        spendCents: spend.get(r.d.code) ?? 0,
        spendShare: r.shares.spend,
        budgetCents: r.d.budgetCents,
        budgetShare: r.shares.budget,
        trend: r.trend,
        suggestedShare: suggested[i]!,
        suggestedCents,
        changeCents: suggestedCents !== null && r.d.budgetCents !== null ? suggestedCents - r.d.budgetCents : null,
        notes,
      };
    })
    .sort((a, b) => b.suggestedShare - a.suggestedShare || a.code.localeCompare(b.code));

  return {
    basis,
    totalCents: figures.totalCents,
    departments,
    library: {
      loans: tenth(totals.loans),
      items: tenth(totals.items),
      spendCents: totals.spend,
      budgetCents: totals.budget,
      unattributed: { loans: tenth(current.unattributed), items: unattributedItems, spendCents: unattributedSpend },
    },
  };
}

/**
 * The weights as they count, summing to 1: a part nobody has figures for (no budgets set,
 * nothing bought) drops out and the others keep their proportions. What was bought through
 * suggestions is a small part of what a library spends, so spend counts only as far as it
 * covers the total: two purchases in a year do not move a tenth of the budget.
 */
function weightsAsUsed(
  weights: Record<AllocationPart, number>,
  totals: { loans: number; budget: number; spend: number },
  totalCents: number | null,
): Record<AllocationPart, number> {
  const cover = totalCents ? Math.min(1, totals.spend / totalCents) : 1;
  const raw: Record<AllocationPart, number> = {
    loans: totals.loans > 0 ? weights.loans : 0,
    budget: totals.budget > 0 ? weights.budget : 0,
    spend: totals.spend > 0 ? weights.spend * cover : 0,
  };
  const all = raw.loans + raw.budget + raw.spend;
  return {
    loans: all > 0 ? raw.loans / all : 0,
    budget: all > 0 ? raw.budget / all : 0,
    spend: all > 0 ? raw.spend / all : 0,
  };
}

interface Attributed {
  /** per department: every loan counted for it */
  total: Map<string, number>;
  /** per department: the loans in its own disciplines (the use factor's numerator) */
  inDisciplines: Map<string, number>;
  /** per discipline read by departments: its loans, per department */
  byDiscipline: Map<string, PerDepartment>;
  unattributed: number;
}

/** The loans counted for each department, by the rule at the top of this file. */
function attributeLoans(cells: LoanCount[], readers: Map<string, string[]>, known: Set<string>): Attributed {
  // How much each reading department's own people borrow in its disciplines: the split of the rest.
  const own = new Map<string, PerDepartment>();
  for (const cell of cells) {
    if (cell.discipline && readers.get(cell.discipline)?.includes(cell.department)) {
      add(own, cell.discipline, cell.department, cell.loans);
    }
  }
  const result: Attributed = { total: new Map(), inDisciplines: new Map(), byDiscipline: new Map(), unattributed: 0 };
  const credit = (code: string, loans: number, discipline: string | null) => {
    result.total.set(code, (result.total.get(code) ?? 0) + loans);
    if (discipline === null) return;
    result.inDisciplines.set(code, (result.inDisciplines.get(code) ?? 0) + loans);
    add(result.byDiscipline, discipline, code, loans);
  };
  for (const cell of cells) {
    const among = cell.discipline ? readers.get(cell.discipline) : undefined;
    if (among) {
      if (among.includes(cell.department)) credit(cell.department, cell.loans, cell.discipline);
      else {
        for (const [code, part] of proportions(among, own.get(cell.discipline) ?? new Map())) {
          credit(code, cell.loans * part, cell.discipline);
        }
      }
    } else if (known.has(cell.department)) credit(cell.department, cell.loans, null);
    else result.unattributed += cell.loans;
  }
  return result;
}

/** Each of `among`'s part of something split by `by`, equally when `by` gives them nothing. */
function proportions(among: string[], by: PerDepartment): [string, number][] {
  const total = among.reduce((s, code) => s + (by.get(code) ?? 0), 0);
  return among.map((code) => [code, total > 0 ? (by.get(code) ?? 0) / total : 1 / among.length]);
}

function add(map: Map<string, PerDepartment>, key: string, code: string, n: number) {
  const inner = map.get(key) ?? new Map<string, number>();
  inner.set(code, (inner.get(code) ?? 0) + n);
  map.set(key, inner);
}

/**
 * `total` cents split by `shares`, to the cent: each gets its exact part rounded down, and the
 * cents left over go to the largest remainders (ties by code), so the parts sum to the total.
 */
function apportion(total: number, shares: number[], codes: string[]): number[] {
  const exact = shares.map((s) => s * total);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => ({ i, rest: x - Math.floor(x) }))
    .sort((a, b) => b.rest - a.rest || codes[a.i]!.localeCompare(codes[b.i]!));
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i]! += 1;
    left -= 1;
  }
  return parts;
}

function clamp(x: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, x));
}

function tenth(x: number): number {
  return Math.round(x * 10) / 10;
}

/** A share as people read it: 22%, or 0.4% below one in ten. */
export function percent(share: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: share < 0.1 ? 1 : 0 }).format(share);
}

/** A change as people read it: +12%, -3%, 0% (never -0%). */
export function signedPercent(change: number): string {
  const n = Math.round(change * 100);
  return `${n > 0 ? '+' : ''}${n === 0 ? 0 : n}%`;
}

/**
 * Why a department gets its share, in a few words: "22% of loans from 12% of the books (use
 * factor 1.8); 18% of the spend; 15% of the budgets now; suggested 20%".
 */
export function explainAllocation(row: DepartmentAllocation, allocation: Allocation, locale: Locale): string {
  const pct = (x: number) => percent(x, locale);
  const phrases: string[] = [];
  if (row.disciplines.length === 0) phrases.push(t(locale, 'alloc.reason.noDisciplines'));
  if (row.loans > 0) {
    phrases.push(
      t(locale, 'alloc.reason.loans', {
        loans: pct(row.loanShare),
        books: pct(row.holdingShare),
        factor: row.useFactor === null ? null : row.useFactor.toFixed(1),
      }),
    );
  } else phrases.push(t(locale, 'alloc.reason.noLoans'));
  if (row.trend !== null && Math.abs(row.trend) >= 0.05) {
    const change = Math.round(Math.abs(row.trend) * 100);
    phrases.push(t(locale, row.trend > 0 ? 'alloc.reason.rising' : 'alloc.reason.falling', { percent: change }));
  }
  if (row.spendCents > 0) phrases.push(t(locale, 'alloc.reason.spend', { share: pct(row.spendShare) }));
  if (allocation.library.budgetCents > 0) {
    phrases.push(
      row.budgetCents
        ? t(locale, 'alloc.reason.budget', { share: pct(row.budgetShare) })
        : t(locale, 'alloc.reason.noBudget'),
    );
  }
  phrases.push(t(locale, 'alloc.reason.suggested', { share: pct(row.suggestedShare) }));
  if (row.notes.includes('floor')) phrases.push(t(locale, 'alloc.reason.floor'));
  return phrases.join(t(locale, 'reason.separator'));
}
