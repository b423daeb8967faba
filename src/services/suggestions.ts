// A patron suggests a title. The suggestion pools onto the title for the same work, within
// the patron's limits, and the requester is told it arrived. All of it is one atomic write:
// the title and the suggestion are written only if the admission test passes, and every
// other step only if the suggestion was, so two requests racing each other (the same patron
// twice, or a patron at their limit) cannot both get in.
import { and, desc, eq, inArray, lt, type Query, type SQL, sql } from 'drizzle-orm';
import type { Deps, Principal } from '../context.js';
import { type Orm, runAtomic } from '../db/db.js';
import { CHANNELS, FORMATS, patrons, suggestions, titles } from '../db/schema.js';
import { mayRequestForCourse } from '../domain/course.js';
import { detailProblems, type RequestDetailsToCheck } from '../domain/request-details.js';
import { parseIsbn } from '../domain/isbn.js';
import { isbnWorkKey, normalizeTitle, titleAuthorWorkKey } from '../domain/work-key.js';
import { IN_COLLECTION, INITIAL_STATUS, reopensOnRequest, type Workflow } from '../domain/workflow.js';
import { catalogueLink } from '../domain/catalogue-link.js';
import { ApiError, validationError } from '../errors.js';
import { heldCopies } from './enrichment/holdings.js';
import { prepared } from '../db/prepared.js';
import { enqueueStep } from '../jobs/queue.js';
import { queueMessageStep } from './notifications/outbox.js';
import { statusEventStep, statusMoveSteps } from './status-changes.js';
import { compileStep, newOrderedId, sqlList } from '../db/sql.js';
import { guardValues, limitGuard, limitsOf, refuseIfOverLimit } from './suggestion-limits.js';
import { type TitleRow, titleColumns } from './titles.js';

export interface SuggestionInput {
  isbn?: string | undefined;
  title?: string | undefined;
  author?: string | undefined;
  format: (typeof FORMATS)[number];
  reason?: string | undefined;
  needBy?: string | undefined;
  wantsHold: boolean;
  publisher?: string | undefined;
  year?: number | undefined;
  edition?: string | undefined;
  series?: string | undefined;
  pickupBranch?: string | undefined;
  noteToStaff?: string | undefined;
  /** the course it is for: faculty and liaisons only */
  course?: { code: string; term: string; enrolment: number } | undefined;
}

export type Channel = (typeof CHANNELS)[number];

/** What a requester says of their own request, beyond the book: theirs to change until it is reviewed. */
export const REQUEST_DETAILS = [
  'format',
  'reason',
  'needBy',
  'wantsHold',
  'publisher',
  'year',
  'edition',
  'series',
  'pickupBranch',
  'noteToStaff',
] as const satisfies readonly (keyof SuggestionInput)[];
export type RequestDetails = Pick<SuggestionInput, (typeof REQUEST_DETAILS)[number]>;

/** Refuse, field by field, details the library does not offer or the calendar rules out. */
export function refuseDetails(deps: Deps, details: RequestDetailsToCheck): void {
  const offer = { formats: deps.config.FORMATS, branches: deps.config.PICKUP_BRANCHES.map((b) => b.code) };
  const problems = detailProblems(details, deps.clock(), offer);
  if (problems.length) {
    throw validationError(problems.map((p) => ({ pointer: `/${p.field}`, detail: p.detail, problem: p.problem })));
  }
}

/** What the patron asked for, reduced to the key of the work and the ISBN-13, or why not. */
export function identifyWork(input: Pick<SuggestionInput, 'isbn' | 'title' | 'author'>) {
  if (input.isbn !== undefined && input.isbn.trim() !== '') {
    const parsed = parseIsbn(input.isbn);
    if (!parsed.ok) {
      const hint = parsed.candidates.length ? ` Did you mean ${parsed.candidates.join(' or ')}?` : '';
      throw validationError([
        { pointer: '/isbn', detail: parsed.message + hint, problem: parsed.reason, candidates: parsed.candidates },
      ]);
    }
    return { workKey: isbnWorkKey(parsed.isbn13), isbn13: parsed.isbn13 };
  }
  if (!input.title?.trim()) {
    throw validationError([{ pointer: '/isbn', detail: 'Give an ISBN, or a title (and author if you know it).' }]);
  }
  if (normalizeTitle(input.title) === '') {
    throw validationError([{ pointer: '/title', detail: 'The title needs at least one letter or digit.' }]);
  }
  return { workKey: titleAuthorWorkKey(input.title, input.author), isbn13: null };
}

