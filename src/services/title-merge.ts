// Staff put right what pooling got wrong. Two titles that are one work (an edition found
// without its ISBN, a name typed two ways) are merged: the kept title takes the other's
// requests, history and messages, and a patron who asked for both keeps one request, so they
// hear of each decision once. Requests pooled onto a title they do not belong to (another
// edition, a namesake) are split off onto a title of their own. Both are one atomic write and
// a note in the history of each title they touch. An edition enrichment proposed for a title
// asked for without an ISBN is confirmed here too (a merge, when another title has that ISBN),
// or set aside.
import { eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Deps, Principal } from '../context.js';
import { type AtomicStep, runAtomic } from '../db/db.js';
import { newId, sqlList } from '../db/sql.js';
import { ilsRecords, suggestions, titles } from '../db/schema.js';
import type { Locale } from '../domain/locale.js';
import { NOTES } from '../domain/step-reason.js';
import { titleName } from '../domain/title-name.js';
import { hyphenate, parseIsbn } from '../domain/isbn.js';
import { isbnWorkKey, oneScript } from '../domain/work-key.js';
import { INITIAL_STATUS } from '../domain/workflow.js';
import { ApiError, validationError } from '../errors.js';
import { t } from '../i18n/index.js';
import { enqueueStep } from '../jobs/queue.js';
import { statusEventStep } from './status-changes.js';
import { identifyWork } from './suggestions.js';
import { getTitle } from './titles.js';

/** What a merge or split reads of a title: its name, and the key it pools by. */
interface MergedTitle {
  id: number;
  workKey: string;
  isbn13: string | null;
  title: string | null;
  author: string | null;
}

interface MergeNote {
  actorRole: string;
  actor: string;
  at: number;
  /** the note in the kept title's history */
  reason: string;
}

/**
 * The statements that fold title `from` into title `into`: the one rule of a merge, which a
 * selector's merge, a confirmed edition that another title already has, and the upgrade's
 * re-keying all follow. Every statement holds only while `from` has not reached the ILS (the
 * ILS would keep an order for a title gone here) and `into` still exists, so a merge that
 * lost a race to an ILS push writes nothing.
 *
 * `from`'s ISBN (and so its work key) passes to `into` when `into` has none, so later requests by that
 * ISBN still pool onto the kept title.
 */
