// Department digests for faculty liaisons: what the department asked for since its last
// digest, what was decided, what ranks highest now, the budget, and two charts (requests and
// borrowing by discipline, this period against the one before). Readable in two minutes, in
// the liaison's language, in every common mail client: the charts are HTML tables with
// coloured cells, which Gmail and Outlook show, not SVG, which they drop.
import { html, raw } from 'hono/html';
import { type SQL, sql } from 'drizzle-orm';
import type { Deps } from '../context.js';
import { disciplineName } from '../domain/classification.js';
import { type Locale, toLocale } from '../domain/locale.js';
import { money } from '../domain/score-reason.js';
import { type Nameable, titleName } from '../domain/title-name.js';
import { stepReason } from '../domain/step-reason.js';
import { findStatus, label } from '../domain/workflow.js';
import { ApiError } from '../errors.js';
import { t } from '../i18n/index.js';
import { type BuyList, buildBuyList } from './buylist.js';
import { outcomesSummary } from './outcomes.js';
import type { OutcomeSummary } from '../domain/outcomes.js';
import { findDepartment } from './departments.js';
import type { Rendered } from './notifications/messages.js';
import { emailDocument } from './notifications/email-html.js';

const DAY = 86_400_000;
const DECIDED = ['approved', 'ordered', 'received', 'available', 'rejected', 'cancelled', 'held'];

export interface Bar {
  discipline: string;
  name: string;
  current: number;
  previous: number;
}

export interface Digest {
  department: { code: string; name: string; locale: Locale; liaisonEmail: string | null };
  period: { from: Date; to: Date };
  newRequests: { titleId: number; title: string; requesters: number }[];
  /** `reason` as stored; `said`, the reason in the digest's language */
  decisions: { titleId: number; title: string; status: string; reason: string | null; said: string | null; at: Date }[];
  buyList: BuyList;
  requestChart: Bar[];
  loanChart: { month: string; previous: string; bars: Bar[] };
  /** how the department's requests of the past year turned out (services/outcomes.ts) */
  outcomes: OutcomeSummary;
  /** nothing asked and nothing decided in the period */
  quiet: boolean;
}

/**
 * The digest of a department for the period from its last digest (or a week back) to `now`,
 * in the department's language, or another reader's (the web page's).
 */
export async function buildDigest(deps: Deps, code: string, now: Date, reader?: Locale): Promise<Digest> {
  const dept = await findDepartment(deps.db, code);
  if (!dept) throw new ApiError('not-found', `There is no department ${code}.`);
  const from = (await lastDigest(deps, code)) ?? new Date(now.getTime() - 7 * DAY);
  const locale = reader ?? toLocale(dept.locale) ?? deps.config.DEFAULT_LOCALE;
  const inScope = sql`(t.discipline IN (SELECT discipline FROM department_disciplines WHERE department_code = ${code})
                       OR EXISTS (SELECT 1 FROM suggestions x WHERE x.title_id = t.id AND x.department_code = ${code}))`;
  const fromMs = from.getTime();
  const toMs = now.getTime();

  const newRequests = await deps.db.orm.all<{
    title_id: number;
    title: string | null;
    isbn13: string | null;
    n: number;
  }>(sql`
    SELECT t.id AS title_id, t.title, t.isbn13, count(*) AS n FROM suggestions s JOIN titles t ON t.id = s.title_id
    WHERE s.created_at >= ${fromMs} AND s.created_at < ${toMs} AND (s.department_code = ${code} OR ${inScope})
    GROUP BY t.id ORDER BY n DESC, t.id LIMIT 30`);
  const decisions = await deps.db.orm.all<{
    title_id: number;
    title: string | null;
    isbn13: string | null;
    held_where: string | null;
    from_status: string | null;
    to_status: string;
    reason: string | null;
    actor_role: string;
    at: number;
  }>(sql`
    SELECT t.id AS title_id, t.title, t.isbn13, t.held_where, e.from_status, e.to_status, e.reason, e.actor_role, e.at
    FROM status_events e JOIN titles t ON t.id = e.title_id
    WHERE e.at >= ${fromMs} AND e.at < ${toMs} AND e.to_status IN (SELECT value FROM json_each(${JSON.stringify(DECIDED)})) AND ${inScope}
    ORDER BY e.at LIMIT 30`);
  const buyList = await buildBuyList(deps, { department: code, limit: 5, assignment: null, locale });

  const name = (d: string) => disciplineName(deps.classification, d, locale) ?? d;
  const requestChart = await requestBars(deps, code, fromMs, toMs, name);
  const loanChart = await loanBars(deps, code, now, name);
  const outcomes = await outcomesSummary(deps, {
    from: new Date(now.getTime() - 365 * DAY),
    to: now,
    department: code,
  });
  const display = (r: Nameable) => titleName(r, locale);
  return {
    department: { code: dept.code, name: dept.name, locale, liaisonEmail: dept.liaisonEmail },
    period: { from, to: now },
    newRequests: newRequests.map((r) => ({ titleId: r.title_id, title: display(r), requesters: r.n })),
    decisions: decisions.map((d) => ({
      titleId: d.title_id,
      title: display(d),
      status: d.to_status,
      reason: d.reason,
      said: stepReason(
        deps.workflow,
        { from: d.from_status, to: d.to_status, reason: d.reason, actorRole: d.actor_role },
        d.held_where,
        locale,
      ),
      at: new Date(d.at),
    })),
    buyList,
    requestChart,
    loanChart,
    outcomes,
    quiet: newRequests.length === 0 && decisions.length === 0,
  };
}

