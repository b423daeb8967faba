// The buy list: a selector's open titles for a department, a fund or their own assignment,
// ranked by demand score, each with the one line that says why, a running total of list
// prices and the cut line where the budget runs out (the rule is domain/buylist.ts; this file
// reads the titles, the budget and what is committed). A title without a price is listed and
// flagged, never dropped.
import { type SQL, sql } from 'drizzle-orm';
import type { Deps } from '../context.js';
import {
  type BudgetLine,
  type BudgetPlan,
  budgetPrice,
  COMPETING_STAGE,
  type ListSort,
  type Paging,
  pageAt,
  planBudget,
  RANK_ORDER,
  sortRows,
} from '../domain/buylist.js';
import { toIsbn13 } from '../domain/isbn.js';
import { disciplineName } from '../domain/classification.js';
import type { Locale } from '../domain/locale.js';
import { explainScore, summarizeScore } from '../i18n/reasons.js';
import type { Score } from '../domain/scoring.js';
import type { Assignment } from '../domain/selectors.js';
import { ApiError, validationError } from '../errors.js';
import { findStatus, type WorkflowStatus } from '../domain/workflow.js';
import { byCourse, copiesToOrder, type CourseDemand, recommendedCopies } from '../domain/course.js';
import { COMPONENTS } from '../domain/scoring.js';
import { FORMATS, type Format } from '../db/schema.js';
import { containsText } from '../db/sql.js';
import { coursesOf, factsOf, requestersOf } from './scoring.js';
import { budgetCentsOf, type Department, departmentsOfFund, findDepartment } from './departments.js';
import { assignmentScope } from './selectors.js';
import { endorsementCounts } from './endorsements.js';
import { effectiveMetadata } from './title-edits.js';
import type { MergedMetadata } from '../domain/metadata.js';

export interface BuyListQuery {
  department?: string | undefined;
  fund?: string | undefined;
  discipline?: string | undefined;
  format?: Format | undefined;
  /** one status (approved titles to order, say); by default every status awaiting a decision */
  status?: string | undefined;
  /** these titles, whatever their status: the rows the ILS outbox sends, a batch at a time */
  titleIds?: number[] | undefined;
  /** in the library's currency; the department's or fund's budget when not given */
  budget?: number | undefined;
  /** titles whose name, author or ISBN (any form) holds the text, or, when `requesters`, one of whose requesters' name, address or id does */
  search?: { text: string; requesters: boolean } | undefined;
  /** the order shown (default: by rank) */
  sort?: ListSort | undefined;
  /** titles a page, or null for the whole list (a download) */
  limit: number | null;
  /** the page to show, from 1 */
  page?: number | undefined;
  /** the selector's assignment: their titles only */
  assignment: Assignment | null;
  /** only the titles assigned to this colleague (their patron id): "mine" */
  assignee?: number | undefined;
  locale: Locale;
}

export interface BuyListRow {
  rank: number;
  titleId: number;
  isbn13: string | null;
  title: string | null;
  author: string | null;
  /** the provider's, else what its first requester who said gave */
  publisher: string | null;
  year: number | null;
  /** the edition and series its requesters mean, as the first who said gave them */
  edition: string | null;
  series: string | null;
  subtitle: string | null;
  status: string;
  discipline: string | null;
  disciplineName: string | null;
  requesters: number;
  score: number | null;
  components: Score['components'] | null;
  reason: string;
  /** the two or three strongest of those reasons, for the line under the title */
  summary: string;
  /** when it was first asked for (ISO 8601) */
  createdAt: string;
  /** the courses it is for, one per course and term */
  courses: CourseJson[];
  /** the format to order: the one asked for by the list's filter, else the one most of its requesters asked for */
  format: Format;
  /** the earliest date a requester needs it by (YYYY-MM-DD) */
  needBy: string | null;
  /** the language of the title, as its provider names it ("en", "zh-CN") */
  language: string | null;
  /** its narrow class number ("clc:F124", "lcc:QA76"), when its classification or the library's call number gave one */
  classNumber: string | null;
  /** copies to order: what its courses call for (READING_LIST_STUDENTS_PER_COPY) beyond those held, at least one */
  quantity: number;
  /** the department whose budget the title's cost is committed against, and its fund (chargedDepartment) */
  department: string | null;
  fund: string | null;
  /** the vendor staff chose for it; null: the library's (ORDER_VENDOR) */
  vendor: string | null;
  /** the list price of one copy */
  price: number | null;
  currency: string;
  /** prices of every copy to order, down to this row */
  runningTotal: number;
  withinBudget: boolean | null;
  /** no-price, held, unscored */
  flags: string[];
}