export function mergeSteps(from: Pick<MergedTitle, 'id' | 'isbn13'>, into: number, note: MergeNote): SQL[] {
  const ok = sql`NOT EXISTS (SELECT 1 FROM ils_records WHERE title_id = ${from.id})
    AND EXISTS (SELECT 1 FROM titles WHERE id = ${into})`;
  const onBoth = sql`(SELECT patron_id FROM suggestions WHERE title_id = ${into})`;
  const steps: SQL[] = [
    // A patron on both keeps the request on the kept title, with their reason if it had none.
    sql`UPDATE suggestions SET reason = (SELECT d.reason FROM suggestions d
          WHERE d.title_id = ${from.id} AND d.patron_id = suggestions.patron_id)
        WHERE title_id = ${into} AND reason IS NULL AND ${ok}`,
    sql`UPDATE suggestions SET title_id = ${into} WHERE title_id = ${from.id} AND patron_id NOT IN ${onBoth} AND ${ok}`,
    sql`UPDATE feedback SET title_id = ${into} WHERE title_id = ${from.id} AND ${ok}`,
    // The duplicate requests go; their feedback, if any, with them (the kept request's stands).
    sql`DELETE FROM feedback WHERE title_id = ${into}
          AND suggestion_id IN (SELECT id FROM suggestions WHERE title_id = ${from.id}) AND ${ok}`,
    sql`DELETE FROM suggestions WHERE title_id = ${from.id} AND ${ok}`,
    // A course's reading list keeps one entry per title: the one the kept title has stands.
    sql`UPDATE course_readings SET title_id = ${into}
        WHERE title_id = ${from.id} AND NOT EXISTS (SELECT 1 FROM course_readings c WHERE c.title_id = ${into}
          AND c.course_code = course_readings.course_code AND c.term = course_readings.term) AND ${ok}`,
    sql`DELETE FROM course_readings WHERE title_id = ${from.id} AND ${ok}`,
    sql`UPDATE status_events SET title_id = ${into} WHERE title_id = ${from.id} AND ${ok}`,
    sql`UPDATE notifications SET title_id = ${into} WHERE title_id = ${from.id} AND ${ok}`,
    // Staff's edits audit follows the history; the kept title keeps its own record and order fields.
    sql`UPDATE title_changes SET title_id = ${into} WHERE title_id = ${from.id} AND ${ok}`,
    // A liaison who endorsed both keeps one endorsement: the one the kept title has.
    sql`UPDATE endorsements SET title_id = ${into}
        WHERE title_id = ${from.id} AND actor NOT IN (SELECT actor FROM endorsements WHERE title_id = ${into}) AND ${ok}`,
    sql`DELETE FROM endorsements WHERE title_id = ${from.id} AND ${ok}`,
    sql`DELETE FROM jobs WHERE kind IN ('enrich', 'rescore') AND subject = ${String(from.id)} AND ${ok}`,
    sql`DELETE FROM titles WHERE id = ${from.id} AND ${ok}`,
  ];
  if (from.isbn13) {
    steps.push(
      sql`UPDATE titles SET work_key = ${isbnWorkKey(from.isbn13)}, isbn13 = ${from.isbn13}, proposal = NULL, enriched_at = NULL
          WHERE id = ${into} AND isbn13 IS NULL AND NOT EXISTS (SELECT 1 FROM titles WHERE id = ${from.id})`,
      enqueueStep(
        'enrich',
        sql`SELECT CAST(id AS TEXT) AS subject FROM titles WHERE id = ${into} AND enriched_at IS NULL`,
        new Date(note.at),
      ),
    );
  }
  const merged = sql`NOT EXISTS (SELECT 1 FROM titles WHERE id = ${from.id})`;
  steps.push(
    statusEventStep(
      {
        id: newId(),
        titleId: sql`id`,
        from: sql`status`,
        to: sql`status`,
        actorRole: note.actorRole,
        actor: note.actor,
        reason: note.reason,
        at: note.at,
      },
      sql`FROM titles WHERE id = ${into} AND ${merged}`,
    ),
    sql`UPDATE titles SET requester_count = (SELECT count(*) FROM suggestions WHERE title_id = ${into}), updated_at = ${note.at}
        WHERE id = ${into} AND ${merged}`,
    enqueueStep(
      'rescore',
      sql`SELECT CAST(id AS TEXT) AS subject FROM titles WHERE id = ${into} AND ${merged}`,
      new Date(note.at),
    ),
  );
  return steps;
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
      event(titleId, NOTES.editionConfirmed(parsed.hyphenated)),
      enqueueStep('enrich', sql`SELECT ${String(titleId)} AS subject`, deps.clock()),
    ]);
    return titleId;
  }

  await runAtomic(
    deps.db,
    mergeSteps({ id: titleId, isbn13: null }, target.id, {
      actorRole: principal.role,
      actor: principal.actor,
      at,
      reason: NOTES.sameEdition(titleId, parsed.hyphenated),
    }),
  );
  if (await getTitle(deps, titleId)) {
    throw new ApiError('forbidden-move', `Title ${titleId} has been sent to the ILS, so it cannot be merged away.`);
  }
  return target.id;
}

/**
 * Staff set aside the edition enrichment proposed for a title suggested without an ISBN: it is
 * not the book. The title keeps its requests and waits for an ISBN given by hand.
 */
export async function rejectProposal(deps: Deps, principal: Principal, titleId: number, locale: Locale): Promise<void> {
  const title = await getTitle(deps, titleId);
  if (!title) throw new ApiError('not-found', `There is no title ${titleId}.`);
  const proposal = title.proposal ? (JSON.parse(title.proposal) as { isbn13?: string }) : null;
  if (!proposal?.isbn13) {
    throw new ApiError('forbidden-move', t(locale, 'ui.edition.none', { title: titleName(title, locale) }));
  }
  const at = deps.clock().getTime();
  await runAtomic(deps.db, [
    sql`UPDATE titles SET proposal = NULL, updated_at = ${at} WHERE id = ${titleId} AND proposal IS NOT NULL`,
    statusEventStep(
      {
        id: newId(),
        titleId: sql`id`,
        from: sql`status`,
        to: sql`status`,
        actorRole: principal.role,
        actor: principal.actor,
        reason: NOTES.editionSetAside(hyphenate(proposal.isbn13)),
        at,
      },
      sql`FROM titles WHERE id = ${titleId}`,
    ),
  ]);
}

/** How a merge or split is refused: a sentence in the reader's language, naming the title. */
function refused(type: 'validation' | 'forbidden-move' | 'not-found', detail: string, problem: string): ApiError {
  return new ApiError(type, detail, { problem });
}