const periodKey = (code: string) => `digest:${code}`;

export async function lastDigest(deps: Deps, code: string): Promise<Date | null> {
  const row = await deps.db.orm.get<{ value: string }>(sql`SELECT value FROM app_state WHERE key = ${periodKey(code)}`);
  return row ? new Date(Number(row.value)) : null;
}

/** The statement that starts the department's next period at `at`; a run that started earlier never moves it back. */
export function nextPeriodStep(code: string, at: number): SQL {
  return sql`INSERT INTO app_state (key, value) VALUES (${periodKey(code)}, ${String(at)})
             ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE CAST(app_state.value AS INTEGER) < CAST(excluded.value AS INTEGER)`;
}

/** Requests by discipline in the period, and in the period of the same length before it. */
async function requestBars(
  deps: Deps,
  code: string,
  from: number,
  to: number,
  name: (d: string) => string,
): Promise<Bar[]> {
  const before = from - (to - from);
  const rows = await deps.db.orm.all<{ discipline: string; current: number; previous: number }>(sql`
    SELECT t.discipline,
           sum(CASE WHEN s.created_at >= ${from} THEN 1 ELSE 0 END) AS current,
           sum(CASE WHEN s.created_at < ${from} THEN 1 ELSE 0 END) AS previous
    FROM suggestions s JOIN titles t ON t.id = s.title_id
    WHERE s.department_code = ${code} AND s.created_at >= ${before} AND s.created_at < ${to} AND t.discipline IS NOT NULL
    GROUP BY t.discipline ORDER BY current DESC, previous DESC LIMIT 8`);
  return rows.map((r) => ({ ...r, name: name(r.discipline) }));
}

/** The department's loans by discipline in the last complete month, against the month before. */
async function loanBars(
  deps: Deps,
  code: string,
  now: Date,
  name: (d: string) => string,
): Promise<Digest['loanChart']> {
  const shift = (months: number) => {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months, 1));
    return d.toISOString().slice(0, 7);
  };
  const month = shift(-1);
  const previous = shift(-2);
  const rows = await deps.db.orm.all<{ discipline: string; current: number; previous: number }>(sql`
    SELECT discipline,
           sum(CASE WHEN month = ${month} THEN loans ELSE 0 END) AS current,
           sum(CASE WHEN month = ${previous} THEN loans ELSE 0 END) AS previous
    FROM loan_aggregates WHERE department_code = ${code} AND month IN (${month}, ${previous}) AND discipline != ''
    GROUP BY discipline ORDER BY current DESC LIMIT 8`);
  return { month, previous, bars: rows.map((r) => ({ ...r, name: name(r.discipline) })) };
}