export interface BuyList {
  scope: {
    department: string | null;
    fund: string | null;
    selector: boolean;
    discipline: string | null;
    format: string | null;
    status: string | null;
  };
  currency: string;
  /** the fund the scope draws on: the fund asked for, or the department's; null for the library or a selector's assignment */
  scopeFund: string | null;
  budget: number | null;
  /**
   * list prices of titles already approved, ordered or received: those charged to the scope's
   * departments, or for a scope without one, every such title in it
   */
  committed: number;
  remaining: number | null;
  /** the rank of the last title the remaining budget covers; null without a budget */
  cutLine: number | null;
  /** what the titles above the cut line cost, every copy */
  withinTotal: number;
  /** the titles ranked, on every page and whatever the search: what the cut line is drawn across */
  ranked: number;
  search: string | null;
  sort: ListSort;
  paging: Paging;
  /** the page's titles, in the order asked for, each with its rank on the whole list */
  items: BuyListRow[];
}

interface Row {
  id: number;
  isbn13: string | null;
  title: string | null;
  author: string | null;
  status: string;
  discipline: string | null;
  requester_count: number;
  held_items: number;
  price_cents: number | null;
  price_currency: string | null;
  metadata: string | null;
  edits: string | null;
  quantity: number | null;
  vendor: string | null;
  score: number | null;
  score_components: string | null;
  department: string | null;
  fund: string | null;
  class_key: string | null;
  created_at: number;
}

