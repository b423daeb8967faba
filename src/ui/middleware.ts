// What every page request passes through after the security headers (src/security-headers.ts):
// the session cookie, the page's language, the sign-in requirement and, for forms, the checks
// against cross-site forgery.
import type { MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { type Action, may } from '../domain/access.js';
import { fromAcceptLanguage, LOCALES, type Locale, toLocale } from '../domain/locale.js';
import { constantTimeEqual } from '../services/access/auth.js';
import { readSession } from '../services/access/sessions.js';
import type { UiContext, UiEnv } from './context.js';
import type { Flash } from './layout.js';
import { forbiddenPage } from './pages/errors.js';

export const COOKIES = {
  session: 'r2b_session',
  language: 'r2b_lang',
  /** the sign-in form's own anti-forgery token, before there is a session to hold one */
  signIn: 'r2b_signin',
  /** the state and nonce of a sign-in started with the identity provider, until it posts back */
  started: 'r2b_started',
  flash: 'r2b_flash',
  /** what became of the titles a selector moved, for the list they come back to */
  moved: 'r2b_moved',
} as const;

/** Reads the session and decides the page's language: a chosen one, the user's, the browser's. */
export const pageContext: MiddlewareHandler<UiEnv> = async (c, next) => {
  const deps = c.get('deps');
  const secret = getCookie(c, COOKIES.session);
  const session = secret ? await readSession(deps, c.get('authenticator'), secret) : null;
  if (secret && !session) deleteCookie(c, COOKIES.session, { path: '/' });
  c.set('session', session);
  if (session) c.set('principal', session.principal);
  const chosen = getCookie(c, COOKIES.language);
  const locale: Locale =
    (chosen && (LOCALES as readonly string[]).includes(chosen) ? (chosen as Locale) : null) ??
    toLocale(session?.principal.patron?.locale ?? '') ??
    fromAcceptLanguage(c.req.header('accept-language')) ??
    deps.config.DEFAULT_LOCALE;
  c.set('locale', locale);
  await next();
  // Pages carry people's own requests: never kept by shared caches.
  if (!c.res.headers.has('cache-control')) c.header('cache-control', 'private, no-store');
  c.header('vary', 'Cookie, Accept-Language');
};

/**
 * Sends a visitor who is not signed in to the sign-in page, and back here afterwards; refuses
 * (403) one whose role may not do `action` (src/domain/access.ts).
 */
export function requireSignIn(action?: Action): MiddlewareHandler<UiEnv> {
  return async (c, next) => {
    const session = c.get('session');
    if (!session) {
      const url = new URL(c.req.url);
      const back = c.req.method === 'GET' ? url.pathname + url.search : url.pathname;
      return c.redirect(`/signin?next=${encodeURIComponent(back)}`, 303);
    }
    if (action && !may(session.principal.role, action)) {
      return forbiddenPage(c);
    }
    await next();
  };
}

/**
 * Form posts must come from our own pages: the browser's Origin (when it sends one) is ours,
 * and the form carries the session's token, which another site cannot read.
 */
export function sameOrigin(c: UiContext): boolean {
  const origin = c.req.header('origin');
  if (!origin || origin === 'null') return origin === undefined;
  const url = new URL(c.req.url);
  const ours = [url.origin, new URL(c.get('deps').config.PUBLIC_BASE_URL).origin];
  return ours.includes(origin);
}

export function tokenMatches(expected: string | null | undefined, given: unknown): boolean {
  return typeof expected === 'string' && typeof given === 'string' && constantTimeEqual(expected, given);
}

/** Secure cookies when the service is reached over https (directly or behind a proxy). */
export function cookieOptions(c: UiContext, maxAgeSeconds?: number) {
  const https =
    new URL(c.req.url).protocol === 'https:' ||
    c.req.header('x-forwarded-proto') === 'https' ||
    c.get('deps').config.PUBLIC_BASE_URL.startsWith('https:');
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax' as const,
    secure: https,
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  };
}

/**
 * A one-line word of success for the next page (after a redirect), in the page's language
 * already. (What went wrong is shown on the page that refused it, or, for the buy list's moves,
 * by what became of each title.)
 */
export function setFlash(c: UiContext, text: string): void {
  setCookie(c, COOKIES.flash, JSON.stringify({ text }), cookieOptions(c, 60));
}

export function takeFlash(c: UiContext): Flash | null {
  const raw = getCookie(c, COOKIES.flash);
  if (!raw) return null;
  deleteCookie(c, COOKIES.flash, { path: '/' });
  try {
    const value = JSON.parse(raw) as { text?: unknown };
    return typeof value.text === 'string' ? { text: value.text.slice(0, 500) } : null;
  } catch {
    return null;
  }
}

/**
 * A local path to return to: never another site ("//evil.example", "https://…", "/\\evil"),
 * and never a control character, which no Location header can carry. What is returned is the
 * URL parser's own spelling, so anything beyond ASCII arrives percent-encoded.
 */
export function localPath(next: unknown, fallback: string): string {
  if (typeof next !== 'string' || !next.startsWith('/') || /^\/[/\\]|[\u0000-\u001f\u007f\\]/.test(next)) {
    return fallback;
  }
  const here = 'http://local.invalid';
  const url = new URL(next, here);
  return url.origin === here ? url.pathname + url.search + url.hash : fallback;
}
