// Who may do what: every endpoint of the OpenAPI document and every web page, asked by every
// role, answered as the README says ("Tokens and sign-in", and each section): 401 without a
// token, 403 for a role that may not, 404 for another patron's suggestion, as if it did not
// exist. Bodies are read too: a patron never sees another patron's request or contact
// details, a liaison never sees requesters' names or addresses, a visitor sees nobody's.
// The table must have a row for every operation the OpenAPI document describes and every
// route the app serves, so a new endpoint cannot arrive without its row.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Action, reachOf, type Role, rolesFor } from '../../src/domain/access.js';
import { constantTimeEqual } from '../../src/services/access/auth.js';
import { importCatalogue } from '../../src/services/imports/catalogue.js';
import { importDepartments } from '../../src/services/imports/departments.js';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { fileSource } from '../../src/node/file-source.js';
import { isPagePath } from '../../src/ui/index.js';
import { type Harness, harness } from '../api/harness.js';
import { dumpDatabase } from '../import/dump.js';
import { LONG, NO_LIMITS, runs, type Visitor, visitor } from './support.js';

// The long runs (R2B_LONG=1) take minutes.
if (LONG) vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const ROLES = ['none', 'patron', 'otherPatron', 'selector', 'liaison', 'otherLiaison', 'admin'] as const;
type Who = (typeof ROLES)[number];
const NAMES: Record<Who, string> = {
  none: 'nobody',
  patron: 'patron',
  otherPatron: 'another patron',
  selector: 'selector',
  liaison: 'CS liaison',
  otherLiaison: 'HIST liaison',
  admin: 'admin',
};
const SIGNED_IN: Who[] = ROLES.filter((r) => r !== 'none');
const AS: Record<Role, Who[]> = {
  patron: ['patron', 'otherPatron'],
  selector: ['selector'],
  liaison: ['liaison', 'otherLiaison'],
  admin: ['admin'],
};
const DEPARTMENT_OF: Partial<Record<Who, string>> = { liaison: 'CS', otherLiaison: 'HIST' };

/**
 * Who may, by the policy table (src/domain/access.ts): the rows below ask it, so each route and
 * page is held to the table, and a change of policy changes the answers expected here too. For
 * one department's page, a liaison of another department may not.
 */
function allowed(action: Action, department?: string): Who[] {
  return rolesFor(action).flatMap((role) =>
    AS[role].filter(
      (who) => department === undefined || reachOf(role, action) !== 'department' || DEPARTMENT_OF[who] === department,
    ),
  );
}

/** The API's answers: 401 for nobody, `ok` for the roles allowed, 403 for the rest. */
function api(ok: number, allowed: Who[] = SIGNED_IN, overrides: Partial<Record<Who, number>> = {}) {
  return Object.fromEntries(
    ROLES.map((r) => [r, overrides[r] ?? (r === 'none' ? 401 : allowed.includes(r) ? ok : 403)]),
  ) as Record<Who, number>;
}
/** A page's answers: nobody is sent to sign in (303), `ok` for the roles allowed, 403 for the rest. */
function page(ok: number, allowed: Who[] = SIGNED_IN, overrides: Partial<Record<Who, number>> = {}) {
  return Object.fromEntries(
    ROLES.map((r) => [r, overrides[r] ?? (r === 'none' ? 303 : allowed.includes(r) ? ok : 403)]),
  ) as Record<Who, number>;
}
const everyone = (status: number) => Object.fromEntries(ROLES.map((r) => [r, status])) as Record<Who, number>;

interface Ctx {
  h: Harness;
  tokens: Record<Exclude<Who, 'none'>, string>;
  /** a browser for each role, signed in (nobody's is not) */
  browsers: Record<Who, Visitor>;
  /** the patron's suggestion: the one the others must not read */
  mine: { id: number; titleId: number; isbn13: string };
  /** a suggestion of the patron's own, made afresh for an action that changes or removes it */
  freshMine(): Promise<number>;
  /** a title nobody has decided on, made afresh for an action that changes it */
  freshTitle(isbn?: boolean): Promise<number>;
  next(): number;
}

/** A live, unanswered feedback link, as the "available" message carries one, on a title of its own. */
async function feedbackToken(ctx: Ctx): Promise<string> {
  const titleId = await ctx.freshTitle();
  const token = `${String(ctx.next()).padStart(8, '0')}${'f'.repeat(24)}`;
  ctx.h.db.sqlite
    .prepare(
      `INSERT INTO feedback (suggestion_id, title_id, token, expires_at, created_at)
       SELECT id, title_id, ?, ?, ? FROM suggestions WHERE title_id = ?`,
    )
    .run(token, ctx.h.now.getTime() + 86_400_000, ctx.h.now.getTime(), titleId);
  return token;
}

