// Whose buy list, and as what file: the rules the API and the selector's page share. A liaison
// sees their own department's list; a selector their assignment unless they ask for all; the
// reasons come in the reader's language. Downloads are CSV for spreadsheets and MARC 21 order
// records for the ILS or the vendor.
import type { Deps, Principal } from '../context.js';
import { type Locale, toLocale } from '../domain/locale.js';
import { assignmentOf } from '../domain/selectors.js';
import { type BuyList, type BuyListQuery, buildBuyList } from './buylist.js';
import { attachment } from './exports/attachment.js';
import { buyListCsv } from './exports/buylist-csv.js';
import { departmentScope } from './department-scope.js';
import { buyListMarc } from './exports/buylist-marc.js';

export interface BuyListAsk {
  department?: string | undefined;
  fund?: string | undefined;
  discipline?: string | undefined;
  format?: BuyListQuery['format'];
  status?: string | undefined;
  budget?: number | undefined;
  limit: number;
  /** a selector's whole library, not only their assignment */
  all?: boolean;
  locale?: Locale | undefined;
}

export interface BuyListAnswer {
  list: BuyList;
  department: string | undefined;
  fund: string | undefined;
  /** the language of the reasons, and of the names of titles that have none yet */
  locale: Locale;
}

export async function buyListFor(deps: Deps, principal: Principal, ask: BuyListAsk): Promise<BuyListAnswer> {
  const department = departmentScope(principal, ask.department);
  const assignment =
    principal.role === 'selector' && !ask.all ? assignmentOf(deps.selectors, principal.patron?.externalId) : null;
  const locale: Locale = ask.locale ?? toLocale(principal.patron?.locale ?? '') ?? deps.config.DEFAULT_LOCALE;
  const fund = department ? undefined : ask.fund;
  const list = await buildBuyList(deps, {
    department,
    fund,
    discipline: ask.discipline,
    format: ask.format,
    status: ask.status,
    budget: ask.budget,
    limit: ask.limit,
    assignment,
    locale,
  });
  return { list, department, fund, locale };
}

/** The list as a download: its body and the headers that type and name it. */
export function buyListFile(
  deps: Deps,
  answer: BuyListAnswer,
  format: 'csv' | 'marc',
): { body: string | Uint8Array<ArrayBuffer>; headers: Record<string, string> } {
  const name = `buylist-${answer.department ?? answer.fund ?? 'all'}-${deps.clock().toISOString().slice(0, 10)}`;
  if (format === 'csv') {
    return {
      body: buyListCsv(answer.list, answer.locale),
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': attachment(`${name}.csv`) },
    };
  }
  return {
    body: new Uint8Array(buyListMarc(answer.list, { now: deps.clock(), locale: answer.locale })),
    headers: { 'content-type': 'application/marc', 'content-disposition': attachment(`${name}.mrc`) },
  };
}