export async function buildBuyList(deps: Deps, query: BuyListQuery): Promise<BuyList> {
  const currency = deps.config.LIBRARY_CURRENCY;
  const scoped = query.department || query.fund ? await departmentsOf(deps, query) : null;
  const departments = scoped?.map((d) => d.code) ?? null;
  const filters = filterCondition(query);
  const status = query.status ? findStatus(deps.workflow, query.status) : undefined;
  if (query.status && !status) {
    throw validationError([
      {
        pointer: '',
        parameter: 'status',
        detail: `There is no status "${query.status}"; the workflow has ${deps.workflow.statuses.map((s) => s.code).join(', ')}.`,
      },
    ]);
  }
  const search = query.search?.text.trim() ? { ...query.search, text: query.search.text.trim() } : null;
  const listing =
    query.titleIds !== undefined
      ? sql`t.id IN (SELECT value FROM json_each(${JSON.stringify(query.titleIds)}))`
      : status
        ? sql`t.status = ${status.code}`
        : sql`t.stage = ${COMPETING_STAGE}`;
  const where = sql`${listing} AND ${departments ? departmentScope(departments) : sql`1`} AND ${filters}`;
  const listed = status?.stage ?? COMPETING_STAGE;
  // Within the stage listed, a department's scope is exactly the titles scopeCandidates reads by
  // index: the whole list is counted from those, with only the other conditions to check.
  const whole =
    departments && query.titleIds === undefined
      ? {
          from: sql`(${scopeCandidates(departments, listed)}) c CROSS JOIN titles t ON t.id = c.id`,
          where: sql`${listing} AND ${filters}`,
        }
      : { from: sql`titles t`, where };
  // A department's budget carries what is charged to it, whatever the list is filtered to; a
  // list without departments (the library, a selector's assignment) carries what is in it.
  const committedRow = await deps.db.orm.get<{ cents: number | null }>(sql`
    SELECT sum(price_cents) AS cents FROM titles t
    WHERE t.stage = 'active' AND t.price_currency = ${currency}
      AND ${departments ? sql`${CHARGED_DEPARTMENT} IN (SELECT value FROM json_each(${JSON.stringify(departments)}))` : filters}`);
  const committed = (committedRow?.cents ?? 0) / 100;
  const scopeCents = scoped ? budgetCentsOf(scoped) : null;
  const budget = query.budget ?? (scopeCents === null ? null : scopeCents / 100);

  // The page's titles, each with its rank on the whole list: by rank, a slice of the ranking
  // read from its index; searched or sorted otherwise, the ranking's light columns, sorted here
  // in the reader's language.
  const sort = query.sort ?? RANK_ORDER;
  const view = await placeTitles(deps, {
    where,
    whole,
    search,
    sort,
    limit: query.limit,
    page: query.page ?? 1,
    locale: query.locale,
  });
  const { paging } = view;
  const rows = await titleRows(
    deps,
    view.placed.map((p) => p.id),
  );
  const deepest = view.placed.reduce((most, p) => Math.max(most, p.rank), 0);
  const plan = await planRanking(deps, { where, deepest, budget, committed, listed });

  const ids = view.placed.map((p) => p.id);
  const [requesters, courses, formats, endorsements, given] = await Promise.all([
    requestersOf(deps, ids),
    coursesOf(deps, ids),
    formatsOf(deps, ids),
    endorsementCounts(deps, ids),
    givenEditionsOf(deps, ids),
  ]);
  const now = deps.clock();
  const shown = view.placed.map(({ id, rank }) => {
    const row = rows.get(id)!;
    const facts = factsOf(deps, row, requesters.get(id) ?? [], now, {
      courses: courses.get(id) ?? [],
      endorsements: endorsements.get(id) ?? 0,
    });
    const quantity = orderQuantity(deps, row.quantity, facts.courses ?? [], row.held_items);
    return { row, facts, quantity, rank };
  });
  const items = shown.map(({ row, facts, quantity, rank }): BuyListRow => {
    const components = row.score_components ? everyComponent(JSON.parse(row.score_components)) : null;
    const name = row.discipline ? disciplineName(deps.classification, row.discipline, query.locale) : null;
    const metadata: Partial<MergedMetadata> = effectiveMetadata(row) ?? {};
    const flags = [
      ...(facts.price === null ? ['no-price'] : []),
      ...(row.held_items > 0 ? ['held'] : []),
      ...(components === null ? ['unscored'] : []),
    ];
    const explained = components ? { total: row.score ?? 0, components } : null;
    const context = {
      disciplineName: name,
      currency,
      locale: query.locale,
      courseImportance: deps.scoring.courseImportance,
    };
    return {
      rank,
      titleId: row.id,
      isbn13: row.isbn13,
      title: row.title,
      subtitle: metadata.subtitle ?? null,
      author: row.author,
      publisher: metadata.publisher ?? given.get(row.id)?.publisher ?? null,
      year: metadata.publishedYear ?? given.get(row.id)?.year ?? null,
      edition: given.get(row.id)?.edition ?? null,
      series: given.get(row.id)?.series ?? null,
      status: row.status,
      discipline: row.discipline,
      disciplineName: name,
      requesters: row.requester_count,
      score: row.score,
      components,
      reason: explained ? explainScore(explained, facts, context) : '',
      summary: explained ? summarizeScore(explained, facts, context) : '',
      createdAt: new Date(row.created_at).toISOString(),
      courses: byCourse(facts.courses ?? []).map(courseJson),
      format: query.format ?? formats.get(row.id) ?? 'print',
      needBy: facts.needBy ? facts.needBy.toISOString().slice(0, 10) : null,
      language: metadata.language ?? null,
      classNumber: row.class_key,
      quantity,
      department: row.department,
      fund: row.fund,
      vendor: row.vendor,
      price: facts.price,
      currency,
      ...plan.places[rank - 1]!,
      flags,
    };
  });
  return {
    scope: {
      department: query.department ?? null,
      fund: query.fund ?? null,
      selector: query.assignment !== null,
      discipline: query.discipline ?? null,
      format: query.format ?? null,
      status: query.status ?? null,
    },
    currency,
    scopeFund: query.fund ?? scoped?.[0]?.fund ?? null,
    budget,
    committed,
    remaining: plan.remaining,
    cutLine: plan.cutLine,
    withinTotal: plan.cutLine ? plan.places[plan.cutLine - 1]!.runningTotal : 0,
    ranked: view.ranked,
    search: search?.text ?? null,
    sort,
    paging: { page: paging.page, pages: paging.pages, pageSize: paging.pageSize, total: paging.total },
    items,
  };
}

