// Pooled titles: what staff review, with who asked for them and everything that happened.
import { and, asc, desc, eq, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { Deps, Principal } from '../context.js';
import { runAtomic } from '../db/db.js';
import { prepared } from '../db/prepared.js';
import { patrons, statusEvents, suggestions, titles } from '../db/schema.js';
import { overLimit, TEXT_LIMITS } from '../domain/text-limits.js';
import { checkMove, findStatus, type Workflow } from '../domain/workflow.js';
import { ApiError, validationError } from '../errors.js';
import { statusChangeSteps } from './status-changes.js';

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
  noteToStaff: string | null;
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
  edits: titles.edits,
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
      noteToStaff: suggestions.noteToStaff,
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
