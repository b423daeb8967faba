// A generated year of requests, played through the API as a library would live it: patrons
// of five departments ask, selectors decide after a few days (approving most, turning some
// down with a reason, leaving some open), approved titles go to the library's ILS (a Koha
// stand-in checking Koha's schema), which orders, receives and shelves them weeks later and
// the sync brings them to available, and the library's loans of them are imported a year on. The report must say what the figures computed here, from
// the same events and by hand, say.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAtomic } from '../../src/db/db.js';
import { EMPTY_METADATA, type Metadata } from '../../src/domain/metadata.js';
import { seededRandom } from '../../src/domain/random.js';
import { runEnrichment } from '../../src/jobs/enrich.js';
import { cacheStep } from '../../src/services/enrichment/cache.js';
import { importDepartments } from '../../src/services/imports/departments.js';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { importLoans } from '../../src/services/imports/loans.js';
import { ilsMapSchema } from '../../src/domain/ils-map.js';
import { runIlsPush } from '../../src/services/ils/outbox.js';
import { runIlsSync } from '../../src/services/ils/sync.js';
import { type KohaStandIn, kohaStandIn } from '../support/ils-standins.js';
import { DAY, type Harness, harness } from './harness.js';

const DEPARTMENTS = ['CS', 'MATH', 'HIST', 'BIO', 'ECON'];
const REASONS = ['too_expensive', 'out_of_scope', 'out_of_print'];

