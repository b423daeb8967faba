// The ILS outbox: 500 approved titles (and ten times as many) pushed to a stand-in Koha (a real
// HTTP server on 127.0.0.1 that checks every request against Koha's own schema), through
// `runIlsPush` as the job runs it: each title claimed, made into its order line from the buy
// list, sent, and marked sent. The outbox sends one title at a time (so the ILS gets each title
// once, in order, and an unreachable ILS stops the run at once), so the floor is the same
// number of requests, one after another, to the same stand-in, with nothing read or written.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { runAtomic } from '../../dist/db/db.js';
import { openNodeContext } from '../../dist/node.js';
import { runIlsPush } from '../../dist/services/ils/outbox.js';
import { kohaStandIn } from '../support/ils-standins.js';
import { scratchFolder } from './scratch.js';
import type { Figure } from './table.js';

interface OutboxMeasure {
  pushMs: number;
  floorMs: number;
  sent: number;
}

export async function benchIlsOutbox(scale: number): Promise<Figure[]> {
  const titles = Math.max(50, Math.round(500 * scale));
  const small = await measureOutbox(titles);
  const large = await measureOutbox(titles * 10);
  const n = (x: number) => x.toLocaleString('en-US');
  return [
    {
      figure: `ILS outbox: ${n(titles * 10)} approved titles pushed to Koha`,
      value: large.pushMs,
      unit: 'ms',
      reference: {
        label: `floor: ${n(titles * 10)} requests to the same stand-in, one after another`,
        value: large.floorMs,
      },
      aim: { op: '<=', target: 2, on: 'ratio' },
      note: `${n(large.sent)} sent`,
    },
    {
      figure: `ILS outbox: ${n(titles * 10)} titles against ${n(titles)}`,
      value: large.pushMs,
      unit: 'ms',
      reference: { label: `the same push of ${n(titles)} titles`, value: small.pushMs },
      aim: { op: '<=', target: 12, on: 'ratio' },
      note: 'ten times the titles: linear is a ratio of 10',
    },
  ];
}

async function measureOutbox(count: number): Promise<OutboxMeasure> {
  const koha = await kohaStandIn();
  const folder = scratchFolder('ils');
  const map = join(folder, 'ils-map.json');
  writeFileSync(map, JSON.stringify({ library: 'CPL', pickup: 'CPL', formats: { print: 'BK' } }));
  const context = openNodeContext({
    ...process.env,
    DATABASE_PATH: join(folder, 'ils.sqlite'),
    LOG_LEVEL: 'warn',
    ILS: 'koha',
    ILS_URL: koha.url,
    ILS_USERNAME: 'r2b',
    ILS_PASSWORD: 'secret',
    ILS_MAP_FILE: map,
    LIBRARY_CURRENCY: 'USD',
  });
  const { deps } = context;
  try {
    const now = deps.clock().getTime();
    const patrons = Array.from({ length: 200 }, (_, i) => [`bench-${i}`, 'faculty', `D${i % 12}`]);
    const titles = Array.from({ length: count }, (_, k) => [`978${String(k).padStart(10, '0')}`, `Bench title ${k}`]);
    await runAtomic(deps.db, [
      sql`INSERT INTO patrons (external_id, category, department_code, locale, created_at, updated_at)
          SELECT j.value->>0, j.value->>1, j.value->>2, 'en', ${now}, ${now} FROM json_each(${JSON.stringify(patrons)}) j`,
      sql`INSERT INTO titles (work_key, isbn13, title, author, status, stage, status_changed_at, requester_count, price_cents, price_currency, created_at, updated_at)
          SELECT 'isbn:' || (j.value->>0), j.value->>0, j.value->>1, 'A. Author', 'approved', 'active', ${now}, 1, 4500, 'USD', ${now}, ${now}
          FROM json_each(${JSON.stringify(titles)}) j`,
      sql`INSERT INTO suggestions (request_id, title_id, patron_id, department_code, category, format, wants_hold, channel, reason, created_at)
          SELECT lower(hex(randomblob(16))), t.id, 1 + t.id % 200, 'D1', 'faculty', 'print', 0, 'web', 'For my course', ${now}
          FROM titles t`,
    ]);

    const started = performance.now();
    const report = await runIlsPush(deps);
    const pushMs = performance.now() - started;
    if (report.sent !== count) throw new Error(`the outbox sent ${report.sent} of ${count}: ${JSON.stringify(report)}`);

    // The floor: as many suggestions again, posted one after another, bodies made beforehand.
    const body = JSON.stringify({ ...[...koha.suggestions.values()][0], suggestion_id: undefined });
    const floorStarted = performance.now();
    for (let i = 0; i < count; i++) {
      const response = await fetch(`${koha.url}/api/v1/suggestions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Basic ${btoa('r2b:secret')}` },
        body,
      });
      if (response.status !== 201) throw new Error(`the stand-in answered ${response.status}`);
      await response.arrayBuffer();
    }
    return { pushMs, floorMs: performance.now() - floorStarted, sent: report.sent };
  } finally {
    context.close();
    await koha.close();
  }
}