/** Where a patron finds a book the library already has, as far as it is known. */
export interface HeldBook {
  items: number;
  /** call number and location; null when the title is in the collection but its copies are not yet catalogued here */
  where: string | null;
  callNumber: string | null;
  location: string | null;
  /** the book's page in the library's catalogue, when CATALOGUE_URL says how to reach it */
  catalogueUrl: string | null;
  /** the ILS's record of the copies, when the holdings import knew it: what a hold is placed on */
  recordId: string | null;
}

/** A held book as the API tells it (lookup, and the refusal at intake). */
export function heldJson(held: HeldBook): Pick<HeldBook, 'items' | 'where' | 'catalogueUrl'> {
  return { items: held.items, where: held.where, catalogueUrl: held.catalogueUrl };
}

/**
 * Does the library already have this book? Its catalogue holds copies of the ISBN, or the title
 * is in the collection (bought and on the shelf, or found held). Such a book is not suggested:
 * the patron is told where it is. The form's lookup and the intake both ask here.
 */
export async function heldByLibrary(
  deps: Deps,
  work: { workKey: string; isbn13: string | null },
): Promise<HeldBook | null> {
  const copies = work.isbn13 ? (await heldCopies(deps.db, [work.isbn13])).get(work.isbn13) : undefined;
  const link = (recordId: string | null) => catalogueLink(deps.config.CATALOGUE_URL, { isbn13: work.isbn13, recordId });
  if (copies && copies.items > 0) {
    const { items, where, callNumber, location, recordId } = copies;
    return { items, where, callNumber, location, recordId, catalogueUrl: link(recordId) };
  }
  const title = await prepared(deps.db, 'title-in-collection', (orm) =>
    orm
      .select({ heldItems: titles.heldItems, heldWhere: titles.heldWhere })
      .from(titles)
      .where(and(eq(titles.workKey, sql.placeholder('workKey')), inArray(titles.status, [...IN_COLLECTION])))
      .prepare(),
  ).get({ workKey: work.workKey });
  return title
    ? {
        items: title.heldItems,
        where: title.heldWhere,
        callNumber: null,
        location: null,
        recordId: null,
        catalogueUrl: link(null),
      }
    : null;
}

/** The values one suggestion binds to the intake statements. */
interface IntakeValues extends Record<string, unknown> {
  workKey: string;
  isbn13: string | null;
  title: string | null;
  author: string | null;
  at: number;
  patronId: number;
  departmentCode: string | null;
  category: string;
  locale: string;
  openCap: number | null;
  recentCap: number | null;
  since: number;
  requestId: string;
  format: string;
  reason: string | null;
  needBy: string | null;
  wantsHold: number;
  publisher: string | null;
  publishedYear: number | null;
  edition: string | null;
  series: string | null;
  pickupBranch: string | null;
  noteToStaff: string | null;
  channel: Channel;
  givenIsbn: string | null;
  courseCode: string | null;
  courseTerm: string | null;
  courseEnrolment: number | null;
  role: string;
  actor: string;
  eventId: string;
  reopenId: string;
  receivedId: string;
  receivedKey: string;
}

const intakeCache = new WeakMap<Workflow, ((values: IntakeValues) => Query)[]>();

/**
 * The statements of one suggestion, as one atomic write, compiled once per workflow (every
 * request runs the same SQL; building it anew each time cost more than running it).
 *
 * The admission test: not already suggested by this patron, and within both limits. The title
 * and the suggestion are written only if it passes; every later step asks only whether this
 * request's suggestion was written, one indexed lookup.
 */
