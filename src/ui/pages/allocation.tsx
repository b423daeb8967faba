// /allocation: how a total budget could split across departments, for the head of
// acquisitions. A GET form (the total, the period) that works without JavaScript; the
// suggested share against the budget now as a chart of bars; each department's figures with
// the reason in a few words; and how it is worked out.
import { Hono } from 'hono';
import { ALLOCATION_PARTS, percent, signedPercent } from '../../domain/allocation.js';
import type { Locale } from '../../domain/locale.js';
import { AllocationQuery } from '../../routes/allocation/allocation.routes.js';
import { type AllocationReport, buildAllocation } from '../../services/allocation.js';
import { BarChart, formatMoney, ReportTabs } from '../components.js';
import { type Page, pageOf, type UiEnv } from '../context.js';
import { Layout } from '../layout.js';
import { requireSignIn } from '../middleware.js';
import { render } from '../render.js';

const WINDOWS = [6, 12, 24, 36];

interface Form {
  /** as typed, to show them again */
  total: string;
  asOf: string;
  window: number | undefined;
  invalid: { total: boolean; asOf: boolean };
}

function formFrom(query: Record<string, string>): { form: Form; ask: { total?: number; asOf?: string } } {
  const total = (query['total'] ?? '').trim().slice(0, 20);
  const asOf = (query['asOf'] ?? '').trim().slice(0, 7);
  const window = Number(query['window']);
  const parsedTotal = AllocationQuery.shape.total.safeParse(total);
  const parsedAsOf = AllocationQuery.shape.asOf.safeParse(asOf);
  return {
    form: {
      total,
      asOf,
      // The period is chosen from a list; anything else is the default.
      window: WINDOWS.includes(window) ? window : undefined,
      invalid: { total: !parsedTotal.success, asOf: !parsedAsOf.success },
    },
    ask: {
      ...(parsedTotal.success && parsedTotal.data !== undefined ? { total: parsedTotal.data } : {}),
      ...(parsedAsOf.success && parsedAsOf.data !== undefined ? { asOf: parsedAsOf.data } : {}),
    },
  };
}

function monthName(locale: Locale, month: string): string {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );
}

function AllocationForm(props: { page: Page; form: Form; report: AllocationReport }) {
  const { page, form, report } = props;
  const { tr } = page;
  const months = form.window ?? report.window.months;
  const windows = WINDOWS.includes(months) ? WINDOWS : [...WINDOWS, months].sort((a, b) => a - b);
  const budgets = report.library.budgets > 0 ? formatMoney(page.locale, report.library.budgets, report.currency) : null;
  const described = (id: string, invalid: boolean) => (invalid ? `${id}-hint ${id}-error` : `${id}-hint`);
  return (
    <form method="get" action="/allocation" class="filters" aria-label={tr('ui.alloc.form')}>
      <div class={form.invalid.total ? 'field invalid' : 'field'}>
        <label for="a-total">{tr('ui.alloc.total', { currency: report.currency })}</label>
        <span class="hint" id="a-total-hint">
          {tr('ui.alloc.totalHint', { budgets })}
        </span>
        {form.invalid.total && (
          <span class="field-error" id="a-total-error">
            {tr('ui.buylist.budgetInvalid')}
          </span>
        )}
        <input
          type="text"
          inputmode="decimal"
          id="a-total"
          name="total"
          value={form.total}
          size={10}
          maxlength={20}
          aria-describedby={described('a-total', form.invalid.total)}
          aria-invalid={form.invalid.total ? 'true' : undefined}
        />
      </div>
      <div class="field">
        <label for="a-window">{tr('ui.alloc.window')}</label>
        <span class="hint" id="a-window-hint">
          {tr('ui.alloc.windowHint')}
        </span>
        <select id="a-window" name="window" aria-describedby="a-window-hint">
          {windows.map((n) => (
            <option value={String(n)} selected={n === months}>
              {tr('ui.alloc.months', { count: n })}
            </option>
          ))}
        </select>
      </div>
      <div class={form.invalid.asOf ? 'field invalid' : 'field'}>
        <label for="a-asof">{tr('ui.alloc.asOf')}</label>
        <span class="hint" id="a-asof-hint">
          {tr('ui.alloc.asOfHint')}
        </span>
        {form.invalid.asOf && (
          <span class="field-error" id="a-asof-error">
            {tr('ui.alloc.asOfInvalid')}
          </span>
        )}
        <input
          type="text"
          inputmode="numeric"
          id="a-asof"
          name="asOf"
          value={form.asOf}
          size={8}
          maxlength={7}
          placeholder="2026-02"
          aria-describedby={described('a-asof', form.invalid.asOf)}
          aria-invalid={form.invalid.asOf ? 'true' : undefined}
        />
      </div>
      <button type="submit">{tr('ui.alloc.show')}</button>
    </form>
  );
}

