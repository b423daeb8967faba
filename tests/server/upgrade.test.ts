// An upgrade, as a library does it: yesterday's database, today's code. The fixture was made by
// the previous release itself (fixtures/README.md); `r2b migrate --check` says what will run,
// the server applies it at start, and then serves what was there: titles, history, outbox.
import { copyFileSync } from 'node:fs';
import Database from 'better-sqlite3';
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

  it('merges the titles the previous release kept apart for one work typed in Simplified and Traditional Chinese', async () => {
    const path = tempDatabase();
    copyFileSync(PREVIOUS, path);
    // The previous release kept 三体 by 劉慈欣 (title 5, Mei-ling's) under its own key; Tom's 三体
    // by 刘慈欣, typed without an ISBN, got another title, as that release wrote it.
    const old = new Database(path);
    const at = 1793622200000;
    const { lastInsertRowid: tomTitle } = old
      .prepare(
        `INSERT INTO titles (work_key, title, author, status, status_changed_at, requester_count, created_at, updated_at)
         VALUES ('ta:三体|刘慈欣', '三体', '刘慈欣', 'submitted', ?, 1, ?, ?)`,
      )
      .run(at, at, at);
    old
      .prepare(
        `INSERT INTO suggestions (request_id, title_id, patron_id, department_code, category, channel, given_title, given_author, created_at)
         VALUES ('upgrade-tom', ?, 5, 'PHYS', 'undergraduate', 'web', '三体', '刘慈欣', ?)`,
      )
      .run(tomTitle, at);
    old
      .prepare(
        `INSERT INTO status_events (id, title_id, to_status, actor_role, actor, at) VALUES ('upgrade-tom', ?, 'submitted', 'patron', 'patron:5', ?)`,
      )
      .run(tomTitle, at);
    old.close();

    // `r2b migrate` is the upgrade: the schema's migrations, then the keys SQL cannot rewrite.
    await r2b(['migrate'], { DATABASE_PATH: path });
    const db = new Database(path, { readonly: true });
    const work = db.prepare("SELECT id, work_key FROM titles WHERE work_key LIKE 'ta:三%'").all();
    expect(work).toEqual([{ id: Number(tomTitle), work_key: 'ta:三体|刘慈欣' }]);
    const requesters = db
      .prepare(
        'SELECT p.external_id AS who FROM suggestions s JOIN patrons p ON p.id = s.patron_id WHERE s.title_id = ? ORDER BY who',
      )
      .all(tomTitle);
    expect(requesters).toEqual([{ who: 'demo-meiling' }, { who: 'demo-tom' }]);
    const history = db
      .prepare('SELECT to_status, reason FROM status_events WHERE title_id = ? ORDER BY at')
      .all(tomTitle);
    expect(history).toEqual([
      { to_status: 'submitted', reason: null },
      { to_status: 'submitted', reason: null },
      {
        to_status: 'submitted',
        reason: 'the same work as title 5, written in the other Chinese script, whose requests it now holds',
      },
    ]);
    expect(db.prepare('SELECT count(*) AS n FROM titles').get()).toEqual({ n: 30 });
    db.close();

    // Run again, it changes nothing: the rule it re-keyed to is recorded.
    await r2b(['migrate'], { DATABASE_PATH: path });
    const again = new Database(path, { readonly: true });
    expect(again.prepare('SELECT count(*) AS n FROM status_events WHERE title_id = ?').get(tomTitle)).toEqual({ n: 3 });
    again.close();
  });
});
