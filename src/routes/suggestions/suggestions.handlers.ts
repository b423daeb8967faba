import type { RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv, Principal } from '../../context.js';
import { may, reachOf } from '../../domain/access.js';
import { ApiError } from '../../errors.js';
import { createSuggestion, getSuggestion, listSuggestions, type SuggestionRow } from '../../services/suggestions.js';
import { editSuggestion, withdrawSuggestion } from '../../services/suggestion-changes.js';
import { departmentScope } from '../../services/access/department-scope.js';
import { getTitle, titleHistory } from '../../services/titles.js';
import { historyJson, nextCursor, titleSummaryJson } from '../schemas.js';
import type * as routes from './suggestions.routes.js';

type Suggestion = z.infer<typeof routes.SuggestionSchema>;

export const create: RouteHandler<typeof routes.create, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const principal = c.get('principal');
  const input = c.req.valid('json');
  const row = await createSuggestion(deps, principal, input, 'api');
  const history = await titleHistory(deps, row.title.id);
  c.header('location', `/api/v1/suggestions/${row.id}`);
  return c.json(suggestionJson(row, principal, historyJson(history, may(principal.role, 'seeActors'))), 201);
};

export const list: RouteHandler<typeof routes.list, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const principal = c.get('principal');
  const query = c.req.valid('query');
  const rows = await listSuggestions(deps, {
    ...query,
    departmentCode: departmentScope(principal, 'readSuggestions', query.department),
    ...(reachOf(principal.role, 'readSuggestions') === 'self' ? { patronId: principal.patron?.id ?? -1 } : {}),
  });
  return c.json(
    { items: rows.map((row) => suggestionJson(row, principal)), nextCursor: nextCursor(rows, query.limit) },
    200,
  );
};

export const get: RouteHandler<typeof routes.get, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const principal = c.get('principal');
  const { id } = c.req.valid('param');
  const row = await getSuggestion(deps, id);
  // Someone else's suggestion is "not found", so ids cannot be probed for what others asked.
  if (!row || !canSee(principal, row)) throw new ApiError('not-found', `There is no suggestion ${id} for you to see.`);
  const history = await titleHistory(deps, row.title.id);
  return c.json(suggestionJson(row, principal, historyJson(history, may(principal.role, 'seeActors'))), 200);
};

export const edit: RouteHandler<typeof routes.edit, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const principal = c.get('principal');
  const { id } = c.req.valid('param');
  await editSuggestion(deps, principal, id, c.req.valid('json'));
  const row = (await getSuggestion(deps, id))!;
  const history = await titleHistory(deps, row.title.id);
  return c.json(suggestionJson(row, principal, historyJson(history, may(principal.role, 'seeActors'))), 200);
};

export const withdraw: RouteHandler<typeof routes.withdraw, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const { id } = c.req.valid('param');
  const { titleId } = await withdrawSuggestion(deps, c.get('principal'), id);
  return c.json({ withdrawn: id, title: titleSummaryJson((await getTitle(deps, titleId))!) }, 200);
};

/** Patrons see their own suggestions; liaisons their department's; selectors and admins all. */
function canSee(principal: Principal, row: SuggestionRow): boolean {
  const reach = reachOf(principal.role, 'readSuggestions');
  if (reach === 'self') return row.patronId === principal.patron?.id;
  if (reach === 'department') return row.departmentCode === principal.departmentCode;
  return reach === 'library';
}

function suggestionJson(row: SuggestionRow, principal: Principal, history?: Suggestion['history']): Suggestion {
  const identity = may(principal.role, 'seeRequesters') || row.patronId === principal.patron?.id;
  return {
    id: row.id,
    status: row.title.status,
    format: row.format,
    reason: row.reason,
    needBy: row.needBy,
    wantsHold: row.wantsHold,
    publisher: row.publisher,
    year: row.publishedYear,
    edition: row.edition,
    series: row.series,
    pickupBranch: row.pickupBranch,
    ...(identity ? { noteToStaff: row.noteToStaff } : {}),
    channel: row.channel,
    createdAt: row.createdAt.toISOString(),
    given: { isbn: row.givenIsbn, title: row.givenTitle, author: row.givenAuthor },
    course:
      row.courseCode === null
        ? null
        : { code: row.courseCode, term: row.courseTerm ?? '', enrolment: row.courseEnrolment ?? 0 },
    requester: {
      patronId: row.patronId,
      category: row.category,
      department: row.departmentCode,
      ...(identity
        ? { externalId: row.patron.externalId, displayName: row.patron.displayName, email: row.patron.email }
        : {}),
    },
    title: titleSummaryJson(row.title),
    ...(history ? { history } : {}),
  };
}
