// Start the built `r2b` (dist/cli.js, as `npm start` does) as a real process on a free port.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;

export interface ServerProcess {
  url: string;
  stdout: string;
  /** the log: one JSON line per request at LOG_LEVEL=info */
  stderr: string;
  child: ChildProcess;
  stop(): Promise<number | null>;
}

export function tempDatabase(): string {
  return join(mkdtempSync(join(tmpdir(), 'r2b-')), 'r2b.sqlite');
}

export async function startServer(args: string[], env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      stdout += d;
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
  await new Promise((r) => setTimeout(r, 50));
  return {
    url,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

export async function r2b(args: string[], env: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
}
