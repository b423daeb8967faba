// The same suggestion and buy-list requests on Cloudflare Workers: src/worker.ts under
// `wrangler dev --local` (workerd, local D1, nothing leaves the machine), at the same 50
// connections as the Node figure it is printed beside. Then the D1 adapter's calls per request:
// the same app, over the same local D1 database (wrangler's platform proxy), with every
// statement and batch the adapter sends counted.
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { getPlatformProxy } from 'wrangler';
import { createApp } from '../../dist/app.js';
import { type D1Binding, openD1 } from '../../dist/db/d1.js';
import { openNodeContext } from '../../dist/node.js';
import { startLocalWorker } from '../workers/wrangler.js';
import { CONNECTIONS, isbnFor, load, uniquePairs } from './suggestions.bench.js';
import { scratchFolder } from './scratch.js';
import type { Figure } from './table.js';

const JWT_SECRET = 'the-benchmark-signs-its-patrons-with-this-0123456789';
const SELECTOR = 'r2b_bench_selector';
const ROOT = new URL('../..', import.meta.url).pathname;

const sha256 = async (text: string) =>
  Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))).toString('hex');

const patronToken = (n: number) =>
  new SignJWT({ category: n % 5 ? 'undergraduate' : 'faculty', department: `D${n % 12}` })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(`bench-${n}`)
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(JWT_SECRET));

export async function benchWorkers(scale: number, node: Figure[] = []): Promise<Figure[]> {
  const requests = Math.max(300, Math.round(3_000 * scale));
  const patrons = Math.max(100, Math.round(requests / 5));
  const tokens = await Promise.all(Array.from({ length: patrons }, (_, n) => patronToken(n)));
  const pairs = uniquePairs(requests + 200, patrons, Math.max(200, Math.round(requests / 3)));
  const vars = { LOG_LEVEL: 'warn', AUTH_JWT_SECRET: JWT_SECRET, SUGGEST_MAX_OPEN: '0', SUGGEST_MAX_RECENT: '0' };
  const worker = await startLocalWorker({
    vars,
    seed: `INSERT INTO api_tokens (token_hash, role, label, created_at) VALUES ('${await sha256(SELECTOR)}', 'selector', 'bench', ${Date.now()});`,
  });
  let next = 0;
  const suggest = () => {
    const [patron, isbn] = pairs[next++ % pairs.length]!;
    return {
      method: 'POST' as const,
      path: '/api/v1/suggestions',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[patron]}` },
      body: JSON.stringify({ isbn, format: 'print', reason: 'Needed for next term' }),
    };
  };
  let result: Awaited<ReturnType<typeof load>>;
  let buylist: { p50: number; p95: number };
  let calls: Awaited<ReturnType<typeof d1CallsPerRequest>>;
  try {
    await load(worker.url, 200, suggest);
    result = await load(worker.url, requests, suggest);
    buylist = await latency(`${worker.url}/api/v1/buylist?limit=100`, SELECTOR);
    // While wrangler dev still has the database (it is removed with it).
    calls = await d1CallsPerRequest(worker.state, tokens[0]!, isbnFor(9_999_999));
  } finally {
    await worker.stop();
  }

  const nodeRate = node.find((f) => f.figure === 'POST /api/v1/suggestions throughput');
  const nodeP99 = node.find((f) => f.figure === 'POST /api/v1/suggestions p99');
  return [
    {
      figure: 'Workers (wrangler dev, local D1): POST /api/v1/suggestions throughput',
      value: result.rps,
      unit: 'req/s',
      ...(nodeRate ? { reference: { label: 'the same on Node', value: nodeRate.value } } : {}),
      note: `${requests} requests, ${CONNECTIONS} connections, ${result.non2xx + result.errors} non-2xx; D1 per suggestion: ${calls.suggestion.batches} batch and ${calls.suggestion.queries} single statements`,
    },
    {
      figure: 'Workers (wrangler dev, local D1): POST /api/v1/suggestions p99',
      value: result.p99,
      unit: 'ms',
      ...(nodeP99 ? { reference: { label: 'the same on Node', value: nodeP99.value } } : {}),
    },
    {
      figure: 'Workers (wrangler dev, local D1): GET /api/v1/buylist?limit=100 p95',
      value: buylist.p95,
      unit: 'ms',
      aim: { op: '<=', target: 30, on: 'value' },
      note: `p50 ${buylist.p50.toFixed(1)} ms over the ${requests} suggestions' titles; D1 per request: ${calls.buylist.batches} batches and ${calls.buylist.queries} single statements`,
    },
    {
      figure: 'D1 round trips per suggestion (batches + single statements)',
      value: calls.suggestion.batches + calls.suggestion.queries,
      unit: 'calls',
    },
    {
      figure: 'D1 round trips per buy-list page',
      value: calls.buylist.batches + calls.buylist.queries,
      unit: 'calls',
    },
  ];
}