interface Call {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** for pages: a form to post (the session's anti-forgery token is added) */
  form?: Record<string, string>;
  /** for pages: files in the form, sent as multipart/form-data */
  files?: Record<string, { name: string; content: string }>;
  /** a browser of its own, for actions on the session itself */
  freshBrowser?: boolean;
  /** after the answer: what must (or must not) have changed */
  after?: (status: number) => Promise<void> | void;
}

interface Row {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** as the OpenAPI document (or the router, for pages) names it */
  path: string;
  kind: 'api' | 'page' | 'public';
  expected: Record<Who, number>;
  call: (ctx: Ctx, who: Who) => Promise<Call> | Call;
  /** what the body may and must say, for this role */
  check?: (ctx: Ctx, who: Who, body: string) => void;
}

const json = (body: string) => JSON.parse(body);
/** A title with two requests of two patrons, and the one of them a split moves. */
async function twoRequestTitle(ctx: Ctx): Promise<{ id: number; moved: number }> {
  const [id, from] = [await ctx.freshTitle(), await ctx.freshTitle()];
  ctx.h.db.sqlite
    .prepare(
      `UPDATE suggestions SET title_id = ?, patron_id = (SELECT id FROM patrons WHERE id NOT IN
         (SELECT patron_id FROM suggestions WHERE title_id = ?) LIMIT 1) WHERE title_id = ?`,
    )
    .run(id, id, from);
  const [moved] = ctx.h.db.sqlite.prepare('SELECT id FROM suggestions WHERE title_id = ? ORDER BY id').all(id) as {
    id: number;
  }[];
  return { id, moved: moved!.id };
}

/** A title suggested without an ISBN, with the edition enrichment proposed for it. */
async function proposedTitle(ctx: Ctx): Promise<number> {
  const id = await ctx.freshTitle(false);
  ctx.h.db.sqlite
    .prepare('UPDATE titles SET proposal = ? WHERE id = ?')
    .run(JSON.stringify({ isbn13: isbnFor(ctx.next()), provider: 'googlebooks', metadata: {} }), id);
  return id;
}

const titleExists = (ctx: Ctx, id: number) =>
  ctx.h.db.sqlite.prepare('SELECT 1 FROM titles WHERE id = ?').get(id) !== undefined;
const titleStatus = (ctx: Ctx, id: number) =>
  (ctx.h.db.sqlite.prepare('SELECT status FROM titles WHERE id = ?').get(id) as { status: string } | undefined)?.status;
/** The stored reason of a suggestion (null when none), or undefined once it is withdrawn. */
const suggestionReason = (ctx: Ctx, id: number) =>
  (
    ctx.h.db.sqlite.prepare('SELECT reason FROM suggestions WHERE id = ?').get(id) as
      { reason: string | null } | undefined
  )?.reason;
const count = (ctx: Ctx, table: string) =>
  (ctx.h.db.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

const ROWS: Row[] = [
  // Operations.
  { method: 'GET', path: '/healthz', kind: 'public', expected: everyone(200), call: () => ({ path: '/healthz' }) },
  { method: 'GET', path: '/readyz', kind: 'public', expected: everyone(200), call: () => ({ path: '/readyz' }) },
  // The metrics are an admin's (or the scraper's token's); the harness keeps none, as Workers do: 404.
  {
    method: 'GET',
    path: '/metrics',
    kind: 'api',
    expected: api(404, allowed('readMetrics')),
    call: () => ({ path: '/metrics' }),
  },
  {
    method: 'GET',
    path: '/openapi.json',
    kind: 'public',
    expected: everyone(200),
    call: () => ({ path: '/openapi.json' }),
  },
  { method: 'GET', path: '/docs', kind: 'public', expected: everyone(200), call: () => ({ path: '/docs' }) },
  {
    method: 'GET',
    path: '/docs/assets/{name}',
    kind: 'public',
    expected: everyone(200),
    call: () => ({ path: '/docs/assets/init.js' }),
  },
  {
    method: 'GET',
    path: '/problems/{type}',
    kind: 'public',
    expected: everyone(200),
    call: () => ({ path: '/problems/forbidden' }),
  },
  {
    method: 'GET',
    path: '/assets/{name}',
    kind: 'public',
    expected: everyone(200),
    call: () => ({ path: '/assets/app.css' }),
  },
  {
    method: 'GET',
    path: '/favicon.ico',
    kind: 'public',
    expected: everyone(200),
    call: () => ({ path: '/favicon.ico' }),
  },

  // Suggestions.
  {
    method: 'POST',
    path: '/api/v1/suggestions',
    kind: 'api',
    // Anyone with a patron identity; these staff tokens speak for no patron.
    expected: api(201, ['patron', 'otherPatron']),
    call: (ctx) => {
      const before = count(ctx, 'suggestions');
      return {
        path: '/api/v1/suggestions',
        body: { title: `Access check ${ctx.next()}`, author: 'Tester' },
        after: (status) => expect(count(ctx, 'suggestions')).toBe(before + (status === 201 ? 1 : 0)),
      };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/suggestions',
    kind: 'api',
    expected: api(200),
    call: () => ({ path: '/api/v1/suggestions?limit=200' }),
    check: (ctx, who, body) => {
      const items = json(body).items as { id: number; requester: Record<string, unknown> }[];
      const ids = items.map((i) => i.id);
      // Patrons: their own; liaisons: their department's; selectors and admins: all.
      const seesMine = ['patron', 'liaison', 'selector', 'admin'].includes(who);
      expect(ids.includes(ctx.mine.id)).toBe(seesMine);
      if (who === 'patron' || who === 'otherPatron') {
        const me = who === 'patron' ? PEOPLE.ana.externalId : PEOPLE.bob.externalId;
        for (const item of items) expect(item.requester.externalId).toBe(me);
      }
      if (who === 'liaison' || who === 'otherLiaison') {
        for (const item of items)
          expect(Object.keys(item.requester).sort()).toEqual(['category', 'department', 'patronId']);
      }
    },
  },
  {
    method: 'GET',
    path: '/api/v1/suggestions/{id}',
    kind: 'api',
    // Another patron's, or another department's: not found, as if it did not exist.
    expected: api(200, allowed('readSuggestions'), { otherPatron: 404, otherLiaison: 404 }),
    call: (ctx) => ({ path: `/api/v1/suggestions/${ctx.mine.id}` }),
    check: (_ctx, who, body) => {
      const requester = json(body).requester;
      if (who === 'patron' || who === 'selector' || who === 'admin') {
        expect(requester).toMatchObject({ externalId: PEOPLE.ana.externalId, email: PEOPLE.ana.email });
      }
      if (who === 'liaison') expect(Object.keys(requester).sort()).toEqual(['category', 'department', 'patronId']);
    },
  },
  {
    method: 'GET',
    path: '/api/v1/lookup',
    kind: 'api',
    expected: api(200),
    call: (ctx) => ({ path: `/api/v1/lookup?isbn=${ctx.mine.isbn13}` }),
    check: (ctx, who, body) => {
      const title = json(body).title;
      expect(title).toMatchObject({ id: ctx.mine.titleId, requesterCount: 1 });
      // Only the patron who asked learns it was them.
      expect(title.yourSuggestionId).toBe(who === 'patron' ? ctx.mine.id : null);
    },
  },

  {
    method: 'PATCH',
    path: '/api/v1/suggestions/{id}',
    kind: 'api',
    // The requester alone; another patron finds nothing there.
    expected: api(200, allowed('amendOwnSuggestion'), { otherPatron: 404 }),
    call: async (ctx) => {
      const id = await ctx.freshMine();
      return {
        path: `/api/v1/suggestions/${id}`,
        body: { reason: 'changed by the access check' },
        after: (status) =>
          expect(suggestionReason(ctx, id)).toBe(status === 200 ? 'changed by the access check' : null),
      };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/suggestions/{id}/withdraw',
    kind: 'api',
    expected: api(200, allowed('amendOwnSuggestion'), { otherPatron: 404 }),
    call: async (ctx) => {
      const id = await ctx.freshMine();
      return {
        path: `/api/v1/suggestions/${id}/withdraw`,
        after: (status) => expect(suggestionReason(ctx, id)).toBe(status === 200 ? undefined : null),
      };
    },
  },

  // Titles and the workflow.
  {
    method: 'GET',
    path: '/api/v1/titles',
    kind: 'api',
    expected: api(200, allowed('readTitles')),
    call: () => ({ path: '/api/v1/titles?limit=200' }),
    check: (ctx, who, body) => {
      const items = json(body).items as { id: number; requesters?: unknown; demand: { byDepartment: object } }[];
      for (const item of items) expect(item.requesters).toBeUndefined();
      // A liaison: the titles their department asked for, and no other.
      const own = { liaison: 'CS', otherLiaison: 'HIST' }[who as string];
      if (own) for (const item of items) expect(Object.keys(item.demand.byDepartment)).toContain(own);
      expect(items.some((i) => i.id === ctx.mine.titleId)).toBe(who !== 'otherLiaison');
    },
  },
  {
    method: 'GET',
    path: '/api/v1/titles/{id}',
    kind: 'api',
    // Another department's title, to a liaison: not found, as if it did not exist.
    expected: api(200, allowed('readTitles'), { otherLiaison: 404 }),
    call: (ctx) => ({ path: `/api/v1/titles/${ctx.mine.titleId}` }),
    check: (_ctx, who, body) => {
      const title = json(body);
      expect(title.demand.byDepartment).toEqual({ CS: 1 });
      // Selectors and admins see who asked; liaisons see the demand, not the people.
      if (who === 'selector' || who === 'admin') {
        expect(title.requesters).toEqual([expect.objectContaining({ email: PEOPLE.ana.email })]);
      } else expect(title.requesters).toBeUndefined();
    },
  },
  {
    method: 'POST',
    path: '/api/v1/titles/{id}/status',
    kind: 'api',
    expected: api(200, allowed('decide')),
    call: async (ctx) => {
      const id = await ctx.freshTitle();
      return {
        path: `/api/v1/titles/${id}/status`,
        body: { status: 'in_review' },
        after: (status) => expect(titleStatus(ctx, id)).toBe(status === 200 ? 'in_review' : 'submitted'),
      };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/titles/{id}/isbn',
    kind: 'api',
    expected: api(200, allowed('decide')),
    call: async (ctx) => {
      const id = await ctx.freshTitle(false);
      const isbn = isbnFor(ctx.next());
      return {
        path: `/api/v1/titles/${id}/isbn`,
        body: { isbn },
        after: (status) => {
          const row = ctx.h.db.sqlite.prepare('SELECT isbn13 FROM titles WHERE id = ?').get(id) as { isbn13: string };
          expect(row.isbn13).toBe(status === 200 ? isbn : null);
        },
      };
    },
  },
  {
    method: 'PATCH',
    path: '/api/v1/titles/{id}',
    kind: 'api',
    expected: api(200, allowed('editTitles')),
    call: async (ctx) => {
      const id = await ctx.freshTitle();
      return {
        path: `/api/v1/titles/${id}`,
        body: { quantity: 2, staffNote: 'Staff only: ask the vendor' },
        after: (status) => {
          const row = ctx.h.db.sqlite.prepare('SELECT quantity FROM titles WHERE id = ?').get(id) as {
            quantity: number;
          };
          expect(row.quantity).toBe(status === 200 ? 2 : null);
        },
      };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/titles/{id}/endorsements',
    kind: 'api',
    // A liaison endorses what their department asked for; another department's title is not found.
    expected: api(200, allowed('endorse'), { otherLiaison: 404 }),
    call: async (ctx) => {
      const id = await csTitle(ctx);
      return {
        path: `/api/v1/titles/${id}/endorsements`,
        body: { comment: 'For the CS reading group' },
        after: (status) => expect(endorsed(ctx, id)).toBe(status === 200),
      };
    },
    check: (_ctx, _who, body) =>
      expect(json(body).endorsements).toEqual([expect.objectContaining({ department: 'CS', mine: true })]),
  },
  {
    method: 'DELETE',
    path: '/api/v1/titles/{id}/endorsements',
    kind: 'api',
    // Only one's own endorsement is withdrawn: another liaison has none to withdraw.
    expected: api(200, allowed('endorse'), { otherLiaison: 404 }),
    call: async (ctx, who) => {
      const id = await csTitle(ctx);
      if (who === 'liaison') {
        await ctx.h.call('POST', `/api/v1/titles/${id}/endorsements`, { token: ctx.tokens.liaison, body: {} });
      }
      return {
        path: `/api/v1/titles/${id}/endorsements`,
        after: () => expect(endorsed(ctx, id)).toBe(false),
      };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/titles/{id}/merge',
    kind: 'api',
    expected: api(200, allowed('mergeTitles')),
    call: async (ctx) => {
      const [into, from] = [await ctx.freshTitle(), await ctx.freshTitle()];
      return {
        path: `/api/v1/titles/${into}/merge`,
        body: { from },
        after: (status) => expect(titleExists(ctx, from)).toBe(status !== 200),
      };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/titles/{id}/split',
    kind: 'api',
    expected: api(201, allowed('mergeTitles')),
    call: async (ctx) => {
      const { id, moved } = await twoRequestTitle(ctx);
      const isbn = isbnFor(ctx.next());
      return {
        path: `/api/v1/titles/${id}/split`,
        body: { suggestions: [moved], isbn },
        after: (status) =>
          expect(ctx.h.db.sqlite.prepare('SELECT count(*) AS n FROM titles WHERE isbn13 = ?').get(isbn)).toEqual({
            n: status === 201 ? 1 : 0,
          }),
      };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/titles/{id}/proposal/reject',
    kind: 'api',
    expected: api(200, allowed('decide')),
    call: async (ctx) => {
      const id = await proposedTitle(ctx);
      return {
        path: `/api/v1/titles/${id}/proposal/reject`,
        after: (status) =>
          expect(
            ctx.h.db.sqlite.prepare('SELECT proposal IS NULL AS cleared FROM titles WHERE id = ?').get(id),
          ).toEqual({
            cleared: status === 200 ? 1 : 0,
          }),
      };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/workflow',
    kind: 'api',
    expected: api(200),
    call: () => ({ path: '/api/v1/workflow' }),
  },

  // The buy list and the digest.
  {
    method: 'GET',
    path: '/api/v1/buylist',
    kind: 'api',
    // A liaison gets their own department's list.
    expected: api(200, allowed('readBuylist')),
    call: () => ({ path: '/api/v1/buylist?format=json' }),
    check: (_ctx, who, body) => {
      if (who === 'liaison') expect(json(body).scope.department).toBe('CS');
      if (who === 'otherLiaison') expect(json(body).scope.department).toBe('HIST');
    },
  },
  {
    method: 'GET',
    path: '/api/v1/departments/{code}/digest',
    kind: 'api',
    // The liaison's mail: theirs to preview, and the admins'.
    expected: api(200, allowed('readDigest', 'CS')),
    call: () => ({ path: '/api/v1/departments/CS/digest' }),
    check: (_ctx, _who, body) => expect(json(body).department.code).toBe('CS'),
  },

  {
    method: 'GET',
    path: '/api/v1/allocation',
    kind: 'api',
    // How the library's whole budget splits: for those who spend it, not one department's liaison.
    expected: api(200, allowed('allocate')),
    call: () => ({ path: '/api/v1/allocation?total=1000' }),
    check: (_ctx, _who, body) => {
      const split = json(body).departments as { suggested: number }[];
      expect(split.length).toBeGreaterThan(0);
      expect(split.reduce((s, d) => s + Math.round(d.suggested * 100), 0)).toBe(100_000);
    },
  },
  {
    method: 'GET',
    path: '/api/v1/reports/outcomes',
    kind: 'api',
    // The managers' figures: a liaison gets their own department's, never the whole library's.
    expected: api(200, allowed('readOutcomes')),
    call: () => ({ path: '/api/v1/reports/outcomes' }),
    check: (_ctx, who, body) => {
      const expected = { liaison: 'CS', otherLiaison: 'HIST' }[who as string] ?? null;
      expect(json(body).department).toBe(expected);
    },
  },

  // Imports and the outbox: admins only.
  ...(['loans', 'holdings', 'departments', 'suggestions', 'readinglists', 'ill', 'catalogue'] as const).map(
    (kind): Row => ({
      method: 'POST',
      path: `/api/v1/imports/${kind}`,
      kind: 'api',
      expected: api(200, allowed('import')),
      call: (ctx) => {
        const n = ctx.next();
        const files = {
          loans: `loaned_at,call_number\n2025-01-01,QA76.${n}\n`,
          holdings: `isbn,call_number,items\n,QA76.${n},1\n`,
          departments: `code,name\nACC${n},Access ${n}\n`,
          suggestions: `requested_at,patron_id,title\n2025-01-01,imported-${n},Imported ${n}\n`,
          readinglists: `course_code,term,enrolment,title,author,importance\nACC ${n},2027 Spring,40,Listed ${n},Tester,Essential\n`,
          ill: `request_id,requested_at,title\n${n},2025-01-01,Borrowed ${n}\n`,
          catalogue: `isbn,title\n${isbnFor(n)},Offered ${n}\n`,
        };
        const before = count(ctx, 'import_runs');
        return {
          path: `/api/v1/imports/${kind}${kind === 'catalogue' ? `?catalogue=Access+${n}&vendor=Vendor` : ''}`,
          body: files[kind],
          headers: { 'content-type': 'text/csv' },
          after: (status) => expect(count(ctx, 'import_runs')).toBe(before + (status === 200 ? 1 : 0)),
        };
      },
      check: (_ctx, _who, body) => expect(json(body)).toMatchObject({ kind, imported: 1 }),
    }),
  ),
  // Vendor catalogues: anyone signed in browses them, as they look books up; a patron suggests from them; admins keep them.
  {
    method: 'GET',
    path: '/api/v1/catalogue',
    kind: 'api',
    expected: api(200),
    call: () => ({ path: '/api/v1/catalogue?q=Offered' }),
    check: (_ctx, _who, body) => expect(json(body).total).toBeGreaterThan(0),
  },
  {
    method: 'POST',
    path: '/api/v1/catalogue/{id}/suggestions',
    kind: 'api',
    // As POST /suggestions: these staff tokens speak for no patron.
    expected: api(201, ['patron', 'otherPatron']),
    call: async (ctx, who) => {
      const entry = await offeredEntry(ctx);
      const before = count(ctx, 'suggestions');
      return {
        path: `/api/v1/catalogue/${entry}/suggestions`,
        body: { reason: 'For the access check' },
        after: (status) => expect(count(ctx, 'suggestions')).toBe(before + (status === 201 && who !== 'none' ? 1 : 0)),
      };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/catalogues',
    kind: 'api',
    expected: api(200, allowed('import')),
    call: () => ({ path: '/api/v1/catalogues' }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/catalogues/{id}',
    kind: 'api',
    expected: api(204, allowed('import')),
    call: async (ctx) => {
      const entry = await offeredEntry(ctx);
      const catalogue = (
        ctx.h.db.sqlite.prepare('SELECT catalogue_id AS id FROM catalogue_entries WHERE id = ?').get(entry) as {
          id: number;
        }
      ).id;
      return {
        path: `/api/v1/catalogues/${catalogue}`,
        after: (status) =>
          expect(ctx.h.db.sqlite.prepare('SELECT id FROM catalogues WHERE id = ?').get(catalogue) === undefined).toBe(
            status === 204,
          ),
      };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/notifications',
    kind: 'api',
    expected: api(200, allowed('outbox')),
    call: () => ({ path: '/api/v1/notifications' }),
  },
  {
    method: 'POST',
    path: '/api/v1/notifications/{id}/retry',
    kind: 'api',
    expected: api(200, allowed('outbox')),
    call: async (ctx) => {
      await ctx.freshTitle();
      const { id } = ctx.h.db.sqlite.prepare('SELECT id FROM notifications ORDER BY rowid DESC LIMIT 1').get() as {
        id: string;
      };
      ctx.h.db.sqlite.prepare("UPDATE notifications SET status = 'dead' WHERE id = ?").run(id);
      return {
        path: `/api/v1/notifications/${id}/retry`,
        after: (status) => {
          const row = ctx.h.db.sqlite.prepare('SELECT status FROM notifications WHERE id = ?').get(id);
          expect(row).toEqual({ status: status === 200 ? 'pending' : 'dead' });
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/tokens',
    kind: 'api',
    expected: api(200, allowed('manageTokens')),
    call: () => ({ path: '/api/v1/tokens' }),
    // The secrets themselves are checked for: no answer ever holds another's token.
    check: (ctx, _who, body) => {
      for (const token of Object.values(ctx.tokens)) expect(body).not.toContain(token);
      expect(json(body).items.length).toBeGreaterThanOrEqual(6);
    },
  },
  {
    method: 'POST',
    path: '/api/v1/tokens/{id}/revoke',
    kind: 'api',
    expected: api(200, allowed('manageTokens')),
    call: async (ctx) => {
      await ctx.h.token('selector');
      const { id } = ctx.h.db.sqlite.prepare('SELECT max(id) AS id FROM api_tokens').get() as { id: number };
      return {
        path: `/api/v1/tokens/${id}/revoke`,
        after: (status) => {
          const row = ctx.h.db.sqlite.prepare('SELECT revoked_at FROM api_tokens WHERE id = ?').get(id) as {
            revoked_at: number | null;
          };
          expect(row.revoked_at !== null).toBe(status === 200);
        },
      };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/tokens',
    kind: 'api',
    expected: api(201, allowed('manageTokens')),
    call: (ctx) => {
      const before = count(ctx, 'api_tokens');
      return {
        path: '/api/v1/tokens',
        body: { role: 'liaison', label: `Access ${ctx.next()}`, department: 'CS' },
        after: (status) => expect(count(ctx, 'api_tokens')).toBe(before + (status === 201 ? 1 : 0)),
      };
    },
    check: (_ctx, _who, body) => expect(json(body)).toMatchObject({ listing: { role: 'liaison', department: 'CS' } }),
  },
  {
    method: 'POST',
    path: '/api/v1/notifications/retry-dead',
    kind: 'api',
    expected: api(200, allowed('outbox')),
    call: async (ctx) => {
      await ctx.freshTitle();
      ctx.h.db.sqlite
        .prepare("UPDATE notifications SET status = 'dead' WHERE rowid = (SELECT max(rowid) FROM notifications)")
        .run();
      const dead = () => count(ctx, "notifications WHERE status = 'dead'");
      return { path: '/api/v1/notifications/retry-dead', after: (status) => expect(dead() === 0).toBe(status === 200) };
    },
  },
  {
    method: 'PATCH',
    path: '/api/v1/departments/{code}',
    kind: 'api',
    expected: api(200, allowed('editDepartments')),
    call: (ctx) => {
      const budget = ctx.next() * 100;
      const stored = () => ctx.h.db.sqlite.prepare("SELECT budget_cents FROM departments WHERE code = 'HIST'").get();
      return {
        path: '/api/v1/departments/HIST',
        body: { budget },
        after: (status) => {
          if (status === 200) expect(stored()).toEqual({ budget_cents: budget * 100 });
          else expect(stored()).not.toEqual({ budget_cents: budget * 100 });
        },
      };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/purge',
    kind: 'api',
    expected: api(200, allowed('purge')),
    call: (ctx) => {
      const before = count(ctx, 'patrons');
      return {
        path: '/api/v1/purge',
        body: { olderThanDays: 3650 },
        // Nothing is that old here: an allowed purge forgets nobody, a refused one changes nothing.
        after: () => expect(count(ctx, 'patrons')).toBe(before),
      };
    },
    check: (_ctx, _who, body) =>
      expect(json(body)).toEqual({
        titles: 0,
        requests: 0,
        patronsDeleted: 0,
        messagesDropped: 0,
        messagesAnonymised: 0,
        endorsementsAnonymised: 0,
      }),
  },

  {
    method: 'GET',
    path: '/api/v1/ils',
    kind: 'api',
    expected: api(200, ['admin']),
    call: () => ({ path: '/api/v1/ils' }),
    check: (_ctx, _who, body) => expect(json(body)).toMatchObject({ ils: 'none', pending: 0, dead: 0 }),
  },
  {
    method: 'POST',
    path: '/api/v1/ils/retry',
    kind: 'api',
    expected: api(200, ['admin']),
    call: () => ({ path: '/api/v1/ils/retry', body: {} }),
    check: (_ctx, _who, body) => expect(json(body)).toEqual({ retried: 0 }),
  },

  // The web pages.
  {
    method: 'GET',
    path: '/',
    kind: 'public',
    expected: everyone(303),
    call: () => ({ path: '/' }),
  },
  {
    method: 'GET',
    path: '/lang/{locale}',
    kind: 'public',
    expected: everyone(303),
    call: () => ({ path: '/lang/zh-Hant?next=%2Fsuggest' }),
  },
  {
    method: 'GET',
    path: '/signin',
    kind: 'public',
    // The signed-in are sent on to their home page.
    expected: { ...everyone(303), none: 200 },
    call: () => ({ path: '/signin' }),
  },
  {
    method: 'GET',
    path: '/feedback/{token}',
    kind: 'public',
    // The link's token is the credential, not a session: anyone holding it may answer.
    expected: everyone(200),
    call: async (ctx) => ({ path: `/feedback/${await feedbackToken(ctx)}` }),
    check: (_ctx, _who, body) => expect(body).toContain('name="answer" value="yes"'),
  },
  {
    method: 'POST',
    path: '/feedback/{token}',
    kind: 'public',
    expected: everyone(200),
    call: async (ctx) => ({ path: `/feedback/${await feedbackToken(ctx)}`, form: { answer: 'yes' } }),
  },
  {
    method: 'GET',
    path: '/signin/library',
    kind: 'public',
    // Anyone may start the library's sign-in; it is finished only by the identity provider.
    expected: everyone(303),
    call: () => ({ path: '/signin/library' }),
  },
  {
    method: 'POST',
    path: '/signin',
    kind: 'public',
    // Each role signs in with its own token; nobody's guess is refused.
    expected: { ...everyone(303), none: 401 },
    call: (ctx, who) => ({
      path: '/signin',
      form: { token: who === 'none' ? 'r2b_a-guess' : ctx.tokens[who] },
      freshBrowser: true,
    }),
  },
  {
    method: 'POST',
    path: '/signout',
    kind: 'public',
    expected: everyone(303),
    call: (ctx) => {
      const before = count(ctx, 'sessions');
      // The session the browser signed in with is gone again.
      return {
        path: '/signout',
        form: {},
        freshBrowser: true,
        after: () => expect(count(ctx, 'sessions')).toBe(before),
      };
    },
  },
  { method: 'GET', path: '/suggest', kind: 'page', expected: page(200), call: () => ({ path: '/suggest' }) },
  {
    method: 'GET',
    path: '/suggest/lookup',
    kind: 'page',
    expected: page(200),
    call: (ctx) => ({ path: `/suggest/lookup?isbn=${ctx.mine.isbn13}` }),
  },
  {
    method: 'POST',
    path: '/suggest/hold',
    kind: 'page',
    // Anyone signed in is told what happened; with no ILS here, that no hold can be placed.
    expected: page(303),
    call: (ctx) => ({ path: '/suggest/hold', form: { isbn: ctx.mine.isbn13 } }),
  },
  {
    method: 'POST',
    path: '/suggest',
    kind: 'page',
    // Anyone with a patron identity, as in the API; these staff tokens speak for no patron.
    expected: page(303, ['patron', 'otherPatron']),
    call: (ctx, who) => {
      const before = count(ctx, 'suggestions');
      return {
        path: '/suggest',
        form: { title: `Form check ${ctx.next()}`, author: 'Tester' },
        after: (status) => expect(count(ctx, 'suggestions')).toBe(before + (status === 303 && who !== 'none' ? 1 : 0)),
      };
    },
  },
  {
    method: 'GET',
    path: '/catalogue',
    kind: 'page',
    expected: page(200),
    call: () => ({ path: '/catalogue?q=Offered' }),
  },
  {
    method: 'GET',
    path: '/catalogue/{id}/suggest',
    kind: 'page',
    expected: page(200),
    call: async (ctx) => ({ path: `/catalogue/${await offeredEntry(ctx)}/suggest` }),
  },
  {
    method: 'POST',
    path: '/catalogue/{id}/suggest',
    kind: 'page',
    // A patron's suggestion; staff who speak for no patron are told so on the page.
    expected: page(303, ['patron', 'otherPatron'], { selector: 422, liaison: 422, otherLiaison: 422, admin: 422 }),
    call: async (ctx, who) => {
      const entry = await offeredEntry(ctx);
      const before = count(ctx, 'suggestions');
      return {
        path: `/catalogue/${entry}/suggest`,
        form: { reason: 'Page check' },
        after: (status) => expect(count(ctx, 'suggestions')).toBe(before + (status === 303 && who !== 'none' ? 1 : 0)),
      };
    },
  },
  {
    method: 'POST',
    path: '/catalogue/lists/{id}/delete',
    kind: 'page',
    // As DELETE /api/v1/catalogues/{id}: the catalogues are kept by admins.
    expected: page(303, allowed('import')),
    call: async (ctx, who) => {
      const entry = await offeredEntry(ctx);
      const catalogue = (
        ctx.h.db.sqlite.prepare('SELECT catalogue_id AS id FROM catalogue_entries WHERE id = ?').get(entry) as {
          id: number;
        }
      ).id;
      return {
        path: `/catalogue/lists/${catalogue}/delete`,
        form: {},
        after: (status) =>
          expect(ctx.h.db.sqlite.prepare('SELECT id FROM catalogues WHERE id = ?').get(catalogue) === undefined).toBe(
            status === 303 && who !== 'none',
          ),
      };
    },
  },
  {
    method: 'GET',
    path: '/my/suggestions',
    kind: 'page',
    expected: page(200),
    call: () => ({ path: '/my/suggestions' }),
  },
  {
    method: 'GET',
    path: '/my/suggestions/{id}',
    kind: 'page',
    // A patron's own page: anyone else finds nothing there.
    expected: page(404, SIGNED_IN, { patron: 200 }),
    call: (ctx) => ({ path: `/my/suggestions/${ctx.mine.id}` }),
  },
  {
    method: 'GET',
    path: '/my/suggestions/{id}/edit',
    kind: 'page',
    expected: page(404, SIGNED_IN, { patron: 200 }),
    call: (ctx) => ({ path: `/my/suggestions/${ctx.mine.id}/edit` }),
  },
  {
    method: 'POST',
    path: '/my/suggestions/{id}/edit',
    kind: 'page',
    expected: page(404, SIGNED_IN, { patron: 303 }),
    call: async (ctx, who) => {
      const id = await ctx.freshMine();
      return {
        path: `/my/suggestions/${id}/edit`,
        form: { format: 'print', reason: 'changed on the page' },
        after: (status) =>
          expect(suggestionReason(ctx, id)).toBe(status === 303 && who !== 'none' ? 'changed on the page' : null),
      };
    },
  },
  {
    method: 'POST',
    path: '/my/suggestions/{id}/withdraw',
    kind: 'page',
    expected: page(404, SIGNED_IN, { patron: 303 }),
    call: async (ctx, who) => {
      const id = await ctx.freshMine();
      return {
        path: `/my/suggestions/${id}/withdraw`,
        form: {},
        after: (status) => expect(suggestionReason(ctx, id)).toBe(status === 303 && who !== 'none' ? undefined : null),
      };
    },
  },
  {
    method: 'GET',
    path: '/buylist',
    kind: 'page',
    // As the API: a liaison reads their own department's list.
    expected: page(200, allowed('readBuylist')),
    call: () => ({ path: '/buylist' }),
    check: (_ctx, who, body) => {
      if (who === 'liaison') expect(body).toContain('Computer Science');
      if (who === 'otherLiaison') expect(body).not.toContain('Computer Science');
    },
  },
  {
    method: 'GET',
    path: '/buylist/export',
    kind: 'page',
    expected: page(200, allowed('readBuylist')),
    call: () => ({ path: '/buylist/export?as=csv' }),
  },
  {
    method: 'POST',
    path: '/buylist/status',
    kind: 'page',
    expected: page(303, allowed('decide')),
    call: async (ctx, who) => {
      const id = await ctx.freshTitle();
      return {
        path: '/buylist/status',
        form: { title: String(id), to: 'in_review' },
        after: (status) =>
          expect(titleStatus(ctx, id)).toBe(status === 303 && who !== 'none' ? 'in_review' : 'submitted'),
      };
    },
  },
  {
    method: 'POST',
    path: '/titles/{id}/merge',
    kind: 'page',
    expected: page(303, allowed('mergeTitles')),
    call: async (ctx, who) => {
      const [into, from] = [await ctx.freshTitle(), await ctx.freshTitle()];
      return {
        path: `/titles/${into}/merge`,
        form: { from: String(from) },
        after: (status) => expect(titleExists(ctx, from)).toBe(!(status === 303 && who !== 'none')),
      };
    },
  },
  {
    method: 'POST',
    path: '/titles/{id}/split',
    kind: 'page',
    expected: page(303, allowed('mergeTitles')),
    call: async (ctx, who) => {
      const { id, moved } = await twoRequestTitle(ctx);
      const isbn = isbnFor(ctx.next());
      return {
        path: `/titles/${id}/split`,
        form: { suggestion: String(moved), isbn },
        after: (status) =>
          expect(ctx.h.db.sqlite.prepare('SELECT count(*) AS n FROM titles WHERE isbn13 = ?').get(isbn)).toEqual({
            n: status === 303 && who !== 'none' ? 1 : 0,
          }),
      };
    },
  },
  {
    method: 'POST',
    path: '/titles/{id}/edition',
    kind: 'page',
    expected: page(303, allowed('decide')),
    call: async (ctx, who) => {
      const id = await ctx.freshTitle(false);
      const isbn = isbnFor(ctx.next());
      return {
        path: `/titles/${id}/edition`,
        form: { isbn },
        after: (status) =>
          expect(ctx.h.db.sqlite.prepare('SELECT isbn13 FROM titles WHERE id = ?').get(id)).toEqual({
            isbn13: status === 303 && who !== 'none' ? isbn : null,
          }),
      };
    },
  },
  {
    method: 'POST',
    path: '/titles/{id}/edition/reject',
    kind: 'page',
    expected: page(303, allowed('decide')),
    call: async (ctx, who) => {
      const id = await proposedTitle(ctx);
      return {
        path: `/titles/${id}/edition/reject`,
        form: {},
        after: (status) =>
          expect(
            ctx.h.db.sqlite.prepare('SELECT proposal IS NULL AS cleared FROM titles WHERE id = ?').get(id),
          ).toEqual({
            cleared: status === 303 && who !== 'none' ? 1 : 0,
          }),
      };
    },
  },
  {
    method: 'GET',
    path: '/allocation',
    kind: 'page',
    expected: page(200, allowed('allocate')),
    call: () => ({ path: '/allocation?total=1000' }),
    check: (_ctx, _who, body) => expect(body).toContain('Computer Science'),
  },
  {
    method: 'GET',
    path: '/titles/{id}',
    kind: 'page',
    // As the API's title: staff; a liaison only a title their department asked for.
    expected: page(200, allowed('readTitles', 'CS'), { otherLiaison: 404 }),
    call: (ctx) => ({ path: `/titles/${ctx.mine.titleId}` }),
    check: (_ctx, who, body) => {
      if (who === 'liaison') expect(body).not.toContain('Carol');
    },
  },
  {
    method: 'POST',
    path: '/titles/{id}/edit',
    kind: 'page',
    expected: page(303, allowed('editTitles')),
    call: async (ctx, who) => {
      const id = await ctx.freshTitle();
      return {
        path: `/titles/${id}/edit`,
        form: { quantity: '4' },
        after: (status) => {
          const row = ctx.h.db.sqlite.prepare('SELECT quantity FROM titles WHERE id = ?').get(id) as {
            quantity: number;
          };
          expect(row.quantity).toBe(status === 303 && who !== 'none' ? 4 : null);
        },
      };
    },
  },
  {
    method: 'POST',
    path: '/titles/{id}/endorsement',
    kind: 'page',
    expected: page(303, allowed('endorse'), { otherLiaison: 404 }),
    call: async (ctx, who) => {
      const id = await csTitle(ctx);
      return {
        path: `/titles/${id}/endorsement`,
        form: { comment: 'Wanted for CS 101' },
        after: (status) => expect(endorsed(ctx, id)).toBe(status === 303 && who !== 'none'),
      };
    },
  },
  {
    method: 'POST',
    path: '/titles/{id}/endorsement/withdraw',
    kind: 'page',
    expected: page(303, allowed('endorse'), { otherLiaison: 404 }),
    call: async (ctx, who) => {
      const id = await csTitle(ctx);
      if (who === 'liaison' || who === 'otherLiaison') {
        await ctx.h.call('POST', `/api/v1/titles/${id}/endorsements`, { token: ctx.tokens.liaison, body: {} });
      }
      return {
        path: `/titles/${id}/endorsement/withdraw`,
        form: {},
        // Another department's liaison cannot withdraw the CS liaison's word.
        after: (status) => expect(endorsed(ctx, id)).toBe(status !== 303 && who === 'otherLiaison'),
      };
    },
  },
  {
    method: 'GET',
    path: '/reports',
    kind: 'page',
    // As the API: a liaison reads their own department's outcomes, and cannot ask for another's.
    expected: page(200, allowed('readOutcomes')),
    call: () => ({ path: '/reports?department=CS' }),
    check: (_ctx, who, body) => {
      if (who === 'otherLiaison') expect(body).not.toContain('<option value="CS" selected');
      expect(body).toContain('<form method="get" action="/reports"');
    },
  },
  {
    method: 'GET',
    path: '/reports/outcomes.csv',
    kind: 'page',
    expected: page(200, allowed('readOutcomes')),
    call: () => ({ path: '/reports/outcomes.csv' }),
    check: (_ctx, _who, body) => expect(body).toContain('title_id,isbn13,title'),
  },
  {
    method: 'GET',
    path: '/ils',
    kind: 'page',
    expected: page(200, allowed('manageIls')),
    call: () => ({ path: '/ils' }),
  },
  {
    method: 'POST',
    path: '/ils/retry',
    kind: 'page',
    expected: page(303, allowed('manageIls')),
    call: () => ({ path: '/ils/retry', form: {} }),
  },
  {
    method: 'GET',
    path: '/imports',
    kind: 'page',
    expected: page(200, allowed('import')),
    call: () => ({ path: '/imports' }),
  },
  {
    method: 'GET',
    path: '/imports/{kind}',
    kind: 'page',
    expected: page(200, allowed('import')),
    call: () => ({ path: '/imports/ill' }),
  },
  {
    method: 'POST',
    path: '/imports/{kind}',
    kind: 'page',
    // As the API: the importers are for admins.
    expected: page(200, allowed('import')),
    call: (ctx) => {
      const n = ctx.next();
      const before = count(ctx, 'import_runs');
      return {
        path: '/imports/departments',
        form: {},
        files: { file: { name: `access-${n}.csv`, content: `code,name\nPAGE${n},Page ${n}\n` } },
        after: (status) => expect(count(ctx, 'import_runs')).toBe(before + (status === 200 ? 1 : 0)),
      };
    },
    check: (_ctx, _who, body) => expect(body).toMatch(/<h2 id="outcome">[^<]*access-\d+\.csv/),
  },
  {
    method: 'GET',
    path: '/imports/runs',
    kind: 'page',
    expected: page(200, allowed('import')),
    call: () => ({ path: '/imports/runs' }),
  },
  {
    method: 'GET',
    path: '/imports/progress',
    kind: 'page',
    expected: page(200, allowed('import')),
    call: () => ({ path: '/imports/progress' }),
  },
  {
    method: 'GET',
    path: '/imports/runs/{key}',
    kind: 'page',
    expected: page(200, allowed('import')),
    call: (ctx) => {
      const { run_key } = ctx.h.db.sqlite.prepare('SELECT run_key FROM import_runs LIMIT 1').get() as {
        run_key: string;
      };
      return { path: `/imports/runs/${run_key}` };
    },
  },
  {
    method: 'GET',
    path: '/imports/runs/{key}/rejections.csv',
    kind: 'page',
    expected: page(200, allowed('import')),
    call: (ctx) => {
      const { run_key } = ctx.h.db.sqlite.prepare('SELECT run_key FROM import_runs LIMIT 1').get() as {
        run_key: string;
      };
      return { path: `/imports/runs/${run_key}/rejections.csv` };
    },
    check: (_ctx, _who, body) => expect(body).toContain('file,line,reason'),
  },
  {
    method: 'GET',
    path: '/admin',
    kind: 'page',
    // Whoever may use one of the staff tools; the others are told they may not.
    expected: page(200, ['admin']),
    call: () => ({ path: '/admin' }),
  },
  {
    method: 'GET',
    path: '/outbox',
    kind: 'page',
    expected: page(200, allowed('outbox')),
    call: () => ({ path: '/outbox' }),
  },
  {
    method: 'POST',
    path: '/outbox/retry-dead',
    kind: 'page',
    expected: page(303, allowed('outbox')),
    call: () => ({ path: '/outbox/retry-dead', form: {} }),
  },
  {
    method: 'POST',
    path: '/outbox/{id}/retry',
    kind: 'page',
    expected: page(303, allowed('outbox')),
    call: async (ctx, who) => {
      await ctx.freshTitle();
      const { id } = ctx.h.db.sqlite.prepare('SELECT id FROM notifications ORDER BY rowid DESC LIMIT 1').get() as {
        id: string;
      };
      ctx.h.db.sqlite.prepare("UPDATE notifications SET status = 'dead' WHERE id = ?").run(id);
      return {
        path: `/outbox/${id}/retry`,
        form: {},
        // A visitor is sent to sign in (303) too: whether it moved is by who asked.
        after: () => {
          const row = ctx.h.db.sqlite.prepare('SELECT status FROM notifications WHERE id = ?').get(id);
          expect(row).toEqual({ status: allowed('outbox').includes(who) ? 'pending' : 'dead' });
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/tokens',
    kind: 'page',
    expected: page(200, allowed('manageTokens')),
    call: () => ({ path: '/tokens' }),
    check: (_ctx, _who, body) => expect(body).not.toMatch(/r2b_[A-Za-z0-9_-]{20,}/),
  },
  {
    method: 'POST',
    path: '/tokens',
    kind: 'page',
    expected: page(200, allowed('manageTokens')),
    call: (ctx) => {
      const before = count(ctx, 'api_tokens');
      return {
        path: '/tokens',
        form: { role: 'selector', label: `Page ${ctx.next()}` },
        after: (status) => expect(count(ctx, 'api_tokens')).toBe(before + (status === 200 ? 1 : 0)),
      };
    },
  },
  {
    method: 'POST',
    path: '/tokens/{id}/revoke',
    kind: 'page',
    expected: page(303, allowed('manageTokens')),
    call: async (ctx, who) => {
      await ctx.h.token('selector');
      const { id } = ctx.h.db.sqlite.prepare('SELECT max(id) AS id FROM api_tokens').get() as { id: number };
      return {
        path: `/tokens/${id}/revoke`,
        form: {},
        after: () => {
          const row = ctx.h.db.sqlite.prepare('SELECT revoked_at FROM api_tokens WHERE id = ?').get(id) as {
            revoked_at: number | null;
          };
          expect(row.revoked_at !== null).toBe(allowed('manageTokens').includes(who));
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/departments/{code}/edit',
    kind: 'page',
    expected: page(200, allowed('editDepartments')),
    call: () => ({ path: '/departments/CS/edit' }),
  },
  {
    method: 'POST',
    path: '/departments/{code}/edit',
    kind: 'page',
    expected: page(303, allowed('editDepartments')),
    call: (ctx, who) => {
      const budget = ctx.next() * 100;
      const stored = () => ctx.h.db.sqlite.prepare("SELECT budget_cents FROM departments WHERE code = 'MATH'").get();
      return {
        path: '/departments/MATH/edit',
        form: { budget: String(budget), fund: 'MATH-MONO', liaisonEmail: '', locale: 'en' },
        after: () => {
          if (allowed('editDepartments').includes(who)) expect(stored()).toEqual({ budget_cents: budget * 100 });
          else expect(stored()).not.toEqual({ budget_cents: budget * 100 });
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/departments',
    kind: 'page',
    expected: page(200, allowed('listDepartments')),
    call: () => ({ path: '/departments' }),
  },
  {
    method: 'GET',
    path: '/departments/{code}',
    kind: 'page',
    expected: page(200, allowed('readDepartment', 'CS')),
    call: () => ({ path: '/departments/CS' }),
  },
  {
    method: 'GET',
    path: '/departments/{code}/digest',
    kind: 'page',
    expected: page(200, allowed('readDigest', 'CS')),
    call: () => ({ path: '/departments/CS/digest' }),
  },
];

// The people behind the tokens, with what nobody else may learn of them.
const PEOPLE = {
  ana: {
    externalId: 'ana-2023001234',
    email: 'ana.lima@example.edu',
    displayName: 'Ana Lima-Okafor',
    reason: 'ana-private-reason-7731',
    title: 'Ana private reading 4411',
  },
  bob: {
    externalId: 'bob-1999007',
    email: 'bob.brown@example.org',
    displayName: 'Bob Brownlow',
    reason: 'bob-private-reason-5150',
    title: 'Bob private reading 8282',
  },
};
const identity = (p: (typeof PEOPLE)['ana']) => [p.externalId, p.email, p.displayName];
const everything = (p: (typeof PEOPLE)['ana']) => [...identity(p), p.reason, p.title];

/** What each role must never read, in any answer. */
function secretsFor(who: Who): string[] {
  switch (who) {
    case 'none':
      return [...everything(PEOPLE.ana), ...everything(PEOPLE.bob)];
    case 'patron':
      return everything(PEOPLE.bob);
    case 'otherPatron':
      return everything(PEOPLE.ana);
    case 'liaison':
    case 'otherLiaison':
      return [...identity(PEOPLE.ana), ...identity(PEOPLE.bob)];
    default:
      return [];
  }
}

/** A title nobody has decided on, asked for by someone of CS: what the CS liaison may endorse. */
async function csTitle(ctx: Ctx): Promise<number> {
  const n = ctx.next();
  const token = await ctx.h.patronToken(`cs-fixture-${n}`, { departmentCode: 'CS' });
  const res = await ctx.h.call('POST', '/api/v1/suggestions', {
    token,
    body: { title: `CS title ${n}`, author: 'Fixture' },
  });
  return (await res.json()).title.id as number;
}

/** Whether any liaison has endorsed the title. */
function endorsed(ctx: Ctx, titleId: number): boolean {
  return ctx.h.db.sqlite.prepare('SELECT 1 FROM endorsements WHERE title_id = ?').get(titleId) !== undefined;
}

/** An entry of a vendor catalogue of its own, nobody has suggested yet: its id. */
async function offeredEntry(ctx: Ctx): Promise<number> {
  const n = ctx.next();
  await importCatalogue(
    ctx.h.deps,
    bufferSource(`offered-${n}.csv`, Buffer.from(`isbn,title\n${isbnFor(n)},Offered ${n}\n`)),
    {
      catalogue: { name: `Offered ${n}`, vendor: 'Vendor', issued: '2026-01-01' },
    },
  );
  return (
    ctx.h.db.sqlite.prepare('SELECT id FROM catalogue_entries WHERE isbn13 = ?').get(isbnFor(n)) as { id: number }
  ).id;
}

/** A valid ISBN-13 of our own for each n. */
function isbnFor(n: number): string {
  const twelve = `979${String(100_000_000 + n).slice(-9)}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(twelve[i]) * (i % 2 ? 3 : 1);
  return twelve + String((10 - (sum % 10)) % 10);
}

/** "/my/suggestions/:id{[0-9]{1,12}}" and "/departments/:code" as OpenAPI writes them. */
const openApiPath = (path: string) => path.replace(/:(\w+)(\{[^}]*\}+)?/g, '{$1}');

describe('who may do what, endpoint by endpoint', () => {
  const ctx = {} as Ctx;
  let n = 0;

  beforeAll(async () => {
    const h = await harness({ ...NO_LIMITS, AUTH_LOGIN_URL: 'https://idp.example.edu/authorize' });
    await importDepartments(
      h.deps,
      fileSource(new URL('../../fixtures/demo/departments.csv', import.meta.url).pathname),
    );
    const { ana, bob } = PEOPLE;
    const tokens = {
      patron: await h.patronToken(ana.externalId, {
        email: ana.email,
        displayName: ana.displayName,
        departmentCode: 'CS',
      }),
      otherPatron: await h.patronToken(bob.externalId, {
        email: bob.email,
        displayName: bob.displayName,
        departmentCode: 'HIST',
      }),
      selector: await h.token('selector'),
      liaison: await h.token('liaison', undefined, 'CS'),
      otherLiaison: await h.token('liaison', undefined, 'HIST'),
      admin: await h.token('admin'),
    };
    const carol = await h.patronToken('carol-fixtures', { departmentCode: 'MATH' });
    const mine = await (
      await h.call('POST', '/api/v1/suggestions', {
        token: tokens.patron,
        body: { isbn: '9780262046305', reason: ana.reason },
      })
    ).json();
    await h.call('POST', '/api/v1/suggestions', { token: tokens.patron, body: { title: ana.title, author: 'Ana' } });
    await h.call('POST', '/api/v1/suggestions', {
      token: tokens.otherPatron,
      body: { title: bob.title, author: 'Bob', reason: bob.reason },
    });
    const browsers = Object.fromEntries(ROLES.map((r) => [r, visitor(h)])) as Record<Who, Visitor>;
    for (const r of SIGNED_IN) await browsers[r].signIn(tokens[r as Exclude<Who, 'none'>]);
    Object.assign(ctx, {
      h,
      tokens,
      browsers,
      mine: { id: mine.id, titleId: mine.title.id, isbn13: mine.title.isbn13 },
      next: () => ++n,
      async freshMine() {
        const body = { title: `Own fresh title ${++n}`, author: 'Fixture' };
        const res = await h.call('POST', '/api/v1/suggestions', { token: tokens.patron, body });
        return (await res.json()).id as number;
      },
      async freshTitle(isbn = true) {
        const body = isbn ? { isbn: isbnFor(++n) } : { title: `Fresh title ${++n}`, author: 'Fixture' };
        const res = await h.call('POST', '/api/v1/suggestions', { token: carol, body });
        return (await res.json()).title.id as number;
      },
    } satisfies Partial<Ctx>);
  });
  afterAll(() => ctx.h.close());

  it('has a row for every operation in the OpenAPI document and every route the app serves', async () => {
    const doc = await (await ctx.h.call('GET', '/openapi.json')).json();
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const rows = ROWS.map((r) => `${r.method} ${r.path}`);
    expect(new Set(rows).size).toBe(rows.length);
    expect(
      documented.filter((op) => !rows.includes(op)),
      'documented operations without a row',
    ).toEqual([]);
    const apiRows = ROWS.filter((r) => r.kind === 'api').map((r) => `${r.method} ${r.path}`);
    expect(
      apiRows.filter((op) => !documented.includes(op)),
      'rows for operations not documented',
    ).toEqual([]);

    // Every route the router serves (middleware on "*" aside), pages included.
    const served = new Set(
      ctx.h.app.routes
        .filter((r) => (r.method === 'GET' || r.method === 'POST') && !r.path.includes('*'))
        .map((r) => `${r.method} ${openApiPath(r.path)}`),
    );
    expect(
      [...served].filter((route) => !rows.includes(route)),
      'routes without a row',
    ).toEqual([]);
    for (const row of ROWS.filter((r) => r.kind === 'page'))
      expect(isPagePath(row.path.replace(/\{\w+\}/g, 'x'))).toBe(true);
  });

  it('answers a caller without credentials 401 before anything else, whatever the body, for every API operation', async () => {
    const doc = await (await ctx.h.call('GET', '/openapi.json')).json();
    const operations = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path: path.replace(/\{\w+\}/g, '1') })),
      );
    expect(operations.length).toBeGreaterThan(10);
    for (const { method, path } of operations) {
      // A body of the wrong type, and one over every limit: neither is looked at before who is asking.
      for (const body of ['not json', 'x'.repeat(2 ** 20)]) {
        const res = await ctx.h.app.request(path, {
          method,
          headers: { 'content-type': 'text/plain' },
          ...(method === 'GET' ? {} : { body }),
        });
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(res.headers.get('www-authenticate'), `${method} ${path}`).toMatch(/^Bearer /);
      }
    }
  });

  const summary = (expected: Record<Who, number>) => ROLES.map((r) => `${NAMES[r]} ${expected[r]}`).join(', ');

  it.each(ROWS.map((row) => [`${row.method} ${row.path}`, summary(row.expected), row] as const))(
    '%s answers %s',
    async (_name, _summary, row) => {
      for (const who of ROLES) {
        const call = await row.call(ctx, who);
        const response = await send(ctx, row, who, call);
        const body = await response.text();
        const what = `${NAMES[who]}: ${row.method} ${call.path} -> ${response.status} ${body.slice(0, 200)}`;
        expect(response.status, what).toBe(row.expected[who]);
        expectShape(row, who, response, what);
        for (const secret of secretsFor(who)) expect(body.includes(secret), `${what}\n  shows "${secret}"`).toBe(false);
        if (response.status < 300 && row.check) row.check(ctx, who, body);
        await call.after?.(response.status);
      }
    },
  );
});

async function send(ctx: Ctx, row: Row, who: Who, call: Call): Promise<Response> {
  if (row.kind === 'api' || (row.kind === 'public' && !call.form)) {
    if (row.kind === 'public') return ctx.browsers[who].get(call.path);
    const token = who === 'none' ? undefined : ctx.tokens[who];
    const headers: Record<string, string> = { ...call.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) };
    if (row.method === 'GET') return ctx.h.app.request(call.path, { headers });
    const body =
      call.body === undefined ? undefined : typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    return ctx.h.app.request(call.path, { method: row.method, headers, ...(body === undefined ? {} : { body }) });
  }
  let browser = ctx.browsers[who];
  if (call.freshBrowser) {
    browser = visitor(ctx.h);
    if (who !== 'none' && call.path !== '/signin') await browser.signIn(ctx.tokens[who]);
  }
  if (row.method === 'GET') return browser.get(call.path);
  const csrf = await browser.csrfOf(call.path === '/signin' || who === 'none' ? '/signin' : '/suggest');
  if (call.files) return browser.upload(call.path, { ...call.form, _csrf: csrf }, call.files);
  return browser.post(call.path, { ...call.form, _csrf: csrf });
}

function expectShape(row: Row, who: Who, response: Response, what: string) {
  const type = response.headers.get('content-type') ?? '';
  if (row.kind === 'api' && response.status >= 400) {
    expect(type, what).toMatch(/^application\/problem\+json/);
    if (who === 'none') expect(response.headers.get('www-authenticate'), what).toMatch(/^Bearer /);
  }
  if (row.kind === 'page') {
    if (response.status >= 400) expect(type, what).toMatch(/^text\/html/);
    // Nobody is sent to sign in, and back to this page afterwards.
    if (who === 'none') expect(response.headers.get('location'), what).toMatch(/^\/signin\?next=%2F/);
  }
}

describe('tokens', () => {
  it('are compared by a function that reads every character whatever the first difference, and answers as ===', () => {
    // Counting what is read, through strings that report each character asked of them.
    const reads = (a: string, b: string) => {
      const seen: number[] = [];
      const spy = (s: string) =>
        ({ length: s.length, charCodeAt: (i: number) => (seen.push(i), s.charCodeAt(i)) }) as unknown as string;
      const equal = constantTimeEqual(spy(a), spy(b));
      return { equal, seen: seen.length };
    };
    const secret = 'f'.repeat(64);
    const at = (i: number) => secret.slice(0, i) + '0' + secret.slice(i + 1);
    const same = reads(secret, secret);
    expect(same).toEqual({ equal: true, seen: 128 });
    for (const i of [0, 1, 31, 63]) expect(reads(secret, at(i))).toEqual({ equal: false, seen: 128 });
    expect(reads(secret, secret.slice(0, 63))).toEqual({ equal: false, seen: 128 });
    expect(constantTimeEqual('', '')).toBe(true);
    expect(constantTimeEqual('abc', 'abc\u0000')).toBe(false);

    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), fc.nat(), (a, b, cut) => {
        expect(constantTimeEqual(a, b)).toBe(a === b);
        const prefix = a.slice(0, cut % (a.length + 1));
        expect(constantTimeEqual(a, prefix)).toBe(a === prefix);
        expect(constantTimeEqual(a, a.slice())).toBe(true);
      }),
      runs(300),
    );
  });

  describe('as stored', () => {
    let h: Harness;
    const issued: string[] = [];
    let cookies: string[] = [];
    beforeAll(async () => {
      h = await harness(NO_LIMITS);
      issued.push(
        await h.patronToken('hash-patron', { email: 'hash@example.edu' }),
        await h.token('selector'),
        await h.token('liaison', undefined, 'CS'),
        await h.token('admin'),
      );
      const browsers = issued.map(() => visitor(h));
      for (const [i, b] of browsers.entries()) await b.signIn(issued[i]!);
      cookies = browsers.map((b) => b.jar.get('r2b_session')!);
    });
    afterAll(() => h.close());

    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

    it('keeps API tokens and browser sessions only as their SHA-256, and the secrets nowhere', async () => {
      const tokenHashes = (h.db.sqlite.prepare('SELECT token_hash FROM api_tokens').all() as { token_hash: string }[])
        .map((r) => r.token_hash)
        .sort();
      expect(tokenHashes).toEqual(issued.map(sha256).sort());
      const sessionHashes = (h.db.sqlite.prepare('SELECT id_hash FROM sessions').all() as { id_hash: string }[])
        .map((r) => r.id_hash)
        .sort();
      expect(cookies.every((c) => /^[\w-]{43}$/.test(c))).toBe(true);
      expect(sessionHashes).toEqual(cookies.map(sha256).sort());
      const dump = await dumpDatabase(h.db);
      for (const secret of [...issued, ...cookies]) expect(dump).not.toContain(secret);
    });

    it('signs nobody in with a stored hash, a token one character off, or a token cut short', async () => {
      const [patron] = issued as [string];
      const hash = sha256(patron);
      const last = patron.at(-1) === 'A' ? 'B' : 'A';
      for (const guess of [hash, `r2b_${hash}`, patron.slice(0, -1) + last, patron.slice(0, -1), `${patron}A`]) {
        const res = await h.call('GET', '/api/v1/suggestions', { token: guess });
        expect(res.status, guess).toBe(401);
      }
      const session = await h.app.request('/suggest', { headers: { cookie: `r2b_session=${sha256(cookies[0]!)}` } });
      expect(session.status).toBe(303);
      expect((await h.call('GET', '/api/v1/suggestions', { token: patron })).status).toBe(200);
    });
  });
});
