// The Worker as it is deployed, run locally: `wrangler d1 migrations apply --local` builds the
// D1 database from db/migrations, `wrangler d1 execute --local` seeds it the way docs/cloudflare.md
// tells an admin to, and `wrangler dev --local` bundles src/worker.ts with the repository's
// wrangler.toml and serves it from workerd on 127.0.0.1. Nothing leaves the machine.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = new URL('../..', import.meta.url).pathname;
const WRANGLER = join(ROOT, 'node_modules/wrangler/bin/wrangler.js');

export interface LocalWorker {
  url: string;
  /** where the local D1 database is kept (wrangler's --persist-to) */
  state: string;
  /** everything wrangler and the Worker printed, for a failing test's message */
  output(): string;
  /** run a Cron Trigger now, as the platform would with this expression */
  scheduled(cron: string): Promise<void>;
  /** a wrangler command against the local database, as an admin would run it */
  d1(args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export async function startLocalWorker(options: { vars: Record<string, string>; seed: string }): Promise<LocalWorker> {
  const dir = mkdtempSync(join(tmpdir(), 'r2b-worker-'));
  const state = join(dir, 'state');
  // Wrangler's own files (logs, the dev registry) stay out of the home directory and the tree.
  const env = {
    ...process.env,
    WRANGLER_SEND_METRICS: 'false',
    WRANGLER_SEND_ERROR_REPORTS: 'false',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    // The banner asks the npm registry for a newer wrangler; tests reach only 127.0.0.1.
    WRANGLER_HIDE_BANNER: 'true',
    WRANGLER_LOG_PATH: join(dir, 'logs'),
    WRANGLER_REGISTRY_PATH: join(dir, 'registry'),
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  };
  const wrangler = (args: string[]) =>
    promisify(execFile)(process.execPath, [WRANGLER, ...args], { cwd: ROOT, env, maxBuffer: 16 << 20 }).then(
      (r) => r.stdout,
    );
  const d1 = (args: string[]) => wrangler(['d1', ...args, '--local', '--persist-to', state]);

  await d1(['migrations', 'apply', 'r2b']);
  const seed = join(dir, 'seed.sql');
  writeFileSync(seed, options.seed);
  await d1(['execute', 'r2b', '--file', seed]);

  // Settings come in as an env file, which wrangler lays over the [vars] of wrangler.toml.
  const envFile = join(dir, 'worker.env');
  const line = ([name, value]: [string, string]) =>
    // Single quotes keep JSON as it is; a value is never multi-line here.
    value.includes('"') ? `${name}='${value}'\n` : `${name}=${value}\n`;
  writeFileSync(envFile, Object.entries(options.vars).map(line).join(''));
  const [port, inspector] = [await freePort(), await freePort()];
  const child = spawn(
    process.execPath,
    [
      WRANGLER,
      'dev',
      '--local',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--inspector-port',
      String(inspector),
      '--persist-to',
      state,
      '--env-file',
      envFile,
      '--test-scheduled',
      '--show-interactive-dev-session=false',
    ],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  await untilReady(child, url, () => output);

  return {
    url,
    state,
    output: () => output,
    async scheduled(cron) {
      const response = await fetch(`${url}/__scheduled?cron=${encodeURIComponent(cron)}`);
      if (!response.ok) throw new Error(`scheduled ${cron}: HTTP ${response.status} ${await response.text()}`);
    },
    d1,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function untilReady(child: ChildProcess, url: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGTERM');
  throw new Error(`wrangler dev did not answer within 90 s:\n${output()}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Poll until `check` returns a value (not undefined), or fail after `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('gave up waiting');
    await new Promise((r) => setTimeout(r, 150));
  }
}
