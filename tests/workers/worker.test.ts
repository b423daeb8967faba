// The service on Cloudflare Workers: src/worker.ts bundled by wrangler with the repository's
// wrangler.toml, run by workerd over a local D1 database that `wrangler d1 migrations apply`
// built. The same story as on Node: patrons suggest and pool, look a book up (the provider
// reached with the platform's fetch) and follow it on the web pages, a selector decides (the outbox written in the same
// batch), the buy list ranks, and Cron Triggers queue the department's digest and deliver the
// outbox through the HTTP mail relay and the signed webhook. Imports come in parts, and lists
// longer than D1 binds parameters for still answer.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWorkflow } from '../../src/domain/workflow.js';
import { sign } from '../../src/services/notifications/webhook.js';
import { startReplayServer, type ReplayServer } from '../support/replay-server.js';
import { eventually, type LocalWorker, startLocalWorker } from './wrangler.js';

const JWT_SECRET = 'a-shared-secret-with-the-identity-provider-0123456789';
const ADMIN = 'r2b_worker_test_admin';
const SELECTOR = 'r2b_worker_test_selector';
const RELAY_TOKEN = 'relay-secret-token';
const WEBHOOK_SECRET = 'the-library-signs-its-webhook-events-with-this';
const IMPORT_LIMIT = 20_000;

interface RelayedMail {
  headers: IncomingHttpHeaders;
  body: { from: string; to: string; subject: string; text: string; html: string; headers: Record<string, string> };
}

let worker: LocalWorker;
let replay: ReplayServer;
/** one local server stands in for the mail relay (/emails) and the library's webhook (/hooks) */
let relay: Server;
const relayed: RelayedMail[] = [];
const hooks: { headers: IncomingHttpHeaders; body: string }[] = [];

const sha256 = async (text: string) =>
  Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))).toString('hex');

// What an admin runs with `wrangler d1 execute` to make the first tokens (docs/cloudflare.md).
async function seedSql(): Promise<string> {
  const now = Date.now();
  return `INSERT INTO api_tokens (token_hash, role, label, created_at) VALUES
    ('${await sha256(ADMIN)}', 'admin', 'first admin', ${now}),
    ('${await sha256(SELECTOR)}', 'selector', 'a selector', ${now});`;
}

function patron(sub: string, claims: Record<string, string>): Promise<string> {
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(JWT_SECRET));
}

async function call(
  method: string,
  path: string,
  token: string,
  body?: unknown,
  type = 'application/json',
): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = type;
  const response = await fetch(`${worker.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // CSV, HTML: kept as text
  }
  return { status: response.status, json };
}

async function outbox(status?: string): Promise<{ kind: string; titleId: number | null; recipient: string | null }[]> {
  const { json } = await call('GET', `/api/v1/notifications?limit=500${status ? `&status=${status}` : ''}`, ADMIN);
  return json.items;
}

/** The enrichment jobs by status, read the way an admin would, with `wrangler d1 execute`. */
async function enrichJobs(): Promise<Record<string, number>> {
  const sql = "SELECT status, count(*) AS n FROM jobs WHERE kind = 'enrich' GROUP BY status";
  const [result] = JSON.parse(await worker.d1(['execute', 'r2b', '--json', '--command', sql])) as {
    results: { status: string; n: number }[];
  }[];
  return Object.fromEntries(result!.results.map((r) => [r.status, r.n]));
}

beforeAll(async () => {
  replay = await startReplayServer();
  relay = createServer((req, res) => {
    let data = '';
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => {
      if (req.url === '/hooks') hooks.push({ headers: req.headers, body: data });
      else relayed.push({ headers: req.headers, body: JSON.parse(data) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"queued"}');
    });
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  worker = await startLocalWorker({
    seed: await seedSql(),
    vars: {
      LOG_LEVEL: 'warn',
      PUBLIC_BASE_URL: 'https://r2b.example.edu',
      AUTH_JWT_SECRET: JWT_SECRET,
      AUTH_LOGIN_URL: 'https://idp.example.edu/authorize',
      OPENLIBRARY_URL: `${replay.url}/openlibrary`,
      GOOGLE_BOOKS_URL: `${replay.url}/google`,
      ENRICH_PROVIDERS: 'holdings,openlibrary',
      ENRICH_RETRIES: '0',
      MAIL_RELAY_URL: `http://127.0.0.1:${(relay.address() as AddressInfo).port}/emails`,
      WEBHOOK_URL: `http://127.0.0.1:${(relay.address() as AddressInfo).port}/hooks`,
      WEBHOOK_SECRET,
      MAIL_RELAY_TOKEN: RELAY_TOKEN,
      MAIL_FROM: 'acquisitions@example.edu',
      IMPORT_LIMIT_BYTES: String(IMPORT_LIMIT),
      // Workers have no files: the library's workflow comes as JSON in a variable.
      WORKFLOW_JSON: JSON.stringify({
        ...defaultWorkflow,
        reasons: [...defaultWorkflow.reasons, { code: 'over_budget', labels: { en: 'Over this year’s budget' } }],
      }),
    },
  });
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await replay?.close();
  await new Promise((resolve) => relay?.close(resolve));
});