function intakeSteps(workflow: Workflow): ((values: IntakeValues) => Query)[] {
  const cached = intakeCache.get(workflow);
  if (cached) return cached;
  const v = (name: keyof IntakeValues & string) => sql.placeholder(name);
  const reopenable = reopensOnRequest(workflow);

  const admitted = sql`(
    NOT EXISTS (SELECT 1 FROM suggestions s JOIN titles t ON t.id = s.title_id
                WHERE s.patron_id = ${v('patronId')} AND t.work_key = ${v('workKey')})
    AND ${limitGuard(workflow, { patronId: v('patronId'), openCap: v('openCap'), recentCap: v('recentCap'), since: v('since') })}
  )`;
  const written = sql`EXISTS (SELECT 1 FROM suggestions WHERE request_id = ${v('requestId')})`;
  const isNew = sql`NOT EXISTS (SELECT 1 FROM status_events e WHERE e.title_id = t.id)`;

  const steps: SQL[] = [
    sql`INSERT INTO titles (work_key, isbn13, title, author, status, status_changed_at, requester_count, created_at, updated_at)
        SELECT ${v('workKey')}, ${v('isbn13')}, ${v('title')}, ${v('author')}, ${INITIAL_STATUS}, ${v('at')}, 0, ${v('at')}, ${v('at')}
        WHERE ${admitted}
        ON CONFLICT (work_key) DO NOTHING`,
    sql`INSERT INTO suggestions (request_id, title_id, patron_id, department_code, category, format, reason, need_by,
                                 wants_hold, channel, given_isbn, given_title, given_author,
                                 course_code, course_term, course_enrolment,
                                 publisher, published_year, edition, series, pickup_branch, note_to_staff, created_at)
        SELECT ${v('requestId')}, t.id, ${v('patronId')}, ${v('departmentCode')}, ${v('category')}, ${v('format')},
               ${v('reason')}, ${v('needBy')}, ${v('wantsHold')}, ${v('channel')},
               ${v('givenIsbn')}, ${v('title')}, ${v('author')},
               ${v('courseCode')}, ${v('courseTerm')}, ${v('courseEnrolment')},
               ${v('publisher')}, ${v('publishedYear')}, ${v('edition')}, ${v('series')}, ${v('pickupBranch')},
               ${v('noteToStaff')}, ${v('at')}
        FROM titles t WHERE t.work_key = ${v('workKey')} AND ${admitted}`,
    // A brand-new title's history starts with this request.
    statusEventStep(
      {
        id: v('eventId'),
        titleId: sql`t.id`,
        from: null,
        to: INITIAL_STATUS,
        actorRole: v('role'),
        actor: v('actor'),
        reason: null,
        at: v('at'),
      },
      sql`FROM titles t WHERE t.work_key = ${v('workKey')} AND ${written} AND ${isNew}`,
    ),
  ];

  if (reopenable.length) {
    // A title once rejected or cancelled goes back to the selectors when someone new asks:
    // demand has changed since the decision. Its earlier requesters hear of it too.
    const reason = 'reopened by a new request';
    steps.push(
      ...statusMoveSteps({
        eventId: v('reopenId'),
        titles: sql`t.work_key = ${v('workKey')} AND t.status IN ${sqlList(reopenable)} AND ${written}`,
        to: INITIAL_STATUS,
        toStage: 'pending',
        reason,
        actorRole: 'system',
        actor: 'system',
        at: v('at'),
        payload: sql`json_object('from', t.status, 'to', ${INITIAL_STATUS}, 'reason', ${reason})`,
        told: sql`s.request_id != ${v('requestId')}`,
      }),
    );
  }

  steps.push(
    // A title nobody has looked up yet is queued for enrichment, off the request path.
    enqueueStep(
      'enrich',
      sql`SELECT CAST(t.id AS TEXT) AS subject FROM titles t WHERE t.work_key = ${v('workKey')} AND t.enriched_at IS NULL AND ${written}`,
      v('at'),
    ),
    // Its demand changed: the title is scored again within seconds.
    enqueueStep(
      'rescore',
      sql`SELECT CAST(t.id AS TEXT) AS subject FROM titles t WHERE t.work_key = ${v('workKey')} AND ${written}`,
      v('at'),
    ),
    // "We received your suggestion": tells the patron at once if the library already holds it.
    queueMessageStep(
      {
        id: v('receivedId'),
        dedupeKey: v('receivedKey'),
        patronId: v('patronId'),
        titleId: sql`t.id`,
        kind: 'suggestion_received',
        locale: v('locale'),
        payload: sql`json_object('status', t.status)`,
        at: v('at'),
      },
      sql`FROM titles t WHERE t.work_key = ${v('workKey')} AND ${written}`,
    ),
    // The pooled count staff sort by, and a title or author for an ISBN-only title.
    sql`UPDATE titles SET
          requester_count = (SELECT count(*) FROM suggestions s WHERE s.title_id = titles.id),
          title = coalesce(title, ${v('title')}), author = coalesce(author, ${v('author')}), updated_at = ${v('at')}
        WHERE work_key = ${v('workKey')} AND ${written}`,
  );

  const compiled = steps.map((step) => compileStep<IntakeValues>(step));
  intakeCache.set(workflow, compiled);
  return compiled;
}

