// The web pages: patrons suggest and follow their suggestions, selectors work the buy list,
// liaisons read their department. Rendered on the server with Hono JSX, mounted beside the API
// in createApp, so Node and Workers serve the same pages.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { setCookie } from 'hono/cookie';
import { LOCALES } from '../domain/locale.js';
import { ASSETS } from './assets.js';
import { pageOf, type UiContext, type UiEnv } from './context.js';
import { documentHeaders } from '../security-headers.js';
import { COOKIES, cookieOptions, localPath, pageContext } from './middleware.js';
import { buyListPages } from './pages/buylist.js';
import { departmentPages } from './pages/department.js';
import { errorPage, notFoundPage } from './pages/errors.js';
import { minePages } from './pages/mine.js';
import { homeOf, signInPages } from './pages/signin.js';
import { suggestPages } from './pages/suggest.js';

/** The paths that are pages (not the API, the docs or the health checks). */
const PAGE_PATH = /^\/(?:$|signin$|signout$|lang\/|suggest(?:$|\/)|my\/|buylist(?:$|\/)|departments(?:$|\/))/;

export function isPagePath(path: string): boolean {
  return PAGE_PATH.test(path);
}

/** A browser asking for a page, rather than a program asking for JSON. */
export function wantsPage(c: UiContext): boolean {
  return isPagePath(c.req.path) || (!c.req.path.startsWith('/api/') && /text\/html/.test(c.req.header('accept') ?? ''));
}

export const uiRouter = new Hono<UiEnv>();

uiRouter.get('/assets/:name', (c) => {
  const asset = ASSETS[c.req.param('name') as keyof typeof ASSETS];
  if (!asset) return notFoundPage(c);
  const immutable = c.req.query('v') === asset.version;
  return c.body(asset.body, 200, {
    'content-type': asset.type,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
    'x-content-type-options': 'nosniff',
  });
});

uiRouter.use('*', async (c, next) => {
  if (!isPagePath(c.req.path)) return next();
  return documentHeaders(c, async () => {
    await pageContext(c, next);
  });
});

// Forms are small; anything larger is refused before it is read.
uiRouter.on('POST', ['/signin', '/signout', '/suggest', '/buylist/*'], async (c, next) =>
  bodyLimit({
    maxSize: c.get('deps').config.BODY_LIMIT_BYTES,
    onError: (c) => errorPage(c, 413, pageOf(c).tr('ui.error.tooLarge'), pageOf(c).tr('ui.error.tooLargeDetail')),
  })(c, next),
);

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
uiRouter.route('/', buyListPages);
uiRouter.route('/', departmentPages);

/** What a page shows for an error it did not expect: a page, never a stack trace. */
export function pageError(c: UiContext, status: 500 | 400 | 404 | 403 | 409 | 413 | 422 | 429, detail?: string) {
  const { tr } = pageOf(c);
  if (status === 404) return notFoundPage(c);
  return errorPage(
    c,
    status,
    tr(status >= 500 ? 'ui.error.internal' : 'ui.error.bad'),
    detail ?? tr('ui.error.internalDetail'),
  );
}
