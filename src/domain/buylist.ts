// The budget on a ranked buy list: the running total of what the titles cost, and the cut line
// where the money runs out. A selector reads the list from the top and spends in rank order,
// so the first title that does not fit closes the list: titles below it wait for the next
// budget even when one of them alone would still fit. A title without a price is listed and
// flagged, adding nothing to the total; the budget pays for every copy a title is to get.
import type { WorkflowStatus } from './workflow.js';

/** One ranked title as the budget sees it. */
export interface BudgetLine {
  /** the list price of one copy in the library's currency; null when unknown */
  price: number | null;
  /** copies to order */
  quantity: number;
}

export interface BudgetPlace {
  /** what the titles down to this one cost, to the cent */
  runningTotal: number;
  /** above the cut line (true), below it (false), or no cut line on this list (null) */
  withinBudget: boolean | null;
}

export interface BudgetPlan {
  /** the budget less what is committed; null without a budget */
  remaining: number | null;
  /** the rank of the last title the remaining budget covers (0: not even the first); null without a cut line */
  cutLine: number | null;
  places: BudgetPlace[];
}

/** The stage of the titles that compete for the budget: those still awaiting a decision. */
export const COMPETING_STAGE = 'pending' satisfies WorkflowStatus['stage'];

// Prices are cents turned into units: a total that lands on the budget by sums of tenths is on it.
const CENT_SLACK = 1e-9;

/**
 * The running total and the cut line of a ranked list.
 * @param budget the scope's budget, or the one asked for; null for none
 * @param committed what titles already approved, ordered or received cost the scope
 * @param listed the stage of the status the list is filtered to; a list of titles already
 *   decided on (approved ones to order, say) is part of what is committed, so it has no cut line
 */
export function planBudget(
  lines: readonly BudgetLine[],
  budget: { budget: number | null; committed: number; listed: WorkflowStatus['stage'] },
): BudgetPlan {
  const remaining = budget.budget === null ? null : budget.budget - budget.committed;
  const available = budget.listed === COMPETING_STAGE ? remaining : null;
  let total = 0;
  let cutLine: number | null = available === null ? null : 0;
  let over = false;
  const places = lines.map((line, index): BudgetPlace => {
    if (line.price !== null) total += line.price * line.quantity;
    const within = available === null ? null : !over && total <= available + CENT_SLACK;
    if (within === false) over = true;
    if (within) cutLine = index + 1;
    return { runningTotal: Math.round(total * 100) / 100, withinBudget: within };
  });
  return { remaining, cutLine, places };
}

/**
 * A title's price as the budget counts it: in the library's currency, or not at all. A price in
 * another currency is not set against the budget: there are no exchange rates offline.
 */
export function budgetPrice(cents: number | null, currency: string | null, libraryCurrency: string): number | null {
  return cents !== null && currency === libraryCurrency ? cents / 100 : null;
}

/**
 * The columns a selector sorts the list by. Sorting reorders what is shown and nothing else:
 * each title keeps its rank, running total and side of the cut line, which belong to the ranking.
 */
export const SORT_KEYS = ['score', 'title', 'author', 'price', 'requesters', 'needBy', 'date', 'status'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';

export interface ListSort {
  by: SortKey;
  dir: SortDirection;
}

/** The ranking itself: the highest score first. */
export const RANK_ORDER: ListSort = { by: 'score', dir: 'desc' };

/**
 * The direction a column sorts in when first chosen: the most first for a count or a score, the
 * newest first for a date of asking, the soonest first for a date needed by, A to Z for words,
 * the cheapest first for a price.
 */
export function firstDirection(by: SortKey): SortDirection {
  return by === 'score' || by === 'requesters' || by === 'date' ? 'desc' : 'asc';
}

/** The order a query asks for: a column (the rank by default) in its first direction unless another is given. */
export function listSortOf(by: SortKey | undefined, dir: SortDirection | undefined): ListSort {
  const column = by ?? RANK_ORDER.by;
  return { by: column, dir: dir ?? firstDirection(column) };
}

/** What a row is sorted on, column by column; null (no price, no date) sorts last either way. */
export interface SortFields {
  rank: number;
  title: string;
  author: string | null;
  price: number | null;
  requesters: number;
  /** YYYY-MM-DD */
  needBy: string | null;
  /** when it was first asked for, in ms */
  date: number;
  /** the status's place in the workflow */
  status: number;
}

/** The rows in the order asked for; ties keep their rank order. */
export function sortRows<T>(rows: readonly T[], fields: (row: T) => SortFields, sort: ListSort, locale: string): T[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  const sign = sort.dir === 'asc' ? 1 : -1;
  const keyed = rows.map((row) => ({ row, f: fields(row) }));
  const compare = (a: SortFields, b: SortFields): number => {
    if (sort.by === 'score') return -sign * (a.rank - b.rank);
    const x = a[sort.by];
    const y = b[sort.by];
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return sign * (typeof x === 'string' ? collator.compare(x, y as string) : x - (y as number));
  };
  return keyed.sort((a, b) => compare(a.f, b.f) || a.f.rank - b.f.rank).map((k) => k.row);
}

export interface Paging {
  /** the page shown, from 1; a page past the end shows the last */
  page: number;
  pages: number;
  pageSize: number;
  /** the titles the list's filters and search hold, over every page */
  total: number;
}

/** Which page of `total` rows to show, and where it starts; an empty list is one empty page. */
export function pageAt(total: number, page: number, pageSize: number): Paging & { start: number } {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const shown = Math.min(Math.max(1, Math.trunc(page)), pages);
  return { page: shown, pages, pageSize, total, start: (shown - 1) * pageSize };
}
