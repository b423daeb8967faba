// POST /api/v1/suggestions over HTTP on the real server at 50 concurrent connections, for a
// fixed number of requests, beside a bare Hono route on the same server in the same run (three
// rounds of each, alternating; the medians).
// Requests come from many patrons and pool onto a skewed set of titles, as real demand does.
import { spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import calculateCheckDigit from 'isbn3/lib/calculate_check_digit.js';
import { createApp } from '../../dist/app.js';
import { startCheckpointer } from '../../dist/db/checkpointer.js';
import { suggestions } from '../../dist/db/schema.js';
import { openSqlite } from '../../dist/db/sqlite.js';
import { seededRandom } from '../../dist/domain/random.js';
import { openNodeContext } from '../../dist/node.js';
import { createToken } from '../../dist/services/access/tokens.js';
import { type Call, recordStatements, replayer } from './statements.js';
import { scratchFolder } from './scratch.js';
import { type Figure, median } from './table.js';

export const CONNECTIONS = 50;
/** Suggestions per commit in the statements' floor: what the server's group commit gathers under this load. */
const GROUP = 16;
/** Rounds of each load, alternating, and the median taken: single runs on a shared machine differ by a fifth. */
const ROUNDS = 3;

export async function benchSuggestions(scale: number): Promise<Figure[]> {
  const requests = Math.round(20_000 * scale);
  const dbPath = join(scratchFolder('suggestions'), 'bench.sqlite');
  const env = { DATABASE_PATH: dbPath, SUGGEST_MAX_OPEN: '0', SUGGEST_MAX_RECENT: '0', LOG_LEVEL: 'info' };

  const patronCount = Math.max(200, Math.round(requests / 10));
  const tokens = await makePatrons(env, patronCount);
  const pairs = uniquePairs(ROUNDS * requests + 1_000, patronCount, Math.max(500, Math.round(requests / 3)));
  const statements = await statementsFloor(dbPath, tokens, pairs.slice(0, requests));

  const server = spawn(
    process.execPath,
    [
      // BENCH_PROFILE=folder writes the server's CPU profile there (node --cpu-prof).
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
      '--import',
      'tsx',
      new URL('./suggest-server.ts', import.meta.url).pathname,
    ],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  try {
    const port = await new Promise<number>((resolve, reject) => {
      server.stdout!.on('data', (d: Buffer) => {
        const m = /listening (\d+)/.exec(String(d));
        if (m) resolve(Number(m[1]));
      });
      server.once('exit', (code) => reject(new Error(`bench server exited ${code}`)));
    });
    const base = `http://127.0.0.1:${port}`;

    // Warm both paths up so the JIT has compiled them before anything is measured.
    let next = 0;
    const suggestRequest = () => {
      const [patron, isbn] = pairs[next++ % pairs.length]!;
      return {
        method: 'POST' as const,
        path: '/api/v1/suggestions',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[patron]}` },
        body: JSON.stringify({ isbn, format: 'print', reason: 'Needed for next term' }),
      };
    };
    const bareRequest = () => ({
      method: 'POST' as const,
      path: '/bare',
      headers: { 'content-type': 'application/json', authorization: 'Bearer r2b_unused' },
      body: JSON.stringify({ isbn: '9780132350884', format: 'print', reason: 'Needed for next term' }),
    });
    await load(base, Math.min(1_000, requests / 4), bareRequest);
    await load(base, 1_000, suggestRequest);

    const bareRounds: LoadResult[] = [];
    const suggestRounds: LoadResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      bareRounds.push(await load(base, requests, bareRequest));
      suggestRounds.push(await load(base, requests, suggestRequest));
    }
    const bareResult = medianRound(bareRounds);
    const suggestResult = medianRound(suggestRounds);

    const ctx = openNodeContext(env);
    const stored = (await ctx.deps.db.orm.select().from(suggestions).all()).length;
    ctx.close();
    const failures = suggestRounds.reduce((n, r) => n + r.non2xx + r.errors, 0);
    const note = `${ROUNDS} rounds of ${requests} requests (medians), ${CONNECTIONS} connections; ${stored} suggestions stored, ${failures} non-2xx`;

    // Both the HTTP layer and the statements must be paid for each suggestion, one after the other.
    const floor = 1 / (1 / bareResult.rps + 1 / statements.rps);
    return [
      {
        figure: 'POST /api/v1/suggestions throughput',
        value: suggestResult.rps,
        unit: 'req/s',
        reference: {
          label: 'floor: the bare route and the statements together, 1 / (1/bare + 1/statements)',
          value: floor,
        },
        aim: { op: '>=', target: 0.6, on: 'ratio' },
        note,
      },
      {
        figure: 'POST /api/v1/suggestions throughput, against the bare route alone',
        value: suggestResult.rps,
        unit: 'req/s',
        reference: { label: 'bare Hono route', value: bareResult.rps },
      },
      {
        figure: "a suggestion's own statements on better-sqlite3, no HTTP",
        value: statements.rps,
        unit: 'req/s',
        note: `${statements.statements.toFixed(1)} statements a suggestion (reads included), recorded from the real requests and run again on a copy of the same database, ${GROUP} suggestions a commit, each in its own savepoint`,
      },
      {
        figure: 'POST /api/v1/suggestions p50',
        value: suggestResult.p50,
        unit: 'ms',
        reference: { label: 'bare Hono route', value: bareResult.p50 },
      },
      {
        figure: 'POST /api/v1/suggestions p99',
        value: suggestResult.p99,
        unit: 'ms',
        reference: { label: 'bare Hono route', value: bareResult.p99 },
        aim: { op: '<=', target: 25, on: 'value' },
      },
    ];
  } finally {
    server.kill('SIGTERM');
  }
}

/**
 * The statements' floor: the SQL a suggestion runs, and nothing else. The same requests go
 * through the app in process (app.request, no server) on a copy of the database while every
 * statement it runs is recorded with its values; the recording is then run again, with
 * statements prepared once, on a second copy of the same database (so every write does what it
 * did), committed in groups as the server's group commit does. The median of three runs.
 */
async function statementsFloor(
  dbPath: string,
  tokens: string[],
  pairs: [number, string][],
): Promise<{ rps: number; statements: number }> {
  const recorded = `${dbPath}.record.sqlite`;
  copyFileSync(dbPath, recorded);
  const context = openNodeContext({
    DATABASE_PATH: recorded,
    SUGGEST_MAX_OPEN: '0',
    SUGGEST_MAX_RECENT: '0',
    LOG_LEVEL: 'warn',
  });
  const app = createApp(context.deps);
  const recordings: Call[][] = [];
  try {
    for (const [patron, isbn] of pairs) {
      const { calls, result: status } = await recordStatements(context.db.sqlite, async () => {
        const response = await app.request('/api/v1/suggestions', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[patron]}` },
          body: JSON.stringify({ isbn, format: 'print', reason: 'Needed for next term' }),
        });
        return response.status;
      });
      if (status !== 201) throw new Error(`recording the statements: ${status}`);
      recordings.push(calls);
    }
  } finally {
    context.close();
  }

  const rates: number[] = [];
  for (let round = 0; round < 3; round++) {
    const copy = `${dbPath}.replay-${round}.sqlite`;
    copyFileSync(dbPath, copy);
    const db = openSqlite(copy);
    // Checkpoints as the server takes them, on a thread of their own, not inside the commits.
    const checkpointer = startCheckpointer(db);
    const replay = replayer(db.sqlite);
    const one = db.sqlite.transaction(replay);
    const group = db.sqlite.transaction((suggestions: Call[][]) => {
      for (const suggestion of suggestions) one(suggestion); // a savepoint each
    });
    const started = performance.now();
    for (let at = 0; at < recordings.length; at += GROUP) group.immediate(recordings.slice(at, at + GROUP));
    rates.push(recordings.length / ((performance.now() - started) / 1000));
    await checkpointer.stop();
    db.close();
  }
  const count = recordings.reduce((n, s) => n + s.length, 0);
  return { rps: median(rates), statements: count / recordings.length };
}