interface Placed {
  id: number;
  rank: number;
}

/** Which titles a page shows, in the order asked for, and how many there are in all. */
async function placeTitles(
  deps: Deps,
  view: {
    where: SQL;
    /** the whole list, as read to count it or to sort it otherwise than by rank: the same titles as `where` */
    whole: { from: SQL; where: SQL };
    search: { text: string; requesters: boolean } | null;
    sort: ListSort;
    limit: number | null;
    page: number;
    locale: Locale;
  },
): Promise<{ placed: Placed[]; paging: Paging; ranked: number }> {
  const { where, whole, search, sort } = view;
  // A page by rank is a walk of the ranking's index, which stops at its limit.
  if (!search && sort.by === RANK_ORDER.by && sort.dir === RANK_ORDER.dir) {
    const counted = await deps.db.orm.get<{ n: number }>(
      sql`SELECT count(*) AS n FROM ${whole.from} WHERE ${whole.where}`,
    );
    const ranked = counted?.n ?? 0;
    const paging = pageAt(ranked, view.page, view.limit ?? Math.max(ranked, 1));
    const ids = await deps.db.orm.all<{ id: number }>(
      sql`SELECT t.id FROM titles t WHERE ${where} ORDER BY t.score DESC, t.id LIMIT ${paging.pageSize} OFFSET ${paging.start}`,
    );
    return { placed: ids.map((r, i) => ({ id: r.id, rank: paging.start + i + 1 })), paging: pagingOf(paging), ranked };
  }
  const light = await deps.db.orm.all<{
    id: number;
    title: string | null;
    author: string | null;
    price_cents: number | null;
    price_currency: string | null;
    requester_count: number;
    created_at: number;
    status: string;
    need_by: string | null;
    matched: number;
  }>(sql`
    SELECT t.id, t.title, t.author, t.price_cents, t.price_currency, t.requester_count, t.created_at, t.status,
           ${sort.by === 'needBy' ? sql`(SELECT min(s.need_by) FROM suggestions s WHERE s.title_id = t.id)` : sql`NULL`} AS need_by,
           ${search ? searchCondition(search) : sql`1`} AS matched
    FROM ${whole.from} WHERE ${whole.where} ORDER BY t.score DESC, t.id`);
  const order = new Map(deps.workflow.statuses.map((s, i) => [s.code, i]));
  const found = sortRows(
    light.map((row, index) => ({ row, rank: index + 1 })).filter(({ row }) => row.matched),
    ({ row, rank }) => ({
      rank,
      title: row.title ?? '',
      author: row.author,
      price: budgetPrice(row.price_cents, row.price_currency, deps.config.LIBRARY_CURRENCY),
      requesters: row.requester_count,
      needBy: row.need_by,
      date: row.created_at,
      status: order.get(row.status) ?? order.size,
    }),
    sort,
    view.locale,
  );
  const paging = pageAt(found.length, view.page, view.limit ?? Math.max(found.length, 1));
  const placed = found
    .slice(paging.start, paging.start + paging.pageSize)
    .map(({ row, rank }) => ({ id: row.id, rank }));
  return { placed, paging: pagingOf(paging), ranked: light.length };
}

