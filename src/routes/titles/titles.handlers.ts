import type { RouteHandler, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv, Deps, Principal } from '../../context.js';
import { may } from '../../domain/access.js';
import { fromAcceptLanguage, type Locale, toLocale } from '../../domain/locale.js';
import { ApiError } from '../../errors.js';
import { byCourse, copiesToOrder, type CourseDemand, recommendedCopies } from '../../domain/course.js';
import { courseJson } from '../../services/buylist.js';
import { departmentScope } from '../../services/access/department-scope.js';
import { titlesInIls, type TitleInIls } from '../../services/ils/status.js';
import { feedbackOf } from '../../services/feedback.js';
import { endorse as endorseTitle, endorsementsOf, withdraw } from '../../services/endorsements.js';
import { editTitle, effectiveMetadata, staffFieldsOf, titleChangesOf } from '../../services/title-edits.js';
import { coursesOf } from '../../services/scoring.js';
import {
  confirmIsbn as confirmTitleIsbn,
  mergeTitles,
  rejectProposal as rejectTitleProposal,
  splitTitle,
} from '../../services/title-merge.js';
import {
  changeStatus as changeTitleStatus,
  type DemandBreakdown,
  demandBreakdown,
  getTitle,
  listTitles,
  type TitleRow,
  titleHistory,
  titleRequesters,
} from '../../services/titles.js';
import { historyJson, nextCursor, titleSummaryJson } from '../schemas.js';
import type * as routes from './titles.routes.js';

export type Title = z.infer<typeof routes.TitleSchema>;

export const list: RouteHandler<typeof routes.list, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const query = c.req.valid('query');
  const rows = await listTitles(deps, {
    ...query,
    departmentCode: departmentScope(c.get('principal'), 'readTitles', query.department),
  });
  const ids = rows.map((r) => r.id);
  const [demand, courses] = await Promise.all([demandBreakdown(deps, ids), coursesOf(deps, ids)]);
  return c.json(
    {
      items: rows.map((r) => titleJson(deps, r, demand.get(r.id)!, courses.get(r.id) ?? [])),
      nextCursor: nextCursor(rows, query.limit),
    },
    200,
  );
};

export const get: RouteHandler<typeof routes.get, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  return c.json(await fullTitle(c.get('deps'), c.get('principal'), id), 200);
};

export const changeStatus: RouteHandler<typeof routes.changeStatus, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const principal = c.get('principal');
  const { id } = c.req.valid('param');
  const { status, reason } = c.req.valid('json');
  await changeTitleStatus(deps, principal, id, status, reason?.trim() || null);
  return c.json(await fullTitle(deps, principal, id), 200);
};

/** A title as the API gives it to this reader: what the page of the title shows, too. */
export async function fullTitle(deps: Deps, principal: Principal, id: number): Promise<Title> {
  // Another department's title is "not found" to a liaison, as another patron's suggestion is.
  const row = await getTitle(deps, id, { departmentCode: departmentScope(principal, 'readTitles', undefined) });
  if (!row) throw new ApiError('not-found', `There is no title ${id} for you to see.`);
  const staff = may(principal.role, 'editTitles');
  const [demand, courses, history, requesters, ils, feedback, endorsements, staffFields, changes] = await Promise.all([
    demandBreakdown(deps, [id]),
    coursesOf(deps, [id]),
    titleHistory(deps, id),
    may(principal.role, 'seeRequesters') ? titleRequesters(deps, id) : Promise.resolve(null),
    titlesInIls(deps, [id]),
    feedbackOf(deps.db, [id]),
    endorsementsOf(deps, id),
    staff ? staffFieldsOf(deps, id) : Promise.resolve(undefined),
    staff ? titleChangesOf(deps, id) : Promise.resolve(null),
  ]);
  const inIls = ils.get(id);
  const said = feedback.get(id);
  return {
    ...titleJson(deps, row, demand.get(id)!, courses.get(id) ?? []),
    history: historyJson(history, true),
    endorsements: endorsements.map(({ actor, name, at, ...rest }) => ({
      ...rest,
      ...(may(principal.role, 'seeRequesters') ? { name } : {}),
      mine: actor === principal.actor,
      at: at.toISOString(),
    })),
    ...(staffFields ? { staff: staffFields } : {}),
    ...(changes ? { changes: changes.map((c) => ({ ...c, at: c.at.toISOString() })) } : {}),
    ...(inIls ? { ils: ilsJson(inIls) } : {}),
    // What requesters wrote is for those who may see who asked; the counts are for every reader.
    ...(said ? { feedback: may(principal.role, 'seeRequesters') ? said : { yes: said.yes, no: said.no } } : {}),
    ...(requesters
      ? {
          requesters: requesters.map(
            ({ departmentCode, createdAt, courseCode, courseTerm, courseEnrolment, publishedYear, ...rest }) => ({
              ...rest,
              department: departmentCode,
              year: publishedYear,
              course:
                courseCode === null
                  ? null
                  : { code: courseCode, term: courseTerm ?? '', enrolment: courseEnrolment ?? 0 },
              createdAt: createdAt.toISOString(),
            }),
          ),
        }
      : {}),
  };
}