export async function createSuggestion(
  deps: Deps,
  principal: Principal,
  input: SuggestionInput,
  channel: Channel,
): Promise<SuggestionRow> {
  const patron = principal.patron;
  if (!patron) {
    throw new ApiError('forbidden', 'This token speaks for no patron, so it cannot suggest; make one with --patron.');
  }
  const { db, workflow } = deps;
  const now = deps.clock();
  if (input.course && !mayRequestForCourse(principal.role, patron.category)) {
    throw validationError([
      {
        pointer: '/course',
        detail:
          'Only faculty and liaisons can suggest a title for a course; leave the course out, and say why in the reason.',
        problem: 'not-teaching',
      },
    ]);
  }
  const { workKey, isbn13 } = identifyWork(input);
  refuseDetails(deps, input);
  const held = await heldByLibrary(deps, { workKey, isbn13 });
  if (held) {
    // A patron who asked before goes to their own suggestion, which says where the book is.
    await refuseIfDuplicate(deps, patron.id, workKey);
    throw new ApiError(
      'already-held',
      held.where
        ? `The library already has this book (${held.where}), so it is not suggested.`
        : 'The library already has this book, so it is not suggested.',
      heldJson(held),
    );
  }
  const limits = guardValues(limitsOf(deps), now);
  const title = input.title?.trim() || null;
  const author = input.author?.trim() || null;
  const requestId = newOrderedId();
  const values: IntakeValues = {
    workKey,
    isbn13,
    title,
    author,
    at: now.getTime(),
    patronId: patron.id,
    departmentCode: patron.departmentCode,
    category: patron.category,
    locale: patron.locale,
    openCap: limits.openCap,
    recentCap: limits.recentCap,
    since: limits.since,
    requestId,
    format: input.format,
    reason: input.reason ?? null,
    needBy: input.needBy ?? null,
    wantsHold: input.wantsHold ? 1 : 0,
    publisher: input.publisher ?? null,
    publishedYear: input.year ?? null,
    edition: input.edition ?? null,
    series: input.series ?? null,
    pickupBranch: input.pickupBranch ?? null,
    noteToStaff: input.noteToStaff ?? null,
    channel,
    givenIsbn: input.isbn ?? null,
    courseCode: input.course?.code ?? null,
    courseTerm: input.course?.term ?? null,
    courseEnrolment: input.course?.enrolment ?? null,
    role: principal.role,
    actor: principal.actor,
    eventId: newOrderedId(),
    reopenId: newOrderedId(),
    receivedId: newOrderedId(),
    receivedKey: `received:${requestId}`,
  };
  const steps = intakeSteps(workflow).map((step) => step(values));
  await runAtomic(db, steps);

  // The read-back is the suggestion as the caller shows it, so it is read once.
  const stored = await prepared(db, 'suggestion-by-request', (orm) =>
    selectSuggestions(orm)
      .where(eq(suggestions.requestId, sql.placeholder('requestId')))
      .prepare(),
  ).get({ requestId });
  if (stored) return stored;

  // Nothing was written: the admission test said no. Say why, in the patron's terms.
  await refuseIfDuplicate(deps, patron.id, workKey);
  await refuseIfOverLimit(deps, patron.id, now);
  throw new Error(`suggestion ${requestId} was neither written nor refused`);
}