describe('recommend-to-buy on Workers (workerd and a local D1)', () => {
  let ana: string;
  let tom: string;
  let titleId: number;
  let anaSuggestion: number;

  it('is ready once wrangler has applied every migration', async () => {
    const response = await fetch(`${worker.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', pendingMigrations: 0 });
  });

  it('takes the library’s workflow from WORKFLOW_JSON, checked as WORKFLOW_FILE is on Node', async () => {
    const { json } = await call('GET', '/api/v1/workflow', ADMIN);
    expect(json.reasons.map((r: { code: string }) => r.code)).toContain('over_budget');
  });

  it('serves the API reference with Swagger UI bundled into the Worker', async () => {
    const page = await fetch(`${worker.url}/docs`);
    expect(await page.text()).toContain('/docs/assets/swagger-ui-bundle.js');
    const script = await fetch(`${worker.url}/docs/assets/swagger-ui-bundle.js`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect((await script.text()).length).toBeGreaterThan(100_000);
  });

  it('sets up a department with its liaison through the import endpoint', async () => {
    const csv =
      'code,name,liaison_email,locale,fund,budget,disciplines\nCS,Computer Science,liaison@example.edu,en,CS-MONO,4000,computer-science\n';
    const { status, json } = await call('POST', '/api/v1/imports/departments', ADMIN, csv, 'text/csv');
    expect(status).toBe(200);
    expect(json.imported).toBe(1);
  });

  it('takes a suggestion by the ISBN-10 printed on the book, stored as its ISBN-13', async () => {
    ana = await patron('ana', {
      email: 'ana@example.edu',
      name: 'Ana Lima',
      department: 'CS',
      category: 'undergraduate',
    });
    const { status, json } = await call('POST', '/api/v1/suggestions', ana, {
      isbn: '0-385-47257-9',
      reason: 'For the reading group',
      format: 'print',
    });
    expect(status).toBe(201);
    expect(json.title).toMatchObject({ isbn13: '9780385472579', requesterCount: 1 });
    titleId = json.title.id;
    anaSuggestion = json.id;
  });

  it('pools a second patron asking for the same book onto the same title, with two requesters', async () => {
    tom = await patron('tom', { email: 'tom@example.edu', name: 'Tom Reed', department: 'CS', category: 'faculty' });
    const { status, json } = await call('POST', '/api/v1/suggestions', tom, { isbn: '9780385472579' });
    expect(status).toBe(201);
    expect(json.title).toMatchObject({ id: titleId, requesterCount: 2 });
    const again = await call('POST', '/api/v1/suggestions', tom, { isbn: '0385472579' });
    expect(again.status).toBe(409);
  });

  it('looks the book up with the platform fetch: metadata, the pooled title, the patron’s own suggestion', async () => {
    const { status, json } = await call('GET', '/api/v1/lookup?isbn=0385472579', ana);
    expect(status).toBe(200);
    expect(json.metadata.title).toBe('Zen speaks');
    expect(json.complete).toBe(true);
    expect(json.title).toEqual({
      id: titleId,
      status: 'submitted',
      requesterCount: 2,
      yourSuggestionId: anaSuggestion,
    });
    expect(replay.requests.some((r) => r.provider === 'openlibrary' && r.path.includes('0385472579'))).toBe(true);
  });

  it('serves the web pages from the same app: a patron signed in by the identity provider sees her suggestion', async () => {
    const cookies = (response: Response) =>
      response.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
    const start = await fetch(`${worker.url}/signin/library`, { redirect: 'manual' });
    expect(start.status).toBe(303);
    const provider = new URL(start.headers.get('location')!);
    const signIn = await fetch(`${worker.url}/signin`, {
      method: 'POST',
      body: new URLSearchParams({
        id_token: await patron('ana', { name: 'Ana Lima', nonce: provider.searchParams.get('nonce')! }),
        state: provider.searchParams.get('state')!,
      }),
      headers: { cookie: cookies(start), origin: provider.origin },
      redirect: 'manual',
    });
    expect(signIn.status).toBe(303);
    const cookie = cookies(signIn);
    const page = await fetch(`${worker.url}/my/suggestions`, { headers: { cookie } });
    expect(page.status).toBe(200);
    // Not enriched yet: the book is known by its ISBN, as printed.
    expect(await page.text()).toContain('ISBN 978-0-385-47257-9 (details to come)');
  });

  it('puts the pooled title on the buy list with both requesters', async () => {
    const { status, json } = await call('GET', '/api/v1/buylist', SELECTOR);
    expect(status).toBe(200);
    const item = json.items.find((i: { titleId: number }) => i.titleId === titleId);
    expect(item).toMatchObject({ titleId, requesters: 2, status: 'submitted' });
    // Searched on D1 as on SQLite: the ISBN as printed finds it; LIKE's wildcards typed are only characters.
    const found = await call('GET', '/api/v1/buylist?q=978-0-385-47257-9&sort=price', SELECTOR);
    expect(found.json.items.map((i: { titleId: number }) => i.titleId)).toEqual([titleId]);
    expect((await call('GET', '/api/v1/buylist?q=%25', SELECTOR)).json.items).toEqual([]);
  });

  it('moves the title through the workflow, writing one message per requester in the same batch', async () => {
    for (const next of ['in_review', 'approved']) {
      const { status, json } = await call('POST', `/api/v1/titles/${titleId}/status`, SELECTOR, { status: next });
      expect(status).toBe(200);
      expect(json.status).toBe(next);
    }
    const refused = await call('POST', `/api/v1/titles/${titleId}/status`, SELECTOR, { status: 'submitted' });
    expect(refused.status).toBe(409);
    const changes = (await outbox('pending')).filter((n) => n.titleId === titleId && n.kind === 'status_changed');
    expect(changes.map((n) => n.recipient).sort()).toEqual(['ana', 'ana', 'tom', 'tom']);
    const approved = await call('GET', '/api/v1/buylist?status=approved', SELECTOR);
    expect(approved.json.items.map((i: { titleId: number }) => i.titleId)).toEqual([titleId]);
  });

  it('reports the outcomes of the requests on D1: the title asked for, its steps read back as the report reads them', async () => {
    const { status, json } = await call('GET', '/api/v1/reports/outcomes', SELECTOR);
    expect(status).toBe(200);
    // Two requesters pooled on one title, moved out of review (the history read as arrays on D1 too).
    expect(json.summary).toMatchObject({ titles: expect.any(Number), requests: expect.any(Number) });
    expect(json.summary.titles).toBeGreaterThanOrEqual(1);
    expect(json.summary.requests).toBeGreaterThanOrEqual(2);
    // Its decision is found among its steps: approved the day it was asked for.
    expect(json.summary.medianDaysToDecision).toBe(0);
  });

  it('queues the department’s digest when the digest Cron Trigger fires', async () => {
    await worker.scheduled('0 7 * * 1');
    const digests = await eventually(async () => {
      const found = (await outbox()).filter((n) => n.kind === 'digest');
      return found.length ? found : undefined;
    });
    expect(digests).toHaveLength(1);
  });

  it('delivers the outbox through the mail relay and the signed webhook when the every-minute trigger fires', async () => {
    await worker.scheduled('* * * * *');
    await eventually(async () => ((await outbox('pending')).length === 0 ? true : undefined));
    const digest = relayed.find((m) => m.body.to === 'liaison@example.edu');
    expect(digest?.body.subject).toMatch(/Computer Science/);
    expect(relayed.filter((m) => m.body.to === 'ana@example.edu')).toHaveLength(3);
    for (const mail of relayed) {
      expect(mail.headers.authorization).toBe(`Bearer ${RELAY_TOKEN}`);
      expect(mail.body.from).toBe('acquisitions@example.edu');
      expect(mail.body.headers['Message-ID']).toMatch(/^<[0-9a-f]{40}@r2b\.example\.edu>$/);
      expect(mail.headers['idempotency-key']).toBe(mail.body.headers['Message-ID']!.slice(1, -1));
    }
    const events = hooks.map((hook) => JSON.parse(hook.body));
    expect(events.filter((e) => e.title.id === titleId).map((e) => e.type)).toEqual([
      'suggestion.received',
      'suggestion.received',
      'suggestion.status_changed',
      'suggestion.status_changed',
      'suggestion.status_changed',
      'suggestion.status_changed',
    ]);
    for (const hook of hooks) {
      const timestamp = Number(hook.headers['x-r2b-timestamp']);
      expect(hook.headers['x-r2b-signature']).toBe(await sign(WEBHOOK_SECRET, timestamp, hook.body));
    }
  });

  it('sends a dead message again on D1, one by its id or every one at once, each only once', async () => {
    const kill =
      "UPDATE notifications SET status = 'dead' WHERE rowid = (SELECT min(rowid) FROM notifications WHERE kind = 'status_changed')";
    await worker.d1(['execute', 'r2b', '--json', '--command', kill]);
    const { json } = await call('GET', '/api/v1/notifications?state=dead', ADMIN);
    expect(json.items).toHaveLength(1);
    const id = json.items[0].id as string;
    expect((await call('POST', `/api/v1/notifications/${id}/retry`, ADMIN)).status).toBe(200);
    expect((await call('POST', `/api/v1/notifications/${id}/retry`, ADMIN)).status).toBe(404);
    await worker.d1(['execute', 'r2b', '--json', '--command', kill]);
    expect((await call('POST', '/api/v1/notifications/retry-dead', ADMIN)).json).toEqual({ queued: 1 });
    expect((await call('GET', '/api/v1/notifications?state=dead', ADMIN)).json.items).toEqual([]);
  });

  it('imports a loan history in parts, each within the upload limit, and refuses a larger upload', async () => {
    const header = 'loan_id,loaned_at,isbn,call_number,department,patron_category\n';
    const rows = Array.from(
      { length: 600 },
      (_, i) =>
        `${1000 + i},2025-${String((i % 12) + 1).padStart(2, '0')}-14 09:12:00,,QA76.76 .D${i},CS,undergraduate\n`,
    );
    const whole = header + rows.join('');
    expect(whole.length).toBeGreaterThan(IMPORT_LIMIT);
    const tooLarge = await call('POST', '/api/v1/imports/loans', ADMIN, whole, 'text/csv');
    expect(tooLarge.status).toBe(413);

    const parts = [header + rows.slice(0, 300).join(''), header + rows.slice(300).join('')];
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(IMPORT_LIMIT);
      const { status, json } = await call('POST', '/api/v1/imports/loans?name=part', ADMIN, part, 'text/csv');
      expect(status).toBe(200);
      expect(json).toMatchObject({ read: 300, imported: 300, rejected: 0 });
    }
    const resent = await call('POST', '/api/v1/imports/loans', ADMIN, parts[0], 'text/csv');
    expect(resent.json).toMatchObject({ alreadyImported: true, imported: 0 });
  });

  it('answers for more titles than D1 binds parameters to one statement', async () => {
    const header =
      'requested_at,patron_id,patron_category,department,isbn,title,author,format,reason,status,decided_at\n';
    const rows = Array.from(
      { length: 150 },
      (_, i) => `2026-01-05,p${i},graduate,CS,,A study of things volume ${i},Writer${i},print,,,\n`,
    );
    const imported = await call('POST', '/api/v1/imports/suggestions', ADMIN, header + rows.join(''), 'text/csv');
    expect(imported.json).toMatchObject({ imported: 150, rejected: 0 });
    // A page of 200 titles asks for the demand of each: 151 ids in one statement.
    const page = await call('GET', '/api/v1/titles?limit=200', SELECTOR);
    expect(page.status).toBe(200);
    expect(page.json.items).toHaveLength(151);
    // The enrichment job claims every new title at once, and reads them in one statement.
    await worker.scheduled('* * * * *');
    const jobs = await eventually(async () => {
      const counts = await enrichJobs();
      return counts.done === 151 ? counts : undefined;
    }, 30_000);
    expect(jobs).toEqual({ done: 151 });
    expect(worker.output()).not.toMatch(/job \w+ failed/);
  });

  it('imports a vendor catalogue on D1, and a patron suggests from it and sees the count rise', async () => {
    const sheet =
      'ISBN,题名,责任者,出版社,出版年,定价,中图分类号\n9787506365437,活着,余华,作家出版社,2012,20.00,I247.57\n';
    const path = `/api/v1/imports/catalogue?catalogue=${encodeURIComponent('2026年第3期')}&vendor=${encodeURIComponent('人天书店')}&currency=CNY`;
    const imported = await call('POST', path, ADMIN, sheet, 'text/csv');
    expect(imported.status).toBe(200);
    expect(imported.json).toMatchObject({ kind: 'catalogue', imported: 1, rejected: 0 });
    const lin = await patron('lin', { email: 'lin@example.edu', name: '林', department: 'CS', category: 'graduate' });
    const found = await call('GET', `/api/v1/catalogue?q=${encodeURIComponent('余华')}`, lin);
    expect(found.json.entries[0]).toMatchObject({
      title: '活着',
      requesters: 0,
      price: { amount: 20, currency: 'CNY' },
    });
    // The search text is folded on D1 as on Node: the same entry, typed in Traditional.
    const traditional = await call('GET', `/api/v1/catalogue?q=${encodeURIComponent('餘華')}`, lin);
    expect(traditional.json.entries.map((e: { title: string }) => e.title)).toEqual(['活着']);
    const made = await call('POST', `/api/v1/catalogue/${found.json.entries[0].id}/suggestions`, lin, {
      reason: '课程',
    });
    expect(made.status).toBe(201);
    expect(made.json.requesters).toBe(1);
    expect((await call('GET', '/api/v1/catalogue?class=I247', lin)).json.entries[0]).toMatchObject({ requesters: 1 });
  });
});
