// The library's sign-in in a real browser, where cookies' SameSite rules are enforced: the app
// over https on 127.0.0.1, a stand-in identity provider over http on localhost. The two are
// different sites, as a library's service and its university's identity provider are, so the
// provider's form_post back to /signin is a cross-site POST, which a browser sends only
// SameSite=None cookies with.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { SignJWT } from 'jose';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harness } from '../api/harness.js';
import { chromiumAvailable, launch } from './browser.js';

const SECRET = 'the-identity-providers-shared-secret-32+';

/** A certificate for 127.0.0.1 made for this run; the browser is told to accept it. */
function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'r2b-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
}

/** The page an identity provider answers with in form_post mode: a form that posts itself. */
function formPost(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${value.replace(/"/g, '&quot;')}">`)
    .join('');
  return `<!doctype html><html lang="en"><title>Signing in</title><body onload="document.forms[0].submit()">
    <form method="post" action="${action}">${inputs}</form></body></html>`;
}

describe.runIf(chromiumAvailable())('the library sign-in, in Chromium', () => {
  let h: Harness;
  let app: ServerType;
  let provider: Server;
  let base = '';
  let providerBase = '';
  let browser: Browser;

  beforeAll(async () => {
    // The identity provider: signs whoever comes in as Mei-ling, for the nonce it was sent.
    provider = createHttpServer(async (req, res) => {
      const url = new URL(req.url ?? '/', providerBase);
      const idToken = await new SignJWT({ name: 'Chen Mei-ling', nonce: url.searchParams.get('nonce') ?? '' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('2023001234')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(SECRET));
      const fields =
        url.pathname === '/authorize'
          ? { id_token: idToken, state: url.searchParams.get('state') ?? '' }
          : // An attacker's page on another site, posting a token to a browser that started nothing.
            { id_token: idToken };
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(formPost(url.searchParams.get('redirect_uri') ?? `${base}/signin`, fields));
    });
    await new Promise<void>((resolve) => provider.listen(0, 'localhost', resolve));
    providerBase = `http://localhost:${(provider.address() as AddressInfo).port}`;

    // The app's address is known once it listens; it is given to the app as PUBLIC_BASE_URL.
    let fetch: (request: Request, env: unknown) => Response | Promise<Response> = () =>
      new Response(null, { status: 503 });
    app = serve({
      fetch: (request, env) => fetch(request, env),
      port: 0,
      hostname: '127.0.0.1',
      createServer: createHttpsServer,
      serverOptions: selfSignedCertificate(),
    });
    await new Promise((resolve) => app.once('listening', resolve));
    base = `https://127.0.0.1:${(app.address() as AddressInfo).port}`;
    h = await harness({
      PUBLIC_BASE_URL: base,
      AUTH_JWT_SECRET: SECRET,
      AUTH_LOGIN_URL: `${providerBase}/authorize`,
    });
    fetch = (request, env) => h.app.fetch(request, env);
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => app?.close(resolve));
    await new Promise((resolve) => provider?.close(resolve));
    h?.close();
  });

  const newPage = async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB' });
    context.setDefaultTimeout(10_000);
    return context.newPage();
  };

  it('signs a patron in through the provider’s cross-site form_post, back where she was going', async () => {
    const page = await newPage();
    await page.goto(`${base}/my/suggestions`);
    expect(new URL(page.url()).pathname).toBe('/signin');
    await page.getByRole('link', { name: 'Sign in with your library account' }).click();
    await page.waitForURL(`${base}/my/suggestions`);
    await expect(page.locator('header .who').textContent()).resolves.toContain('Chen Mei-ling');
    const cookies = await page.context().cookies(base);
    expect(cookies.map((c) => c.name).sort()).toEqual(['r2b_session']);
  });

  it('signs nobody in when another site posts a valid token to a browser that started no sign-in', async () => {
    const page = await newPage();
    await page.goto(`${providerBase}/forged`);
    await page.waitForURL(`${base}/signin`);
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      'This sign-in was not started in this browser',
    );
    expect((await page.context().cookies(base)).map((c) => c.name)).not.toContain('r2b_session');
  });
});
