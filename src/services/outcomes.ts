// The outcomes of the requests made in a period, read from what the service already keeps:
// each title's suggestions (who asked, from which department and category), its status
// history (when it was decided, by whom, when it reached the shelf, why it ended otherwise),
// its price, and the loans of its edition by month from the loan aggregates (never the raw
// loans). The measures themselves are domain/outcomes.ts.
import { sql } from 'drizzle-orm';
import type { Deps } from '../context.js';
import {
  compareUse,
  OUTCOME_DIMENSIONS,
  type OutcomeDimension,
  type OutcomeSummary,
  type RankingRecord,
  type RequestedTitle,
  type UseComparison,
  rankingRecord,
  summarise,
  summariseBy,
  titleUse,
  unmeasuredFrom,
} from '../domain/outcomes.js';
import { statusesInStage } from '../domain/workflow.js';
import { CHARGED_DEPARTMENT } from './buylist.js';
import { listDepartments } from './departments.js';
import { feedbackOf } from './feedback.js';

export interface OutcomesAsk {
  /** requests made from this day (inclusive) ... */
  from?: Date | undefined;
  /** ... to this day (exclusive); now when not given */
  to?: Date | undefined;
  /** only the requests of this department's members */
  department?: string | undefined;
}

export interface OutcomeTitle {
  titleId: number;
  isbn13: string | null;
  title: string | null;
  requests: number;
  requestedAt: string;
  availableAt: string;
  price: { amount: number; currency: string } | null;
  fund: string | null;
  /** null until the title has been on the shelf for the whole window */
  loans6m: number | null;
  loans12m: number | null;
}

export interface OutcomesReport {
  from: string | null;
  to: string;
  department: string | null;
  /** the library's departments, by name, to name the groups and to choose from */
  departments: { code: string; name: string }[];
  summary: OutcomeSummary;
  by: Record<OutcomeDimension, { group: string; summary: OutcomeSummary }[]>;
  ranking: RankingRecord;
  /**
   * Loans in the first 12 months of what was bought on request, against the library's other
   * acquisitions of the same period and disciplines (holdings with an acquired date and an
   * ISBN); null when there is nothing to compare.
   */
  comparison: (UseComparison & { since: string; disciplines: string[] }) | null;
  /** one per title bought on request */
  titles: OutcomeTitle[];
}

interface TitleRow {
  id: number;
  isbn13: string | null;
  title: string | null;
  status: string;
  stage: 'pending' | 'active' | 'closed';
  discipline: string | null;
  price_cents: number | null;
  price_currency: string | null;
  fund: string | null;
  requests: number;
  requested_at: number;
  departments: string | null;
  categories: string | null;
}

