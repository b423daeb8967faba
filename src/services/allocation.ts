// The fund allocation: the figures it is made of, read from what imports keep (the loan
// aggregates, the items per discipline, the departments with their budgets and disciplines)
// and from the titles bought in the window, each charged to one department by the buy list's
// rule; the split itself is domain/allocation.ts.
import { sql } from 'drizzle-orm';
import type { Deps } from '../context.js';
import {
  type Allocation,
  type AllocationNote,
  type AllocationPart,
  type AllocationSettings,
  allocate,
  explainAllocation,
  type LoanCount,
} from '../domain/allocation.js';
import type { Locale } from '../domain/locale.js';
import { shiftMonth } from '../domain/scoring.js';
import { statusesInStage } from '../domain/workflow.js';
import { CHARGED_DEPARTMENT } from './buylist.js';
import { listDepartments } from './departments.js';

export interface AllocationAsk {
  /** the budget to split, in the library's currency; the departments' budgets now when not given */
  total?: number | undefined;
  windowMonths?: number | undefined;
  /** YYYY-MM, the window's last month; the last complete month when not given */
  asOf?: string | undefined;
  locale: Locale;
}

export interface AllocationRow {
  code: string;
  name: string;
  fund: string | null;
  disciplines: string[];
  loans: number;
  loanShare: number;
  items: number;
  holdingShare: number;
  useFactor: number | null;
  spend: number;
  spendShare: number;
  budget: number | null;
  budgetShare: number;
  trend: number | null;
  suggestedShare: number;
  suggested: number | null;
  change: number | null;
  notes: AllocationNote[];
  reason: string;
}

export interface AllocationReport {
  asOf: string;
  window: { months: number; from: string; to: string };
  currency: string;
  total: number | null;
  /** where the total came from: the caller, or the sum of the departments' budgets now */
  totalFrom: 'given' | 'budgets' | null;
  settings: AllocationSettings;
  /** the weights as they counted: a part without figures drops out, spend counts as far as it covers the total */
  basis: Record<AllocationPart, number>;
  /** the loans imported cover the window before this one too, so each department's trend is shown */
  trend: boolean;
  library: {
    loans: number;
    items: number;
    spend: number;
    budgets: number;
    unattributed: { loans: number; items: number; spend: number };
    /** titles bought in the window with no list price in the library's currency: not in the spend */
    unpricedTitles: number;
  };
  departments: AllocationRow[];
}

export async function buildAllocation(deps: Deps, ask: AllocationAsk): Promise<AllocationReport> {
  const months = ask.windowMonths ?? deps.config.ALLOCATION_WINDOW_MONTHS;
  const to = ask.asOf ?? shiftMonth(deps.clock().toISOString().slice(0, 7), -1);
  const from = shiftMonth(to, -(months - 1));
  const before = shiftMonth(from, -months);
  const currency = deps.config.LIBRARY_CURRENCY;

  const departments = await listDepartments(deps.db);
  const reads = await deps.db.orm.all<{ department_code: string; discipline: string }>(
    sql`SELECT department_code, discipline FROM department_disciplines ORDER BY department_code, discipline`,
  );
  const loansIn = (first: string, last: string) =>
    deps.db.orm.all<LoanCount>(sql`
      SELECT discipline, department_code AS department, sum(loans) AS loans FROM loan_aggregates
      WHERE month >= ${first} AND month <= ${last} GROUP BY discipline, department_code`);
  const earliest = await deps.db.orm.get<{ month: string | null }>(
    sql`SELECT min(month) AS month FROM loan_aggregates`,
  );
  const covered = earliest?.month !== null && earliest?.month !== undefined && earliest.month <= before;
  const holdings = await deps.db.orm.all<{ discipline: string; items: number }>(
    sql`SELECT discipline, items FROM discipline_holdings`,
  );

  // Bought in the window: moved to a status on the way in (approved, ordered, received) or
  // made available within it, and still there or further on, not cancelled since. One row
  // per title, however many of those steps fell in the window: a purchase is spent once.
  const bought = JSON.stringify([...statusesInStage(deps.workflow, 'active'), 'available']);
  const spent = await deps.db.orm.all<{ cents: number | null; currency: string | null; department: string | null }>(sql`
    SELECT t.price_cents AS cents, t.price_currency AS currency, ${CHARGED_DEPARTMENT} AS department
    FROM titles t
    WHERE t.status IN (SELECT value FROM json_each(${bought}))
      AND EXISTS (SELECT 1 FROM status_events e
                  WHERE e.title_id = t.id AND e.to_status IN (SELECT value FROM json_each(${bought}))
                    AND e.at >= ${monthStart(from)} AND e.at < ${monthStart(shiftMonth(to, 1))})`);
  const priced = spent.filter((s) => s.cents !== null && s.currency === currency);

  const budgets = departments.reduce((sum, d) => sum + (d.budgetCents ?? 0), 0);
  const totalCents = ask.total !== undefined ? Math.round(ask.total * 100) : budgets > 0 ? budgets : null;
  const settings: AllocationSettings = {
    weights: deps.config.ALLOCATION_WEIGHTS,
    useFactor: deps.config.ALLOCATION_USE_FACTOR,
    floor: deps.config.ALLOCATION_FLOOR,
  };
  const allocation: Allocation = allocate(
    {
      departments: departments.map((d) => ({
        code: d.code,
        name: d.name,
        budgetCents: d.budgetCents,
        disciplines: reads.filter((r) => r.department_code === d.code).map((r) => r.discipline),
      })),
      loans: await loansIn(from, to),
      previousLoans: covered ? await loansIn(before, shiftMonth(from, -1)) : null,
      holdings,
      spend: priced.map((s) => ({ department: s.department, cents: s.cents! })),
      totalCents,
    },
    settings,
  );

  const money = (cents: number) => cents / 100;
  const funds = new Map(departments.map((d) => [d.code, d.fund]));
  return {
    asOf: to,
    window: { months, from, to },
    currency,
    total: totalCents === null ? null : money(totalCents),
    totalFrom: ask.total !== undefined ? 'given' : totalCents === null ? null : 'budgets',
    settings,
    basis: allocation.basis,
    trend: covered,
    library: {
      loans: allocation.library.loans,
      items: allocation.library.items,
      spend: money(allocation.library.spendCents),
      budgets: money(allocation.library.budgetCents),
      unattributed: {
        loans: allocation.library.unattributed.loans,
        items: allocation.library.unattributed.items,
        spend: money(allocation.library.unattributed.spendCents),
      },
      unpricedTitles: spent.length - priced.length,
    },
    departments: allocation.departments.map((d) => ({
      code: d.code,
      name: d.name,
      fund: funds.get(d.code) ?? null,
      disciplines: d.disciplines,
      loans: d.loans,
      loanShare: d.loanShare,
      items: d.items,
      holdingShare: d.holdingShare,
      useFactor: d.useFactor,
      spend: money(d.spendCents),
      spendShare: d.spendShare,
      budget: d.budgetCents === null ? null : money(d.budgetCents),
      budgetShare: d.budgetShare,
      trend: d.trend,
      suggestedShare: d.suggestedShare,
      suggested: d.suggestedCents === null ? null : money(d.suggestedCents),
      change: d.changeCents === null ? null : money(d.changeCents),
      notes: d.notes,
      reason: explainAllocation(d, allocation, ask.locale),
    })),
  };
}

function monthStart(month: string): number {
  return Date.parse(`${month}-01T00:00:00Z`);
}