function AllocationPage(props: { page: Page; form: Form; report: AllocationReport }) {
  const { page, report } = props;
  const { tr, locale } = page;
  const money = (n: number | null) => (n === null ? '–' : formatMoney(locale, n, report.currency));
  const signed = (n: number | null) => (n === null ? '–' : `${n > 0 ? '+' : ''}${money(n)}`);
  const pct = (share: number) => percent(share, locale);
  const hasBudgets = report.library.budgets > 0;
  const count = (n: number) => Math.round(n).toLocaleString(locale);
  const weight = (part: (typeof ALLOCATION_PARTS)[number]) =>
    report.basis[part] > 0 && report.basis[part] < 0.01 ? tr('ui.alloc.underOne') : pct(report.basis[part]);
  const caption = hasBudgets ? tr('ui.alloc.chart') : tr('ui.alloc.chartShares');
  return (
    <Layout page={page} title={tr('ui.alloc.title')}>
      <ReportTabs page={page} />
      <h1>{tr('ui.alloc.title')}</h1>
      <p class="lede">
        {tr('ui.alloc.lede', {
          months: report.window.months,
          from: monthName(locale, report.window.from),
          to: monthName(locale, report.window.to),
        })}
      </p>
      <AllocationForm page={page} form={props.form} report={report} />
      {report.departments.length === 0 ? (
        <p>{tr('ui.alloc.none')}</p>
      ) : (
        <>
          <p class="budget">
            {report.total === null
              ? tr('ui.alloc.sharesOnly')
              : tr('ui.alloc.split', { total: money(report.total), budgets: report.totalFrom === 'budgets' })}
          </p>
          <h2>{caption}</h2>
          <BarChart
            caption={caption}
            bars={report.departments.map((d) => ({ name: d.name, current: d.suggestedShare, previous: d.budgetShare }))}
            current={tr('ui.alloc.suggestedSeries')}
            previous={hasBudgets ? tr('ui.alloc.nowSeries') : undefined}
            none={tr('ui.alloc.none')}
            format={pct}
          />
          <table class="list">
            <caption>{tr('ui.alloc.table')}</caption>
            <thead>
              <tr>
                <th scope="col">{tr('ui.alloc.department')}</th>
                <th scope="col" class="num">
                  {tr('ui.alloc.loans')}
                </th>
                <th scope="col" class="num">
                  {tr('ui.alloc.books')}
                </th>
                <th scope="col" class="num">
                  {tr('ui.alloc.useFactor')}
                </th>
                {report.trend && (
                  <th scope="col" class="num">
                    {tr('ui.alloc.trend')}
                  </th>
                )}
                <th scope="col" class="num">
                  {tr('ui.alloc.spend')}
                </th>
                <th scope="col" class="num">
                  {tr('ui.alloc.budgetNow')}
                </th>
                <th scope="col" class="num">
                  {tr('ui.alloc.suggested')}
                </th>
                {report.total !== null && (
                  <th scope="col" class="num">
                    {tr('ui.alloc.change')}
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {report.departments.map((d) => (
                <tr>
                  <th scope="row" style="font-weight:400">
                    <strong>{d.name}</strong> <span class="muted">{d.code}</span>
                    <span class="reason">{d.reason}</span>
                  </th>
                  <td class="num">
                    {count(d.loans)}
                    <br />
                    <span class="muted">{pct(d.loanShare)}</span>
                  </td>
                  <td class="num">
                    {count(d.items)}
                    <br />
                    <span class="muted">{pct(d.holdingShare)}</span>
                  </td>
                  <td class="num">{d.useFactor === null ? '–' : d.useFactor.toFixed(1)}</td>
                  {report.trend && <td class="num">{d.trend === null ? '–' : signedPercent(d.trend)}</td>}
                  <td class="num">
                    {money(d.spend)}
                    <br />
                    <span class="muted">{report.library.spend > 0 ? pct(d.spendShare) : '–'}</span>
                  </td>
                  <td class="num">
                    {money(d.budget)}
                    <br />
                    <span class="muted">{hasBudgets ? pct(d.budgetShare) : '–'}</span>
                  </td>
                  <td class="num">
                    <strong>{report.total === null ? pct(d.suggestedShare) : money(d.suggested)}</strong>
                    {report.total !== null && (
                      <>
                        <br />
                        <span class="muted">{pct(d.suggestedShare)}</span>
                      </>
                    )}
                  </td>
                  {report.total !== null && <td class="num">{signed(d.change)}</td>}
                </tr>
              ))}
            </tbody>
          </table>
          <section aria-labelledby="how">
            <h2 id="how">{tr('ui.alloc.how')}</h2>
            <p>
              {tr('ui.alloc.formula', {
                loans: weight('loans'),
                budget: weight('budget'),
                spend: weight('spend'),
                floor: pct(report.settings.floor),
              })}
            </p>
            <p>{tr('ui.alloc.loansRule')}</p>
            <p>{tr('ui.alloc.spendRule')}</p>
            <p class="muted">
              {tr('ui.alloc.unattributed', {
                loans: count(report.library.unattributed.loans),
                items: count(report.library.unattributed.items),
              })}
              {report.library.unpricedTitles > 0 &&
                ` ${tr('ui.alloc.unpriced', { count: report.library.unpricedTitles })}`}
              {!report.trend && ` ${tr('ui.alloc.noTrend', { months: report.window.months })}`}
            </p>
          </section>
        </>
      )}
    </Layout>
  );
}

export const allocationPages = new Hono<UiEnv>().get('/allocation', requireSignIn('allocate'), async (c) => {
  const page = pageOf(c);
  const { form, ask } = formFrom(c.req.query());
  const report = await buildAllocation(c.get('deps'), { ...ask, windowMonths: form.window, locale: page.locale });
  return render(
    c,
    <AllocationPage page={page} form={form} report={report} />,
    form.invalid.total || form.invalid.asOf ? 422 : 200,
  );
});