export function renderDigest(deps: Deps, digest: Digest): Rendered {
  const { locale } = digest.department;
  const library = deps.config.LIBRARY_NAME;
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const subject = t(locale, 'digest.subject', {
    department: digest.department.name,
    from: day(digest.period.from),
    to: day(digest.period.to),
  });
  const statusName = (code: string) => {
    const status = findStatus(deps.workflow, code);
    return status ? label(status.labels, locale) : code;
  };
  const decided = digest.decisions.map((d) => ({
    ...d,
    line: t(locale, 'digest.decisionLine', {
      title: d.title,
      status: statusName(d.status),
      reason: d.said,
    }),
  }));
  const list = digest.buyList;
  const cash = (n: number) => money(n, list.currency, locale);
  const budget =
    list.budget === null
      ? t(locale, 'digest.noBudget')
      : t(locale, 'digest.budgetLine', {
          budget: cash(list.budget),
          committed: cash(list.committed),
          remaining: cash(list.remaining ?? 0),
        });
  const o = digest.outcomes;
  const number = (n: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n);
  const outcomesLine =
    o.titles === 0
      ? t(locale, 'digest.outcomesNone')
      : [
          o.fillRate === null
            ? t(locale, 'digest.outcomesOpen', { titles: o.titles })
            : t(locale, 'digest.outcomesFilled', {
                filled: o.filled,
                ended: o.titles - o.open,
                rate: `${Math.round(o.fillRate * 100)}%`,
              }),
          o.medianDaysToAvailable === null
            ? null
            : t(locale, 'digest.outcomesDays', { days: number(o.medianDaysToAvailable) }),
          o.use12m.loansPerTitle === null
            ? null
            : t(locale, 'digest.outcomesUse', { loans: number(o.use12m.loansPerTitle), titles: o.use12m.titles }),
        ]
          .filter(Boolean)
          .join(' ');
  const base = deps.config.PUBLIC_BASE_URL.replace(/\/$/, '');
  const top = list.items.map((i) => ({
    href: `${base}/titles/${i.titleId}`,
    title: titleName(i, locale),
    score: i.score?.toFixed(1) ?? '-',
    reason: i.reason,
    line: `${i.rank}. ${titleName(i, locale)} (${i.score?.toFixed(1) ?? '-'}): ${i.reason}`,
  }));
  const requestTitle = t(locale, 'digest.requestsChart');
  const loanTitle = t(locale, 'digest.loansChart', {
    month: digest.loanChart.month,
    previous: digest.loanChart.previous,
  });
  const link = `${base}/departments/${encodeURIComponent(digest.department.code)}`;
  const legend = { current: t(locale, 'digest.thisPeriod'), previous: t(locale, 'digest.previousPeriod') };
  const monthLegend = { current: digest.loanChart.month, previous: digest.loanChart.previous };

  const text = [
    subject,
    t(locale, 'digest.intro', { department: digest.department.name, library }),
    `${t(locale, 'digest.new', { count: digest.newRequests.length })}\n${
      digest.newRequests.map((r) => `  - ${t(locale, 'digest.newLine', r)}`).join('\n') ||
      `  ${t(locale, 'digest.none')}`
    }`,
    `${t(locale, 'digest.decisions', { count: decided.length })}\n${decided.map((d) => `  - ${d.line}`).join('\n') || `  ${t(locale, 'digest.none')}`}`,
    `${t(locale, 'digest.top')}\n${top.map((i) => `  ${i.line}`).join('\n') || `  ${t(locale, 'digest.none')}`}`,
    `${t(locale, 'digest.budget')}\n  ${budget}`,
    `${t(locale, 'digest.outcomes')}\n  ${outcomesLine}`,
    `${requestTitle}\n${textChart(digest.requestChart, legend) || `  ${t(locale, 'digest.none')}`}`,
    `${loanTitle}\n${textChart(digest.loanChart.bars, monthLegend) || `  ${t(locale, 'digest.none')}`}`,
    t(locale, 'digest.openLink', { url: link }),
    `-- \n${t(locale, 'digest.footer', { library })}`,
  ].join('\n\n');

  const section = (title: string) => html`<h2 style="font-size:17px;margin:22px 0 8px;color:#1f5f8b">${title}</h2>`;
  const items = (lines: string[]) =>
    lines.length
      ? html`<ul style="margin:0;padding-left:20px">
          ${lines.map((l) => html`<li style="margin:3px 0">${l}</li>`)}
        </ul>`
      : html`<p style="margin:0;color:#666">${t(locale, 'digest.none')}</p>`;
  const content = html`<h1 style="font-size:20px;margin:0 0 6px">${digest.department.name}</h1>
              <p style="margin:0 0 4px;color:#555">${day(digest.period.from)} – ${day(digest.period.to)}</p>
              <p style="margin:8px 0 0">
                ${t(locale, 'digest.intro', { department: digest.department.name, library })}
              </p>
              ${section(t(locale, 'digest.new', { count: digest.newRequests.length }))}
              ${items(digest.newRequests.map((r) => t(locale, 'digest.newLine', r)))}
              ${section(t(locale, 'digest.decisions', { count: decided.length }))} ${items(decided.map((d) => d.line))}
              ${section(t(locale, 'digest.top'))}
              ${
                top.length
                  ? html`<ol style="margin:0;padding-left:24px">
                    ${top.map(
                      (i) =>
                        html`<li style="margin:4px 0"><strong><a href="${i.href}" style="color:#1f5f8b">${i.title}</a></strong> (${i.score}): ${i.reason}</li>`,
                    )}
                  </ol>`
                  : items([])
              }
              ${section(t(locale, 'digest.budget'))}
              <p style="margin:0">${budget}</p>
              ${section(t(locale, 'digest.outcomes'))}
              <p style="margin:0">${outcomesLine}</p>
              ${section(requestTitle)} ${raw(htmlChart(digest.requestChart, legend, t(locale, 'digest.none')))}
              ${section(loanTitle)} ${raw(htmlChart(digest.loanChart.bars, monthLegend, t(locale, 'digest.none')))}`;
  return {
    subject,
    text,
    html: emailDocument({
      title: subject,
      lang: locale,
      width: 640,
      content,
      action: { text: t(locale, 'digest.open'), href: link },
      footer: t(locale, 'digest.footer', { library }),
    }),
  };
}