export const edit: RouteHandler<typeof routes.edit, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const principal = c.get('principal');
  const { id } = c.req.valid('param');
  await editTitle(deps, principal, id, c.req.valid('json'));
  return c.json(await fullTitle(deps, principal, id), 200);
};

export const endorse: RouteHandler<typeof routes.endorse, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const principal = c.get('principal');
  const { id } = c.req.valid('param');
  await endorseTitle(deps, principal, id, c.req.valid('json').comment || null);
  return c.json(await fullTitle(deps, principal, id), 200);
};

export const withdrawEndorsement: RouteHandler<typeof routes.withdrawEndorsement, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const principal = c.get('principal');
  const { id } = c.req.valid('param');
  await withdraw(deps, principal, id);
  return c.json(await fullTitle(deps, principal, id), 200);
};

export const confirmIsbn: RouteHandler<typeof routes.confirmIsbn, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const principal = c.get('principal');
  const { id } = c.req.valid('param');
  const remaining = await confirmTitleIsbn(deps, principal, id, c.req.valid('json').isbn);
  return c.json(await fullTitle(deps, principal, remaining), 200);
};

export const merge: RouteHandler<typeof routes.merge, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const principal = c.get('principal');
  const { id } = c.req.valid('param');
  const kept = await mergeTitles(deps, principal, id, c.req.valid('json').from, readerLocale(c));
  return c.json(await fullTitle(deps, principal, kept), 200);
};

export const split: RouteHandler<typeof routes.split, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const principal = c.get('principal');
  const { id } = c.req.valid('param');
  const made = await splitTitle(deps, principal, id, c.req.valid('json'), readerLocale(c));
  return c.json(await fullTitle(deps, principal, made), 201);
};

export const rejectProposal: RouteHandler<typeof routes.rejectProposal, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const principal = c.get('principal');
  const { id } = c.req.valid('param');
  await rejectTitleProposal(deps, principal, id, readerLocale(c));
  return c.json(await fullTitle(deps, principal, id), 200);
};

/** The language a refusal is written in: the client's Accept-Language, else the patron's, else the library's. */
function readerLocale(c: Context<AppEnv>): Locale {
  const patron = c.get('principal').patron?.locale;
  return (
    fromAcceptLanguage(c.req.header('accept-language')) ??
    (patron ? toLocale(patron) : null) ??
    c.get('deps').config.DEFAULT_LOCALE
  );
}

function ilsJson({ ils, sentAt, syncedAt, ...rest }: TitleInIls): NonNullable<Title['ils']> {
  return {
    system: ils as NonNullable<Title['ils']>['system'],
    ...rest,
    sentAt: sentAt?.toISOString() ?? null,
    syncedAt: syncedAt?.toISOString() ?? null,
  };
}

function titleJson(deps: Deps, row: TitleRow, demand: DemandBreakdown, courses: CourseDemand[]): Title {
  const recommended = recommendedCopies(courses, deps.config.READING_LIST_STUDENTS_PER_COPY);
  return {
    ...titleSummaryJson(row),
    updatedAt: row.updatedAt.toISOString(),
    demand,
    courses: byCourse(courses).map(courseJson),
    copies: { recommended, held: row.heldItems, toOrder: copiesToOrder(recommended, row.heldItems) },
    metadata: effectiveMetadata(row),
    proposal: row.proposal ? (JSON.parse(row.proposal) as Title['proposal']) : null,
  };
}