async function readTitle(deps: Deps, id: number): Promise<MergedTitle | undefined> {
  return await deps.db.orm
    .select({
      id: titles.id,
      workKey: titles.workKey,
      isbn13: titles.isbn13,
      title: titles.title,
      author: titles.author,
    })
    .from(titles)
    .where(eq(titles.id, id))
    .get();
}

async function titleOrRefuse(deps: Deps, id: number, locale: Locale): Promise<MergedTitle> {
  const row = await readTitle(deps, id);
  if (!row) throw refused('not-found', t(locale, 'ui.merge.gone'), 'gone');
  return row;
}

/**
 * Merge title `fromId` into title `intoId`; the answer is the kept title's id. A title already
 * sent to the ILS is not merged away: the ILS would keep an order for a title that is gone
 * here. Merging the other way round keeps it (the kept title's ILS record stands).
 */
export async function mergeTitles(
  deps: Deps,
  principal: Principal,
  intoId: number,
  fromId: number,
  locale: Locale,
): Promise<number> {
  const into = await titleOrRefuse(deps, intoId, locale);
  const name = titleName(into, locale);
  if (fromId === intoId) throw refused('validation', t(locale, 'ui.merge.same', { title: name }), 'same');
  const from = await titleOrRefuse(deps, fromId, locale);
  const other = titleName(from, locale);
  const inIls = await deps.db.orm
    .select({ titleId: ilsRecords.titleId, ils: ilsRecords.ils })
    .from(ilsRecords)
    .where(inArray(ilsRecords.titleId, [fromId, intoId]))
    .all();
  const fromIls = inIls.find((r) => r.titleId === fromId);
  if (fromIls) {
    const both = inIls.length === 2;
    throw refused(
      'forbidden-move',
      t(locale, both ? 'ui.merge.bothInIls' : 'ui.merge.inIls', { title: name, other, ils: fromIls.ils }),
      'in-ils',
    );
  }
  const at = deps.clock().getTime();
  const label = [from.title ?? from.isbn13, from.author].filter(Boolean).join(' / ');
  await runAtomic(
    deps.db,
    mergeSteps(from, intoId, {
      actorRole: principal.role,
      actor: principal.actor,
      at,
      reason: NOTES.merged(fromId, label),
    }),
  );
  if (await readTitle(deps, fromId)) {
    // Between the check and the write one of them changed: nothing was written.
    if (!(await readTitle(deps, intoId))) throw refused('not-found', t(locale, 'ui.merge.gone'), 'gone');
    throw refused('forbidden-move', t(locale, 'ui.merge.inIls', { title: name, other, ils: 'ILS' }), 'in-ils');
  }
  return intoId;
}

export interface SplitInput {
  suggestions: number[];
  isbn?: string | undefined;
  title?: string | undefined;
  author?: string | undefined;
}

/**
 * Move the chosen requests off a title onto a new title for the book they are really for (its
 * ISBN, or its title and author). The new title starts the workflow afresh; at least one
 * request stays behind, and a book that already has a title is merged into, not split to.
 */