const pagingOf = ({ page, pages, pageSize, total }: Paging): Paging => ({ page, pages, pageSize, total });

/** The titles shown, with what a row says of them and the department that pays, by id. */
async function titleRows(deps: Deps, ids: number[]): Promise<Map<number, Row>> {
  if (ids.length === 0) return new Map();
  const rows = await deps.db.orm.all<Row>(sql`
    SELECT t.id, t.isbn13, t.title, t.author, t.status, t.discipline, t.requester_count, t.held_items, t.price_cents,
           t.price_currency, t.metadata, t.edits, t.quantity, t.vendor, t.score, t.score_components, t.class_key, t.created_at,
           d.code AS department, coalesce(t.fund, d.fund) AS fund
    FROM (SELECT * FROM titles WHERE id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))) t
    LEFT JOIN departments d ON d.code = ${CHARGED_DEPARTMENT}`);
  return new Map(rows.map((r) => [r.id, r]));
}

// The ranking is read from the top in slices that double, so a page far down or a large budget
// costs what it reaches, and the first page of a list with a modest budget a slice or two.
const FIRST_SLICE = 100;

/**
 * The running totals and the cut line down the whole ranking: as far as the deepest title shown,
 * and, with a budget, on to where the money runs out.
 */
async function planRanking(
  deps: Deps,
  ranking: { where: SQL; deepest: number; budget: number | null; committed: number; listed: WorkflowStatus['stage'] },
): Promise<BudgetPlan> {
  const lines: BudgetLine[] = [];
  const budget = { budget: ranking.budget, committed: ranking.committed, listed: ranking.listed };
  let plan = planBudget(lines, budget);
  for (let offset = 0, size = Math.max(FIRST_SLICE, ranking.deepest); ; offset += size, size *= 2) {
    const slice = await deps.db.orm.all<{
      id: number;
      held_items: number;
      price_cents: number | null;
      price_currency: string | null;
      quantity: number | null;
    }>(sql`SELECT t.id, t.held_items, t.price_cents, t.price_currency, t.quantity FROM titles t WHERE ${ranking.where}
           ORDER BY t.score DESC, t.id LIMIT ${size} OFFSET ${offset}`);
    const courses = await coursesOf(
      deps,
      slice.map((r) => r.id),
    );
    for (const r of slice) {
      lines.push({
        price: budgetPrice(r.price_cents, r.price_currency, deps.config.LIBRARY_CURRENCY),
        quantity: orderQuantity(deps, r.quantity, courses.get(r.id) ?? [], r.held_items),
      });
    }
    plan = planBudget(lines, budget);
    const exhausted = slice.length < size;
    const spent = plan.cutLine === null || plan.places.some((p) => p.withinBudget === false);
    if (exhausted || (lines.length >= ranking.deepest && spent)) return plan;
  }
}

/** Copies to order: what a selector set stands; else what its courses call for beyond those held. */
function orderQuantity(deps: Deps, set: number | null, courses: CourseDemand[], held: number): number {
  return set ?? copiesToOrder(recommendedCopies(courses, deps.config.READING_LIST_STUDENTS_PER_COPY), held);
}

/** A course a title is for, as the buy list and the title's API show it. */
export interface CourseJson {
  course: string;
  name: string | null;
  term: string | null;
  enrolment: number | null;
  /** null for a request for the course, which says no importance */
  importance: CourseDemand['importance'] | null;
  source: CourseDemand['source'];
}

export function courseJson(d: CourseDemand): CourseJson {
  return {
    course: d.course,
    name: d.name,
    term: d.term || null,
    enrolment: d.enrolment,
    importance: d.source === 'request' ? null : d.importance,
    source: d.source,
  };
}

