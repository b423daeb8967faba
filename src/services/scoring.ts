// Scores kept up to date. The scoring context (use per discipline and department, items per
// discipline) is read from the aggregates, never the raw loans, and cached until an import
// changes what it is made of (stats_version) or the month turns. Rescoring touches only the
// titles that changed: a new request, an enrichment, the disciplines an import brought loans
// for; `r2b score` rescores every open title.
import { type SQL, sql } from 'drizzle-orm';
import type { Deps } from '../context.js';
import { type Db, runAtomic } from '../db/db.js';
import {
  buildContext,
  type LoanCell,
  shiftMonth,
  type ScoringContext,
  scoreTitle,
  type TitleFacts,
} from '../domain/scoring.js';
import { budgetPrice } from '../domain/buylist.js';
import type { CourseDemand, Importance } from '../domain/course.js';
import { editionKeys, type TitleEvidence } from '../domain/title-evidence.js';
import { claimJobs, doneStep } from '../jobs/queue.js';
import { endorsementCounts } from './endorsements.js';
import { libraryLoansPerTitle, titleEvidence } from './title-evidence.js';

const CHUNK = 5000;
const cache = new WeakMap<Db, { version: string; month: string; context: ScoringContext }>();

/** The step that tells scoring its inputs changed: part of an import's last atomic write. */
export function statsChangedStep(): SQL {
  return sql`INSERT INTO app_state (key, value) VALUES ('stats_version', '1')
             ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1`;
}

export async function scoringContext(deps: Deps, asOf = deps.clock()): Promise<ScoringContext> {
  const month = asOf.toISOString().slice(0, 7);
  const state = await deps.db.orm.get<{ value: string }>(sql`SELECT value FROM app_state WHERE key = 'stats_version'`);
  const version = state?.value ?? '0';
  const known = cache.get(deps.db);
  if (known && known.version === version && known.month === month) return known.context;
  const context = await readContext(deps, month);
  cache.set(deps.db, { version, month, context });
  return context;
}

/** The context as it stood at a month: only loans in earlier months count (the backtest uses this). */
export async function readContext(deps: Deps, asOfMonth: string): Promise<ScoringContext> {
  const config = deps.scoring;
  const earliest = shiftMonth(asOfMonth, -Math.max(config.windowMonths, 2 * config.trendMonths));
  const cells = await deps.db.orm.all<LoanCell>(
    sql`SELECT discipline, department_code AS department, month, loans FROM loan_aggregates
        WHERE month >= ${earliest} AND month < ${asOfMonth}`,
  );
  const items = await deps.db.orm.all<{ discipline: string; items: number }>(
    sql`SELECT discipline, items FROM discipline_holdings`,
  );
  const [first, loansPerTitle] = await Promise.all([
    deps.db.orm.get<{ month: string | null }>(sql`SELECT min(month) AS month FROM loan_aggregates`),
    libraryLoansPerTitle(deps.db, asOfMonth),
  ]);
  return buildContext(cells, items, asOfMonth, config, { firstMonth: first?.month ?? null, loansPerTitle });
}

export type RescoreScope = { titleIds: number[] } | { disciplines: string[] } | { all: true };

/** Score the open titles in scope with the current context; returns how many were scored. */
export async function rescore(deps: Deps, scope: RescoreScope): Promise<number> {
  if ('titleIds' in scope && scope.titleIds.length === 0) return 0;
  const context = await scoringContext(deps);
  // The titles' ids first (from the stage index, or the ids given), then the titles in chunks
  // by id: each chunk is one indexed read of titles, one of their requesters (a covering
  // index) and one write. In order of id, so a chunk's rows share the table's pages: the
  // stage index gives them by discipline, and 5,000 of 100,000 titles taken so lie on four
  // times the pages, each read and written again by every chunk that has a row on it.
  const filter =
    'titleIds' in scope
      ? // By id, not by the stage index: the planner would walk every open title to find a few.
        sql`id IN (SELECT value FROM json_each(${JSON.stringify(scope.titleIds)})) AND +stage IN ('pending', 'active')`
      : 'disciplines' in scope
        ? sql`stage IN ('pending', 'active') AND discipline IN (SELECT value FROM json_each(${JSON.stringify(scope.disciplines)}))`
        : sql`stage IN ('pending', 'active')`;
  const ids = (await deps.db.orm.all<{ id: number }>(sql`SELECT id FROM titles WHERE ${filter} ORDER BY id`)).map(
    (r) => r.id,
  );
  const now = deps.clock();
  let scored = 0;
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = JSON.stringify(ids.slice(start, start + CHUNK));
    const titles = await deps.db.orm.all<{
      id: number;
      isbn13: string | null;
      title: string | null;
      author: string | null;
      class_key: string | null;
      discipline: string | null;
      held_items: number;
      price_cents: number | null;
      price_currency: string | null;
      score: number | null;
      score_components: string | null;
    }>(
      sql`SELECT id, isbn13, title, author, class_key, discipline, held_items, price_cents, price_currency, score, score_components
          FROM titles WHERE id IN (SELECT value FROM json_each(${chunk}))`,
    );
    const [requesters, courses, evidence, endorsements] = await Promise.all([
      requestersOf(deps, chunk),
      coursesOf(deps, chunk),
      evidenceOf(deps, titles, context.asOfMonth),
      endorsementCounts(deps, chunk),
    ]);
    const rows: [number, number, string][] = [];
    for (const title of titles) {
      const facts = factsOf(deps, title, requesters.get(title.id) ?? [], now, {
        courses: courses.get(title.id) ?? [],
        evidence: evidence.get(title.id),
        endorsements: endorsements.get(title.id) ?? 0,
      });
      const score = scoreTitle(facts, context, deps.scoring);
      const components = JSON.stringify(score.components);
      // An unchanged score is not written again: most of a rescore after a small import.
      if (score.total !== title.score || components !== title.score_components) {
        rows.push([title.id, score.total, components]);
      }
    }
    if (rows.length > 0) {
      await runAtomic(deps.db, [
        sql`UPDATE titles SET score = j.value->>1, score_components = j.value->>2, scored_at = ${now.getTime()}
            FROM json_each(${JSON.stringify(rows)}) j WHERE titles.id = j.value->>0`,
      ]);
    }
    scored += titles.length;
  }
  return scored;
}

