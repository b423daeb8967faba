// An upgrade, as a library does it: yesterday's database, today's code. The fixture was made by
// the previous release itself (fixtures/README.md); `r2b migrate --check` says what will run,
// the server applies it at start, and then serves what was there: titles, history, outbox.
import { copyFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { r2b, type ServerProcess, startServer, tempDatabase } from './process.js';

const PREVIOUS = new URL('../../fixtures/upgrade/previous-release.sqlite', import.meta.url).pathname;

describe('an upgrade from the previous release', () => {
  let server: ServerProcess | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('says which migrations would run, applies them at start, and serves what was there', async () => {
    const path = tempDatabase();
    copyFileSync(PREVIOUS, path);
    const before = await r2b(['migrate', '--check'], { DATABASE_PATH: path });
    expect(before.stdout).toMatch(/^\d+ migrations would run on .*: 0009_token_last_used, 0010_loan_sources/);

    server = await startServer([], { DATABASE_PATH: path });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    const as = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
    const titles = await (await fetch(`${server.url}/api/v1/titles?limit=200`, as('r2b_demo_selector'))).json();
    expect(titles.items).toHaveLength(30);
    // The title reviewed under the old release, with its whole history.
    const reviewed = await (await fetch(`${server.url}/api/v1/titles/36`, as('r2b_demo_selector'))).json();
    expect(reviewed).toMatchObject({ isbn13: '9780262046305', status: 'in_review' });
    expect(reviewed.history.map((e: { to: string }) => e.to)).toEqual(['submitted', 'in_review']);
    // The patron's own view, and the outbox as the old release left it.
    const mine = await (await fetch(`${server.url}/api/v1/suggestions`, as('r2b_demo_patron_ana'))).json();
    expect(mine.items.some((s: { title: { id: number } }) => s.title.id === 36)).toBe(true);
    const outbox = await (await fetch(`${server.url}/api/v1/notifications?limit=200`, as('r2b_demo_admin'))).json();
    expect(outbox.items.length).toBeGreaterThanOrEqual(60);
    expect(outbox.items.filter((m: { kind: string }) => m.kind === 'digest')).toHaveLength(7);
    // Today's code goes on working on it: a new suggestion pools onto the old title.
    const res = await fetch(`${server.url}/api/v1/suggestions`, {
      method: 'POST',
      headers: { authorization: 'Bearer r2b_demo_patron_tom', 'content-type': 'application/json' },
      body: JSON.stringify({ isbn: '9780262046305' }),
    });
    expect(res.status).toBe(201);
    expect((await res.json()).title).toMatchObject({ id: 36, requesterCount: 2 });
    await server.stop();
    server = undefined;

    const after = await r2b(['migrate', '--check'], { DATABASE_PATH: path });
    expect(after.stdout).toMatch(/is up to date: no migration would run/);
  });
});
