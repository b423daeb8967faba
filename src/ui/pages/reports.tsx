// /reports: the outcomes of requests, for the head of acquisitions and the selectors (a
// liaison sees their own department's). A GET form that works without JavaScript; the
// figures a manager asks first; charts by department drawn as inline SVG with the numbers
// as a table for screen readers; why the rest were not bought; the ranking's own record;
// and the titles bought, downloadable as a spreadsheet.
import { Hono } from 'hono';
import { reachOf } from '../../domain/access.js';
import type { OutcomeSummary } from '../../domain/outcomes.js';
import { findStatus, reasonText, statusName, type Workflow } from '../../domain/workflow.js';
import { OutcomesQuery } from '../../routes/reports/reports.routes.js';
import { outcomesDownload } from '../../services/exports/outcomes-csv.js';
import { type OutcomesReport, outcomesReport } from '../../services/outcomes.js';
import { formatMoney, ReportTabs, SvgBarChart } from '../components.js';
import { type Page, pageOf, type UiContext, type UiEnv } from '../context.js';
import { Layout } from '../layout.js';
import { requireSignIn } from '../middleware.js';
import { render } from '../render.js';

interface Form {
  from: string;
  to: string;
  department: string;
  invalid: { from: boolean; to: boolean };
}

/** The form as typed, and what of it can be asked: a day that is not one is shown as an error, not used. */
function formFrom(c: UiContext): { form: Form; ask: { from?: Date; to?: Date; department?: string } } {
  const query = c.req.query();
  const from = (query['from'] ?? '').trim().slice(0, 10);
  const to = (query['to'] ?? '').trim().slice(0, 10);
  const principal = c.get('session')!.principal;
  // A liaison speaks for their own department, whatever the address says.
  const department =
    reachOf(principal.role, 'readOutcomes') === 'department'
      ? (principal.departmentCode ?? '')
      : (query['department'] ?? '').trim().slice(0, 40);
  const parsedFrom = OutcomesQuery.shape.from.safeParse(from);
  const parsedTo = OutcomesQuery.shape.to.safeParse(to);
  return {
    form: { from, to, department, invalid: { from: !parsedFrom.success, to: !parsedTo.success } },
    ask: {
      ...(parsedFrom.success && parsedFrom.data ? { from: parsedFrom.data } : {}),
      ...(parsedTo.success && parsedTo.data ? { to: parsedTo.data } : {}),
      ...(department ? { department } : {}),
    },
  };
}