interface EventRow {
  title_id: number;
  from_status: string | null;
  to_status: string;
  actor: string;
  reason: string | null;
  at: number;
  score: number | null;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The figures of a period alone, as the department digest gives them: no groups, comparison or intervals. */
export async function outcomesSummary(deps: Deps, ask: OutcomesAsk = {}): Promise<OutcomeSummary> {
  const { requested } = await requestedTitles(deps, ask);
  return summarise(requested, deps.clock());
}

export async function outcomesReport(deps: Deps, ask: OutcomesAsk = {}): Promise<OutcomesReport> {
  const now = deps.clock();
  const to = ask.to ?? now;
  const from = ask.from ?? null;
  const [{ rows, requested }, departments] = await Promise.all([
    requestedTitles(deps, ask),
    listDepartments(deps.db, 'name'),
  ]);
  const titleOf = new Map(rows.map((r) => [r.id, r]));
  const comparison = await otherAcquisitions(deps, requested, from, to, now);
  return {
    from: from && day(from),
    to: day(to),
    department: ask.department ?? null,
    departments: departments.map((d) => ({ code: d.code, name: d.name })),
    summary: summarise(requested, now),
    by: Object.fromEntries(OUTCOME_DIMENSIONS.map((d) => [d, summariseBy(requested, d, now)])) as OutcomesReport['by'],
    ranking: rankingRecord(requested, now),
    comparison,
    titles: requested
      .filter((t) => t.availableAt)
      .map((t) => ({
        titleId: t.titleId,
        isbn13: t.isbn13,
        title: titleOf.get(t.titleId)!.title,
        requests: t.requests,
        requestedAt: t.requestedAt.toISOString(),
        availableAt: t.availableAt!.toISOString(),
        price: t.price,
        fund: titleOf.get(t.titleId)!.fund,
        loans6m: titleUse(t, now).loans6m,
        loans12m: titleUse(t, now).loans12m,
      })),
  };
}

/** Each title requested in the period, with its history, price, loans by month and answers. */
async function requestedTitles(
  deps: Deps,
  ask: OutcomesAsk,
): Promise<{ rows: TitleRow[]; requested: RequestedTitle[] }> {
  const to = ask.to ?? deps.clock();
  const from = ask.from ?? null;
  const pending = statusesInStage(deps.workflow, 'pending');
  const reasons = new Set(deps.workflow.reasons.map((r) => r.code));
  const department = ask.department ?? null;
  // A title counts in the period of its first request; with a department, only when one of its
  // members asked for it. Only titles asked for in the period can have their first request in
  // it, so those alone are grouped, not every suggestion the library has had.
  const rows = await deps.db.orm.all<TitleRow>(sql`
    SELECT t.id, t.isbn13, t.title, t.status, t.stage, t.discipline, t.price_cents, t.price_currency,
           d.fund, s.requests, s.requested_at, s.departments, s.categories
    FROM (SELECT title_id, count(*) AS requests, min(created_at) AS requested_at,
                 json_group_array(DISTINCT department_code) AS departments,
                 json_group_array(DISTINCT category) AS categories
          FROM suggestions
          ${from ? sql`WHERE title_id IN (SELECT title_id FROM suggestions WHERE created_at >= ${from.getTime()} AND created_at < ${to.getTime()})` : sql``}
          GROUP BY title_id) s
    JOIN titles t ON t.id = s.title_id
    LEFT JOIN departments d ON d.code = ${CHARGED_DEPARTMENT}
    WHERE s.requested_at < ${to.getTime()}
      ${from ? sql`AND s.requested_at >= ${from.getTime()}` : sql``}
      ${department ? sql`AND EXISTS (SELECT 1 FROM suggestions x WHERE x.title_id = t.id AND x.department_code = ${department})` : sql``}
    ORDER BY t.id`);
  const ids = JSON.stringify(rows.map((r) => r.id));
  // The two largest reads (every step of every title, every month of their loans) come as
  // arrays: SQLite's rows made into objects cost the report more than reading them.
  const [events, loans, feedback] = await Promise.all([
    deps.db.orm.values<[number, string | null, string, string, string | null, number, number | null]>(sql`
      SELECT title_id, from_status, to_status, actor, reason, at, score FROM status_events
      WHERE title_id IN (SELECT value FROM json_each(${ids})) ORDER BY title_id, at, id`),
    deps.db.orm.values<[string, string, number]>(sql`
      SELECT substr(l.edition_key, 6) AS isbn13, l.month, l.loans - l.ill_loans AS loans FROM edition_loans l
      WHERE l.edition_key IN (SELECT 'isbn:' || t.isbn13 FROM titles t
                              WHERE t.id IN (SELECT value FROM json_each(${ids})) AND t.isbn13 IS NOT NULL)`),
    feedbackOf(
      deps.db,
      rows.map((r) => r.id),
    ),
  ]);
  const eventsOf = new Map<number, EventRow[]>();
  for (const [title_id, from_status, to_status, actor, reason, at, score] of events) {
    let list = eventsOf.get(title_id);
    if (!list) eventsOf.set(title_id, (list = []));
    list.push({ title_id, from_status, to_status, actor, reason, at, score });
  }
  const loansOf = new Map<string, Map<string, number>>();
  for (const [isbn13, month, n] of loans) {
    let months = loansOf.get(isbn13);
    if (!months) loansOf.set(isbn13, (months = new Map()));
    months.set(month, n);
  }

  const requested: RequestedTitle[] = rows.map((r) => {
    const history = eventsOf.get(r.id) ?? [];
    const decision = history.find((e) => pending.includes(e.from_status ?? '') && !pending.includes(e.to_status));
    const available = history.find((e) => e.to_status === 'available');
    const last = history.at(-1);
    const list = (json: string | null) => (JSON.parse(json ?? '[]') as (string | null)[]).filter((v) => v !== null);
    return {
      titleId: r.id,
      isbn13: r.isbn13,
      requests: r.requests,
      requestedAt: new Date(r.requested_at),
      decidedAt: decision ? new Date(decision.at) : null,
      availableAt: available ? new Date(available.at) : null,
      status: r.status,
      stage: r.stage,
      // The workflow's reason codes only: a reason typed by a person, or the "already in the
      // library" note enrichment writes, would make a group of one each.
      endedBecause:
        r.stage === 'closed' && last?.to_status === r.status && reasons.has(last.reason ?? '') ? last.reason : null,
      price:
        r.price_cents === null || !r.price_currency
          ? null
          : { amount: r.price_cents / 100, currency: r.price_currency },
      loansByMonth: (r.isbn13 && loansOf.get(r.isbn13)) || new Map(),
      scoreAtDecision: decision?.score ?? null,
      feedback: { yes: feedback.get(r.id)?.yes ?? 0, no: feedback.get(r.id)?.no ?? 0 },
      groups: {
        department: list(r.departments),
        discipline: r.discipline ? [r.discipline] : [],
        patronCategory: list(r.categories),
        // Who decided: the token or staff member that moved it out of review.
        selector: decision && decision.actor !== 'system' ? [decision.actor] : [],
        fund: r.fund ? [r.fund] : [],
      },
    };
  });
  return { rows, requested };
}

/**
 * What was bought on request against what else the library acquired from the first of those
 * purchases (or the period's start) in the same disciplines: loans per title in the first 12
 * months of each, the others read from the holdings' acquired dates and the loans of their
 * ISBNs. Holdings without an ISBN cannot be matched to their loans and are left out.
 */
async function otherAcquisitions(
  deps: Deps,
  requested: RequestedTitle[],
  from: Date | null,
  to: Date,
  now: Date,
): Promise<OutcomesReport['comparison']> {
  const measured = requested.flatMap((t) => {
    const loans = titleUse(t, now).loans12m;
    return loans === null || !t.availableAt ? [] : [{ t, loans }];
  });
  const disciplines = [...new Set(measured.flatMap((m) => m.t.groups.discipline))].sort();
  if (measured.length === 0 || disciplines.length === 0) return null;
  const since = day(from ?? new Date(Math.min(...measured.map((m) => m.t.availableAt!.getTime()))));
  const requestedIsbns = requested.flatMap((t) => (t.isbn13 ? [t.isbn13] : []));
  // Only what has had its twelve months can be compared: the rest of the period's
  // acquisitions, most of them in a report of the last year, are not read at all. The holdings
  // bought on request are found once, by their ISBNs: asked per holding (NOT EXISTS), SQLite
  // looked up every requested ISBN for each holding of the year, which grew as titles times
  // holdings and kept a year of 10,000 requests from finishing.
  const until = [day(to), unmeasuredFrom(now, 12)].sort()[0];
  // Each acquisition's loans in its first twelve months, summed by SQLite as loansWithin counts
  // them (the month it reached the shelf and the eleven after): one row an acquisition, where
  // reading its months and adding them up here was most of the report. A holding's months come
  // by the loans' own key, so only those twelve are read.
  const others = await deps.db.orm.values<[number]>(sql`
    SELECT coalesce(sum(l.loans - l.ill_loans), 0) FROM holdings h
    JOIN holding_isbns i ON i.holding_id = h.id
    LEFT JOIN edition_loans l ON l.edition_key = 'isbn:' || i.isbn13
      AND l.month >= substr(h.acquired, 1, 7) AND l.month < strftime('%Y-%m', h.acquired, 'start of month', '+12 months')
    WHERE h.acquired >= ${since} AND h.acquired < ${until}
      AND h.discipline IN (SELECT value FROM json_each(${JSON.stringify(disciplines)}))
      AND h.id NOT IN (SELECT r.holding_id FROM holding_isbns r
                       WHERE r.isbn13 IN (SELECT value FROM json_each(${JSON.stringify(requestedIsbns)})))
    GROUP BY h.id ORDER BY h.id`);
  const otherLoans = others.map(([loans]) => loans);
  if (otherLoans.length === 0) return null;
  return {
    ...compareUse(
      measured.map((m) => m.loans),
      otherLoans,
    ),
    since,
    disciplines,
  };
}
