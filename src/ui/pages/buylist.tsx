// /buylist: the selector's ranked list (and, to read, a liaison's own department's). Each title
// says why it ranks where it does, opens its score's parts on demand, and can be moved on
// (review, approve, reject with a reason, order, receive, make available) alone or with
// others; the budget bar and the cut line show where the money runs out, for the scope's own
// budget or one typed in; the same list downloads as the review or order spreadsheet, as MARC
// order records for the library's ILS (or another's), or as a FOLIO purchase order.
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { Deps, Principal } from '../../context.js';
import { type Format, FORMATS } from '../../db/schema.js';
import { may, reachOf } from '../../domain/access.js';
import { firstDirection, type ListSort, listSortOf, RANK_ORDER, type SortKey } from '../../domain/buylist.js';
import type { Locale } from '../../domain/locale.js';
import { COMPONENTS } from '../../domain/scoring.js';
import { ORDER_PROFILES, type OrderProfile } from '../../domain/order-profiles.js';
import { titleName } from '../../domain/title-name.js';
import { assignmentOf } from '../../domain/selectors.js';
import { actionName, findStatus, label, type Workflow } from '../../domain/workflow.js';
import { ApiError } from '../../errors.js';
import { type BuyList, type BuyListRow, openDisciplines } from '../../services/buylist.js';
import { BuyListFilters, MediumParameter } from '../../routes/buylist/buylist.routes.js';
import { StatusChangeSchema } from '../../routes/titles/titles.routes.js';
import { type BuyListAsk, buyListFile, buyListFor, type Download } from '../../services/buylist-request.js';
import { listDepartments } from '../../services/departments.js';
import { titlesInIls, type TitleInIls } from '../../services/ils/status.js';
import { changeStatus, getTitle } from '../../services/titles.js';
import { Csrf, formatDate, formatMoney, IlsPlace, Pager, StatusBadge, statusName } from '../components.js';
import { type Page, pageOf, type UiContext, type UiEnv } from '../context.js';
import { Layout } from '../layout.js';
import { COOKIES, cookieOptions, localPath, requireSignIn } from '../middleware.js';
import { render } from '../render.js';
import { errorPage, forbiddenPage, forgeryRefused } from './errors.js';

/** Who moves titles on, as the API allows; liaisons read their own department's list. */
/** The page sizes the form offers; a page of any size the API allows is shown when asked for. */
const LIMITS = [25, 50, 100, 200, 500];

/** The page's query: the API's filters, the format to list named as the form names it (the API's `medium`). */
const PageQuery = BuyListFilters.extend({ format: MediumParameter });

interface Filters {
  department: string;
  fund: string;
  discipline: string;
  status: string;
  format: Format | '';
  all: boolean;
  /** only the titles the reader manages (Koha's "managed by") */
  mine: boolean;
  /** the search as typed */
  q: string;
  sort: ListSort;
  limit: number;
  page: number;
  /** as typed, to show it again; `budgetValue` is what it says, when it says a budget */
  budget: string;
  budgetValue: number | undefined;
  budgetInvalid: boolean;
  /** any other filter the schema refused: the list is not shown */
  invalid: boolean;
}

interface Options {
  departments: { code: string; name: string; fund: string | null }[];
  disciplines: { code: string; name: string }[];
  hasAssignment: boolean;
  /** staff, who may be assigned titles to manage */
  mayBeAssigned: boolean;
  /** the formats the library offers patrons (FORMATS): the ones a title can be asked for in */
  formats: readonly Format[];
}

function filtersFrom(query: Record<string, string>): Filters {
  // A field left empty (the form's "any") is a filter not set.
  const set = Object.entries(query).filter(([, value]) => value !== '');
  const parsed = PageQuery.safeParse(Object.fromEntries(set));
  // A refused filter is left out, so the page can still say what is wrong in the form.
  const refused = new Set(parsed.success ? [] : parsed.error.issues.map((issue) => String(issue.path[0])));
  const given = Object.fromEntries(set.filter(([name]) => !refused.has(name)));
  const filters = parsed.success ? parsed.data : (PageQuery.safeParse(given).data ?? PageQuery.parse({}));
  return {
    department: filters.department ?? '',
    fund: filters.fund ?? '',
    discipline: filters.discipline ?? '',
    status: filters.status ?? '',
    format: filters.format ?? '',
    all: filters.all === 'true',
    mine: filters.mine === 'true',
    q: (filters.q ?? '').trim(),
    sort: listSortOf(filters.sort, filters.dir),
    limit: filters.limit,
    page: filters.page,
    budget: (query['budget'] ?? '').trim().slice(0, 20),
    budgetValue: filters.budget,
    budgetInvalid: refused.has('budget'),
    invalid: [...refused].some((name) => name !== 'budget'),
  };
}

