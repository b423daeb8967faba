// /buylist: the selector's ranked list. Each title says why it ranks where it does, opens its
// score's parts on demand, and can be moved on (review, approve, reject with a reason, order,
// receive, make available) alone or with others; the budget bar and the cut line show where
// the money runs out; the same list downloads as CSV or MARC order records.
import { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import type { Deps, Principal } from '../../context.js';
import { FORMATS } from '../../db/schema.js';
import type { Locale } from '../../domain/locale.js';
import { COMPONENTS } from '../../domain/scoring.js';
import { assignmentOf } from '../../domain/selectors.js';
import { findStatus, label, type Workflow } from '../../domain/workflow.js';
import { ApiError } from '../../errors.js';
import type { BuyList, BuyListRow } from '../../services/buylist.js';
import { type BuyListAsk, buyListFile, buyListFor } from '../../services/buylist-request.js';
import { changeStatus } from '../../services/titles.js';
import { Csrf, formatMoney, StatusBadge, statusName } from '../components.js';
import { type Page, pageOf, type Translate, type UiContext, type UiEnv } from '../context.js';
import { type Flash, Layout } from '../layout.js';
import { localPath, requireSignIn, sameOrigin, setFlash, takeFlash, tokenMatches } from '../middleware.js';
import { render } from '../render.js';
import { errorPage } from './errors.js';

const STAFF = ['selector', 'admin'] as const;
const LIMITS = [50, 100, 200, 500];

interface Filters {
  department: string;
  fund: string;
  discipline: string;
  status: string;
  format: string;
  all: boolean;
  limit: number;
}

interface Options {
  departments: { code: string; name: string; fund: string | null }[];
  disciplines: { code: string; name: string }[];
  hasAssignment: boolean;
}

function filtersFrom(query: Record<string, string>): Filters {
  const limit = Number(query['limit']);
  return {
    department: (query['department'] ?? '').slice(0, 40),
    fund: (query['fund'] ?? '').slice(0, 60),
    discipline: (query['discipline'] ?? '').slice(0, 60),
    status: (query['status'] ?? '').slice(0, 40),
    format: (FORMATS as readonly string[]).includes(query['format'] ?? '') ? query['format']! : '',
    all: query['all'] === 'true',
    limit: LIMITS.includes(limit) ? limit : 100,
  };
}

function askOf(filters: Filters, locale: Locale): BuyListAsk {
  return {
    department: filters.department || undefined,
    fund: filters.fund || undefined,
    discipline: filters.discipline || undefined,
    status: filters.status || undefined,
    format: (filters.format || undefined) as BuyListAsk['format'],
    limit: filters.limit,
    all: filters.all,
    locale,
  };
}

function queryOf(filters: Filters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (key === 'limit' ? value !== 100 : key === 'all' ? value === true : value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The verb on a button that moves a title to this status. */
function actionName(workflow: Workflow, to: string, page: Page): string {
  const verbs: Record<string, string> = {
    in_review: page.tr('ui.action.review'),
    approved: page.tr('ui.action.approve'),
    rejected: page.tr('ui.action.reject'),
    ordered: page.tr('ui.action.order'),
    received: page.tr('ui.action.receive'),
    available: page.tr('ui.action.available'),
    held: page.tr('ui.action.held'),
    cancelled: page.tr('ui.action.cancel'),
  };
  return verbs[to] ?? statusName(workflow, to, page.locale);
}

function ReasonSelect(props: { page: Page; workflow: Workflow; id: string; form?: string }) {
  return (
    <select id={props.id} name="reason" form={props.form}>
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
  const title = row.title ?? row.isbn13 ?? '';
  return (
    <div class="actions">
      {moves.map((to) => {
        const name = actionName(workflow, to, page);
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
                <ReasonSelect page={page} workflow={workflow} id={id} />{' '}
                <button type="submit" class="small danger">
                  {name}
                </button>
              </form>
            </details>
          );
        }
        return (
          <form method="post" action="/buylist/status">
            {hidden(to)}
            <button
              type="submit"
              class={to === 'approved' || to === 'ordered' ? 'small' : 'small secondary'}
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

function Components(props: { page: Page; row: BuyListRow }) {
  const { page, row } = props;
  if (!row.components) return <span class="muted">{page.tr('ui.buylist.unscored')}</span>;
  return (
    <details class="components">
      <summary>{row.score?.toFixed(1)}</summary>
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
  const fits = list.items.filter((i) => i.withinBudget === true);
  const planned = fits.reduce((sum, i) => sum + (i.price ?? 0), 0);
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
        {list.cutLine !== null && tr('ui.buylist.fits', { count: list.cutLine, total: money(planned) })}
      </p>
    </div>
  );
}

function FilterForm(props: { page: Page; filters: Filters; options: Options; workflow: Workflow }) {
  const { page, filters, options, workflow } = props;
  const { tr } = page;
  const funds = [...new Set(options.departments.map((d) => d.fund).filter((f): f is string => !!f))].sort();
  return (
    <form method="get" action="/buylist" class="filters" aria-label={tr('ui.buylist.filters')}>
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
          {FORMATS.map((f) => (
            <option value={f} selected={filters.format === f}>
              {tr(`ui.format.${f}`)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="f-limit">{tr('ui.buylist.limit')}</label>
        <select id="f-limit" name="limit">
          {LIMITS.map((n) => (
            <option value={String(n)} selected={filters.limit === n}>
              {String(n)}
            </option>
          ))}
        </select>
      </div>
      {options.hasAssignment && (
        <div class="field choices">
          <label>
            <input type="checkbox" name="all" value="true" checked={filters.all} />
            {tr('ui.buylist.all')}
          </label>
        </div>
      )}
      <button type="submit">{tr('ui.buylist.show')}</button>
    </form>
  );
}

function BuyListPage(props: {
  page: Page;
  list: BuyList;
  filters: Filters;
  options: Options;
  workflow: Workflow;
  flash: Flash | null;
}) {
  const { page, list, filters, workflow } = props;
  const { tr } = page;
  const back = queryOf(filters);
  const money = (n: number | null) => (n === null ? '–' : formatMoney(page.locale, n, list.currency));
  const targets = [...new Set(list.items.flatMap((i) => workflow.moves[i.status] ?? []))];
  const cutRow = (
    <tr class="cut">
      <td colspan={9}>{tr('ui.buylist.cutLine')}</td>
    </tr>
  );
  return (
    <Layout page={page} title={tr('ui.buylist.title')} flash={props.flash}>
      <h1>{tr('ui.buylist.title')}</h1>
      <p class="lede">{tr('ui.buylist.lede')}</p>
      <FilterForm page={page} filters={filters} options={props.options} workflow={workflow} />
      <BudgetBar page={page} list={list} />
      <div class="downloads">
        <a class="button secondary small" href={`/buylist/export${back ? `${back}&` : '?'}as=csv`}>
          {tr('ui.buylist.csv')}
        </a>
        <a class="button secondary small" href={`/buylist/export${back ? `${back}&` : '?'}as=marc`}>
          {tr('ui.buylist.marc')}
        </a>
      </div>
      {list.items.length === 0 ? (
        <p>{tr('ui.buylist.empty')}</p>
      ) : (
        <>
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
                  <option value={to}>{actionName(workflow, to, page)}</option>
                ))}
              </select>
            </div>
            <div class="field" style="margin:0">
              <label for="bulk-reason">{tr('ui.buylist.reasonIfNeeded')}</label>
              <ReasonSelect page={page} workflow={workflow} id="bulk-reason" />
            </div>
            <button type="submit">{tr('ui.buylist.applySelected')}</button>
          </form>
          <table class="list">
            <caption>{tr('ui.buylist.caption', { count: list.items.length })}</caption>
            <thead>
              <tr>
                <th scope="col">
                  <span class="visually-hidden">{tr('ui.buylist.select')}</span>
                </th>
                <th scope="col" class="num">
                  #
                </th>
                <th scope="col">{tr('ui.buylist.titleCol')}</th>
                <th scope="col" class="num">
                  {tr('ui.buylist.requesters')}
                </th>
                <th scope="col">{tr('ui.buylist.score')}</th>
                <th scope="col" class="num">
                  {tr('ui.buylist.price')}
                </th>
                <th scope="col" class="num">
                  {tr('ui.buylist.running')}
                </th>
                <th scope="col">{tr('ui.buylist.status')}</th>
                <th scope="col">{tr('ui.buylist.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.cutLine === 0 && cutRow}
              {list.items.map((row) => {
                const name = row.title ?? (row.isbn13 ? `ISBN ${row.isbn13}` : tr('ui.book.untitled'));
                return (
                  <>
                    <tr class={row.withinBudget === false ? 'over' : undefined}>
                      <td>
                        <input
                          type="checkbox"
                          name="title"
                          value={String(row.titleId)}
                          form="bulk"
                          aria-label={tr('ui.buylist.selectTitle', { title: name })}
                        />
                      </td>
                      <td class="num">{row.rank}</td>
                      <td>
                        <strong>{name}</strong>
                        {row.author && <span class="reason">{[row.author, row.year].filter(Boolean).join(', ')}</span>}
                        {row.reason && <span class="reason">{row.reason}</span>}
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
                      <td class="num">{money(row.runningTotal)}</td>
                      <td>
                        <StatusBadge workflow={workflow} status={row.status} locale={page.locale} />
                      </td>
                      <td>
                        <RowActions page={page} workflow={workflow} row={row} back={back} />
                      </td>
                    </tr>
                    {list.cutLine !== null &&
                      list.cutLine > 0 &&
                      row.rank === list.cutLine &&
                      row.rank < list.items.length &&
                      cutRow}
                  </>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </Layout>
  );
}

async function optionsFor(deps: Deps, principal: Principal, locale: Locale): Promise<Options> {
  const departments = await deps.db.orm.all<{ code: string; name: string; fund: string | null }>(
    sql`SELECT code, name, fund FROM departments ORDER BY name`,
  );
  const used = await deps.db.orm.all<{ discipline: string }>(
    sql`SELECT DISTINCT discipline FROM titles WHERE discipline IS NOT NULL AND stage != 'closed'`,
  );
  const inUse = new Set(used.map((u) => u.discipline));
  const disciplines = deps.classification.disciplines
    .filter((d) => inUse.has(d.code))
    .map((d) => ({ code: d.code, name: d.names[locale] || d.names.en }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
  return {
    departments,
    disciplines,
    hasAssignment: principal.role === 'selector' && assignmentOf(deps.selectors, principal.patron?.externalId) !== null,
  };
}

/** Move each chosen title; say in one line how many moved and which could not, and why. */
async function applyMoves(
  deps: Deps,
  principal: Principal,
  ids: number[],
  to: string,
  reason: string | null,
  tr: Translate,
  locale: Locale,
): Promise<{ text: string; kind: 'ok' | 'error' }> {
  let moved = 0;
  const refused: string[] = [];
  for (const id of ids) {
    try {
      await changeStatus(deps, principal, id, to, reason);
      moved++;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      refused.push(`#${id}: ${error.detail}`);
    }
  }
  const status = statusName(deps.workflow, to, locale);
  const parts = [
    moved > 0 ? tr('ui.buylist.moved', { count: moved, status }) : '',
    refused.length > 0 ? tr('ui.buylist.refused', { count: refused.length, details: refused.join('; ') }) : '',
  ].filter(Boolean);
  return { text: parts.join(' ') || tr('ui.buylist.noneChosen'), kind: refused.length || moved === 0 ? 'error' : 'ok' };
}

async function showList(c: UiContext) {
  const deps = c.get('deps');
  const page = pageOf(c);
  const filters = filtersFrom(c.req.query());
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
        flash={takeFlash(c)}
      />,
    );
  } catch (error) {
    if (error instanceof ApiError && error.status < 500) {
      return errorPage(c, error.status, page.tr('ui.buylist.title'), error.detail);
    }
    throw error;
  }
}

export const buyListPages = new Hono<UiEnv>()
  .get('/buylist', requireSignIn(...STAFF), showList)
  .get('/buylist/export', requireSignIn(...STAFF), async (c) => {
    const deps = c.get('deps');
    const page = pageOf(c);
    const filters = filtersFrom(c.req.query());
    const as = c.req.query('as') === 'marc' ? 'marc' : 'csv';
    try {
      const answer = await buyListFor(deps, page.principal!, askOf(filters, page.locale));
      const file = buyListFile(deps, answer, as);
      return c.body(file.body, 200, file.headers);
    } catch (error) {
      if (error instanceof ApiError && error.status < 500) {
        return errorPage(c, error.status, page.tr('ui.buylist.title'), error.detail);
      }
      throw error;
    }
  })
  .post('/buylist/status', requireSignIn(...STAFF), async (c) => {
    const deps = c.get('deps');
    const page = pageOf(c);
    const form = await c.req.parseBody({ all: true });
    if (!sameOrigin(c) || !tokenMatches(page.csrf, form['_csrf'])) {
      return errorPage(c, 403, page.tr('ui.error.forgery'), page.tr('ui.error.forgeryDetail'));
    }
    const ids = ([] as unknown[])
      .concat(form['title'] ?? [])
      .map((v) => (typeof v === 'string' && /^\d{1,12}$/.test(v) ? Number(v) : NaN))
      .filter((n) => Number.isSafeInteger(n));
    const to = typeof form['to'] === 'string' ? form['to'] : '';
    const reason = typeof form['reason'] === 'string' && form['reason'].trim() ? form['reason'].trim() : null;
    const result = await applyMoves(deps, page.principal!, ids, to, reason, page.tr, page.locale);
    setFlash(c, result.text, result.kind);
    const back = typeof form['back'] === 'string' ? form['back'] : '';
    return c.redirect(localPath(`/buylist${back.startsWith('?') ? back : ''}`, '/buylist'), 303);
  });