export async function splitTitle(
  deps: Deps,
  principal: Principal,
  titleId: number,
  input: SplitInput,
  locale: Locale,
): Promise<number> {
  const source = await titleOrRefuse(deps, titleId, locale);
  const name = titleName(source, locale);
  const chosen = [...new Set(input.suggestions)];
  if (chosen.length === 0)
    throw refused('validation', t(locale, 'ui.split.noneChosen', { title: name }), 'none-chosen');
  const on = await deps.db.orm
    .select({ id: suggestions.id })
    .from(suggestions)
    .where(eq(suggestions.titleId, titleId))
    .all();
  const ids = new Set(on.map((s) => s.id));
  if (chosen.some((id) => !ids.has(id))) {
    throw refused('validation', t(locale, 'ui.split.notOnTitle', { title: name }), 'not-on-title');
  }
  if (chosen.length === ids.size) {
    throw refused('validation', t(locale, 'ui.split.allChosen', { title: name }), 'all-chosen');
  }
  let work: { workKey: string; isbn13: string | null };
  try {
    work = identifyWork(input);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const badIsbn = input.isbn !== undefined && input.isbn.trim() !== '';
    throw refused(
      'validation',
      badIsbn ? t(locale, 'ui.split.badIsbn', { isbn: input.isbn!.trim() }) : t(locale, 'ui.split.needBook'),
      badIsbn ? 'bad-isbn' : 'need-book',
    );
  }
  if (work.workKey === source.workKey) {
    throw refused('validation', t(locale, 'ui.split.sameWork', { title: name }), 'same-work');
  }
  const existing = await deps.db.orm
    .select({ id: titles.id, title: titles.title, isbn13: titles.isbn13 })
    .from(titles)
    .where(eq(titles.workKey, work.workKey))
    .get();
  if (existing) {
    throw new ApiError(
      'forbidden-move',
      t(locale, 'ui.split.exists', { title: name, other: titleName(existing, locale) }),
      {
        problem: 'exists',
        titleId: existing.id,
      },
    );
  }

  const at = deps.clock().getTime();
  const bookTitle = input.title?.trim() || null;
  const author = input.author?.trim() || null;
  const fresh = sql`(SELECT id FROM titles WHERE work_key = ${work.workKey})`;
  const moved = sqlList(chosen);
  const stillOn = sql`id IN ${moved} AND title_id = ${titleId}`;
  const label = [source.title ?? source.isbn13, source.author].filter(Boolean).join(' / ');
  const newLabel = [bookTitle ?? work.isbn13, author].filter(Boolean).join(' / ');
  const steps: AtomicStep[] = [
    sql`INSERT INTO titles (work_key, isbn13, title, author, status, status_changed_at, requester_count, created_at, updated_at)
        VALUES (${work.workKey}, ${work.isbn13}, ${bookTitle}, ${author}, ${INITIAL_STATUS}, ${at}, 0, ${at}, ${at})
        ON CONFLICT (work_key) DO NOTHING`,
    sql`UPDATE feedback SET title_id = ${fresh} WHERE suggestion_id IN (SELECT id FROM suggestions WHERE ${stillOn})`,
    sql`UPDATE suggestions SET title_id = ${fresh} WHERE ${stillOn}`,
    statusEventStep(
      {
        titleId: fresh,
        from: null,
        to: INITIAL_STATUS,
        actorRole: principal.role,
        actor: principal.actor,
        reason: NOTES.splitFrom(titleId, label, chosen.length),
        at,
      },
      sql`WHERE true`,
    ),
    statusEventStep(
      {
        titleId,
        from: sql`status`,
        to: sql`status`,
        actorRole: principal.role,
        actor: principal.actor,
        reason: NOTES.splitOff(newLabel, chosen.length),
        at,
      },
      sql`FROM titles WHERE id = ${titleId}`,
    ),
    sql`UPDATE titles SET requester_count = (SELECT count(*) FROM suggestions s WHERE s.title_id = titles.id), updated_at = ${at}
        WHERE id IN (${titleId}, ${fresh})`,
    enqueueStep('enrich', sql`SELECT CAST(${fresh} AS TEXT) AS subject`, new Date(at)),
    enqueueStep(
      'rescore',
      sql`SELECT CAST(id AS TEXT) AS subject FROM titles WHERE id IN (${titleId}, ${fresh})`,
      new Date(at),
    ),
  ];
  await runAtomic(deps.db, steps);
  const made = await deps.db.orm.select({ id: titles.id }).from(titles).where(eq(titles.workKey, work.workKey)).get();
  return made!.id;
}

/** A title the merge form offers: named, with where it stands and how many asked. */
export interface MergeCandidate {
  id: number;
  title: string | null;
  isbn13: string | null;
  author: string | null;
  status: string;
  requesterCount: number;
}

/**
 * The titles a selector may want to merge into this one. Asked for nothing, those of the same
 * name in either script, and the one with the ISBN of its proposed edition: the duplicates
 * pooling could not see. Asked for a title, an author or an ISBN, those that match.
 */
export async function mergeCandidates(
  deps: Deps,
  of: { id: number; title: string | null; proposedIsbn: string | null },
  query: string,
): Promise<MergeCandidate[]> {
  const asked = query.trim().slice(0, 200);
  const isbn = parseIsbn(asked);
  const like = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const matches: SQL = asked
    ? sql`(title LIKE ${like(asked)} ESCAPE '\\' OR title LIKE ${like(oneScript(asked))} ESCAPE '\\'
          OR author LIKE ${like(asked)} ESCAPE '\\' OR author LIKE ${like(oneScript(asked))} ESCAPE '\\' OR isbn13 = ${isbn.ok ? isbn.isbn13 : null})`
    : sql`(title IN (${of.title ?? ''}, ${oneScript(of.title ?? '')}) OR isbn13 = ${of.proposedIsbn})`;
  return deps.db.orm
    .select({
      id: titles.id,
      title: titles.title,
      isbn13: titles.isbn13,
      author: titles.author,
      status: titles.status,
      requesterCount: titles.requesterCount,
    })
    .from(titles)
    .where(sql`${titles.id} != ${of.id} AND ${matches}`)
    .orderBy(sql`${titles.id} DESC`)
    .limit(20)
    .all();
}
