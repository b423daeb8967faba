// Pooled titles: what staff review, with who asked for them and everything that happened.
import { and, asc, desc, eq, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { Deps, Principal } from '../context.js';
import { runAtomic } from '../db/db.js';
import { prepared } from '../db/prepared.js';
import { newId } from '../db/sql.js';
import { patrons, statusEvents, suggestions, titles } from '../db/schema.js';
import { parseIsbn } from '../domain/isbn.js';
import { isbnWorkKey } from '../domain/work-key.js';
import { overLimit, TEXT_LIMITS } from '../domain/text-limits.js';
import { checkMove, findStatus, type Workflow } from '../domain/workflow.js';
import { ApiError, validationError } from '../errors.js';
import { enqueueStep } from '../jobs/queue.js';
import { statusChangeSteps, statusEventStep } from './status-changes.js';

export interface DemandBreakdown {
  byCategory: Record<string, number>;
  byDepartment: Record<string, number>;
}

export interface HistoryEntry {
  from: string | null;
  to: string;
  at: Date;
  reason: string | null;
  actorRole: string;
  actor: string;
}

export interface Requester {
  suggestionId: number;
  patronId: number;
  externalId: string;
  displayName: string | null;
  email: string | null;
  category: string;
  departmentCode: string | null;
  format: string;
  reason: string | null;
  needBy: string | null;
  wantsHold: boolean;
  channel: string;
  courseCode: string | null;
  courseTerm: string | null;
  courseEnrolment: number | null;
  publisher: string | null;
  publishedYear: number | null;
  edition: string | null;
  series: string | null;
  pickupBranch: string | null;
  staffNote: string | null;
  createdAt: Date;
}

export const titleColumns = {
  id: titles.id,
  isbn13: titles.isbn13,
  title: titles.title,
  author: titles.author,
  status: titles.status,
  statusChangedAt: titles.statusChangedAt,
  requesterCount: titles.requesterCount,
  createdAt: titles.createdAt,
  updatedAt: titles.updatedAt,
  metadata: titles.metadata,
  discipline: titles.discipline,
  priceCents: titles.priceCents,
  priceCurrency: titles.priceCurrency,
  heldItems: titles.heldItems,
  heldWhere: titles.heldWhere,
  proposal: titles.proposal,
  enrichedAt: titles.enrichedAt,
};

/**
 * A title as the service reads it: the columns above, typed by the table (metadata is JSON of
 * MergedMetadata, proposal JSON of Proposal).
 */
export type TitleRow = Pick<typeof titles.$inferSelect, keyof typeof titleColumns>;

export interface TitleFilter {
  status?: string | undefined;
  departmentCode?: string | undefined;
  cursor?: number | undefined;
  limit: number;
}

/** Newest first; `cursor` is the id of the last title of the previous page. */
export async function listTitles(deps: Deps, filter: TitleFilter): Promise<TitleRow[]> {
  const where: (SQL | undefined)[] = [
    filter.status === undefined ? undefined : eq(titles.status, filter.status),
    filter.cursor === undefined ? undefined : lt(titles.id, filter.cursor),
    filter.departmentCode === undefined ? undefined : askedForBy(filter.departmentCode),
  ];
  return deps.db.orm
    .select(titleColumns)
    .from(titles)
    .where(and(...where))
    .orderBy(desc(titles.id))
    .limit(filter.limit)
    .all();
}

/** One title; with `departmentCode`, only if someone of that department asked for it. */
export async function getTitle(
  deps: Deps,
  id: number,
  filter: { departmentCode?: string | undefined } = {},
): Promise<TitleRow | undefined> {
  const inDepartment = filter.departmentCode === undefined ? undefined : askedForBy(filter.departmentCode);
  return deps.db.orm
    .select(titleColumns)
    .from(titles)
    .where(and(eq(titles.id, id), inDepartment))
    .get();
}

/** A title someone of the department asked for: what the department's liaison may see. */
function askedForBy(departmentCode: string): SQL {
  return sql`EXISTS (SELECT 1 FROM suggestions s WHERE s.title_id = ${titles.id} AND s.department_code = ${departmentCode})`;
}

/** Requesters counted by category and by department, for each of the given titles. */
export async function demandBreakdown(deps: Deps, titleIds: number[]): Promise<Map<number, DemandBreakdown>> {
  const out = new Map<number, DemandBreakdown>(titleIds.map((id) => [id, { byCategory: {}, byDepartment: {} }]));
  if (titleIds.length === 0) return out;
  const rows = await deps.db.orm
    .select({
      titleId: suggestions.titleId,
      category: suggestions.category,
      departmentCode: suggestions.departmentCode,
      n: sql<number>`count(*)`,
    })
    .from(suggestions)
    .where(inArray(suggestions.titleId, titleIds))
    .groupBy(suggestions.titleId, suggestions.category, suggestions.departmentCode)
    .all();
  for (const row of rows) {
    const entry = out.get(row.titleId)!;
    entry.byCategory[row.category] = (entry.byCategory[row.category] ?? 0) + row.n;
    const dept = row.departmentCode ?? 'none';
    entry.byDepartment[dept] = (entry.byDepartment[dept] ?? 0) + row.n;
  }
  return out;
}

export async function titleHistory(deps: Deps, titleId: number): Promise<HistoryEntry[]> {
  return prepared(deps.db, 'title-history', (orm) =>
    orm
      .select({
        from: statusEvents.fromStatus,
        to: statusEvents.toStatus,
        at: statusEvents.at,
        reason: statusEvents.reason,
        actorRole: statusEvents.actorRole,
        actor: statusEvents.actor,
      })
      .from(statusEvents)
      .where(eq(statusEvents.titleId, sql.placeholder('titleId')))
      .orderBy(asc(statusEvents.at), asc(sql`rowid`))
      .prepare(),
  ).all({ titleId });
}

export async function titleRequesters(deps: Deps, titleId: number): Promise<Requester[]> {
  return deps.db.orm
    .select({
      suggestionId: suggestions.id,
      patronId: suggestions.patronId,
      externalId: patrons.externalId,
      displayName: patrons.displayName,
      email: patrons.email,
      category: suggestions.category,
      departmentCode: suggestions.departmentCode,
      format: suggestions.format,
      reason: suggestions.reason,
      needBy: suggestions.needBy,
      wantsHold: suggestions.wantsHold,
      channel: suggestions.channel,
      courseCode: suggestions.courseCode,
      courseTerm: suggestions.courseTerm,
      courseEnrolment: suggestions.courseEnrolment,
      publisher: suggestions.publisher,
      publishedYear: suggestions.publishedYear,
      edition: suggestions.edition,
      series: suggestions.series,
      pickupBranch: suggestions.pickupBranch,
      staffNote: suggestions.staffNote,
      createdAt: suggestions.createdAt,
    })
    .from(suggestions)
    .innerJoin(patrons, eq(patrons.id, suggestions.patronId))
    .where(eq(suggestions.titleId, titleId))
    .orderBy(asc(suggestions.id))
    .all();
}

/**
 * Move a title through the workflow. The event, one outbox message per requester, and the
 * status itself are written together, and only if the title is still in the status the
 * selector saw: of two selectors acting at once, the second gets a 409, not a double move.
 */
export async function changeStatus(
  deps: Deps,
  principal: Principal,
  titleId: number,
  to: string,
  reason: string | null,
): Promise<void> {
  const current = await getTitle(deps, titleId);
  if (!current) throw new ApiError('not-found', `There is no title ${titleId}.`);
  const from = current.status;
  // The API's schema stops a long reason before here; the buy list's form does not have one.
  const tooLong = reason === null ? null : overLimit('reason', reason);
  if (tooLong) {
    throw validationError([
      { pointer: '/reason', detail: `${tooLong}.`, problem: 'too-long', maxLength: TEXT_LIMITS.reason },
    ]);
  }
  const check = checkMove(deps.workflow, from, to, reason);
  if (!check.ok) {
    if (check.problem === 'forbidden-move') {
      throw new ApiError('forbidden-move', check.message, { from, to, allowed: deps.workflow.moves[from] ?? [] });
    }
    const pointer = check.problem === 'reason-required' ? '/reason' : '/status';
    throw validationError([{ pointer, detail: check.message }]);
  }

  const { eventId, steps } = statusChangeSteps({
    titleId,
    from,
    to,
    toStage: findStatus(deps.workflow, to)!.stage,
    reason,
    actorRole: principal.role,
    actor: principal.actor,
    at: deps.clock().getTime(),
  });
  await runAtomic(deps.db, steps);

  const written = await deps.db.orm
    .select({ id: statusEvents.id })
    .from(statusEvents)
    .where(eq(statusEvents.id, eventId))
    .get();
  if (!written) {
    const now = await getTitle(deps, titleId);
    throw new ApiError(
      'forbidden-move',
      `Someone changed this title to ${now?.status ?? 'another status'} a moment ago; reload and try again.`,
      { from, to, current: now?.status ?? null },
    );
  }
}

/**
 * Staff confirm the edition of a title suggested without an ISBN (usually the one enrichment
 * proposed). If another title already has that ISBN, the two are the same work: the requests
 * pool onto the one with the ISBN (a patron who asked for both keeps one request), its history
 * gains the other's, and the ISBN-less title is gone. Otherwise the title takes the ISBN and
 * is looked up again.
 */
export async function confirmIsbn(deps: Deps, principal: Principal, titleId: number, isbn: string): Promise<number> {
  const parsed = parseIsbn(isbn);
  if (!parsed.ok) throw validationError([{ pointer: '/isbn', detail: parsed.message, candidates: parsed.candidates }]);
  const source = await getTitle(deps, titleId);
  if (!source) throw new ApiError('not-found', `There is no title ${titleId}.`);
  if (source.isbn13) {
    throw new ApiError('forbidden-move', `Title ${titleId} already has the ISBN ${source.isbn13}.`, {
      isbn13: source.isbn13,
    });
  }
  const workKey = isbnWorkKey(parsed.isbn13);
  const target = await deps.db.orm.select({ id: titles.id }).from(titles).where(eq(titles.workKey, workKey)).get();
  const at = deps.clock().getTime();
  // A note in the title's history, at the status it has.
  const event = (onTitle: number, reason: string) =>
    statusEventStep(
      {
        id: newId(),
        titleId: sql`id`,
        from: sql`status`,
        to: sql`status`,
        actorRole: principal.role,
        actor: principal.actor,
        reason,
        at,
      },
      sql`FROM titles WHERE id = ${onTitle}`,
    );

  if (!target) {
    await runAtomic(deps.db, [
      sql`UPDATE titles SET work_key = ${workKey}, isbn13 = ${parsed.isbn13}, proposal = NULL, enriched_at = NULL, updated_at = ${at}
          WHERE id = ${titleId} AND isbn13 IS NULL`,
      event(titleId, `edition confirmed: ISBN ${parsed.hyphenated}`),
      enqueueStep('enrich', sql`SELECT ${String(titleId)} AS subject`, deps.clock()),
    ]);
    return titleId;
  }

  await runAtomic(deps.db, [
    sql`UPDATE suggestions SET title_id = ${target.id}
        WHERE title_id = ${titleId} AND patron_id NOT IN (SELECT patron_id FROM suggestions WHERE title_id = ${target.id})`,
    sql`DELETE FROM suggestions WHERE title_id = ${titleId}`,
    // A course's reading list keeps one entry per title: the one the remaining title has stands.
    sql`UPDATE course_readings SET title_id = ${target.id}
        WHERE title_id = ${titleId} AND NOT EXISTS (SELECT 1 FROM course_readings c WHERE c.title_id = ${target.id}
          AND c.course_code = course_readings.course_code AND c.term = course_readings.term)`,
    sql`DELETE FROM course_readings WHERE title_id = ${titleId}`,
    sql`UPDATE status_events SET title_id = ${target.id} WHERE title_id = ${titleId}`,
    sql`UPDATE notifications SET title_id = ${target.id} WHERE title_id = ${titleId}`,
    sql`DELETE FROM jobs WHERE kind = 'enrich' AND subject = ${String(titleId)}`,
    sql`DELETE FROM titles WHERE id = ${titleId}`,
    event(target.id, `the same edition as title ${titleId} (ISBN ${parsed.hyphenated}), whose requests it now holds`),
    sql`UPDATE titles SET requester_count = (SELECT count(*) FROM suggestions WHERE title_id = ${target.id}), updated_at = ${at}
        WHERE id = ${target.id}`,
  ]);
  return target.id;
}

/**
 * The stage of every title from its status, for the library's workflow: run at start, so a
 * workflow file that moves a status to another stage is reflected at once. Returns SQL text
 * and parameters for the Node driver's synchronous start-up. Each stage's statuses travel as
 * one JSON parameter, so the statement binds four whatever the workflow's size (D1 binds at
 * most 100); SQLite reads each list once per statement, not once per title.
 */
export function stageSyncSql(workflow: Workflow): { text: string; params: string[] } {
  const inStage = (stage: string) =>
    JSON.stringify(workflow.statuses.filter((s) => s.stage === stage).map((s) => s.code));
  const stage = `CASE WHEN status IN (SELECT value FROM json_each(?)) THEN 'pending'
    WHEN status IN (SELECT value FROM json_each(?)) THEN 'active' ELSE 'closed' END`;
  const params = [inStage('pending'), inStage('active')];
  return { text: `UPDATE titles SET stage = ${stage} WHERE stage IS NOT ${stage}`, params: [...params, ...params] };
}
