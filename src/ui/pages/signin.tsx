// Signing in with the identities the API knows: the library's identity provider (OpenID
// Connect: /signin/library sends the patron there, and it posts the ID token back here, the
// form_post response mode), an access token pasted by staff, and in the demo a list of its
// people to choose from.
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { Principal, SignInChoice } from '../../context.js';
import { ApiError } from '../../errors.js';
import { reachOf, speaksForPatron } from '../../domain/access.js';
import { randomSecret } from '../../services/access/auth.js';
import { endSession, SESSION_HOURS, startSession } from '../../services/access/sessions.js';
import { type Page, pageOf, type UiContext, type UiEnv } from '../context.js';
import { Layout } from '../layout.js';
import { COOKIES, cookieOptions, localPath, sameOrigin, tokenMatches } from '../middleware.js';
import { render } from '../render.js';
import { errorPage, notFoundPage } from './errors.js';

/** Where a person lands after signing in, when they were not on their way somewhere. */
export function homeOf(principal: Principal | null | undefined): string {
  if (!principal) return '/suggest';
  if (reachOf(principal.role, 'readBuylist') === 'library') return '/buylist';
  if (reachOf(principal.role, 'readDepartment') === 'department' && principal.departmentCode) {
    return `/departments/${encodeURIComponent(principal.departmentCode)}`;
  }
  return '/suggest';
}

function SignInPage(props: {
  page: Page;
  next: string;
  formToken: string;
  /** the library's identity provider is set up (AUTH_LOGIN_URL) */
  library: boolean;
  choices: SignInChoice[];
  error: string | null;
}) {
  const { page, next, formToken } = props;
  const { tr } = page;
  const patrons = props.choices.filter((p) => speaksForPatron(p.role));
  const staff = props.choices.filter((p) => !speaksForPatron(p.role));
  const person = (p: SignInChoice) => (
    <form method="post" action="/signin">
      <input type="hidden" name="_csrf" value={formToken} />
      <input type="hidden" name="next" value={next} />
      <input type="hidden" name="token" value={p.token} />
      <button type="submit" class="secondary">
        <strong>{p.name}</strong>
        <span class="muted">
          {[tr(`ui.role.${p.role}`), p.department, speaksForPatron(p.role) ? tr(`ui.category.${p.category}`) : null]
            .filter(Boolean)
            .join(' · ')}
        </span>
      </button>
    </form>
  );
  return (
    <Layout page={page} title={tr('ui.signin.title')} narrow>
      <h1>{tr('ui.signin.title')}</h1>
      {props.error && (
        <div class="error-summary" role="alert" tabindex={-1}>
          <h2>{tr('ui.signin.failed')}</h2>
          <p>{props.error}</p>
        </div>
      )}
      {props.library && (
        <p>
          <a class="button" href={next ? `/signin/library?next=${encodeURIComponent(next)}` : '/signin/library'}>
            {tr('ui.signin.library')}
          </a>
        </p>
      )}
      {props.choices.length > 0 && (
        <section aria-labelledby="demo-people">
          <h2 id="demo-people">{tr('ui.signin.demo')}</h2>
          <p class="lede">{tr('ui.signin.demoHint')}</p>
          <h3>{tr('ui.signin.patrons')}</h3>
          <div class="people">{patrons.map(person)}</div>
          <h3>{tr('ui.signin.staff')}</h3>
          <div class="people">{staff.map(person)}</div>
        </section>
      )}
      <section aria-labelledby="with-token" class="card">
        <h2 id="with-token">{tr('ui.signin.token')}</h2>
        <form method="post" action="/signin">
          <input type="hidden" name="_csrf" value={formToken} />
          <input type="hidden" name="next" value={next} />
          <div class="field">
            <label for="token">{tr('ui.signin.tokenLabel')}</label>
            <span class="hint" id="token-hint">
              {tr('ui.signin.tokenHint')}
            </span>
            <input
              class="wide"
              type="password"
              id="token"
              name="token"
              autocomplete="off"
              spellcheck={false}
              aria-describedby="token-hint"
              required
            />
          </div>
          <button type="submit">{tr('ui.signIn')}</button>
        </form>
      </section>
    </Layout>
  );
}

async function showSignIn(c: UiContext, next: string, error: string | null = null, status: 401 | 403 = 401) {
  const deps = c.get('deps');
  let formToken = getCookie(c, COOKIES.signIn);
  if (!formToken || formToken.length < 32) {
    formToken = randomSecret();
    setCookie(c, COOKIES.signIn, formToken, cookieOptions(c, 3600));
  }
  return render(
    c,
    <SignInPage
      page={pageOf(c)}
      next={next}
      formToken={formToken}
      library={Boolean(deps.config.AUTH_LOGIN_URL)}
      choices={deps.signInChoices ?? []}
      error={error}
    />,
    error ? status : 200,
  );
}

/** How long the identity provider has to post back: time to type a password, not to be phished at leisure. */
const STARTED_SECONDS = 600;

/** What a sign-in started with the identity provider leaves in this browser. */
const Started = z.object({ state: z.string().min(32), nonce: z.string().min(32), next: z.string() });

/**
 * The provider's form_post is a cross-site POST, which browsers send only SameSite=None
 * cookies with, and those only when Secure (as OpenID Connect clients such as Auth.js and
 * ASP.NET Core do for their state and nonce cookies). This one holds no session, lives ten
 * minutes and goes only to /signin. Over plain http, where a Secure cookie is not kept, it is
 * Lax: it then comes back only from a provider on the same site, or the sign-in is refused.
 */