async function refuseIfDuplicate(deps: Deps, patronId: number, workKey: string): Promise<void> {
  const existing = await deps.db.orm
    .select({ id: suggestions.id, titleId: titles.id })
    .from(suggestions)
    .innerJoin(titles, eq(titles.id, suggestions.titleId))
    .where(and(eq(suggestions.patronId, patronId), eq(titles.workKey, workKey)))
    .get();
  if (existing) {
    throw new ApiError(
      'duplicate-suggestion',
      `You suggested this title before (suggestion ${existing.id}); its status page shows where it stands.`,
      { suggestionId: existing.id, titleId: existing.titleId },
    );
  }
}

export interface SuggestionFilter {
  patronId?: number | undefined;
  status?: string | undefined;
  departmentCode?: string | undefined;
  cursor?: number | undefined;
  limit: number;
}

// The columns of a suggestion as the API shows it, with its title and requester.
const suggestionColumns = {
  id: suggestions.id,
  patronId: suggestions.patronId,
  category: suggestions.category,
  departmentCode: suggestions.departmentCode,
  format: suggestions.format,
  reason: suggestions.reason,
  needBy: suggestions.needBy,
  wantsHold: suggestions.wantsHold,
  channel: suggestions.channel,
  givenIsbn: suggestions.givenIsbn,
  givenTitle: suggestions.givenTitle,
  givenAuthor: suggestions.givenAuthor,
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
  title: titleColumns,
  patron: { externalId: patrons.externalId, displayName: patrons.displayName, email: patrons.email },
};

/** A suggestion as the API and the pages show it: the columns above, typed by the tables. */
export type SuggestionRow = Pick<
  typeof suggestions.$inferSelect,
  Exclude<keyof typeof suggestionColumns, 'title' | 'patron'>
> & {
  title: TitleRow;
  patron: Pick<typeof patrons.$inferSelect, keyof typeof suggestionColumns.patron>;
};

/** Newest first; `cursor` is the id of the last suggestion of the previous page. */
export async function listSuggestions(deps: Deps, filter: SuggestionFilter): Promise<SuggestionRow[]> {
  const where = [
    filter.patronId === undefined ? undefined : eq(suggestions.patronId, filter.patronId),
    filter.status === undefined ? undefined : eq(titles.status, filter.status),
    filter.departmentCode === undefined ? undefined : eq(suggestions.departmentCode, filter.departmentCode),
    filter.cursor === undefined ? undefined : lt(suggestions.id, filter.cursor),
  ];
  return selectSuggestions(deps.db.orm)
    .where(and(...where))
    .orderBy(desc(suggestions.id))
    .limit(filter.limit)
    .all();
}

export async function getSuggestion(deps: Deps, id: number): Promise<SuggestionRow | undefined> {
  return prepared(deps.db, 'suggestion-by-id', (orm) =>
    selectSuggestions(orm)
      .where(eq(suggestions.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id });
}

function selectSuggestions(orm: Orm) {
  return orm
    .select(suggestionColumns)
    .from(suggestions)
    .innerJoin(titles, eq(titles.id, suggestions.titleId))
    .innerJoin(patrons, eq(patrons.id, suggestions.patronId));
}
