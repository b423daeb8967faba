// What a page handler knows about the request beyond the API's context: the browser's
// session (if signed in), the language the page is written in, and a translator for it.
import type { Context } from 'hono';
import type { AppEnv, Principal } from '../context.js';
import { fromAcceptLanguage, type Locale } from '../domain/locale.js';
import { type MessageKey, t } from '../i18n/index.js';
import type { Catalog } from '../i18n/en.js';

export type UiEnv = AppEnv;

export type UiContext = Context<UiEnv>;

export type Translate = <K extends MessageKey>(key: K, ...params: Parameters<Catalog[K]>) => string;

/** Everything the layout and the page bodies render from. */
export interface Page {
  locale: Locale;
  tr: Translate;
  principal: Principal | null;
  csrf: string | null;
  /** the path and query of this page, to come back to after signing in or switching language */
  here: string;
  path: string;
  library: string;
}

export function pageOf(c: UiContext): Page {
  // Error pages may be drawn for requests that never reached the page middleware.
  const locale =
    c.get('locale') ?? fromAcceptLanguage(c.req.header('accept-language')) ?? c.get('deps').config.DEFAULT_LOCALE;
  const session = c.get('session') ?? null;
  const url = new URL(c.req.url);
  return {
    locale,
    tr: (key, ...params) => t(locale, key, ...params),
    principal: session?.principal ?? null,
    csrf: session?.csrf ?? null,
    here: url.pathname + url.search,
    path: url.pathname,
    library: c.get('deps').config.LIBRARY_NAME,
  };
}
