import stringWidth from 'string-width';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { r2b, type ServerProcess, startServer, tempDatabase } from './process.js';

describe('the real Node server', () => {
  let server: ServerProcess | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('serves suggest, review and approve over HTTP with tokens made by the CLI', async () => {
    const env = { DATABASE_PATH: tempDatabase() };
    server = await startServer([], env);
    const patron = (
      await r2b(
        [
          'token',
          'create',
          '--role',
          'patron',
          '--patron',
          'p-1',
          '--email',
          'p1@example.edu',
          '--department',
          'CS',
          '--category',
          'graduate',
        ],
        env,
      )
    ).stdout;
    const selector = (await r2b(['token', 'create', '--role', 'selector', '--label', 'Priya'], env)).stdout;
    // Scripts capture the token: it is alone on its line.
    expect(patron).toMatch(/^r2b_[A-Za-z0-9_-]{43}\n$/);

    const call = (method: string, path: string, token: string, body?: unknown) =>
      fetch(server!.url + path, {
        method,
        headers: { authorization: `Bearer ${token.trim()}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    const made = await call('POST', '/api/v1/suggestions', patron, { isbn: '0-13-235088-2', reason: 'for CS201' });
    expect(made.status).toBe(201);
    const suggestion = await made.json();

    expect(
      (await call('POST', `/api/v1/titles/${suggestion.title.id}/status`, selector, { status: 'in_review' })).status,
    ).toBe(200);
    const approved = await call('POST', `/api/v1/titles/${suggestion.title.id}/status`, selector, {
      status: 'approved',
    });
    expect(approved.status).toBe(200);

    const seen = await (await call('GET', `/api/v1/suggestions/${suggestion.id}`, patron)).json();
    expect(seen.status).toBe('approved');
    expect(seen.history.map((e: { to: string }) => e.to)).toEqual(['submitted', 'in_review', 'approved']);

    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${server.url}/docs`)).headers.get('content-type')).toMatch(/text\/html/);
  });

  it('starts the demo library on an empty database, under its own name, prints its tokens, and keeps it on restart', async () => {
    const env = { DATABASE_PATH: tempDatabase() };
    server = await startServer(['--demo'], env);
    expect(server.stdout).toContain('demo library loaded');
    expect(server.stdout).toContain('r2b_demo_selector');
    // The tokens line up in one column on a terminal, Chinese names (two columns a character) too.
    const tokenLines = server.stdout.split('\n').filter((line) => line.includes('r2b_demo_'));
    expect(tokenLines.some((line) => line.includes('王伟'))).toBe(true);
    expect(new Set(tokenLines.map((line) => stringWidth(line.slice(0, line.indexOf('r2b_demo_')))))).toHaveProperty(
      'size',
      1,
    );
    const titles = await (
      await fetch(`${server.url}/api/v1/titles?limit=200`, { headers: { authorization: 'Bearer r2b_demo_selector' } })
    ).json();
    expect(titles.items.length).toBeGreaterThan(10);
    const pooled = titles.items.find((t: { isbn13: string }) => t.isbn13 === '9780132350884');
    expect(pooled).toMatchObject({ requesterCount: 2, status: 'available' });
    // A selector opening Computer Science sees where its budget runs out.
    const cs = await (
      await fetch(`${server.url}/api/v1/buylist?department=CS`, {
        headers: { authorization: 'Bearer r2b_demo_selector' },
      })
    ).json();
    expect(cs.cutLine).toBeGreaterThan(0);
    expect(cs.cutLine).toBeLessThan(cs.items.length);
    // Named as in the README's screenshots, which come from the same demo.
    expect(await (await fetch(`${server.url}/signin`)).text()).toContain(
      '<a class="brand" href="/">Demo University Library</a>',
    );
    expect(await server.stop()).toBe(0);

    server = await startServer(['--demo'], env);
    expect(server.stdout).toContain('demo library already present');
    const again = await (
      await fetch(`${server.url}/api/v1/titles?limit=200`, { headers: { authorization: 'Bearer r2b_demo_selector' } })
    ).json();
    expect(again.items.length).toBe(titles.items.length);
  });

  it('judges a JSON body by the length it announces, counts one sent chunked, and takes a POST without one', async () => {
    const env = { DATABASE_PATH: tempDatabase(), BODY_LIMIT_BYTES: '4096' };
    server = await startServer([], env);
    const patron = (await r2b(['token', 'create', '--role', 'patron', '--patron', 'p-big'], env)).stdout.trim();
    const admin = (await r2b(['token', 'create', '--role', 'admin', '--label', 'ops'], env)).stdout.trim();
    const post = (path: string, token: string, init: RequestInit = {}) =>
      fetch(server!.url + path, {
        method: 'POST',
        ...init,
        headers: {
          authorization: `Bearer ${token}`,
          ...(init.body ? { 'content-type': 'application/json' } : {}),
          ...(init.headers as Record<string, string> | undefined),
        },
      });
    const big = JSON.stringify({ title: 'Long', reason: 'x'.repeat(5000) });
    // fetch gives a string its Content-Length; a stream goes chunked, its length unsaid.
    const announced = await post('/api/v1/suggestions', patron, { body: big });
    expect(announced.status).toBe(413);
    expect((await announced.json()).detail).toContain('4096 bytes');
    const chunked = await post('/api/v1/suggestions', patron, {
      body: new Blob([big]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    const fits = await post('/api/v1/suggestions', patron, {
      body: new Blob([JSON.stringify({ title: 'Short', reason: 'x'.repeat(3900) })]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(fits.status).toBe(201);
    // An action takes no body, and needs no content type to say so; a body that is there must be JSON.
    const retry = await post('/api/v1/notifications/nothing-here/retry', admin);
    expect(retry.status).toBe(404);
    const form = await post('/api/v1/suggestions', patron, {
      body: 'isbn=0132350882',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
  });

  it('names the port it got in problem types and links when PUBLIC_BASE_URL is not set', async () => {
    server = await startServer([], { DATABASE_PATH: tempDatabase() });
    const refused = await (await fetch(`${server.url}/api/v1/suggestions`)).json();
    expect(refused.type).toBe(`${server.url}/problems/unauthenticated`);
    expect(server.url).not.toMatch(/:3000$/);
  });

  it('stops at start with a message naming a bad setting', async () => {
    await expect(startServer([], { DATABASE_PATH: tempDatabase(), SUGGEST_MAX_OPEN: 'lots' })).rejects.toThrow(
      /SUGGEST_MAX_OPEN/,
    );
  });

  it("prints the package's version with r2b --version", async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect((await r2b(['--version'], {})).stdout).toBe(`${version}\n`);
  });

  it('applies migrations with r2b migrate', async () => {
    const env = { DATABASE_PATH: tempDatabase() };
    const { stderr } = await r2b(['migrate'], env);
    expect(stderr).toContain('migrations applied');
  });
});