/** What the service is asked for: a page of the list, or for a download the whole of it. */
function askOf(filters: Filters, locale: Locale, whole = false): BuyListAsk {
  return {
    department: filters.department || undefined,
    fund: filters.fund || undefined,
    discipline: filters.discipline || undefined,
    status: filters.status || undefined,
    format: filters.format || undefined,
    budget: filters.budgetValue,
    search: filters.q || undefined,
    sort: filters.sort,
    limit: whole ? null : filters.limit,
    page: filters.page,
    all: filters.all,
    mine: filters.mine,
    locale,
  };
}

/** The filters as a query string, to come back to the same list (or the same page of it). */
function queryOf(filters: Filters, change: Partial<Filters> = {}): string {
  const text = new URLSearchParams(filterPairs({ ...filters, ...change })).toString();
  return text ? `?${text}` : '';
}

/** The filters that differ from the defaults, as name and value. */
function filterPairs(filters: Filters): [string, string][] {
  const defaultDir = firstDirection(filters.sort.by);
  const pairs: [string, string][] = [];
  const shown: [string, string | number | boolean, boolean][] = [
    ['department', filters.department, filters.department !== ''],
    ['fund', filters.fund, filters.fund !== ''],
    ['discipline', filters.discipline, filters.discipline !== ''],
    ['status', filters.status, filters.status !== ''],
    ['format', filters.format, filters.format !== ''],
    ['all', filters.all, filters.all],
    ['mine', filters.mine, filters.mine],
    ['limit', filters.limit, filters.limit !== 100],
    ['budget', filters.budget, filters.budgetValue !== undefined],
    ['q', filters.q, filters.q !== ''],
    ['sort', filters.sort.by, filters.sort.by !== RANK_ORDER.by],
    ['dir', filters.sort.dir, filters.sort.dir !== defaultDir],
    ['page', filters.page, filters.page > 1],
  ];
  for (const [key, value, given] of shown) if (given) pairs.push([key, String(value)]);
  return pairs;
}

/** The file a download link asks for; a profile the service does not know is the library's own. */
function downloadOf(query: Record<string, string>): Download {
  if (query['as'] === 'folio-json') return { format: 'folio-json' };
  if (query['as'] === 'marc') {
    const profile = (ORDER_PROFILES as readonly string[]).includes(query['profile'] ?? '')
      ? (query['profile'] as OrderProfile)
      : undefined;
    return { format: 'marc', profile };
  }
  return { format: 'csv', sheet: query['sheet'] === 'order' ? 'order' : 'review' };
}

function ReasonSelect(props: { page: Page; workflow: Workflow; id: string; required?: boolean }) {
  return (
    <select id={props.id} name="reason" required={props.required}>
      <option value="">{props.page.tr('ui.buylist.chooseReason')}</option>
      {props.workflow.reasons.map((r) => (
        <option value={r.code}>{label(r.labels, props.page.locale)}</option>
      ))}
    </select>
  );
}

function RowActions(props: { page: Page; workflow: Workflow; row: BuyListRow; back: string }) {
  const { page, workflow, row } = props;
  const moves = workflow.moves[row.status] ?? [];
  const hidden = (to: string) => (
    <>
      <Csrf page={page} />
      <input type="hidden" name="title" value={String(row.titleId)} />
      <input type="hidden" name="to" value={to} />
      <input type="hidden" name="back" value={props.back} />
    </>
  );
  const title = titleName(row, page.locale);
  return (
    <div class="actions">
      {moves.map((to) => {
        const name = actionName(workflow, to, page.locale);
        if (findStatus(workflow, to)?.reasonRequired) {
          const id = `reason-${row.titleId}-${to}`;
          return (
            <details class="reject">
              <summary class="button small danger" aria-label={`${name}: ${title}`}>
                {name}…
              </summary>
              <form method="post" action="/buylist/status">
                {hidden(to)}
                <label for={id} class="visually-hidden">
                  {page.tr('ui.buylist.reason')}
                </label>
                <ReasonSelect page={page} workflow={workflow} id={id} required />{' '}
                <button type="submit" class="small danger">
                  {name}
                </button>
              </form>
            </details>
          );
        }
        // A move that carries the purchase forward (approve, order, receive: into the active
        // stage) is the button to press; the others stand back.
        return (
          <form method="post" action="/buylist/status">
            {hidden(to)}
            <button
              type="submit"
              class={findStatus(workflow, to)?.stage === 'active' ? 'small' : 'small secondary'}
              aria-label={`${name}: ${title}`}
            >
              {name}
            </button>
          </form>
        );
      })}
    </div>
  );
}

