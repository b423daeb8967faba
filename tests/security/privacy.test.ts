// Privacy audit. A library's realistic day: departments, holdings and three years of loans
// imported (the loan export carrying each borrower's id and card barcode, as real ones do,
// and a few damaged rows, as real ones have), suggestion history brought in from the old
// system, patrons suggesting through the API and the pages with their names, addresses and
// reasons, selectors deciding, every message delivered by email and webhook, digests and
// notices sent. Then `r2b purge --older-than 180`. The whole database is read, every table,
// every column, every row, and searched: no borrower identifier from the loan file is
// anywhere, and nothing of the purged requesters (address, name, identity, reasons) is either;
// patrons who are still using the service keep their details but can no longer be tied to the
// requests that were purged.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { migrateSqlite, openSqlite } from '../../src/db/sqlite.js';
import { runDelivery } from '../../src/jobs/deliver.js';
import { runDigests } from '../../src/jobs/digest.js';
import { runEnrichment } from '../../src/jobs/enrich.js';
import { runStaffNotices } from '../../src/jobs/staff-notices.js';
import {
  LOAN_HEADER,
  readDepartmentDisciplines,
  writeHoldings,
  writeLoanHistory,
  writeRequests,
} from '../../src/demo/generate-loans.js';
import { importDepartments } from '../../src/services/imports/departments.js';
import { fileSource } from '../../src/node/file-source.js';
import { importHoldings } from '../../src/services/imports/holdings.js';
import { importLoans } from '../../src/services/imports/loans.js';
import { importSuggestions } from '../../src/services/imports/suggestions.js';
import type { OutgoingMail } from '../../src/context.js';
import { purgeRequesters } from '../../src/services/purge.js';
import { runRescoreJobs } from '../../src/services/scoring.js';
import { createToken } from '../../src/services/access/tokens.js';
import { DAY, type Harness, harness } from '../api/harness.js';
import { r2b, tempDatabase } from '../server/process.js';
import { LONG, NO_LIMITS, visitor } from './support.js';

// The long runs (R2B_LONG=1) take minutes.
if (LONG) vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const fixture = (path: string) => new URL(`../../fixtures/${path}`, import.meta.url).pathname;
const JWT_SECRET = 'the-identity-providers-shared-secret-32+';
const WEBHOOK_SECRET = 'a-webhook-secret-the-library-keeps-private';
const LOANS = LONG ? 300_000 : 30_000;

/** The database as text: every table sqlite_schema lists, every column, every row; blobs as text too. */
function dumpEverything(h: Harness): { text: string; tables: number; rows: number; bytes: number } {
  const tables = h.db.sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as {
    name: string;
  }[];
  const parts: string[] = [];
  let rows = 0;
  for (const { name } of tables) {
    const columns = (h.db.sqlite.prepare(`PRAGMA table_info("${name}")`).all() as { name: string }[]).map(
      (c) => c.name,
    );
    const all = h.db.sqlite.prepare(`SELECT * FROM "${name}"`).raw().all() as unknown[][];
    rows += all.length;
    const cell = (v: unknown) =>
      Buffer.isBuffer(v) ? `${v.toString('utf8')} ${v.toString('latin1')} ${v.toString('hex')}` : String(v);
    parts.push(`== ${name} (${columns.join(', ')})`);
    for (const row of all) parts.push(row.map(cell).join('\t'));
  }
  // The schema itself, and the indexes' definitions, are part of the file too.
  const schema = h.db.sqlite.prepare('SELECT type, name, sql FROM sqlite_schema').raw().all() as unknown[][];
  parts.push('== sqlite_schema');
  for (const row of schema) parts.push(row.join('\t'));
  const text = parts.join('\n');
  return { text, tables: tables.length, rows, bytes: Buffer.byteLength(text) };
}