function startedCookieOptions(c: UiContext, maxAgeSeconds?: number) {
  const options = cookieOptions(c, maxAgeSeconds);
  return { ...options, path: '/signin', ...(options.secure ? { sameSite: 'None' as const } : {}) };
}

function takeStarted(c: UiContext): z.infer<typeof Started> | null {
  const raw = getCookie(c, COOKIES.started);
  if (raw === undefined) return null;
  // One use: whatever the post back says, this sign-in is over.
  deleteCookie(c, COOKIES.started, startedCookieOptions(c));
  try {
    const parsed = Started.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

async function openSession(c: UiContext, principal: Principal, tokenId: number | null, next: string) {
  const { secret } = await startSession(c.get('deps'), { tokenId, patronId: principal.patron?.id ?? null });
  setCookie(c, COOKIES.session, secret, cookieOptions(c, SESSION_HOURS * 3600));
  deleteCookie(c, COOKIES.signIn, { path: '/' });
  return c.redirect(next || homeOf(principal), 303);
}

/**
 * The identity provider posting back: only to a sign-in this browser started (its state), and
 * only with an ID token issued for that start (its nonce). Anything else, from any site, signs
 * nobody in: a page cannot make a visitor's browser sign in as someone else.
 */
async function finishLibrarySignIn(c: UiContext, form: Record<string, unknown>) {
  const { tr } = pageOf(c);
  const started = takeStarted(c);
  if (!started || !tokenMatches(started.state, form['state'])) {
    return showSignIn(c, '', tr('ui.signin.notStarted'), 403);
  }
  const next = localPath(started.next, '');
  const idToken = typeof form['id_token'] === 'string' ? form['id_token'].trim() : '';
  // No token: the provider said why (error=access_denied, say), in its words, not the reader's.
  if (!idToken) return showSignIn(c, next, tr('ui.signin.libraryRefused'));
  try {
    return await openSession(c, await c.get('authenticator').signInWithIdToken(idToken, started.nonce), null, next);
  } catch (error) {
    if (error instanceof ApiError && error.type === 'unauthenticated') {
      c.get('deps').logger.warn('library sign-in refused', { reason: error.detail });
      return showSignIn(c, next, tr('ui.signin.libraryRefused'));
    }
    throw error;
  }
}

export const signInPages = new Hono<UiEnv>()
  .get('/signin', async (c) => {
    const next = localPath(c.req.query('next'), '');
    const session = c.get('session');
    if (session) return c.redirect(next || homeOf(session.principal), 303);
    return showSignIn(c, next);
  })
  // Starting the library sign-in: a fresh state and nonce for this browser, then the provider.
  .get('/signin/library', (c) => {
    const { config } = c.get('deps');
    if (!config.AUTH_LOGIN_URL) return notFoundPage(c);
    const started = { state: randomSecret(), nonce: randomSecret(), next: localPath(c.req.query('next'), '') };
    setCookie(c, COOKIES.started, JSON.stringify(started), startedCookieOptions(c, STARTED_SECONDS));
    const provider = new URL(config.AUTH_LOGIN_URL);
    const parameters = {
      response_type: 'id_token',
      response_mode: 'form_post',
      scope: 'openid profile email',
      redirect_uri: `${config.PUBLIC_BASE_URL.replace(/\/$/, '')}/signin`,
      state: started.state,
      nonce: started.nonce,
      ...(config.AUTH_CLIENT_ID ? { client_id: config.AUTH_CLIENT_ID } : {}),
    };
    for (const [name, value] of Object.entries(parameters)) provider.searchParams.set(name, value);
    return c.redirect(provider.toString(), 303);
  })
  .post('/signin', async (c) => {
    const form = await c.req.parseBody();
    // What the identity provider posts (OpenID Connect's form_post): a token, or an error, with the state.
    if (['id_token', 'state', 'error'].some((field) => field in form)) return finishLibrarySignIn(c, form);
    const next = localPath(form['next'], '');
    const { tr } = pageOf(c);
    // A pasted or chosen token must come from our own form.
    if (!sameOrigin(c) || !tokenMatches(getCookie(c, COOKIES.signIn), form['_csrf'])) {
      return errorPage(c, 403, tr('ui.error.forgery'), tr('ui.error.forgeryDetail'));
    }
    const token = typeof form['token'] === 'string' ? form['token'].trim() : '';
    if (!token) return showSignIn(c, next, tr('ui.signin.empty'));
    try {
      const { principal, tokenId } = await c.get('authenticator').signInWithToken(token);
      return await openSession(c, principal, tokenId, next);
    } catch (error) {
      if (error instanceof ApiError && error.type === 'unauthenticated') {
        return showSignIn(c, next, tr('ui.signin.refused'));
      }
      throw error;
    }
  })
  .post('/signout', async (c) => {
    const session = c.get('session');
    const form = await c.req.parseBody();
    if (session && (!sameOrigin(c) || !tokenMatches(session.csrf, form['_csrf']))) {
      return errorPage(c, 403, pageOf(c).tr('ui.error.forgery'), pageOf(c).tr('ui.error.forgeryDetail'));
    }
    const secret = getCookie(c, COOKIES.session);
    if (secret) await endSession(c.get('deps'), secret);
    deleteCookie(c, COOKIES.session, { path: '/' });
    return c.redirect('/signin', 303);
  });
