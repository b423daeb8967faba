// Signing in with the identities the API knows: the library's identity provider (which posts
// the patron's JWT back here, OpenID Connect's form_post), an access token pasted by staff, and
// in the demo a list of its people to choose from.
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Principal, SignInChoice } from '../../context.js';
import { ApiError } from '../../errors.js';
import { randomSecret } from '../../services/auth.js';
import { endSession, SESSION_HOURS, startSession } from '../../services/sessions.js';
import { type Page, pageOf, type UiContext, type UiEnv } from '../context.js';
import { Layout } from '../layout.js';
import { COOKIES, cookieOptions, localPath, sameOrigin, tokenMatches } from '../middleware.js';
import { render } from '../render.js';
import { errorPage } from './errors.js';

/** Where a person lands after signing in, when they were not on their way somewhere. */
export function homeOf(principal: Principal | null | undefined): string {
  if (!principal) return '/suggest';
  if (principal.role === 'selector' || principal.role === 'admin') return '/buylist';
  if (principal.role === 'liaison' && principal.departmentCode) {
    return `/departments/${encodeURIComponent(principal.departmentCode)}`;
  }
  return '/suggest';
}

function SignInPage(props: {
  page: Page;
  next: string;
  formToken: string;
  loginUrl: string | undefined;
  choices: SignInChoice[];
  error: string | null;
}) {
  const { page, next, formToken } = props;
  const { tr } = page;
  const patrons = props.choices.filter((p) => p.role === 'patron');
  const staff = props.choices.filter((p) => p.role !== 'patron');
  const person = (p: SignInChoice) => (
    <form method="post" action="/signin">
      <input type="hidden" name="_csrf" value={formToken} />
      <input type="hidden" name="next" value={next} />
      <input type="hidden" name="token" value={p.token} />
      <button type="submit" class="secondary">
        <strong>{p.name}</strong>
        <span class="muted">
          {[tr(`ui.role.${p.role}`), p.department, p.role === 'patron' ? tr(`ui.category.${p.category}`) : null]
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
      {props.loginUrl && (
        <p>
          <a class="button" href={props.loginUrl}>
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

async function showSignIn(c: UiContext, next: string, error: string | null = null) {
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
      loginUrl={deps.config.AUTH_LOGIN_URL}
      choices={deps.signInChoices ?? []}
      error={error}
    />,
    error ? 401 : 200,
  );
}

export const signInPages = new Hono<UiEnv>()
  .get('/signin', async (c) => {
    const next = localPath(c.req.query('next'), '');
    const session = c.get('session');
    if (session) return c.redirect(next || homeOf(session.principal), 303);
    return showSignIn(c, next);
  })
  .post('/signin', async (c) => {
    const form = await c.req.parseBody();
    const next = localPath(form['next'], '');
    const { tr } = pageOf(c);
    const idToken = typeof form['id_token'] === 'string' ? form['id_token'].trim() : '';
    const token = typeof form['token'] === 'string' ? form['token'].trim() : '';
    // The identity provider posts from its own site; its signed token is the proof. A pasted
    // or chosen token must come from our own form.
    if (!idToken && (!sameOrigin(c) || !tokenMatches(getCookie(c, COOKIES.signIn), form['_csrf']))) {
      return errorPage(c, 403, tr('ui.error.forgery'), tr('ui.error.forgeryDetail'));
    }
    const credential = idToken || token;
    if (!credential) return showSignIn(c, next, tr('ui.signin.empty'));
    try {
      const { principal, tokenId } = await c.get('authenticator').signIn(credential);
      const { secret } = await startSession(c.get('deps'), { tokenId, patronId: principal.patron?.id ?? null });
      setCookie(c, COOKIES.session, secret, cookieOptions(c, SESSION_HOURS * 3600));
      deleteCookie(c, COOKIES.signIn, { path: '/' });
      return c.redirect(next || homeOf(principal), 303);
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
