// Pages for what went wrong, in the reader's language: not found, not yours, or our fault.
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type Page, pageOf, type UiContext } from '../context.js';
import { Layout } from '../layout.js';
import { sameOrigin, tokenMatches } from '../middleware.js';
import { render } from '../render.js';

function ErrorBody(props: { page: Page; heading: string; detail: string }) {
  return (
    <Layout page={props.page} title={props.heading} narrow>
      <h1>{props.heading}</h1>
      <p>{props.detail}</p>
      <p>
        <a href="/">{props.page.tr('ui.error.home')}</a>
      </p>
    </Layout>
  );
}

export function errorPage(c: UiContext, status: ContentfulStatusCode, heading: string, detail: string) {
  return render(c, <ErrorBody page={pageOf(c)} heading={heading} detail={detail} />, status);
}

export function notFoundPage(c: UiContext) {
  const { tr } = pageOf(c);
  return errorPage(c, 404, tr('ui.error.notFound'), tr('ui.error.notFoundDetail'));
}

export function forbiddenPage(c: UiContext) {
  const { tr } = pageOf(c);
  return errorPage(c, 403, tr('ui.error.forbidden'), tr('ui.error.forbiddenDetail'));
}

/** Too many tries in a minute: how long to wait, in the reader's language. */
export function slowDownPage(c: UiContext, seconds: number) {
  const { tr } = pageOf(c);
  c.header('retry-after', String(seconds));
  return errorPage(c, 429, tr('ui.error.slowDown'), tr('ui.error.slowDownDetail', { seconds }));
}

/**
 * The page for a post that is not from this site's own form (another origin, or without the
 * session's token), or null for one that is: checked before anything is changed.
 */
export function forgeryRefused(c: UiContext, form: Record<string, unknown>) {
  const page = pageOf(c);
  if (sameOrigin(c) && tokenMatches(page.csrf, form['_csrf'])) return null;
  return errorPage(c, 403, page.tr('ui.error.forgery'), page.tr('ui.error.forgeryDetail'));
}