/** Each figure's median over the rounds. */
function medianRound(rounds: LoadResult[]): LoadResult {
  const of = (pick: (r: LoadResult) => number) => median(rounds.map(pick));
  return {
    rps: of((r) => r.rps),
    p50: of((r) => r.p50),
    p99: of((r) => r.p99),
    non2xx: of((r) => r.non2xx),
    errors: of((r) => r.errors),
  };
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export async function load(
  url: string,
  amount: number,
  request: () => { method: 'POST'; path: string; headers: Record<string, string>; body: string },
): Promise<LoadResult> {
  const started = performance.now();
  let lastResponse = started;
  const instance = autocannon({
    url,
    connections: CONNECTIONS,
    amount: Math.round(amount),
    requests: [{ setupRequest: (req) => ({ ...req, ...request() }) }],
  });
  // autocannon notices it is done on its one-second tick, so its own end (and its duration, in
  // whole seconds) would round every run up to a whole second: time to the last response.
  instance.on('response', () => {
    lastResponse = performance.now();
  });
  const result = await instance;
  const seconds = (lastResponse - started) / 1000;
  return {
    rps: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function makePatrons(env: Record<string, string>, count: number): Promise<string[]> {
  const ctx = openNodeContext(env);
  const categories = ['undergraduate', 'undergraduate', 'graduate', 'faculty', 'staff', 'public'] as const;
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    tokens.push(
      await createToken(
        ctx.deps.db,
        {
          role: 'patron',
          patron: {
            externalId: `bench-${i}`,
            category: categories[i % categories.length]!,
            departmentCode: `D${i % 12}`,
          },
        },
        new Date(),
      ),
    );
  }
  ctx.close();
  return tokens;
}

/** (patron, ISBN) pairs, each pair once; titles drawn with a long tail so many requests pool. */
export function uniquePairs(count: number, patrons: number, titles: number): [number, string][] {
  const random = seededRandom(42);
  const seen = new Set<string>();
  const out: [number, string][] = [];
  while (out.length < count) {
    const patron = Math.floor(random() * patrons);
    const title = Math.floor(titles * random() ** 2);
    const key = `${patron}:${title}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push([patron, isbnFor(title)]);
  }
  return out;
}

export function isbnFor(n: number): string {
  const body = `9780${String(n).padStart(8, '0')}`;
  return body + calculateCheckDigit(body);
}