export interface RequesterGroup {
  category: string;
  department: string | null;
  count: number;
  needBy: string | null;
}

/**
 * Each title's requesters, counted by category and department, with their earliest need-by date.
 * The ids come as an array, or as its JSON.
 */
export async function requestersOf(deps: Deps, titleIds: number[] | string): Promise<Map<number, RequesterGroup[]>> {
  const rows = await deps.db.orm.all<{
    title_id: number;
    category: string;
    department_code: string | null;
    n: number;
    need_by: string | null;
  }>(
    sql`SELECT title_id, category, department_code, count(*) AS n, min(need_by) AS need_by FROM suggestions
        WHERE title_id IN (SELECT value FROM json_each(${typeof titleIds === 'string' ? titleIds : JSON.stringify(titleIds)}))
        GROUP BY title_id, category, department_code`,
  );
  const out = new Map<number, RequesterGroup[]>();
  for (const r of rows) {
    if (!out.has(r.title_id)) out.set(r.title_id, []);
    out.get(r.title_id)!.push({ category: r.category, department: r.department_code, count: r.n, needBy: r.need_by });
  }
  return out;
}

/**
 * Each title's courses: the requests made for a course (from the partial index of those alone)
 * and its reading-list entries, in one read; with `before`, only what was known by then. A
 * request for a course counts as recommended reading for it; its reading list, once imported,
 * says how firmly it asks.
 */
export async function coursesOf(
  deps: Deps,
  titleIds: number[] | string,
  before?: Date,
): Promise<Map<number, CourseDemand[]>> {
  const ids = typeof titleIds === 'string' ? titleIds : JSON.stringify(titleIds);
  const known = before === undefined ? sql`` : sql`AND created_at < ${before.getTime()}`;
  const rows = await deps.db.orm.all<{
    title_id: number;
    course: string;
    name: string | null;
    term: string;
    enrolment: number | null;
    importance: Importance;
    source: CourseDemand['source'];
  }>(
    sql`SELECT title_id, course_code AS course, course_name AS name, term, enrolment, importance, 'reading-list' AS source
        FROM course_readings WHERE title_id IN (SELECT value FROM json_each(${ids})) ${known}
        UNION ALL
        SELECT title_id, course_code, NULL, course_term, max(course_enrolment), 'recommended', 'request'
        FROM suggestions
        WHERE course_code IS NOT NULL AND title_id IN (SELECT value FROM json_each(${ids})) ${known}
        GROUP BY title_id, course_code, course_term`,
  );
  const out = new Map<number, CourseDemand[]>();
  for (const { title_id, ...course } of rows) {
    if (!out.has(title_id)) out.set(title_id, []);
    out.get(title_id)!.push(course);
  }
  return out;
}

/** The history's evidence for titles as the titles table holds them (title, author, ISBN, class). */
export function evidenceOf(
  deps: Deps,
  titles: {
    id: number;
    isbn13: string | null;
    title: string | null;
    author: string | null;
    class_key: string | null;
  }[],
  asOfMonth: string,
): Promise<Map<number, TitleEvidence>> {
  return titleEvidence(
    deps.db,
    titles.map((t) => ({
      id: t.id,
      keys: editionKeys({ isbn13: t.isbn13, title: t.title, author: t.author }),
      classKey: t.class_key,
      isbn13: t.isbn13,
    })),
    asOfMonth,
  );
}

export function factsOf(
  deps: Deps,
  title: { discipline: string | null; held_items: number; price_cents: number | null; price_currency: string | null },
  requesters: RequesterGroup[],
  now: Date,
  known: { courses?: CourseDemand[]; evidence?: TitleEvidence | undefined; endorsements?: number } = {},
): TitleFacts {
  const needBy = requesters
    .map((r) => r.needBy)
    .filter((d): d is string => d !== null)
    .sort()[0];
  return {
    discipline: title.discipline,
    requesters: requesters.map((r) => ({ category: r.category, department: r.department, count: r.count })),
    heldItems: title.held_items,
    price: budgetPrice(title.price_cents, title.price_currency, deps.config.LIBRARY_CURRENCY),
    needBy: needBy ? new Date(`${needBy}T00:00:00Z`) : null,
    now,
    courses: known.courses ?? [],
    endorsements: known.endorsements ?? 0,
    ...(known.evidence ? { evidence: known.evidence } : {}),
  };
}

/** The rescore jobs intake and status changes queue: their titles, scored in one pass. */
export async function runRescoreJobs(deps: Deps): Promise<{ rescored: number }> {
  const now = deps.clock();
  const jobs = await claimJobs(deps.db, 'rescore', 5000, now, 5 * 60_000);
  if (jobs.length === 0) return { rescored: 0 };
  const rescored = await rescore(deps, { titleIds: jobs.map((j) => Number(j.subject)) });
  await runAtomic(
    deps.db,
    jobs.map((job) => doneStep(job, deps.clock())),
  );
  return { rescored };
}