/** Which of `needles` occur in `text`, compared without case, quickly for thousands of them. */
function occurrences(text: string, needles: Iterable<string>): string[] {
  const haystack = text.toLowerCase();
  const byLength = new Map<number, Set<string>>();
  for (const needle of needles) {
    const lower = needle.toLowerCase();
    if (!byLength.has(lower.length)) byLength.set(lower.length, new Set());
    byLength.get(lower.length)!.add(lower);
  }
  const found = new Set<string>();
  for (const [length, set] of byLength) {
    if (set.size <= 16) {
      for (const needle of set) if (haystack.includes(needle)) found.add(needle);
      continue;
    }
    for (let i = 0; i + length <= haystack.length; i++) {
      const window = haystack.slice(i, i + length);
      if (set.has(window)) found.add(window);
    }
  }
  return [...found];
}

// The people. What the purge must forget of each is listed with them.
const LIN = {
  sub: 'idp-lin-20190042',
  email: 'lin.xiaoming@students.example.edu',
  name: '林小明 Lin Xiaoming',
  reasons: ['For my thesis on 明代 trade — Lin', 'Lin needs this for HIST 302 <b>urgently</b>'] as const,
};
const OMAR = {
  sub: 'idp-omar-77310',
  email: 'omar.alfarouq@example.org',
  name: 'عمر الفاروق',
  reasons: ['طلب عمر للمقرر', 'Omar, room 4.12, call 555-0199'] as const,
};
const ANA = {
  externalId: 'ana-audit-2023',
  email: 'ana.auditova@example.edu',
  name: 'Ana Auditova',
  webhook: 'https://discovery.example.edu/hooks/ana-auditova',
  purgedReason: 'Ana reading group 9f3e (purged)',
  keptReason: 'Ana still wants this 77aa',
};

