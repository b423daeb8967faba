// Thousands of suggestions at once against the real server (`r2b serve`, over HTTP): many
// patrons, many of them asking for the same books, some asking twice, every one of them trying
// to go past the library's limit of open suggestions. Nothing may be lost, doubled or let past
// the limit, and nothing may fail with a 5xx.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openNodeContext } from '../../src/node.js';
import { createToken } from '../../src/services/access/tokens.js';
import { startServer, tempDatabase } from '../server/process.js';
import { LONG, random as seeded, SEED } from './long.js';

const PATRONS = LONG ? 2_000 : 500;
const BOOKS = 60;
const MAX_OPEN = 4;
const CONCURRENCY = 64;

/** A valid ISBN-13 for book n. */
function isbn(n: number): string {
  const body = `978${String(100_000_000 + n * 7919).slice(0, 9)}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 ? 3 : 1), 0);
  return body + ((10 - (sum % 10)) % 10);
}

describe('suggestions under load', () => {
  it(`stores every accepted suggestion once, pools exactly and holds the limits (${PATRONS} patrons × 6 at once)`, async () => {
    const random = seeded();
    const path = tempDatabase();
    const setup = openNodeContext({ DATABASE_PATH: path, LOG_LEVEL: 'silent' });
    const tokens: string[] = [];
    for (let p = 0; p < PATRONS; p++) {
      tokens.push(
        await createToken(
          setup.db,
          { role: 'patron', patron: { externalId: `p${p}`, category: 'graduate' } },
          new Date(),
        ),
      );
    }
    setup.close();

    // Each patron: five different books (one more than the limit allows) and one of them again.
    const requests: { patron: number; book: number }[] = [];
    for (let p = 0; p < PATRONS; p++) {
      const books = new Set<number>();
      while (books.size < MAX_OPEN + 1) books.add(Math.floor(random() ** 2 * BOOKS));
      const chosen = [...books];
      for (const book of [...chosen, chosen[0]!]) requests.push({ patron: p, book });
    }
    for (let i = requests.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [requests[i], requests[j]] = [requests[j]!, requests[i]!];
    }

    const server = await startServer([], {
      DATABASE_PATH: path,
      SUGGEST_MAX_OPEN: String(MAX_OPEN),
      ENRICH_PROVIDERS: 'holdings',
      LOG_LEVEL: 'error',
    });
    const answers: { patron: number; book: number; status: number; id?: number; type?: string }[] = [];
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < requests.length) {
          const request = requests[next++]!;
          const response = await fetch(`${server.url}/api/v1/suggestions`, {
            method: 'POST',
            headers: { authorization: `Bearer ${tokens[request.patron]}`, 'content-type': 'application/json' },
            body: JSON.stringify({ isbn: isbn(request.book), reason: 'for the seminar' }),
          });
          const body = (await response.json()) as { id?: number; type?: string };
          answers.push({ ...request, status: response.status, id: body.id, type: body.type });
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    await server.stop();

    const context = `seed ${SEED}`;
    const byStatus = (status: number) => answers.filter((a) => a.status === status);
    expect(
      answers.filter((a) => a.status >= 500),
      context,
    ).toEqual([]);
    expect(new Set(answers.map((a) => a.status)), context).toEqual(new Set([201, 409, 429]));
    const accepted = byStatus(201);
    // Every patron got exactly as many as the limit allows, and the repeat was a conflict.
    expect(accepted.length, context).toBe(PATRONS * MAX_OPEN);
    expect(byStatus(429).every((a) => a.type?.endsWith('/suggestion-limit'))).toBe(true);
    // Asked twice: once stored and once "you asked already", or refused twice for the limit.
    const pairs = new Map<string, number[]>();
    for (const a of answers)
      pairs.set(`${a.patron}:${a.book}`, [...(pairs.get(`${a.patron}:${a.book}`) ?? []), a.status]);
    for (const statuses of pairs.values()) {
      if (statuses.length === 2)
        expect([
          [201, 409],
          [429, 429],
        ]).toContainEqual(statuses.sort());
    }
    expect(byStatus(409).length).toBe([...pairs.values()].filter((s) => s.includes(409)).length);
    expect(new Set(accepted.map((a) => a.id)).size).toBe(accepted.length);

    const db = new Database(path, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = db.prepare('SELECT count(*) AS n FROM suggestions').get() as { n: number };
    expect(stored.n).toBe(accepted.length);
    const perPatron = db
      .prepare('SELECT max(n) AS most, min(n) AS least FROM (SELECT count(*) AS n FROM suggestions GROUP BY patron_id)')
      .get();
    expect(perPatron).toEqual({ most: MAX_OPEN, least: MAX_OPEN });
    // Pooled counts are exact: each title's count is the number of suggestions accepted for it.
    const titles = db
      .prepare(
        `SELECT t.isbn13, t.requester_count AS pooled, (SELECT count(*) FROM suggestions s WHERE s.title_id = t.id) AS n
         FROM titles t`,
      )
      .all() as { isbn13: string; pooled: number; n: number }[];
    const acceptedPerIsbn = new Map<string, number>();
    for (const a of accepted) acceptedPerIsbn.set(isbn(a.book), (acceptedPerIsbn.get(isbn(a.book)) ?? 0) + 1);
    expect(titles).toHaveLength(acceptedPerIsbn.size);
    for (const t of titles) {
      expect(t.pooled).toBe(t.n);
      expect(t.n).toBe(acceptedPerIsbn.get(t.isbn13));
    }
    db.close();
    console.info(
      `load: ${answers.length} suggestions from ${PATRONS} patrons onto ${titles.length} titles, ${CONCURRENCY} at a time: ` +
        `${Math.round(answers.length / seconds)} requests/s, ${accepted.length} stored, no 5xx`,
    );
  }, 300_000);
});