async function latency(url: string, token: string): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < 120; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
    await response.arrayBuffer();
    if (i >= 20) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length * 0.5)]!, p95: times[Math.floor(times.length * 0.95)]! };
}

interface Counts {
  queries: number;
  batches: number;
}

/**
 * One suggestion and one buy-list page through the app on the D1 adapter, over the local D1
 * database wrangler dev used, counting what the adapter sends: single statements (each a round
 * trip to D1) and batches (each one round trip, one transaction).
 */
async function d1CallsPerRequest(state: string, patron: string, isbn: string) {
  const proxy = await getPlatformProxy<{ DB: D1Binding }>({
    configPath: join(ROOT, 'wrangler.toml'),
    persist: { path: join(state, 'v3') },
  });
  // The settings and library files as Node reads them; only the database is D1's.
  const node = openNodeContext({
    DATABASE_PATH: join(scratchFolder('d1'), 'unused.sqlite'),
    LOG_LEVEL: 'warn',
    AUTH_JWT_SECRET: JWT_SECRET,
    SUGGEST_MAX_OPEN: '0',
    SUGGEST_MAX_RECENT: '0',
  });
  try {
    const counts: Counts = { queries: 0, batches: 0 };
    const app = createApp({ ...node.deps, db: openD1(counted(proxy.env.DB, counts), []) });
    const measure = async (path: string, init: RequestInit) => {
      counts.queries = 0;
      counts.batches = 0;
      const response = await app.request(path, init);
      if (response.status >= 300) throw new Error(`${path} on D1: ${response.status} ${await response.text()}`);
      return { ...counts };
    };
    const suggestion = await measure('/api/v1/suggestions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${patron}` },
      body: JSON.stringify({ isbn, format: 'print', reason: 'Needed for next term' }),
    });
    const buylist = await measure('/api/v1/buylist?limit=100', { headers: { authorization: `Bearer ${SELECTOR}` } });
    return { suggestion, buylist };
  } finally {
    node.close();
    await proxy.dispose();
  }
}

/** The binding, counting each statement run alone and each batch; batched statements go as they were prepared. */
function counted(binding: D1Binding, counts: Counts): D1Binding {
  const originals = new WeakMap<object, unknown>();
  const wrap = (statement: object): object => {
    const proxy = new Proxy(statement, {
      get(target, property) {
        const value = Reflect.get(target, property, target) as unknown;
        if (typeof value !== 'function') return value;
        if (property === 'bind') return (...params: unknown[]) => wrap(value.apply(target, params) as object);
        if (['first', 'all', 'run', 'raw'].includes(String(property))) {
          return (...args: unknown[]) => {
            counts.queries++;
            return value.apply(target, args);
          };
        }
        return value.bind(target);
      },
    });
    originals.set(proxy, statement);
    return proxy;
  };
  return {
    prepare: (query: string) => wrap(binding.prepare(query) as object),
    batch: (statements: unknown[]) => {
      counts.batches++;
      return binding.batch(statements.map((s) => originals.get(s as object) ?? s) as never);
    },
  } as unknown as D1Binding;
}
