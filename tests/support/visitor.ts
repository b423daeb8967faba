// Just enough of a browser over app.request(), for page tests without Chromium: a cookie jar,
// form posts, and the page's anti-forgery token.
import type { Harness } from '../api/harness.js';

/** A cookie jar and a form submitter over app.request(): just enough of a browser. */
export function visitor(h: Harness, headers: Record<string, string> = {}) {
  const jar = new Map<string, string>();
  const remember = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line)) jar.delete(name!.trim());
      else jar.set(name!.trim(), value.join('='));
    }
    return response;
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  return {
    jar,
    async get(path: string, extra: Record<string, string> = {}) {
      return remember(await h.app.request(path, { headers: { cookie: cookie(), ...headers, ...extra } }));
    },
    async post(path: string, form: Record<string, string | string[]>, extra: Record<string, string> = {}) {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) body.append(k, one);
      return remember(
        await h.app.request(path, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie(), ...headers, ...extra },
        }),
      );
    },
    /** A form with files in it, sent as a browser sends one: multipart/form-data. */
    async upload(
      path: string,
      fields: Record<string, string>,
      files: Record<string, { name: string; content: string | Buffer }>,
      extra: Record<string, string> = {},
    ) {
      const body = new FormData();
      for (const [k, v] of Object.entries(fields)) body.append(k, v);
      for (const [k, file] of Object.entries(files)) body.append(k, new Blob([file.content]), file.name);
      return remember(
        await h.app.request(path, { method: 'POST', body, headers: { cookie: cookie(), ...headers, ...extra } }),
      );
    },
    /** The anti-forgery token in the page's forms. */
    async csrfOf(path: string) {
      const html = await (await this.get(path)).text();
      return /name="_csrf" value="([^"]*)"/.exec(html)?.[1] ?? '';
    },
    async signIn(token: string) {
      const csrf = await this.csrfOf('/signin');
      return this.post('/signin', { token, _csrf: csrf, next: '' });
    },
    /**
     * The library's sign-in as a browser goes through it: start it here, let the identity
     * provider (`idToken`, given the nonce it was sent) sign the patron in, and post its ID
     * token back from the provider's site with the state, as its form_post page does.
     */
    async signInWithLibrary(idToken: (nonce: string) => Promise<string>, next = '') {
      const start = await this.get(`/signin/library${next ? `?next=${encodeURIComponent(next)}` : ''}`);
      const provider = new URL(start.headers.get('location') ?? 'about:blank');
      const state = provider.searchParams.get('state') ?? '';
      const jwt = await idToken(provider.searchParams.get('nonce') ?? '');
      return this.post('/signin', { id_token: jwt, state }, { origin: provider.origin });
    },
  };
}

export type Visitor = ReturnType<typeof visitor>;