/** Stored components with any a later release added (scored before it existed) as contributing nothing. */
function everyComponent(stored: Partial<Score['components']>): Score['components'] {
  return Object.fromEntries(
    COMPONENTS.map((name) => [name, stored[name] ?? { value: null, contribution: 0 }]),
  ) as Score['components'];
}

/** A department's or fund's titles: those in the departments' disciplines, and those their members asked for. */
function departmentScope(departments: string[]): SQL {
  const list = JSON.stringify(departments);
  return sql`(t.discipline IN (SELECT discipline FROM department_disciplines WHERE department_code IN (SELECT value FROM json_each(${list})))
              OR EXISTS (SELECT 1 FROM suggestions s WHERE s.title_id = t.id
                         AND s.department_code IN (SELECT value FROM json_each(${list}))))`;
}

/** The list's other conditions: the selector's own, a discipline, an assignee, a format. */
function filterCondition(query: BuyListQuery): SQL {
  const parts: SQL[] = [];
  if (query.assignment) parts.push(assignmentScope(query.assignment));
  if (query.discipline) parts.push(sql`t.discipline = ${query.discipline}`);
  if (query.assignee !== undefined) parts.push(sql`t.assignee_id = ${query.assignee}`);
  if (query.format)
    parts.push(sql`EXISTS (SELECT 1 FROM suggestions s WHERE s.title_id = t.id AND s.format = ${query.format})`);
  return parts.length ? sql.join(parts, sql` AND `) : sql`1`;
}

/**
 * departmentScope within a stage, each part read by an index: the stage's titles in the
 * departments' disciplines, and every title their members asked for (in any stage: whoever
 * joins these to the titles keeps those of the stage, and checks each candidate's stage in
 * `titles_stage_id_idx`, or its status in `titles_status_id_idx`, a twentieth of the table's
 * pages, not in the table's wide rows). Counting a department's list from these rather than
 * checking every title of the stage is what keeps its page fast at 100,000 open titles
 * (docs/performance.md). The first part names its index: given two that begin with the stage,
 * SQLite would read this one by the other, without the discipline.
 */
function scopeCandidates(departments: string[], stage: WorkflowStatus['stage']): SQL {
  const list = JSON.stringify(departments);
  return sql`SELECT id FROM titles INDEXED BY titles_stage_discipline_idx WHERE stage = ${stage}
               AND discipline IN (SELECT discipline FROM department_disciplines WHERE department_code IN (SELECT value FROM json_each(${list})))
             UNION SELECT title_id FROM suggestions WHERE department_code IN (SELECT value FROM json_each(${list}))`;
}

/**
 * The titles a search finds (the title aliased `t`): an ISBN in any form (hyphens, ISBN-10) is
 * that ISBN; digits alone are part of one; else words of the title or the author, or, for a reader
 * who may see who asked, of a requester's name, address or library id.
 */
function searchCondition(search: { text: string; requesters: boolean }): SQL {
  const isbn = toIsbn13(search.text);
  if (isbn) return sql`(t.isbn13 = ${isbn})`;
  const digits = search.text.replace(/[\s-]/g, '');
  if (/^\d{3,13}$/.test(digits)) return sql`(t.isbn13 LIKE ${`%${digits}%`})`;
  const has = (column: SQL) => containsText(column, search.text);
  const parts = [has(sql`t.title`), has(sql`t.author`)];
  if (search.requesters) {
    parts.push(sql`EXISTS (SELECT 1 FROM suggestions s JOIN patrons p ON p.id = s.patron_id WHERE s.title_id = t.id
                   AND (${has(sql`p.display_name`)} OR ${has(sql`p.email`)} OR ${has(sql`p.external_id`)}))`);
  }
  return sql`(${sql.join(parts, sql` OR `)})`;
}

