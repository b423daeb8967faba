// How well a ranking of titles foresaw the loans they went on to have: the measures the
// backtest reports for our score and for the orderings an ILS offers.

/** Of the k titles that went on to circulate most, how many the ranking put in its top k. */
export function precisionAtK(ranked: number[], loans: Map<number, number>, k: number): number {
  const size = Math.min(k, ranked.length);
  if (size === 0) return 0;
  const best = new Set([...ranked].sort((a, b) => (loans.get(b) ?? 0) - (loans.get(a) ?? 0) || a - b).slice(0, size));
  return ranked.slice(0, size).filter((id) => best.has(id)).length / size;
}

/**
 * Normalized discounted cumulative gain at k: the loans of the titles ranked high, discounted
 * by their rank, against the best possible order. 1 is a perfect ranking.
 */
export function ndcgAtK(ranked: number[], loans: Map<number, number>, k: number): number {
  const dcg = (order: number[]) =>
    order.slice(0, k).reduce((sum, id, i) => sum + (loans.get(id) ?? 0) / Math.log2(i + 2), 0);
  const ideal = dcg([...ranked].sort((a, b) => (loans.get(b) ?? 0) - (loans.get(a) ?? 0)));
  return ideal === 0 ? 0 : dcg(ranked) / ideal;
}

/** Spearman's rank correlation between the ranking and the loans (ties share their rank). */
export function spearman(ranked: number[], loans: Map<number, number>): number {
  const n = ranked.length;
  if (n < 2) return 0;
  const predicted = ranked.map((_, i) => n - i);
  const actual = ranks(ranked.map((id) => loans.get(id) ?? 0));
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const [mp, ma] = [mean(predicted), mean(actual)];
  let covariance = 0;
  let vp = 0;
  let va = 0;
  for (let i = 0; i < n; i++) {
    covariance += (predicted[i]! - mp) * (actual[i]! - ma);
    vp += (predicted[i]! - mp) ** 2;
    va += (actual[i]! - ma) ** 2;
  }
  return vp === 0 || va === 0 ? 0 : covariance / Math.sqrt(vp * va);
}

function ranks(values: number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let m = i; m <= j; m++) out[order[m]![1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}