/**
 * Bars as a table: each bar a cell whose width is its share of the longest, coloured by
 * period. Table cells with widths and background colours are what Gmail, Outlook and Apple
 * Mail all render; SVG and CSS grids they drop or mangle.
 */
function htmlChart(bars: Bar[], legend: { current: string; previous: string }, none: string): string {
  if (bars.length === 0) return String(html`<p style="margin:0;color:#666">${none}</p>`);
  const max = Math.max(1, ...bars.flatMap((b) => [b.current, b.previous]));
  const bar = (value: number, colour: string) => {
    const width = Math.max(1, Math.round((value / max) * 100));
    return html`<table role="presentation" cellspacing="0" cellpadding="0" style="width:100%">
      <tr>
        <td style="width:${width}%;background:${colour};height:12px;font-size:0;line-height:0">&nbsp;</td>
        <td style="padding-left:6px;font-size:12px;color:#333;white-space:nowrap">${value}</td>
        ${width < 100 ? html`<td style="width:${100 - width}%"></td>` : ''}
      </tr>
    </table>`;
  };
  return String(
    html`<table
      role="presentation"
      cellspacing="0"
      cellpadding="2"
      style="width:100%;border-collapse:collapse;font-size:13px"
    >
      ${bars.map(
        (b) =>
          html`<tr>
            <td style="width:34%;padding:4px 8px 4px 0;vertical-align:middle">${b.name}</td>
            <td style="padding:4px 0">${bar(b.current, '#1f5f8b')}${bar(b.previous, '#9fb8cc')}</td>
          </tr>`,
      )}
      <tr>
        <td></td>
        <td style="padding-top:6px;font-size:12px;color:#555">
          <span style="display:inline-block;width:10px;height:10px;background:#1f5f8b"></span> ${legend.current} &nbsp;
          <span style="display:inline-block;width:10px;height:10px;background:#9fb8cc"></span> ${legend.previous}
        </td>
      </tr>
    </table>`,
  );
}

/** The same chart for the plain-text part: block characters, this period then the one before. */
function textChart(bars: Bar[], legend: { current: string; previous: string }): string {
  const max = Math.max(1, ...bars.flatMap((b) => [b.current, b.previous]));
  const width = Math.max(...bars.map((b) => b.name.length), 0);
  const bar = (n: number) => '█'.repeat(Math.round((n / max) * 30)) || '▏';
  return bars
    .map(
      (b) =>
        `  ${b.name.padEnd(width)}  ${bar(b.current)} ${b.current} (${legend.current})\n  ${' '.repeat(width)}  ${bar(b.previous)} ${b.previous} (${legend.previous})`,
    )
    .join('\n');
}
