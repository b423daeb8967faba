// Seeded randomness for generated data: the same seed gives the same file, on any machine.

/** mulberry32: a small, fast generator with a 32-bit state; plenty for synthetic data. */
export function seededRandom(seed: number): () => number {
  // The state is kept as a signed 32-bit integer: the same bits as the unsigned one (every step
  // below is bitwise), but one the engine keeps unboxed, where an unsigned one above 2^31 was a
  // new heap number on every draw, and a bootstrap draws millions.
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Draws an index with probability proportional to its weight, in O(log n). */
export function weightedPicker(weights: readonly number[]): (random: () => number) => number {
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((w, i) => {
    total += Math.max(0, w);
    cumulative[i] = total;
  });
  return (random) => {
    const target = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}