/** A valid ISBN-13 for the n-th made-up book. */
function isbnOf(n: number): string {
  const body = `979${String(10_000_000 + n).padStart(9, '0')}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 ? 3 : 1), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

interface Planned {
  isbn: string;
  department: string;
  askedAt: number;
  decision: { after: number; to: 'approved' | 'rejected'; reason?: string } | null;
  shelvedAfter: number | null;
  price: number;
  loanDays: number[];
}

/** The by-hand figures: sorted lists and counts, nothing from src/domain/outcomes.ts. */
function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = (s.length - 1) / 2;
  return (s[Math.floor(mid)]! + s[Math.ceil(mid)]!) / 2;
}

describe('a generated year of requests, reported on', () => {
  let h: Harness;
  let koha: KohaStandIn;
  const plan: Planned[] = [];
  const start = new Date('2025-01-06T09:00:00Z').getTime();
  let now = 0;

  beforeAll(async () => {
    koha = await kohaStandIn();
    h = await harness(
      {
        ENRICH_PROVIDERS: 'holdings,googlebooks',
        GOOGLE_BOOKS_URL: 'http://127.0.0.1:9',
        ILS: 'koha',
        ILS_URL: koha.url,
        ILS_USERNAME: 'r2b',
        ILS_PASSWORD: 'secret',
      },
      { ilsMap: ilsMapSchema.parse({ library: 'CPL', formats: { print: 'BK' } }) },
    );
    h.advance(start - h.now.getTime());
    await importDepartments(
      h.deps,
      bufferSource(
        'departments.csv',
        Buffer.from(`code,name,fund,disciplines\n${DEPARTMENTS.map((d) => `${d},${d},${d}-MONO,`).join('\n')}\n`),
      ),
    );
    const random = seededRandom(20);
    for (let n = 0; n < 48; n++) {
      const roll = random();
      const decision =
        roll < 0.12
          ? null
          : roll < 0.3
            ? { after: 1 + Math.floor(random() * 10), to: 'rejected' as const, reason: REASONS[n % 3]! }
            : { after: 1 + Math.floor(random() * 10), to: 'approved' as const };
      const shelvedAfter = decision?.to === 'approved' ? decision.after + 10 + Math.floor(random() * 40) : null;
      plan.push({
        isbn: isbnOf(n),
        department: DEPARTMENTS[n % DEPARTMENTS.length]!,
        askedAt: start + Math.floor((n * 365 * DAY) / 48 / 2) + Math.floor(random() * DAY),
        decision,
        shelvedAfter,
        price: 20 + Math.floor(random() * 60),
        loanDays:
          shelvedAfter === null
            ? []
            : Array.from({ length: Math.floor(random() * 6) }, () => Math.floor(random() * 540)),
      });
    }
    await runAtomic(h.deps.db, [
      cacheStep(
        'googlebooks',
        plan.map((p, i) => [
          `googlebooks:${p.isbn}`,
          {
            ...EMPTY_METADATA,
            isbn13s: [p.isbn],
            title: `Book ${i}`,
            listPrice: { amount: p.price, currency: 'USD' },
          } as Metadata,
        ]),
        h.now,
        { foundMs: 1e12, missingMs: 1e12 },
      ),
    ]);
    const selector = await h.token('selector', { externalId: 'priya' });
    // Every event at its time, in order.
    type Event = { at: number; run: () => Promise<void> };
    const events: Event[] = [];
    const ids = new Map<string, number>();
    const move = async (isbn: string, status: string, reason?: string) => {
      const res = await h.call('POST', `/api/v1/titles/${ids.get(isbn)}/status`, {
        token: selector,
        body: reason ? { status, reason } : { status },
      });
      expect(res.status, `${isbn} to ${status}`).toBe(200);
    };
    for (const [i, p] of plan.entries()) {
      events.push({
        at: p.askedAt,
        run: async () => {
          const token = await h.patronToken(`patron-${i}`, { departmentCode: p.department, category: 'faculty' });
          const res = await h.call('POST', '/api/v1/suggestions', { token, body: { isbn: p.isbn } });
          expect(res.status).toBe(201);
          ids.set(p.isbn, ((await res.json()) as { title: { id: number } }).title.id);
          await runEnrichment(h.deps);
        },
      });
      if (p.decision) {
        const d = p.decision;
        events.push({
          at: p.askedAt + d.after * DAY,
          run: async () => {
            await move(p.isbn, d.to, d.reason);
            // The push job sends what was approved to Koha.
            if (d.to === 'approved') expect((await runIlsPush(h.deps)).sent).toBe(1);
          },
        });
      }
      if (p.shelvedAfter !== null) {
        const at = p.askedAt + p.shelvedAfter * DAY;
        const inKoha = () => [...koha.suggestions].find(([, s]) => s.isbn === p.isbn)![0];
        // Koha's staff order and receive it; the sync job reads it back.
        events.push({
          at: at - DAY,
          run: async () => {
            koha.order(inKoha());
            koha.receive(inKoha());
            await runIlsSync(h.deps);
          },
        });
        // Catalogued and on the shelf: the sync that sees it makes it available, then.
        events.push({
          at,
          run: async () => {
            koha.shelve(inKoha());
            await runIlsSync(h.deps);
          },
        });
      }
    }
    events.sort((a, b) => a.at - b.at);
    for (const e of events) {
      h.advance(e.at - h.now.getTime());
      await e.run();
    }
    // Eighteen months after the first request, the loans of what was bought.
    now = start + 600 * DAY;
    h.advance(now - h.now.getTime());
    const loans = plan.flatMap((p) =>
      p.loanDays
        .map((d) => p.askedAt + p.shelvedAfter! * DAY + d * DAY)
        .filter((t) => t < now)
        .map((t) => `${new Date(t).toISOString().slice(0, 10)},${p.isbn},QA76.9 .X1,${p.department}`),
    );
    await importLoans(
      h.deps,
      bufferSource('loans.csv', Buffer.from(['loaned_at,isbn,call_number,department', ...loans].join('\n'))),
    );
  }, 120_000);
  afterAll(async () => {
    h?.close();
    await koha?.close();
  });

  it('reports the fill rate, turnaround, use and cost per loan computed by hand from the same year', async () => {
    const report = await (
      await h.call('GET', '/api/v1/reports/outcomes', { token: await h.token('admin', { externalId: 'morgan' }) })
    ).json();

    const bought = plan.filter((p) => p.shelvedAfter !== null);
    const ended = plan.filter((p) => p.decision);
    const rejected = plan.filter((p) => p.decision?.to === 'rejected');
    expect(report.summary).toMatchObject({
      titles: plan.length,
      requests: plan.length,
      filled: bought.length,
      open: plan.length - ended.length,
    });
    expect(report.summary.fillRate).toBeCloseTo(bought.length / ended.length);
    const reasons: Record<string, number> = {};
    for (const p of rejected) reasons[p.decision!.reason!] = (reasons[p.decision!.reason!] ?? 0) + 1;
    expect(report.summary.notFilled).toEqual(reasons);
    // Whole days here, as every move was made a whole number of days after the request.
    expect(report.summary.medianDaysToDecision).toBeCloseTo(median(ended.map((p) => p.decision!.after))!, 1);
    expect(report.summary.medianDaysToAvailable).toBeCloseTo(median(bought.map((p) => p.shelvedAfter!))!, 1);

    // Loans in the calendar months of the first year on the shelf: the month it arrived and the eleven after.
    const monthIndex = (t: number) => new Date(t).getUTCFullYear() * 12 + new Date(t).getUTCMonth();
    const nowMonth = monthIndex(now);
    const measured = bought.flatMap((p) => {
      const shelved = p.askedAt + p.shelvedAfter! * DAY;
      if (monthIndex(shelved) + 12 > nowMonth) return [];
      const loans = p.loanDays.filter((d) => {
        const m = monthIndex(shelved + d * DAY);
        return m < monthIndex(shelved) + 12;
      }).length;
      return [{ p, loans }];
    });
    expect(measured.length).toBeGreaterThan(10);
    const loans = measured.reduce((s, m) => s + m.loans, 0);
    expect(report.summary.use12m).toMatchObject({ titles: measured.length, loans });
    expect(report.summary.use12m.neverBorrowedShare).toBeCloseTo(
      measured.filter((m) => m.loans === 0).length / measured.length,
    );
    const spent = bought.reduce((s, p) => s + p.price, 0);
    expect(report.summary.spent.USD).toBeCloseTo(spent);
    expect(report.summary.costPerLoan.amount).toBeCloseTo(measured.reduce((s, m) => s + m.p.price, 0) / loans);

    // Each department's share of it, as its members asked.
    for (const code of DEPARTMENTS) {
      const mine = plan.filter((p) => p.department === code);
      const group = report.by.department.find((g: { group: string }) => g.group === code);
      expect(group.summary.titles, code).toBe(mine.length);
      expect(group.summary.filled, code).toBe(mine.filter((p) => p.shelvedAfter !== null).length);
    }
    expect(report.titles).toHaveLength(bought.length);
    // Every title reached the shelf through the ILS, and every request to it kept Koha's schema.
    expect(koha.suggestions.size).toBe(bought.length);
    expect(koha.refused).toEqual([]);

    // The ranking's record: Spearman's correlation of the score each bought title had when it
    // was approved (as its history keeps it) with its first year's loans, worked out here.
    const scoreAt = new Map(
      h.db.sqlite
        .prepare(
          "SELECT t.isbn13, e.score FROM status_events e JOIN titles t ON t.id = e.title_id WHERE e.to_status = 'approved'",
        )
        .all()
        .map((r) => [(r as { isbn13: string }).isbn13, (r as { score: number }).score]),
    );
    const pairs = measured.map((m) => [scoreAt.get(m.p.isbn)!, m.loans] as const);
    expect(pairs.every(([score]) => typeof score === 'number')).toBe(true);
    const ranks = (values: number[]) =>
      values.map((v) => {
        const below = values.filter((w) => w < v).length;
        const equal = values.filter((w) => w === v).length;
        return below + (equal + 1) / 2;
      });
    const [a, b] = [ranks(pairs.map((p) => p[0])), ranks(pairs.map((p) => p[1]))];
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const [ma, mb] = [mean(a), mean(b)];
    const cov = a.reduce((s, x, i) => s + (x - ma) * (b[i]! - mb), 0);
    const spearman =
      cov / Math.sqrt(a.reduce((s, x) => s + (x - ma) ** 2, 0) * b.reduce((s, y) => s + (y - mb) ** 2, 0));
    expect(report.ranking.titles).toBe(measured.length);
    expect(report.ranking.spearman.value).toBeCloseTo(spearman, 3);
    expect(report.ranking.spearman.low).toBeLessThanOrEqual(report.ranking.spearman.value);
    expect(report.ranking.spearman.high).toBeGreaterThanOrEqual(report.ranking.spearman.value);
  });
});