/** A column header's link: sorts by the column, or the other way round when it already does. */
function SortLink(props: { page: Page; filters: Filters; by: SortKey; label: string }) {
  const { filters, by } = props;
  const current = filters.sort.by === by;
  const dir = current ? (filters.sort.dir === 'asc' ? 'desc' : 'asc') : firstDirection(by);
  return (
    <a href={`/buylist${queryOf(filters, { sort: { by, dir }, page: 1 })}`} class="sort">
      {props.label}
      {current && <span aria-hidden="true">{filters.sort.dir === 'asc' ? ' ▲' : ' ▼'}</span>}
    </a>
  );
}

function Components(props: { page: Page; row: BuyListRow }) {
  const { page, row } = props;
  if (!row.components) return <span class="muted">{page.tr('ui.buylist.unscored')}</span>;
  // The reasons the compact line under the title leaves out, so that none is read twice.
  const separator = page.tr('reason.separator');
  const shown = new Set(row.summary.split(separator));
  const beyond = row.reason
    .split(separator)
    .filter((part) => !shown.has(part))
    .join(separator);
  return (
    <details class="components">
      <summary>{row.score?.toFixed(1)}</summary>
      {beyond && <p class="reason">{beyond}</p>}
      <dl>
        {COMPONENTS.map((name) => {
          const part = row.components![name];
          return (
            <>
              <dt>{page.tr(`ui.component.${name}`)}</dt>
              <dd>{`${part.contribution >= 0 ? '+' : ''}${part.contribution.toFixed(2)}`}</dd>
            </>
          );
        })}
      </dl>
    </details>
  );
}

export function BudgetBar(props: { page: Page; list: BuyList }) {
  const { page, list } = props;
  const { tr } = page;
  const money = (n: number) => formatMoney(page.locale, n, list.currency);
  if (list.budget === null) return <p class="budget muted">{tr('ui.buylist.noBudget')}</p>;
  // What the titles above the cut line cost: the running total at the line, whichever page is shown.
  const planned = list.withinTotal;
  const used = list.committed + planned;
  return (
    <div class="budget">
      <label for="budget-meter">
        {tr('ui.buylist.budget', { budget: money(list.budget), used: money(Math.min(used, list.budget)) })}
      </label>
      <meter
        id="budget-meter"
        min={0}
        max={Math.max(list.budget, 0.01)}
        value={Math.min(used, list.budget)}
        high={list.budget * 0.9}
        optimum={0}
      >
        {money(used)}
      </meter>
      <p>
        {tr('ui.buylist.committed', {
          committed: money(list.committed),
          remaining: money(list.remaining ?? 0),
        })}{' '}
        {list.cutLine !== null &&
          list.ranked > 0 &&
          tr('ui.buylist.fits', {
            count: list.cutLine,
            all: list.cutLine === list.ranked,
            total: money(planned),
          })}
      </p>
    </div>
  );
}

