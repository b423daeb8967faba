// The web pages: patrons suggest and follow their suggestions, selectors work the buy list,
// liaisons read their department. Rendered on the server with Hono JSX, mounted beside the API
// in createApp, so Node and Workers serve the same pages.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { setCookie } from 'hono/cookie';
import { may } from '../domain/access.js';
import { LOCALES } from '../domain/locale.js';
import { ASSETS } from './assets.js';
import { pageOf, type UiContext, type UiEnv } from './context.js';
import { documentHeaders } from '../security-headers.js';
import { COOKIES, cookieOptions, localPath, pageContext } from './middleware.js';
import { allocationPages } from './pages/allocation.js';
import { reportsPages } from './pages/reports.js';
import { feedbackPages } from './pages/feedback.js';
import { titlePages } from './pages/title.js';
import { buyListPages } from './pages/buylist.js';
import { cataloguePages } from './pages/catalogue.js';
import { departmentPages } from './pages/department.js';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { errorPage, forbiddenPage, notFoundPage } from './pages/errors.js';
import { ilsPages } from './pages/ils.js';
import { adminPages } from './pages/admin.js';
import { importRunPages } from './pages/import-runs.js';
import { importPages, isImportKind, uploadTooLarge } from './pages/imports.js';
import { outboxPages } from './pages/outbox.js';
import { tokenPages } from './pages/tokens.js';
import { minePages } from './pages/mine.js';
import { homeOf, signInPages } from './pages/signin.js';
import { suggestPages } from './pages/suggest.js';

/** The paths that are pages (not the API, the docs or the health checks). */
const PAGE_PATH =
  /^\/(?:$|signin(?:$|\/)|signout$|lang\/|suggest(?:$|\/)|my\/|buylist(?:$|\/)|departments(?:$|\/)|allocation$|reports(?:$|\/)|imports(?:$|\/)|ils(?:$|\/)|feedback\/|titles\/|admin$|outbox(?:$|\/)|tokens(?:$|\/)|catalogue(?:$|\/))/;

export function isPagePath(path: string): boolean {
  return PAGE_PATH.test(path);
}

/** A browser asking for a page, rather than a program asking for JSON. */
export function wantsPage(c: UiContext): boolean {
  return isPagePath(c.req.path) || (!c.req.path.startsWith('/api/') && /text\/html/.test(c.req.header('accept') ?? ''));
}

export const uiRouter = new Hono<UiEnv>();

function asset(c: UiContext, name: keyof typeof ASSETS) {
  const { body, type, version } = ASSETS[name];
  const immutable = c.req.query('v') === version;
  return c.body(body, 200, {
    'content-type': type,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
    'x-content-type-options': 'nosniff',
  });
}

uiRouter.get('/assets/:name', (c) => {
  const name = c.req.param('name');
  // Only the assets' own names: "constructor" or "__proto__" are not files.
  return Object.hasOwn(ASSETS, name) ? asset(c, name as keyof typeof ASSETS) : notFoundPage(c);
});
// Browsers and feed readers ask for /favicon.ico whatever a page links to.
uiRouter.get('/favicon.ico', (c) => asset(c, 'icon.svg'));

uiRouter.use('*', async (c, next) => {
  if (!isPagePath(c.req.path)) return next();
  return documentHeaders(c, async () => {
    await pageContext(c, next);
  });
});

// Forms are small; anything larger is refused before it is read. The one exception is a file an
// admin sends to the imports page, which may be as large as the API takes (IMPORT_LIMIT_BYTES,
// with room for the form's other fields); anyone else's post there is held to the small limit
// before it is refused. What is read is parsed here, once, for every form: a body that does not
// parse (a multipart body cut short, say) is refused with a page, and the handlers' own
// parseBody() reads the parsed form.
uiRouter.on('POST', '*', async (c, next) => {
  if (!isPagePath(c.req.path)) return next();
  const { config } = c.get('deps');
  const kind = /^\/imports\/([a-z]+)$/.exec(c.req.path)?.[1];
  const role = c.get('session')?.principal.role;
  if (kind && isImportKind(kind) && role && may(role, 'import')) {
    return bodyLimit({
      maxSize: config.IMPORT_LIMIT_BYTES + config.BODY_LIMIT_BYTES,
      onError: (c) => uploadTooLarge(c, kind),
    })(c, next);
  }
  return bodyLimit({
    maxSize: config.BODY_LIMIT_BYTES,
    onError: (c) => errorPage(c, 413, pageOf(c).tr('ui.error.tooLarge'), pageOf(c).tr('ui.error.tooLargeDetail')),
  })(c, next);
});
uiRouter.on('POST', '*', async (c, next) => {
  if (!isPagePath(c.req.path)) return next();
  try {
    await c.req.parseBody({ all: true });
  } catch {
    return errorPage(c, 400, pageOf(c).tr('ui.error.unreadable'), pageOf(c).tr('ui.error.unreadableDetail'));
  }
  await next();
});

// Home: patrons to the suggestion form, staff to their list; visitors first sign in.
uiRouter.get('/', (c) => {
  const session = c.get('session');
  return c.redirect(session ? homeOf(session.principal) : '/signin', 303);
});

uiRouter.get('/lang/:locale', (c) => {
  const locale = c.req.param('locale');
  if ((LOCALES as readonly string[]).includes(locale)) {
    setCookie(c, COOKIES.language, locale, cookieOptions(c, 365 * 86_400));
  }
  return c.redirect(localPath(c.req.query('next'), '/'), 303);
});

uiRouter.route('/', signInPages);
uiRouter.route('/', suggestPages);
uiRouter.route('/', minePages);
uiRouter.route('/', cataloguePages);
uiRouter.route('/', buyListPages);
uiRouter.route('/', departmentPages);
uiRouter.route('/', allocationPages);
uiRouter.route('/', reportsPages);
uiRouter.route('/', feedbackPages);
uiRouter.route('/', titlePages);
uiRouter.route('/', importPages);
uiRouter.route('/', ilsPages);
uiRouter.route('/', adminPages);
uiRouter.route('/', outboxPages);
uiRouter.route('/', tokenPages);
uiRouter.route('/', importRunPages);

/**
 * What a page shows for an error no page handled: a page in the reader's language, never a
 * stack trace, nor the API's English detail.
 */
export function pageError(c: UiContext, status: ContentfulStatusCode) {
  const { tr } = pageOf(c);
  if (status === 404) return notFoundPage(c);
  if (status === 403) return forbiddenPage(c);
  if (status === 413) return errorPage(c, 413, tr('ui.error.tooLarge'), tr('ui.error.tooLargeDetail'));
  if (status >= 500) return errorPage(c, status, tr('ui.error.internal'), tr('ui.error.internalDetail'));
  return errorPage(c, status, tr('ui.error.bad'), tr('ui.error.badDetail'));
}