/** The disciplines of titles not yet closed, to narrow a buy list to, named and sorted in the reader's language. */
export async function openDisciplines(deps: Deps, locale: Locale): Promise<{ code: string; name: string }[]> {
  const used = await deps.db.orm.all<{ discipline: string }>(
    sql`SELECT DISTINCT discipline FROM titles WHERE discipline IS NOT NULL AND stage != 'closed'`,
  );
  const inUse = new Set(used.map((u) => u.discipline));
  return deps.classification.disciplines
    .filter((d) => inUse.has(d.code))
    .map((d) => ({ code: d.code, name: d.names[locale] || d.names.en }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
}

async function departmentsOf(deps: Deps, query: BuyListQuery): Promise<Department[]> {
  const rows = query.department
    ? [await findDepartment(deps.db, query.department)].filter((d) => d !== undefined)
    : await departmentsOfFund(deps.db, query.fund ?? '');
  if (rows.length === 0) {
    throw new ApiError(
      'not-found',
      query.department
        ? `There is no department ${query.department}.`
        : `No department draws on the fund ${query.fund}.`,
    );
  }
  return rows;
}

type GivenEdition = Pick<BuyListRow, 'publisher' | 'year' | 'edition' | 'series'>;

/** What requesters said of the edition they mean, each part from the first of them who gave it. */
async function givenEditionsOf(deps: Deps, ids: number[]): Promise<Map<number, GivenEdition>> {
  const rows = await deps.db.orm.all<{ title_id: number } & GivenEdition>(
    sql`SELECT title_id, publisher, published_year AS year, edition, series FROM suggestions
        WHERE title_id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))
          AND coalesce(publisher, published_year, edition, series) IS NOT NULL
        ORDER BY id`,
  );
  const given = new Map<number, GivenEdition>();
  for (const { title_id, ...said } of rows) {
    const first = given.get(title_id);
    given.set(title_id, {
      publisher: first?.publisher ?? said.publisher,
      year: first?.year ?? said.year,
      edition: first?.edition ?? said.edition,
      series: first?.series ?? said.series,
    });
  }
  return given;
}

/**
 * The format most of each title's requesters asked for; a tie goes to the first of FORMATS
 * (print), and a title only reading lists asked for has none.
 */
async function formatsOf(deps: Deps, ids: number[]): Promise<Map<number, Format>> {
  const rows = await deps.db.orm.all<{ title_id: number; format: Format; n: number }>(
    sql`SELECT title_id, format, count(*) AS n FROM suggestions
        WHERE title_id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))
        GROUP BY title_id, format`,
  );
  const rank = (f: Format) => FORMATS.indexOf(f);
  const best = new Map<number, { format: Format; n: number }>();
  for (const r of rows) {
    const now = best.get(r.title_id);
    if (!now || r.n > now.n || (r.n === now.n && rank(r.format) < rank(now.format)))
      best.set(r.title_id, { format: r.format, n: r.n });
  }
  return new Map([...best].map(([id, b]) => [id, b.format]));
}

/**
 * The department a title's cost is charged to, so that one purchase is committed against one
 * budget (the title aliased `t`):
 * 1. the department whose disciplines include the title's (subject funds pay for their subject);
 *    of several (statistics is read by CS and MATH), the one whose member asked first, else the
 *    first by code;
 * 2. for a title in no department's disciplines, or not yet classified, the department of its
 *    first requester that has one: the reader's department pays for what it alone wants;
 * 3. else none: the cost counts toward the whole library's total only.
 * A selector's buy list for a department still shows titles charged elsewhere that its members
 * asked for: demand is shown where it comes from, money is spent once.
 */
export const CHARGED_DEPARTMENT = sql`coalesce(
  (SELECT s.department_code FROM suggestions s
   WHERE s.title_id = t.id
     AND s.department_code IN (SELECT dd.department_code FROM department_disciplines dd WHERE dd.discipline = t.discipline)
   ORDER BY s.created_at, s.id LIMIT 1),
  (SELECT min(dd.department_code) FROM department_disciplines dd WHERE dd.discipline = t.discipline),
  (SELECT s.department_code FROM suggestions s JOIN departments d ON d.code = s.department_code
   WHERE s.title_id = t.id ORDER BY s.created_at, s.id LIMIT 1))`;
