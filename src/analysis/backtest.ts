// `r2b backtest --as-of DATE`: would the score have told a selector what to buy? Take the
// titles requested and bought before DATE, rank them as the service would have on that day
// (only loans before DATE count), and compare with the loans they had after it, beside two
// orderings an ILS offers: by date of request, and by number of requesters.
import { sql } from 'drizzle-orm';
import type { Deps } from '../context.js';
import { rankingMetrics } from '../domain/backtest.js';
import { scoreTitle } from '../domain/scoring.js';
import { endorsementCounts } from '../services/endorsements.js';
import { coursesOf, factsOf, readContext, type RequesterGroup } from '../services/scoring.js';

export interface RankingQuality {
  precision: number;
  ndcg: number;
  spearman: number;
}

export interface BacktestReport {
  asOf: string;
  titles: number;
  k: number;
  loansAfter: number;
  rankings: { score: RankingQuality; requestOrder: RankingQuality; requesterCount: RankingQuality };
}

const BOUGHT = ['approved', 'ordered', 'received', 'available'];

export async function runBacktest(deps: Deps, asOf: Date, k = 20): Promise<BacktestReport> {
  const at = asOf.getTime();
  const titles = await deps.db.orm.all<{
    id: number;
    isbn13: string;
    discipline: string | null;
    price_cents: number | null;
    price_currency: string | null;
  }>(sql`
    SELECT t.id, t.isbn13, t.price_cents, t.price_currency,
           -- a title not yet enriched takes its discipline from the library's own record
           coalesce(t.discipline, (SELECT h.discipline FROM holding_isbns i JOIN holdings h ON h.id = i.holding_id
                                   WHERE i.isbn13 = t.isbn13 AND h.discipline IS NOT NULL LIMIT 1)) AS discipline
    FROM titles t
    WHERE t.isbn13 IS NOT NULL AND EXISTS (
      SELECT 1 FROM status_events e WHERE e.title_id = t.id AND e.at < ${at}
        AND e.to_status IN (SELECT value FROM json_each(${JSON.stringify(BOUGHT)})))`);
  const ids = JSON.stringify(titles.map((t) => t.id));
  const groups = await deps.db.orm.all<{
    title_id: number;
    category: string;
    department_code: string | null;
    n: number;
    first: number;
  }>(sql`
    SELECT title_id, category, department_code, count(*) AS n, min(created_at) AS first FROM suggestions
    WHERE created_at < ${at} AND title_id IN (SELECT value FROM json_each(${ids}))
    GROUP BY title_id, category, department_code`);
  const loansAfter = await deps.db.orm.all<{ isbn13: string; n: number }>(sql`
    SELECT isbn13, count(*) AS n FROM loans
    WHERE loaned_at >= ${at} AND isbn13 IN (SELECT value FROM json_each(${JSON.stringify(titles.map((t) => t.isbn13))}))
    GROUP BY isbn13`);

  const byTitle = new Map<number, RequesterGroup[]>();
  const firstRequest = new Map<number, number>();
  for (const g of groups) {
    if (!byTitle.has(g.title_id)) byTitle.set(g.title_id, []);
    byTitle.get(g.title_id)!.push({ category: g.category, department: g.department_code, count: g.n, needBy: null });
    firstRequest.set(g.title_id, Math.min(firstRequest.get(g.title_id) ?? Infinity, g.first));
  }
  const loansByIsbn = new Map(loansAfter.map((l) => [l.isbn13, l.n]));
  const truth = new Map(titles.map((t) => [t.id, loansByIsbn.get(t.isbn13) ?? 0]));
  const context = await readContext(deps, asOf.toISOString().slice(0, 7));
  const [courses, endorsements] = await Promise.all([coursesOf(deps, ids, asOf), endorsementCounts(deps, ids, asOf)]);
  // The title as it was when requested: not yet held.
  const score = new Map(
    titles.map((t) => [
      t.id,
      scoreTitle(
        factsOf(deps, { ...t, held_items: 0 }, byTitle.get(t.id) ?? [], asOf, {
          courses: courses.get(t.id) ?? [],
          endorsements: endorsements.get(t.id) ?? 0,
        }),
        context,
        deps.scoring,
      ).total,
    ]),
  );
  const requesters = (id: number) => (byTitle.get(id) ?? []).reduce((s, g) => s + g.count, 0);
  const first = (id: number) => firstRequest.get(id) ?? Infinity;
  const order = (compare: (a: number, b: number) => number) =>
    titles.map((t) => t.id).sort((a, b) => compare(a, b) || a - b);
  const quality = (ranked: number[]): RankingQuality => {
    // An ordering as scores: the first title highest, no two alike.
    const position = new Map(ranked.map((id, i) => [id, ranked.length - i]));
    const m = rankingMetrics(
      titles.map((t) => position.get(t.id)!),
      titles.map((t) => truth.get(t.id)!),
      k,
    );
    return { precision: round(m.precision), ndcg: round(m.ndcg), spearman: round(m.spearman) };
  };
  return {
    asOf: asOf.toISOString().slice(0, 10),
    titles: titles.length,
    k,
    loansAfter: [...truth.values()].reduce((s, n) => s + n, 0),
    rankings: {
      score: quality(order((a, b) => score.get(b)! - score.get(a)!)),
      requestOrder: quality(order((a, b) => first(a) - first(b))),
      requesterCount: quality(order((a, b) => requesters(b) - requesters(a) || first(a) - first(b))),
    },
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
