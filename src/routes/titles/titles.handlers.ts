import type { RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv, Deps, Principal } from '../../context.js';
import { may } from '../../domain/access.js';
import { ApiError } from '../../errors.js';
import { byCourse, copiesToOrder, type CourseDemand, recommendedCopies } from '../../domain/course.js';
import { courseJson } from '../../services/buylist.js';
import { departmentScope } from '../../services/access/department-scope.js';
import { titlesInIls, type TitleInIls } from '../../services/ils/status.js';
import { feedbackOf } from '../../services/feedback.js';
import { coursesOf } from '../../services/scoring.js';
import {
  changeStatus as changeTitleStatus,
  confirmIsbn as confirmTitleIsbn,
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
  const [demand, courses, history, requesters, ils, feedback] = await Promise.all([
    demandBreakdown(deps, [id]),
    coursesOf(deps, [id]),
    titleHistory(deps, id),
    may(principal.role, 'seeRequesters') ? titleRequesters(deps, id) : Promise.resolve(null),
    titlesInIls(deps, [id]),
    feedbackOf(deps.db, [id]),
  ]);
  const inIls = ils.get(id);
  const said = feedback.get(id);
  return {
    ...titleJson(deps, row, demand.get(id)!, courses.get(id) ?? []),
    history: historyJson(history, true),
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

export const confirmIsbn: RouteHandler<typeof routes.confirmIsbn, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const principal = c.get('principal');
  const { id } = c.req.valid('param');
  const remaining = await confirmTitleIsbn(deps, principal, id, c.req.valid('json').isbn);
  return c.json(await fullTitle(deps, principal, remaining), 200);
};

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
    metadata: row.metadata ? (JSON.parse(row.metadata) as Title['metadata']) : null,
    proposal: row.proposal ? (JSON.parse(row.proposal) as Title['proposal']) : null,
  };
}
