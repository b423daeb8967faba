// The README's walk-through, run as a newcomer runs it: its shell blocks, verbatim, in one bash,
// against a fresh `r2b serve --demo`. It must approve the book Ana suggested, and no other.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { type ServerProcess, startServer, tempDatabase } from './process.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

function sectionBlocks(heading: string): string[] {
  const section = README.split(/\n## /).find((part) => part.startsWith(heading));
  if (!section) throw new Error(`README.md has no section "${heading}"`);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

describe("the README's walk-through", () => {
  let server: ServerProcess | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('suggests, pools, reviews and approves the book Ana asked for, run verbatim on a fresh demo', async () => {
    const blocks = sectionBlocks('A walk through: suggest, review, approve');
    expect(blocks.length).toBe(5);
    // Offline, as on a laptop without network: the demo's recorded metadata and nothing else.
    server = await startServer(['--demo'], {
      DATABASE_PATH: tempDatabase(),
      LOG_LEVEL: 'info',
      OPENLIBRARY_URL: 'http://127.0.0.1:9',
      GOOGLE_BOOKS_URL: 'http://127.0.0.1:9',
    });
    const selector = { authorization: 'Bearer r2b_demo_selector' };
    const statuses = async () =>
      Object.fromEntries(
        (
          (await (await fetch(`${server!.url}/api/v1/titles?limit=200`, { headers: selector })).json()).items as {
            id: number;
            status: string;
          }[]
        ).map((t) => [t.id, t.status]),
      );
    const before = await statuses();
    const logged = server.stderr.length;

    const { stdout } = await promisify(execFile)('bash', ['-c', `set -euo pipefail\n${blocks.join('\n')}`], {
      env: { ...process.env, PORT: new URL(server.url).port },
    });

    const answers = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(answers).toHaveLength(8);
    const [ana, mistyped, tom, submitted, title, inReview, approved, followed] = answers;
    expect(ana).toMatchObject({ status: 'submitted', title: { isbn13: '9780262046305', requesterCount: 1 } });
    expect(mistyped).toMatchObject({ status: 422, errors: [{ pointer: '/isbn', candidates: ['9781781682135'] }] });
    expect(tom).toMatchObject({ title: { id: ana.title.id, requesterCount: 2 } });
    expect(submitted.items.map((t: { id: number }) => t.id)).toContain(ana.title.id);
    expect(title).toMatchObject({ id: ana.title.id, requesterCount: 2, demand: { byDepartment: { CS: 2 } } });
    expect(inReview).toMatchObject({ id: ana.title.id, status: 'in_review' });
    expect(approved).toMatchObject({ id: ana.title.id, status: 'approved' });
    expect(followed).toMatchObject({ id: ana.id, status: 'approved' });
    expect(followed.history.map((e: { to: string }) => e.to)).toEqual(['submitted', 'in_review', 'approved']);

    // The ids the README shows are a fresh demo's.
    expect(README).toContain(`# -> {"id":${ana.id},"status":"submitted",...,"title":{"id":${ana.title.id},`);
    expect(README).toContain(`# -> {"id":${tom.id},...,"title":{"id":${ana.title.id},"requesterCount":2`);

    // Each request answered as the README says, and only Ana's title moved.
    const requests = server.stderr
      .slice(logged)
      .split('\n')
      .filter((line) => line.includes('"msg":"request"'))
      .map((line) => JSON.parse(line) as { method: string; path: string; status: number })
      .filter((r) => r.path.startsWith('/api/v1/'))
      .map((r) => `${r.method} ${r.path.replace(/\/\d+(?=\/|$)/g, '/N')} ${r.status}`);
    expect(requests).toEqual([
      'POST /api/v1/suggestions 201',
      'POST /api/v1/suggestions 422',
      'POST /api/v1/suggestions 201',
      'GET /api/v1/titles 200',
      'GET /api/v1/titles/N 200',
      'POST /api/v1/titles/N/status 200',
      'POST /api/v1/titles/N/status 200',
      'GET /api/v1/suggestions/N 200',
    ]);
    const after = await statuses();
    expect(after[ana.title.id]).toBe('approved');
    delete after[ana.title.id];
    expect(after).toEqual(before);
  });
});