function ReportForm(props: { page: Page; form: Form; report: OutcomesReport }) {
  const { page, form, report } = props;
  const { tr } = page;
  const ownDepartment = !!page.principal && reachOf(page.principal.role, 'readOutcomes') === 'department';
  const day = (name: 'from' | 'to') => {
    const id = `r-${name}`;
    const invalid = form.invalid[name];
    return (
      <div class={invalid ? 'field invalid' : 'field'}>
        <label for={id}>{tr(name === 'from' ? 'ui.reports.from' : 'ui.reports.to')}</label>
        <span class="hint" id={`${id}-hint`}>
          {tr('ui.reports.dayHint')}
        </span>
        {invalid && (
          <span class="field-error" id={`${id}-error`}>
            {tr('ui.reports.dayInvalid')}
          </span>
        )}
        <input
          type="date"
          id={id}
          name={name}
          value={form[name]}
          aria-describedby={invalid ? `${id}-hint ${id}-error` : `${id}-hint`}
          aria-invalid={invalid ? 'true' : undefined}
        />
      </div>
    );
  };
  return (
    <form method="get" action="/reports" class="filters" aria-label={tr('ui.reports.form')}>
      {day('from')}
      {day('to')}
      {!ownDepartment && (
        <div class="field">
          <label for="r-department">{tr('ui.reports.department')}</label>
          <select id="r-department" name="department">
            <option value="">{tr('ui.reports.allDepartments')}</option>
            {report.departments.map((d) => (
              <option value={d.code} selected={d.code === form.department}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div class="field">
        <button type="submit">{tr('ui.reports.show')}</button>
      </div>
    </form>
  );
}

function ReportsPage(props: {
  page: Page;
  form: Form;
  report: OutcomesReport;
  query: string;
  workflow: Workflow;
  currency: string;
}) {
  const { page, form, report, workflow } = props;
  const { tr, locale } = page;
  const s = report.summary;
  const none = tr('ui.reports.none');
  const percent = (n: number | null) =>
    n === null ? none : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(n);
  const days = (n: number | null) =>
    n === null ? none : new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n);
  const perTitle = (n: number | null) =>
    n === null ? none : new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(n);
  const date = (iso: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));
  const spent = Object.entries(s.spent)
    .map(([currency, amount]) => formatMoney(locale, amount, currency))
    .join(' + ');
  const nameOf = new Map(report.departments.map((d) => [d.code, d.name]));
  const groups = report.by.department.map((g) => ({ ...g, name: nameOf.get(g.group) ?? g.group }));
  const why = (code: string) =>
    findStatus(workflow, code) ? statusName(workflow, code, locale) : reasonText(workflow, code, locale);
  const notFilled = Object.entries(s.notFilled).sort((a, b) => b[1] - a[1]);
  const figure = (label: string, value: string, hint: string) => (
    <div class="card figure">
      <dt>{label}</dt>
      <dd>
        <strong>{value}</strong>
        <span class="muted">{hint}</span>
      </dd>
    </div>
  );
  const chart = (
    id: string,
    caption: string,
    value: (g: OutcomeSummary) => number | null,
    format: (n: number) => string,
  ) => (
    <SvgBarChart
      id={id}
      caption={caption}
      label={tr('ui.reports.group')}
      bars={groups.map((g) => ({ name: g.name, value: value(g.summary) }))}
      format={format}
    />
  );
  return (
    <Layout page={page} title={tr('ui.reports.title')}>
      <ReportTabs page={page} />
      <h1>{tr('ui.reports.title')}</h1>
      <p class="lede">{tr('ui.reports.lede')}</p>
      <ReportForm page={page} form={form} report={report} />
      <p>
        <a class="button secondary small" href={`/reports/outcomes.csv${props.query}`}>
          {tr('ui.reports.csv')}
        </a>
      </p>

      <section aria-labelledby="figures">
        <h2 id="figures">{tr('ui.reports.summary')}</h2>
        <p>
          {tr('ui.reports.requests', { titles: s.titles, requests: s.requests })}.{' '}
          {tr('ui.reports.filled', { filled: s.filled, open: s.open })}.
        </p>
        <dl class="figures">
          {figure(tr('ui.reports.fillRate'), percent(s.fillRate), tr('ui.reports.fillRateHint'))}
          {figure(
            tr('ui.reports.toDecision'),
            days(s.medianDaysToDecision),
            tr('ui.reports.median', { median: days(s.medianDaysToDecision), p90: days(s.p90DaysToDecision) }),
          )}
          {figure(
            tr('ui.reports.toShelf'),
            days(s.medianDaysToAvailable),
            tr('ui.reports.median', { median: days(s.medianDaysToAvailable), p90: days(s.p90DaysToAvailable) }),
          )}
          {figure(
            tr('ui.reports.use12'),
            perTitle(s.use12m.loansPerTitle),
            tr('ui.reports.useOver', { titles: s.use12m.titles, never: percent(s.use12m.neverBorrowedShare) }),
          )}
          {figure(
            tr('ui.reports.costPerLoan'),
            s.costPerLoan ? formatMoney(locale, s.costPerLoan.amount, s.costPerLoan.currency) : none,
            tr('ui.reports.spent', { spent: spent || formatMoney(locale, 0, props.currency) }),
          )}
          {figure(
            tr('ui.reports.feedback'),
            s.feedback.yes + s.feedback.no === 0 ? none : percent(s.feedback.yes / (s.feedback.yes + s.feedback.no)),
            tr('ui.reports.feedbackHint', { yes: s.feedback.yes, answers: s.feedback.yes + s.feedback.no }),
          )}
        </dl>
      </section>

      {groups.length > 0 && (
        <section aria-labelledby="by-department">
          <h2 id="by-department" class="visually-hidden">
            {tr('ui.reports.group')}
          </h2>
          <div class="charts">
            {chart('use', tr('ui.reports.chartUse'), (g) => g.use12m.loansPerTitle, perTitle)}
            {chart('fill', tr('ui.reports.chartFill'), (g) => g.fillRate, percent)}
            {chart('days', tr('ui.reports.chartDays'), (g) => g.medianDaysToAvailable, days)}
          </div>
        </section>
      )}

      <section aria-labelledby="compare">
        <h2 id="compare">{tr('ui.reports.compare')}</h2>
        {report.comparison ? (
          <p>
            {tr('ui.reports.compareValue', {
              requested: perTitle(report.comparison.requested.loansPerTitle),
              rtitles: report.comparison.requested.titles,
              others: perTitle(report.comparison.others.loansPerTitle),
              otitles: report.comparison.others.titles,
              since: date(report.comparison.since),
            })}{' '}
            {report.comparison.difference &&
              tr('ui.reports.compareDifference', {
                value: perTitle(report.comparison.difference.value),
                low: perTitle(report.comparison.difference.low),
                high: perTitle(report.comparison.difference.high),
              })}
          </p>
        ) : (
          <p class="muted">{tr('ui.reports.compareNone')}</p>
        )}
      </section>

      <section aria-labelledby="not-filled">
        <h2 id="not-filled">{tr('ui.reports.notFilled')}</h2>
        {notFilled.length ? (
          <ul>
            {notFilled.map(([code, n]) => (
              <li>
                {why(code)}: {n}
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">{tr('ui.reports.allFilled')}</p>
        )}
      </section>

      <section aria-labelledby="ranking">
        <h2 id="ranking">{tr('ui.reports.ranking')}</h2>
        <p>
          {report.ranking.spearman
            ? tr('ui.reports.rankingValue', {
                value: report.ranking.spearman.value.toFixed(2),
                low: report.ranking.spearman.low.toFixed(2),
                high: report.ranking.spearman.high.toFixed(2),
                titles: report.ranking.titles,
              })
            : tr('ui.reports.rankingFew', { titles: report.ranking.titles })}
        </p>
      </section>

      <section aria-labelledby="bought">
        <h2 id="bought">{tr('ui.reports.titles')}</h2>
        {report.titles.length === 0 ? (
          <p class="muted">{tr('ui.reports.noTitles')}</p>
        ) : (
          <table class="list">
            <thead>
              <tr>
                <th scope="col">{tr('ui.reports.titleCol')}</th>
                <th scope="col">{tr('ui.reports.requestedCol')}</th>
                <th scope="col">{tr('ui.reports.shelvedCol')}</th>
                <th scope="col" class="num">
                  {tr('ui.reports.priceCol')}
                </th>
                <th scope="col" class="num">
                  {tr('ui.reports.loans6Col')}
                </th>
                <th scope="col" class="num">
                  {tr('ui.reports.loans12Col')}
                </th>
              </tr>
            </thead>
            <tbody>
              {report.titles.map((t) => (
                <tr>
                  <th scope="row" style="font-weight:400">
                    {t.title ?? t.isbn13}
                  </th>
                  <td>{date(t.requestedAt)}</td>
                  <td>{date(t.availableAt)}</td>
                  <td class="num">{t.price ? formatMoney(locale, t.price.amount, t.price.currency) : none}</td>
                  <td class="num">{t.loans6m ?? <span class="muted">{tr('ui.reports.notYet')}</span>}</td>
                  <td class="num">{t.loans12m ?? <span class="muted">{tr('ui.reports.notYet')}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Layout>
  );
}

const READERS = requireSignIn('readOutcomes');

export const reportsPages = new Hono<UiEnv>()
  .get('/reports', READERS, async (c) => {
    const page = pageOf(c);
    const { form, ask } = formFrom(c);
    const deps = c.get('deps');
    const report = await outcomesReport(deps, ask);
    const url = new URL(c.req.url);
    return render(
      c,
      <ReportsPage
        page={page}
        form={form}
        report={report}
        query={url.search}
        workflow={deps.workflow}
        currency={deps.config.LIBRARY_CURRENCY}
      />,
      form.invalid.from || form.invalid.to ? 422 : 200,
    );
  })
  .get('/reports/outcomes.csv', READERS, async (c) => {
    const { ask } = formFrom(c);
    const report = await outcomesReport(c.get('deps'), ask);
    const file = outcomesDownload(report);
    return c.body(file.body, 200, file.headers);
  });