describe('privacy audit after a realistic import and a purge', () => {
  let h: Harness;
  let dir: string;
  const mail: OutgoingMail[] = [];
  const hooks: { url: string; body: string }[] = [];
  const loanIds = new Set<string>();
  const barcodes = new Set<string>();
  const requestIds = new Set<string>();
  let linSession = '';
  let purged: { titles: number[]; report: Awaited<ReturnType<typeof purgeRequesters>> };
  let anaIds: { patron: number; token: number };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'r2b-privacy-'));
    h = await harness(
      {
        ...NO_LIMITS,
        AUTH_JWT_SECRET: JWT_SECRET,
        AUTH_LOGIN_URL: 'https://idp.example.edu/authorize',
        WEBHOOK_URL: 'https://hooks.library.example.edu/r2b',
        WEBHOOK_SECRET,
        LIBRARY_NAME: 'Audit University Library',
      },
      {
        mailer: { send: async (m) => void mail.push(m) },
        fetch: async (url, init) => {
          hooks.push({ url, body: String(init?.body ?? '') });
          return new Response(null, { status: 204 });
        },
      },
    );
    const deps = h.deps;
    const departments = fixture('demo/departments.csv');

    // The imports: departments, holdings (generated CSV and real MARC), loans, suggestion history.
    const plan = {
      seed: 42,
      rows: LOANS,
      titles: 3000,
      years: 3,
      end: new Date('2026-02-28T00:00:00Z'),
      departments: await readDepartmentDisciplines(departments),
      classification: deps.classification,
      acquisitions: { count: 40, asOf: new Date('2025-06-01T00:00:00Z') },
    };
    await importDepartments(deps, fileSource(departments));
    await writeHoldings(join(dir, 'holdings.csv'), plan);
    await importHoldings(deps, fileSource(join(dir, 'holdings.csv')));
    await importHoldings(deps, fileSource(fixture('marc/pymarc_test.dat')));

    await writeLoanHistory(join(dir, 'loans.csv'), plan);
    const lines = readFileSync(join(dir, 'loans.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe(LOAN_HEADER);
    for (const line of lines.slice(1)) {
      const fields = line.split(',');
      loanIds.add(fields[6]!);
      barcodes.add(fields[7]!);
    }
    // Damaged rows, as real exports have: a field missing (the rest shift left, so the
    // borrower's id sits under patron_category), and a comma too many.
    for (const at of [101, 2002, 9003]) {
      const fields = lines[at]!.split(',');
      lines[at] =
        at === 2002
          ? [...fields.slice(0, 4), 'extra', ...fields.slice(4)].join(',')
          : [...fields.slice(0, 2), ...fields.slice(3)].join(',');
    }
    writeFileSync(join(dir, 'loans.csv'), `${lines.join('\n')}\n`);
    const loanSummary = await importLoans(deps, fileSource(join(dir, 'loans.csv')));
    expect(loanSummary).toMatchObject({ read: LOANS, imported: LOANS - 3, rejected: 3 });

    await writeRequests(join(dir, 'requests.csv'), plan);
    for (const line of readFileSync(join(dir, 'requests.csv'), 'utf8').trimEnd().split('\n').slice(1)) {
      requestIds.add(line.split(',')[1]!);
    }
    const history = await importSuggestions(deps, fileSource(join(dir, 'requests.csv')));
    expect(history.rejected).toBe(0);

    // People suggesting: a token patron with a webhook of her own, two patrons signed in by the
    // identity provider (one of them on the web pages), and a selector with an address.
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuedAt()
        .setExpirationTime('12h')
        .sign(new TextEncoder().encode(JWT_SECRET));
    const linClaims = { sub: LIN.sub, email: LIN.email, name: LIN.name, department: 'HIST', locale: 'zh-CN' };
    const lin = await sign(linClaims);
    const omar = await sign({
      sub: OMAR.sub,
      email: OMAR.email,
      name: OMAR.name,
      department: 'CS',
      category: 'faculty',
    });
    const ana = await h.token('patron', {
      externalId: ANA.externalId,
      email: ANA.email,
      displayName: ANA.name,
      departmentCode: 'CS',
      webhookUrl: ANA.webhook,
    });
    const selector = await h.token('selector', { externalId: 'priya', email: 'priya@library.example.edu' });
    const suggest = async (token: string, body: object) => {
      const res = await h.call('POST', '/api/v1/suggestions', { token, body });
      expect(res.status).toBe(201);
      return (await res.json()) as { id: number; title: { id: number } };
    };
    const move = async (titleId: number, ...steps: [string, string?][]) => {
      for (const [status, reason] of steps) {
        const res = await h.call('POST', `/api/v1/titles/${titleId}/status`, {
          token: selector,
          body: reason ? { status, reason } : { status },
        });
        expect(res.status).toBe(200);
      }
    };

    const shared = await suggest(ana, { isbn: '9780262046305', reason: ANA.purgedReason });
    await suggest(omar, { isbn: '0-262-04630-X', reason: OMAR.reasons[0] });
    const linsFirst = await suggest(lin, { title: '明代海外贸易研究', author: '李庆新', reason: LIN.reasons[0] });
    const web = visitor(h);
    const signedIn = await web.signInWithLibrary((nonce) => sign({ ...linClaims, nonce }));
    expect(signedIn.status).toBe(303);
    linSession = web.jar.get('r2b_session')!;
    const csrf = await web.csrfOf('/suggest');
    const form = await web.post('/suggest', { isbn: '9787536692930', reason: LIN.reasons[1], _csrf: csrf });
    expect(form.status).toBe(303);
    const linsSecond = Number(form.headers.get('location')!.split('/').pop());
    const linsSecondTitle = (await (await h.call('GET', `/api/v1/suggestions/${linsSecond}`, { token: lin })).json())
      .title.id;
    const omars = await suggest(omar, {
      title: 'Islamic Geometric Patterns',
      author: 'Broug',
      reason: OMAR.reasons[1],
    });
    const open = await suggest(ana, { isbn: '0132350882', reason: ANA.keptReason });

    await move(shared.title.id, ['in_review'], ['rejected', 'too_expensive']);
    await move(linsFirst.title.id, ['approved'], ['ordered'], ['received'], ['available']);
    await move(linsSecondTitle, ['cancelled', 'A duplicate of a held edition']);
    await move(omars.title.id, ['held']);

    // The service's own work: enrichment, scores, notices, digests, and every message delivered.
    await runEnrichment(deps);
    await runRescoreJobs(deps);
    await runStaffNotices(deps);
    await runDigests(deps);
    for (let i = 0; i < 20 && (await runDelivery(deps)).claimed > 0; i++);
    expect(h.db.sqlite.prepare("SELECT count(*) AS n FROM notifications WHERE status != 'sent'").get()).toEqual({
      n: 0,
    });
    expect(mail.some((m) => m.to === LIN.email)).toBe(true);
    expect(hooks.some((hook) => hook.url === ANA.webhook)).toBe(true);

    // Half a year on: the service is still in use, and the purge runs.
    h.advance(200 * DAY);
    await suggest(ana, { title: 'Still wanted', author: 'Someone', reason: ANA.keptReason });
    const closed = h.db.sqlite.prepare("SELECT id FROM titles WHERE stage = 'closed' ORDER BY id").all() as {
      id: number;
    }[];
    purged = { titles: closed.map((r) => r.id), report: await purgeRequesters(deps, 180) };
    anaIds = {
      patron: (
        h.db.sqlite.prepare('SELECT id FROM patrons WHERE external_id = ?').get(ANA.externalId) as { id: number }
      ).id,
      token: (
        h.db.sqlite
          .prepare('SELECT id FROM api_tokens WHERE patron_id = (SELECT id FROM patrons WHERE external_id = ?)')
          .get(ANA.externalId) as { id: number }
      ).id,
    };
    expect(open.title.id).not.toBe(shared.title.id);
  }, 120_000);

  afterAll(() => {
    h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('purges the requesters of every title closed more than 180 days ago', () => {
    expect(purged.titles.length).toBeGreaterThan(40);
    expect(purged.report.titles).toBe(purged.titles.length);
    // The imported history's requesters, Lin and Omar had nothing else: they are gone.
    expect(purged.report.patronsDeleted).toBe(requestIds.size + 2);
  });

  it('keeps no borrower identifier of the loan file anywhere: not a patron id, not a card barcode', () => {
    const dump = dumpEverything(h);
    expect(loanIds.size).toBeGreaterThan(1000);
    expect(barcodes.size).toBe(loanIds.size);
    expect(occurrences(dump.text, loanIds)).toEqual([]);
    expect(occurrences(dump.text, barcodes)).toEqual([]);
    // The search finds what is there: the loans' call numbers, the anonymous stand-ins.
    const callNumber = readFileSync(join(dir, 'loans.csv'), 'utf8').split('\n')[1]!.split(',')[3]!;
    expect(occurrences(dump.text, [callNumber, 'purged:', ANA.email])).toHaveLength(3);
    expect(dump.rows).toBeGreaterThan(LOANS);
  });

  it('keeps nothing of the purged requesters: addresses, names, identities, reasons, sessions', () => {
    const dump = dumpEverything(h);
    const forgotten = [
      LIN.sub,
      LIN.email,
      LIN.name,
      ...LIN.reasons,
      OMAR.sub,
      OMAR.email,
      OMAR.name,
      ...OMAR.reasons,
      ANA.purgedReason,
      linSession,
      createHash('sha256').update(linSession).digest('hex'),
    ];
    expect(occurrences(dump.text, forgotten)).toEqual([]);
    // Nor any part of them a message could have carried: the local part of an address, a surname.
    expect(occurrences(dump.text, ['lin.xiaoming', '林小明', 'alfarouq', 'الفاروق', 'thesis on 明代'])).toEqual([]);
    // What stays: Ana, who still uses the service, and her open request.
    expect(occurrences(dump.text, [ANA.email, ANA.name, ANA.keptReason, ANA.webhook])).toHaveLength(4);
    expect(h.db.sqlite.prepare('SELECT count(*) AS n FROM sessions WHERE patron_id IS NOT NULL').get()).toEqual({
      n: 0,
    });
  });

  it('ties no one still here to a purged request: not by the history, not by the outbox', () => {
    const titles = JSON.stringify(purged.titles);
    const events = h.db.sqlite
      .prepare(
        `SELECT title_id, actor FROM status_events WHERE title_id IN (SELECT value FROM json_each(?))
         AND (actor = ? OR actor = ?)`,
      )
      .all(titles, `token:${anaIds.token}`, `patron:${anaIds.patron}`);
    expect(events).toEqual([]);
    const messages = h.db.sqlite
      .prepare(
        `SELECT id, dedupe_key, patron_id FROM notifications WHERE title_id IN (SELECT value FROM json_each(?))
         AND (patron_id = ? OR dedupe_key LIKE ?)`,
      )
      .all(titles, anaIds.patron, `%:${anaIds.patron}`);
    expect(messages).toEqual([]);
    const suggestions = h.db.sqlite
      .prepare('SELECT id FROM suggestions WHERE patron_id = ? AND title_id IN (SELECT value FROM json_each(?))')
      .all(anaIds.patron, titles);
    expect(suggestions).toEqual([]);
  });

  it('keeps the anonymous counts: how many asked, in which categories and departments', () => {
    const rows = h.db.sqlite
      .prepare(
        `SELECT t.requester_count AS counted, (SELECT count(*) FROM suggestions s WHERE s.title_id = t.id) AS requests
         FROM titles t WHERE t.id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(purged.titles)) as { counted: number; requests: number }[];
    expect(rows.every((r) => r.counted === r.requests && r.requests > 0)).toBe(true);
    const standIns = h.db.sqlite
      .prepare(
        "SELECT count(*) AS n FROM patrons WHERE external_id LIKE 'purged:%' AND email IS NULL AND display_name IS NULL",
      )
      .get() as { n: number };
    expect(standIns.n).toBe(rows.reduce((sum, r) => sum + r.requests, 0));
  });
});

describe('the database file after `r2b purge`', () => {
  it('holds nothing of the purged requesters, in its free pages or its write-ahead log', async () => {
    const path = tempDatabase();
    const db = openSqlite(path);
    migrateSqlite(db);
    const mail: OutgoingMail[] = [];
    const h = await harness(
      { ...NO_LIMITS, AUTH_JWT_SECRET: JWT_SECRET },
      { db, mailer: { send: async (m) => void mail.push(m) } },
    );
    try {
      // A year ago (the command purges by the real clock): requests made, refused, and answered.
      h.advance(-365 * DAY);
      const selector = await createToken(db, { role: 'selector' }, h.now);
      const people = Array.from({ length: 40 }, (_, i) => ({
        sub: `idp-file-${i}-8d2c`,
        email: `file.reader.${i}@purged.example.edu`,
        name: `Filereader Number${i}`,
        reason: `File reason ${i} 5e1f`,
      }));
      for (const [i, p] of people.entries()) {
        const jwt = await new SignJWT({ sub: p.sub, email: p.email, name: p.name })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuedAt()
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode(JWT_SECRET));
        const res = await h.call('POST', '/api/v1/suggestions', {
          token: jwt,
          body: { title: `A book of the file ${i}`, author: 'Someone', reason: p.reason },
        });
        expect(res.status).toBe(201);
        const titleId = (await res.json()).title.id;
        const moved = await h.call('POST', `/api/v1/titles/${titleId}/status`, {
          token: selector,
          body: { status: 'rejected', reason: 'out_of_scope' },
        });
        expect(moved.status).toBe(200);
      }
      for (let i = 0; i < 10 && (await runDelivery(h.deps)).claimed > 0; i++);
      expect(mail).toHaveLength(80);
    } finally {
      h.close();
      db.close();
    }
    const files = () =>
      ['', '-wal', '-shm']
        .map((suffix) => path + suffix)
        .filter((file) => existsSync(file))
        .map((file) => readFileSync(file).toString('latin1'))
        .join('\n');
    const details = ['file.reader.', 'Filereader Number', 'File reason', 'idp-file-'];
    expect(occurrences(files(), details)).toHaveLength(4);

    // The service is running while cron runs the purge: its connection keeps the log alive.
    const server = openSqlite(path);
    try {
      const { stdout } = await r2b(['purge', '--older-than', '30', '--json'], {
        DATABASE_PATH: path,
        LOG_LEVEL: 'silent',
      });
      expect(JSON.parse(stdout)).toMatchObject({ titles: 40, requests: 40, patronsDeleted: 40, messagesDropped: 0 });
      expect(occurrences(files(), details)).toEqual([]);
    } finally {
      server.close();
    }
  });
});
