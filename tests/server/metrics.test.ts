// GET /metrics on the real server: what Prometheus scrapes, checked by Prometheus's own
// promtool, with every figure a systems librarian watches, and nothing of any patron.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServer, tempDatabase } from './process.js';

const PROMTOOL = process.env.PROMTOOL_PATH ?? '/usr/bin/promtool';
const METRICS_TOKEN = 'scrape-0123456789abcdef0123456789abcdef';
const haveTool = existsSync(PROMTOOL);
if (!haveTool) console.warn(`metrics checks skipped: no promtool at ${PROMTOOL} (apt-get install -y prometheus)`);

function promtool(text: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = execFile(PROMTOOL, ['check', 'metrics'], (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
    child.stdin!.end(text);
  });
}

describe.runIf(haveTool)('GET /metrics', () => {
  let server: ServerProcess;
  let text: string | undefined;
  beforeAll(async () => {
    server = await startServer(['--demo'], { DATABASE_PATH: tempDatabase(), METRICS_TOKEN, LOG_LEVEL: 'info' });
    const ana = { authorization: 'Bearer r2b_demo_patron_ana', 'content-type': 'application/json' };
    await fetch(`${server.url}/api/v1/suggestions`, { method: 'POST', headers: ana, body: '{"isbn":"9780262046305"}' });
    const selector = { authorization: 'Bearer r2b_demo_selector' };
    const listed = await (await fetch(`${server.url}/api/v1/titles?limit=2`, { headers: selector })).json();
    for (const title of listed.items as { id: number }[]) {
      expect((await fetch(`${server.url}/api/v1/titles/${title.id}`, { headers: selector })).status).toBe(200);
    }
    // The scheduled jobs run within seconds of the start; their counters appear once they have.
    for (let tries = 0; tries < 60 && !/^r2b_job_runs_total\{/m.test(text ?? ''); tries++) {
      if (tries) await new Promise((r) => setTimeout(r, 500));
      const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      text = await res.text();
    }
  }, 60_000);
  afterAll(() => server?.stop());

  it('comes with alerting rules Prometheus accepts (docs/alerts.yml), on these metrics', async () => {
    const rules = new URL('../../docs/alerts.yml', import.meta.url).pathname;
    const checked = await new Promise<{ code: number; output: string }>((resolve) =>
      execFile(PROMTOOL, ['check', 'rules', rules], (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
      ),
    );
    expect(checked.output).toMatch(/SUCCESS: 10 rules found/);
    expect(checked.code).toBe(0);
    const named = readFileSync(rules, 'utf8').match(/r2b_[a-z_]+/g) ?? [];
    for (const name of new Set(named)) expect(text, name).toContain(name.replace(/_bucket$/, ''));
  });

  it('passes promtool check metrics', async () => {
    const checked = await promtool(text!);
    expect(checked.output).toBe('');
    expect(checked.code).toBe(0);
  });

  it('has every figure to watch: requests, the outbox, jobs, imports, providers, the database', () => {
    for (const name of [
      'r2b_http_requests_total',
      'r2b_http_request_duration_seconds_bucket',
      'r2b_suggestions',
      'r2b_decisions',
      'r2b_messages',
      'r2b_outbox_messages',
      'r2b_outbox_oldest_pending_age_seconds',
      'r2b_jobs',
      'r2b_import_runs',
      'r2b_import_rows',
      'r2b_enrichment_provider_calls',
      'r2b_enrichment_provider_failures',
      'r2b_enrichment_provider_breaker_state',
      'r2b_sqlite_pages',
      'r2b_sqlite_wal_bytes',
      'r2b_job_runs_total',
    ]) {
      expect(text, name).toMatch(new RegExp(`^${name}[{ ]`, 'm'));
    }
    expect(text).toMatch(/^r2b_outbox_messages\{state="pending"\} \d+$/m);
    // The ILS connector's queue is described, and empty: the demo has no ILS.
    expect(text).toContain('# TYPE r2b_ils_titles gauge');
    expect(text).toMatch(/^r2b_import_runs\{kind="loans",state="complete"\} [1-9]/m);
  });

  it('labels requests by the route’s pattern, never by the path', () => {
    expect(text).toMatch(/r2b_http_requests_total\{method="GET",route="\/api\/v1\/titles\/:id",status="200"\} 2/);
    expect(text).not.toMatch(/titles\/\d+"/);
  });

  it('holds nothing of any patron: no name, address or token', () => {
    for (const secret of ['Ana Lima', '王伟', 'r2b_demo_', '@', 'demo_patron']) expect(text).not.toContain(secret);
  });

  it('answers only the scraper’s token or an admin', async () => {
    const as = (token?: string) =>
      fetch(`${server.url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    expect((await as()).status).toBe(401);
    expect((await as('r2b_demo_selector')).status).toBe(403);
    expect((await as('r2b_demo_admin')).status).toBe(200);
    expect((await as(`${METRICS_TOKEN}x`)).status).toBe(401);
  });

  it('logs one JSON line per request with its id, also in the response and in problem bodies', async () => {
    const res = await fetch(`${server.url}/api/v1/suggestions/999999`, {
      headers: { authorization: 'Bearer r2b_demo_patron_ana' },
    });
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await res.json()).requestId).toBe(id);
    await new Promise((r) => setTimeout(r, 100));
    const line = server.stderr.split('\n').find((l) => l.includes(id!));
    expect(JSON.parse(line!)).toMatchObject({
      msg: 'request',
      requestId: id,
      status: 404,
      path: '/api/v1/suggestions/999999',
    });
    for (const secret of ['r2b_demo_', 'Ana Lima', '@example']) expect(server.stderr).not.toContain(secret);
  });
});