function FilterForm(props: { page: Page; filters: Filters; options: Options; workflow: Workflow; currency: string }) {
  const { page, filters, options, workflow } = props;
  const { tr } = page;
  // A liaison's list is their department's: it is named, not chosen.
  const own =
    page.principal && reachOf(page.principal.role, 'readBuylist') === 'department'
      ? page.principal.departmentCode
      : null;
  const funds = [...new Set(options.departments.map((d) => d.fund).filter((f): f is string => !!f))].sort();
  return (
    <form method="get" action="/buylist" class="filters" aria-label={tr('ui.buylist.filters')}>
      <div class="field">
        <label for="f-q">{tr('ui.buylist.search')}</label>
        <span class="hint" id="f-q-hint">
          {tr(may(page.principal!.role, 'seeRequesters') ? 'ui.buylist.searchHint' : 'ui.buylist.searchHintNoNames')}
        </span>
        <input
          type="search"
          id="f-q"
          name="q"
          value={filters.q}
          size={24}
          maxlength={200}
          aria-describedby="f-q-hint"
        />
      </div>
      {own ? (
        <p class="field">
          <span class="label">{tr('ui.buylist.department')}</span>
          {options.departments.find((d) => d.code === own)?.name ?? own}
        </p>
      ) : (
        <>
          <div class="field">
            <label for="f-department">{tr('ui.buylist.department')}</label>
            <select id="f-department" name="department">
              <option value="">{tr('ui.buylist.any')}</option>
              {options.departments.map((d) => (
                <option value={d.code} selected={filters.department === d.code}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="f-fund">{tr('ui.buylist.fund')}</label>
            <select id="f-fund" name="fund">
              <option value="">{tr('ui.buylist.any')}</option>
              {funds.map((f) => (
                <option value={f} selected={filters.fund === f}>
                  {f}
                </option>
              ))}
            </select>
          </div>
        </>
      )}
      <div class="field">
        <label for="f-discipline">{tr('ui.buylist.discipline')}</label>
        <select id="f-discipline" name="discipline">
          <option value="">{tr('ui.buylist.any')}</option>
          {options.disciplines.map((d) => (
            <option value={d.code} selected={filters.discipline === d.code}>
              {d.name}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="f-status">{tr('ui.buylist.status')}</label>
        <select id="f-status" name="status">
          <option value="">{tr('ui.buylist.awaiting')}</option>
          {workflow.statuses.map((s) => (
            <option value={s.code} selected={filters.status === s.code}>
              {label(s.labels, page.locale)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="f-format">{tr('ui.buylist.format')}</label>
        <select id="f-format" name="format">
          <option value="">{tr('ui.buylist.any')}</option>
          {FORMATS.filter((f) => props.options.formats.includes(f) || filters.format === f).map((f) => (
            <option value={f} selected={filters.format === f}>
              {tr(`ui.format.${f}`)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="f-limit">{tr('ui.buylist.pageSize')}</label>
        <select id="f-limit" name="limit">
          {[...new Set([...LIMITS, filters.limit])]
            .sort((a, b) => a - b)
            .map((n) => (
              <option value={String(n)} selected={filters.limit === n}>
                {String(n)}
              </option>
            ))}
        </select>
      </div>
      <div class={filters.budgetInvalid ? 'field invalid' : 'field'}>
        <label for="f-budget">{tr('ui.buylist.budgetField', { currency: props.currency })}</label>
        <span class="hint" id="f-budget-hint">
          {tr('ui.buylist.budgetHint')}
        </span>
        {filters.budgetInvalid && (
          <span class="field-error" id="f-budget-error">
            {tr('ui.buylist.budgetInvalid')}
          </span>
        )}
        <input
          type="text"
          inputmode="decimal"
          id="f-budget"
          name="budget"
          value={filters.budget}
          size={9}
          maxlength={20}
          aria-describedby={filters.budgetInvalid ? 'f-budget-hint f-budget-error' : 'f-budget-hint'}
          aria-invalid={filters.budgetInvalid ? 'true' : undefined}
        />
      </div>
      {options.mayBeAssigned && (
        <div class="field choices">
          <label>
            <input type="checkbox" name="mine" value="true" checked={filters.mine} />
            {tr('ui.buylist.mine')}
          </label>
        </div>
      )}
      {options.hasAssignment && (
        <div class="field choices">
          <label>
            <input type="checkbox" name="all" value="true" checked={filters.all} />
            {tr('ui.buylist.all')}
          </label>
        </div>
      )}
      {filterPairs(filters)
        .filter(([name]) => name === 'sort' || name === 'dir')
        .map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
      <button type="submit">{tr('ui.buylist.show')}</button>
    </form>
  );
}

/** What became of the titles a selector chose to move: the moved and the refused, apart. */
function MoveOutcome(props: { outcome: ShownOutcome | null }) {
  const { outcome } = props;
  if (!outcome) return null;
  return (
    <>
      {outcome.moved && (
        <p class="flash" role="status">
          {outcome.moved}
        </p>
      )}
      {outcome.refused.length > 0 && (
        <div class="flash error" role="alert">
          {outcome.heading && <p style="margin:0 0 4px">{outcome.heading}</p>}
          {outcome.refused.length === 1 && !outcome.heading ? (
            <p style="margin:0">{outcome.refused[0]}</p>
          ) : (
            <ul style="margin:0">
              {outcome.refused.map((line) => (
                <li>{line}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </>
  );
}

function BuyListPage(props: {
  page: Page;
  list: BuyList;
  filters: Filters;
  options: Options;
  workflow: Workflow;
  outcome: ShownOutcome | null;
  /** the library's ILS, whose order records the download offers first */
  profile: OrderProfile;
  /** where the approved titles on the list are in the ILS */
  ils: Map<number, TitleInIls>;
}) {
  const { page, list, filters, workflow } = props;
  const { tr } = page;
  const mayMove = !!page.principal && may(page.principal.role, 'decide');
  const back = queryOf(filters);
  const money = (n: number | null) => (n === null ? '–' : formatMoney(page.locale, n, list.currency));
  const targets = [...new Set(list.items.flatMap((i) => workflow.moves[i.status] ?? []))];
  const cutRow = (
    <tr class="cut">
      <td colspan={mayMove ? 12 : 10}>{tr('ui.buylist.cutLine')}</td>
    </tr>
  );
  // The cut line is a place in the ranking: drawn between rows only when they are shown in rank order.
  const ranked = filters.sort.by === RANK_ORDER.by && filters.sort.dir === RANK_ORDER.dir;
  const header = (by: SortKey, label: string) => <SortLink page={page} filters={filters} by={by} label={label} />;
  const sortedBy = (...keys: SortKey[]) => {
    if (!keys.includes(filters.sort.by)) return undefined;
    return filters.sort.dir === 'asc' ? 'ascending' : 'descending';
  };
  return (
    <Layout page={page} title={tr('ui.buylist.title')}>
      <h1>{tr('ui.buylist.title')}</h1>
      <p class="lede">{tr('ui.buylist.lede')}</p>
      <MoveOutcome outcome={props.outcome} />
      <FilterForm page={page} filters={filters} options={props.options} workflow={workflow} currency={list.currency} />
      <BudgetBar page={page} list={list} />
      <Downloads page={page} filters={filters} profile={props.profile} />
      {list.items.length === 0 ? (
        <p>{list.search ? tr('ui.buylist.noneFound', { search: list.search }) : tr('ui.buylist.empty')}</p>
      ) : (
        <>
          {mayMove && (
            <form method="post" action="/buylist/status" id="bulk" class="bulk" aria-label={tr('ui.buylist.bulk')}>
              <Csrf page={page} />
              <input type="hidden" name="back" value={back} />
              <label hidden>
                <input type="checkbox" id="select-all" hidden /> {tr('ui.buylist.selectAll')}
              </label>
              <div class="field" style="margin:0">
                <label for="bulk-to">{tr('ui.buylist.bulkTo')}</label>
                <select id="bulk-to" name="to">
                  {targets.map((to) => (
                    <option
                      value={to}
                      data-needs-reason={findStatus(workflow, to)?.reasonRequired ? 'true' : undefined}
                    >
                      {actionName(workflow, to, page.locale)}
                    </option>
                  ))}
                </select>
              </div>
              <div class="field" style="margin:0">
                <label for="bulk-reason">{tr('ui.buylist.reasonIfNeeded')}</label>
                <ReasonSelect page={page} workflow={workflow} id="bulk-reason" />
              </div>
              <button type="submit">{tr('ui.buylist.applySelected')}</button>
            </form>
          )}
          <table class="list">
            <caption>
              {[
                ranked
                  ? tr('ui.buylist.caption', { count: list.paging.total })
                  : tr('ui.buylist.captionSorted', { count: list.paging.total }),
                ...(list.search ? [tr('ui.buylist.found', { search: list.search })] : []),
                tr('ui.pager.pageOf', { page: list.paging.page, pages: list.paging.pages }),
              ].join(' · ')}
            </caption>
            <thead>
              <tr>
                {mayMove && (
                  <th scope="col">
                    <span class="visually-hidden">{tr('ui.buylist.select')}</span>
                  </th>
                )}
                <th scope="col" class="num">
                  #
                </th>
                <th scope="col" aria-sort={sortedBy('title', 'author')}>
                  {header('title', tr('ui.buylist.titleCol'))}
                  {' · '}
                  {header('author', tr('ui.buylist.author'))}
                </th>
                <th scope="col" class="num" aria-sort={sortedBy('requesters')}>
                  {header('requesters', tr('ui.buylist.requesters'))}
                </th>
                <th scope="col" aria-sort={sortedBy('score')}>
                  {header('score', tr('ui.buylist.score'))}
                </th>
                <th scope="col" class="num" aria-sort={sortedBy('price')}>
                  {header('price', tr('ui.buylist.price'))}
                </th>
                <th scope="col" class="num">
                  {tr('ui.buylist.copies')}
                </th>
                <th scope="col" class="num">
                  {tr('ui.buylist.running')}
                </th>
                <th scope="col" aria-sort={sortedBy('needBy')}>
                  {header('needBy', tr('ui.buylist.needBy'))}
                </th>
                <th scope="col" aria-sort={sortedBy('date')}>
                  {header('date', tr('ui.buylist.date'))}
                </th>
                <th scope="col" aria-sort={sortedBy('status')}>
                  {header('status', tr('ui.buylist.status'))}
                </th>
                {mayMove && <th scope="col">{tr('ui.buylist.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {ranked && list.cutLine === 0 && list.paging.page === 1 && !list.search && cutRow}
              {list.items.map((row) => {
                const name = titleName(row, page.locale);
                return (
                  <>
                    <tr class={row.withinBudget === false ? 'over' : undefined}>
                      {mayMove && (
                        <td>
                          <input
                            type="checkbox"
                            name="title"
                            value={String(row.titleId)}
                            form="bulk"
                            aria-label={tr('ui.buylist.selectTitle', { title: name })}
                          />
                        </td>
                      )}
                      <td class="num">{row.rank}</td>
                      <td>
                        <strong>
                          <a href={`/titles/${row.titleId}`}>{name}</a>
                        </strong>
                        {row.author && <span class="reason">{[row.author, row.year].filter(Boolean).join(', ')}</span>}
                        {row.summary && <span class="reason">{row.summary}</span>}
                        {row.flags.length > 0 && (
                          <span class="flags">
                            {row.flags.map((f) => (
                              <span class="flag">{tr(`ui.flag.${f as 'no-price' | 'held' | 'unscored'}`)}</span>
                            ))}
                          </span>
                        )}
                      </td>
                      <td class="num">{row.requesters}</td>
                      <td>
                        <Components page={page} row={row} />
                      </td>
                      <td class="num">{money(row.price)}</td>
                      <td class="num">{row.quantity}</td>
                      <td class="num">{money(row.runningTotal)}</td>
                      <td>{row.needBy ? formatDate(page.locale, row.needBy) : '–'}</td>
                      <td>{formatDate(page.locale, row.createdAt)}</td>
                      <td>
                        <StatusBadge workflow={workflow} status={row.status} locale={page.locale} />
                        <IlsPlace page={page} place={props.ils.get(row.titleId)} />
                      </td>
                      {mayMove && (
                        <td>
                          <RowActions page={page} workflow={workflow} row={row} back={back} />
                        </td>
                      )}
                    </tr>
                    {ranked &&
                      !list.search &&
                      list.cutLine !== null &&
                      list.cutLine > 0 &&
                      row.rank === list.cutLine &&
                      row.rank < list.ranked &&
                      cutRow}
                  </>
                );
              })}
            </tbody>
          </table>
          <Pager
            page={page}
            at={list.paging.page}
            pages={list.paging.pages}
            href={(n) => `/buylist${queryOf(filters, { page: n })}`}
            label={page.tr('ui.buylist.pages')}
          />
        </>
      )}
    </Layout>
  );
}

async function optionsFor(deps: Deps, principal: Principal, locale: Locale): Promise<Options> {
  return {
    departments: await listDepartments(deps.db, 'name'),
    disciplines: await openDisciplines(deps, locale),
    hasAssignment:
      may(principal.role, 'readByAssignment') && assignmentOf(deps.selectors, principal.patron?.externalId) !== null,
    formats: deps.config.FORMATS,
    mayBeAssigned: may(principal.role, 'editTitles') && principal.patron !== undefined && principal.patron !== null,
  };
}

// What became of a bulk move, kept in a cookie for the page the selector is sent back to: the
// titles' ids and what stopped each, never text, so the page names each title in the language
// it is read in, and a cookie stays small however many were chosen.
const REFUSALS_KEPT = 10;
const refusalSchema = z.object({
  title: z.number().int(),
  problem: z.enum(['gone', 'forbidden', 'changed', 'reason', 'other']),
  /** the status it was in (forbidden), or was moved to meanwhile (changed) */
  status: z.string().max(40).nullable(),
});
const outcomeSchema = z.object({
  to: z.string().max(40),
  moved: z.number().int().nonnegative(),
  refused: z.array(refusalSchema).max(REFUSALS_KEPT),
  more: z.number().int().nonnegative(),
  /** refused before any title was tried: nothing chosen, no reason, no such action */
  problem: z.enum(['none-chosen', 'reason-needed', 'unknown-action', 'bad-reason']).nullable(),
});
type Outcome = z.infer<typeof outcomeSchema>;
type Refusal = z.infer<typeof refusalSchema>;

interface ShownOutcome {
  moved: string | null;
  heading: string | null;
  refused: string[];
}

function keepOutcome(c: UiContext, outcome: Outcome): void {
  setCookie(c, COOKIES.moved, JSON.stringify(outcome), cookieOptions(c, 60));
}

function takeOutcome(c: UiContext): Outcome | null {
  const raw = getCookie(c, COOKIES.moved);
  if (!raw) return null;
  deleteCookie(c, COOKIES.moved, { path: '/' });
  try {
    const parsed = outcomeSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The outcome in the reader's words: how many moved, then each refusal as a sentence naming its title. */
async function showOutcome(deps: Deps, page: Page, outcome: Outcome | null): Promise<ShownOutcome | null> {
  if (!outcome) return null;
  const { tr, locale } = page;
  const status = (code: string | null) => (code ? statusName(deps.workflow, code, locale) : '');
  const to = status(outcome.to);
  if (outcome.problem) {
    const message = {
      'none-chosen': tr('ui.buylist.noneChosen'),
      'reason-needed': tr('ui.buylist.reasonNeeded', { to }),
      'unknown-action': tr('ui.buylist.unknownAction'),
      'bad-reason': tr('ui.buylist.badReason'),
    }[outcome.problem];
    return { moved: null, heading: null, refused: [message] };
  }
  const sentence = async (r: Refusal): Promise<string> => {
    const row = r.problem === 'gone' ? undefined : await getTitle(deps, r.title);
    if (!row) return tr('ui.buylist.refused.gone');
    const title = titleName(row, locale);
    if (r.problem === 'forbidden') return tr('ui.buylist.refused.forbidden', { title, from: status(r.status), to });
    if (r.problem === 'changed') return tr('ui.buylist.refused.changed', { title, status: status(r.status) });
    if (r.problem === 'reason') return tr('ui.buylist.refused.reason', { title, to });
    return tr('ui.buylist.refused.other', { title });
  };
  const refused = [];
  for (const r of outcome.refused) refused.push(await sentence(r));
  if (outcome.more > 0) refused.push(tr('ui.buylist.refused.more', { count: outcome.more }));
  const count = outcome.refused.length + outcome.more;
  return {
    moved: outcome.moved > 0 ? tr('ui.buylist.moved', { count: outcome.moved, status: to }) : null,
    heading: count > 1 || outcome.moved > 0 ? tr('ui.buylist.refusedHeading', { count }) : null,
    refused,
  };
}

/** Why one title did not move, from the error the workflow gave. */
function refusalOf(titleId: number, error: ApiError): Refusal {
  const current = error.extensions['current'];
  if (error.type === 'not-found') return { title: titleId, problem: 'gone', status: null };
  if (error.type === 'forbidden-move' && typeof current === 'string') {
    return { title: titleId, problem: 'changed', status: current };
  }
  const from = error.extensions['from'];
  if (error.type === 'forbidden-move') {
    return { title: titleId, problem: 'forbidden', status: typeof from === 'string' ? from : null };
  }
  const reasonMissing =
    error.type === 'validation' &&
    (error.extensions['errors'] as { pointer?: string }[] | undefined)?.some((e) => e.pointer === '/reason');
  return { title: titleId, problem: reasonMissing ? 'reason' : 'other', status: null };
}

/**
 * Move each chosen title, each on its own. Everything the form says is checked first (the
 * action, the reason), so a form that cannot succeed moves nothing.
 */
async function applyMoves(deps: Deps, principal: Principal, form: Record<string, unknown>): Promise<Outcome> {
  const ids = [
    ...new Set(
      ([] as unknown[])
        .concat(form['title'] ?? [])
        .filter((v): v is string => typeof v === 'string' && /^\d{1,12}$/.test(v))
        .map(Number),
    ),
  ];
  const given = typeof form['reason'] === 'string' ? form['reason'].trim() : '';
  const change = StatusChangeSchema.safeParse({
    status: typeof form['to'] === 'string' ? form['to'] : '',
    reason: given || null,
  });
  const outcome: Outcome = {
    to: change.success ? change.data.status : '',
    moved: 0,
    refused: [],
    more: 0,
    problem: null,
  };
  if (ids.length === 0) return { ...outcome, problem: 'none-chosen' };
  if (!change.success) {
    const badReason = change.error.issues.some((i) => i.path[0] === 'reason');
    return { ...outcome, problem: badReason ? 'bad-reason' : 'unknown-action' };
  }
  const target = findStatus(deps.workflow, change.data.status);
  if (!target) return { ...outcome, problem: 'unknown-action' };
  const reason = change.data.reason ?? null;
  if (target.reasonRequired && !reason) return { ...outcome, problem: 'reason-needed' };
  for (const id of ids) {
    try {
      await changeStatus(deps, principal, id, target.code, reason);
      outcome.moved++;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (outcome.refused.length < REFUSALS_KEPT) outcome.refused.push(refusalOf(id, error));
      else outcome.more++;
    }
  }
  return outcome;
}

/** A list the service refused to make (a department that is not there, say), in the reader's words. */
/** The list shown, as each file: the spreadsheets, the order records for one ILS, FOLIO's order. */
function Downloads(props: { page: Page; filters: Filters; profile: OrderProfile }) {
  const { tr } = props.page;
  // A download is the whole list as filtered, searched and sorted, whichever page is shown.
  const whole = { ...props.filters, page: 1 };
  const back = queryOf(whole);
  const href = (query: string) => `/buylist/export${back ? `${back}&` : '?'}${query}`;
  return (
    <div class="downloads">
      <a class="button secondary small" href={href('as=csv')}>
        {tr('ui.buylist.csv')}
      </a>
      <a class="button secondary small" href={href('as=csv&sheet=order')}>
        {tr('ui.buylist.orderSheet')}
      </a>
      <form method="get" action="/buylist/export" class="inline">
        {filterPairs(whole).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name="as" value="marc" />
        <label for="order-profile">{tr('ui.buylist.orderRecordsFor')}</label>{' '}
        <select id="order-profile" name="profile">
          {ORDER_PROFILES.map((p) => (
            <option value={p} selected={p === props.profile}>
              {tr(`ui.buylist.profile.${p}`)}
            </option>
          ))}
        </select>{' '}
        <button type="submit" class="secondary small">
          {tr('ui.buylist.download')}
        </button>
      </form>
      <a class="button secondary small" href={href('as=folio-json')}>
        {tr('ui.buylist.folioOrder')}
      </a>
    </div>
  );
}

/** A query no form of this page makes (a hand-edited address): said as such, nothing listed. */
function filtersRefused(c: UiContext) {
  const { tr } = pageOf(c);
  return errorPage(c, 422, tr('ui.buylist.title'), tr('ui.buylist.badFilter'));
}

function listRefused(c: UiContext, error: ApiError) {
  const { tr } = pageOf(c);
  if (error.type === 'forbidden') return forbiddenPage(c);
  if (error.type === 'not-configured') {
    const fund = error.extensions['fund'];
    const detail =
      typeof fund === 'string' ? tr('ui.buylist.folioFundMissing', { fund }) : tr('ui.buylist.folioVendorMissing');
    return errorPage(c, error.status, tr('ui.buylist.title'), detail);
  }
  const detail = error.type === 'not-found' ? tr('ui.buylist.noSuchScope') : tr('ui.buylist.badFilter');
  return errorPage(c, error.status, tr('ui.buylist.title'), detail);
}

async function showList(c: UiContext) {
  const deps = c.get('deps');
  const page = pageOf(c);
  const filters = filtersFrom(c.req.query());
  if (filters.invalid) return filtersRefused(c);
  try {
    const answer = await buyListFor(deps, page.principal!, askOf(filters, page.locale));
    const options = await optionsFor(deps, page.principal!, page.locale);
    return render(
      c,
      <BuyListPage
        page={page}
        list={answer.list}
        filters={filters}
        options={options}
        workflow={deps.workflow}
        outcome={await showOutcome(deps, page, takeOutcome(c))}
        profile={deps.config.ORDER_PROFILE}
        ils={await titlesInIls(
          deps,
          answer.list.items.map((row) => row.titleId),
        )}
      />,
      filters.budgetInvalid ? 422 : 200,
    );
  } catch (error) {
    if (error instanceof ApiError && error.status < 500) return listRefused(c, error);
    throw error;
  }
}

export const buyListPages = new Hono<UiEnv>()
  .get('/buylist', requireSignIn('readBuylist'), showList)
  .get('/buylist/export', requireSignIn('readBuylist'), async (c) => {
    const deps = c.get('deps');
    const page = pageOf(c);
    const filters = filtersFrom(c.req.query());
    // A download is of a list as asked for, or none: a budget not understood is not left out.
    if (filters.invalid || filters.budgetInvalid) return filtersRefused(c);
    try {
      const answer = await buyListFor(deps, page.principal!, askOf(filters, page.locale, true));
      const file = await buyListFile(deps, answer, downloadOf(c.req.query()));
      return c.body(file.body, 200, file.headers);
    } catch (error) {
      if (error instanceof ApiError && error.status < 500) return listRefused(c, error);
      throw error;
    }
  })
  .post('/buylist/status', requireSignIn('decide'), async (c) => {
    const deps = c.get('deps');
    const page = pageOf(c);
    const form = await c.req.parseBody({ all: true });
    const forged = forgeryRefused(c, form);
    if (forged) return forged;
    // Where to come back to is settled before anything moves.
    const back = typeof form['back'] === 'string' && form['back'].startsWith('?') ? form['back'] : '';
    const to = localPath(`/buylist${back}`, '/buylist');
    keepOutcome(c, await applyMoves(deps, page.principal!, form));
    return c.redirect(to, 303);
  });
