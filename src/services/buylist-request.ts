// Whose buy list, and as what file: the rules the API, the selector's page and `r2b buylist`
// share. A liaison sees their own department's list; a selector their assignment unless they
// ask for all; the reasons come in the reader's language. Downloads are the review and order
// spreadsheets, MARC order records for the ILS's loader (ORDER_PROFILE, or the one asked for)
// and FOLIO's composite purchase order.
import { sql } from 'drizzle-orm';
import type { Deps, Principal } from '../context.js';
import { may, reachOf } from '../domain/access.js';
import type { ListSort } from '../domain/buylist.js';
import { type Locale, toLocale } from '../domain/locale.js';
import type { OrderProfile } from '../domain/order-profiles.js';
import { assignmentOf } from '../domain/selectors.js';
import { t } from '../i18n/index.js';
import { type BuyList, type BuyListQuery, buildBuyList } from './buylist.js';
import { departmentScope } from './access/department-scope.js';
import { attachment } from './exports/attachment.js';
import { buyListCsv, orderSheetCsv } from './exports/buylist-csv.js';
import { buyListFolioOrder } from './exports/buylist-folio.js';
import { buyListMarc } from './exports/buylist-marc.js';

export interface BuyListAsk {
  department?: string | undefined;
  fund?: string | undefined;
  discipline?: string | undefined;
  format?: BuyListQuery['format'];
  status?: string | undefined;
  budget?: number | undefined;
  /** a title's name, author or ISBN; a requester's name too, for a reader who may see who asked */
  search?: string | undefined;
  sort?: ListSort | undefined;
  /** titles a page, or null for the whole list (a download) */
  limit: number | null;
  page?: number | undefined;
  /** a selector's whole library, not only their assignment */
  all?: boolean;
  /** only the titles assigned to the reader (a title's assignee) */
  mine?: boolean | undefined;
  locale?: Locale | undefined;
}

export interface BuyListAnswer {
  list: BuyList;
  department: string | undefined;
  fund: string | undefined;
  /** the language of the reasons, and of the names of titles that have none yet */
  locale: Locale;
  /** whose requesters' own reasons the reader may read: all of them, or one department's (a liaison's) */
  reasonsOf: 'all' | { department: string };
  /** the reader, as an ILS records who selected a title */
  selector: string | null;
}

export async function buyListFor(deps: Deps, principal: Principal, ask: BuyListAsk): Promise<BuyListAnswer> {
  const department = departmentScope(principal, 'readBuylist', ask.department);
  const assignment =
    may(principal.role, 'readByAssignment') && !ask.all
      ? assignmentOf(deps.selectors, principal.patron?.externalId)
      : null;
  const locale: Locale = ask.locale ?? toLocale(principal.patron?.locale ?? '') ?? deps.config.DEFAULT_LOCALE;
  const fund = department ? undefined : ask.fund;
  const list = await buildBuyList(deps, {
    department,
    fund,
    discipline: ask.discipline,
    format: ask.format,
    status: ask.status,
    budget: ask.budget,
    // Liaisons never see who asked, so they cannot find a title by who asked either.
    search: ask.search ? { text: ask.search, requesters: may(principal.role, 'seeRequesters') } : undefined,
    sort: ask.sort,
    limit: ask.limit,
    page: ask.page,
    assignment,
    // A reader who is no one (a system token) has no titles of their own.
    ...(ask.mine ? { assignee: principal.patron?.id ?? -1 } : {}),
    locale,
  });
  return {
    list,
    department,
    fund,
    locale,
    // A liaison reads the suggestions of their own department, reasons and all, and no other's.
    reasonsOf: reachOf(principal.role, 'readBuylist') === 'department' && department ? { department } : 'all',
    selector: principal.patron ? (principal.patron.displayName ?? principal.patron.externalId) : null,
  };
}

/** Which file: a spreadsheet, MARC order records for one ILS, or FOLIO's purchase order. */
export type Download =
  | { format: 'csv'; sheet: 'review' | 'order' }
  | { format: 'marc'; profile?: OrderProfile | undefined }
  | { format: 'folio-json' };

/** The download a file format asks for, with the sheet or the ILS profile that goes with it. */
export function downloadFor(ask: {
  format: 'csv' | 'marc' | 'folio-json';
  sheet?: 'review' | 'order' | undefined;
  profile?: OrderProfile | undefined;
}): Download {
  if (ask.format === 'csv') return { format: 'csv', sheet: ask.sheet ?? 'review' };
  if (ask.format === 'marc') return { format: 'marc', profile: ask.profile };
  return { format: 'folio-json' };
}

/** The list as a download: its body and the headers that type and name it. */
export async function buyListFile(
  deps: Deps,
  answer: BuyListAnswer,
  download: Download,
): Promise<{ body: string | Uint8Array<ArrayBuffer>; headers: Record<string, string> }> {
  const now = deps.clock();
  const name = `buylist-${answer.department ?? answer.fund ?? 'all'}-${now.toISOString().slice(0, 10)}`;
  const context = { now, locale: answer.locale, settings: deps.config, selector: answer.selector };
  if (download.format === 'csv') {
    const body =
      download.sheet === 'order'
        ? orderSheetCsv(answer.list, {
            ...context,
            workflow: deps.workflow,
            reasons: await requestersReasons(deps, answer),
          })
        : buyListCsv(answer.list, answer.locale);
    const file = download.sheet === 'order' ? `${name}-order.csv` : `${name}.csv`;
    return { body, headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': attachment(file) } };
  }
  if (download.format === 'folio-json') {
    const scope = answer.department ?? answer.fund ?? t(answer.locale, 'order.library');
    const order = buyListFolioOrder(answer.list, { ...context, folio: deps.config, scope });
    return {
      body: `${JSON.stringify(order, null, 2)}\n`,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': attachment(`${name}-folio.json`),
      },
    };
  }
  const marc = buyListMarc(answer.list, {
    ...context,
    profile: download.profile ?? deps.config.ORDER_PROFILE,
    cnmarcTag: deps.config.ORDER_CNMARC_TAG,
  });
  return {
    body: new Uint8Array(marc),
    headers: { 'content-type': 'application/marc', 'content-disposition': attachment(`${name}.mrc`) },
  };
}

/** The reasons the requesters of each listed title gave, those the reader may read, oldest first. */
async function requestersReasons(deps: Deps, answer: BuyListAnswer): Promise<Map<number, string[]>> {
  const ids = JSON.stringify(answer.list.items.map((i) => i.titleId));
  const department = answer.reasonsOf === 'all' ? null : answer.reasonsOf.department;
  const rows = await deps.db.orm.all<{ title_id: number; reason: string }>(
    sql`SELECT title_id, reason FROM suggestions
        WHERE title_id IN (SELECT value FROM json_each(${ids})) AND reason IS NOT NULL AND trim(reason) <> ''
          AND ${department === null ? sql`1` : sql`department_code = ${department}`}
        ORDER BY created_at, id`,
  );
  const out = new Map<number, string[]>();
  for (const r of rows) out.set(r.title_id, [...(out.get(r.title_id) ?? []), r.reason.trim()]);
  return out;
}
