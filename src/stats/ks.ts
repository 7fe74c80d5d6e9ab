/** One-sample Kolmogorov–Smirnov test against a continuous CDF. */

/** Result of a KS test. */
export interface KsResult {
  n: number;
  /** sup_x |F_n(x) − F(x)| */
  d: number;
  /** Asymptotic p-value with Stephens' small-sample correction. */
  pValue: number;
}

/**
 * Kolmogorov's limiting survival function Q(λ) = 2 Σ_{k≥1} (−1)^{k−1} exp(−2k²λ²) = P(√n D_n > λ) as n → ∞.
 */
export function kolmogorovSurvival(lambda: number): number {
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-16) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/**
 * KS statistic of `sorted` (ascending) against `cdf`, with the asymptotic p-value Q((√n + 0.12 + 0.11/√n) D)
 * (Stephens 1970), accurate for n ≥ 35. Exact D with few CDF calls: F is evaluated at the ends of blocks of 256
 * sorted values, which bounds |F_n − F| inside a block by monotonicity; only blocks whose bound could exceed the
 * largest deviation found so far are evaluated value by value.
 */
export function ksTestSorted(sorted: ArrayLike<number>, cdf: (x: number) => number): KsResult {
  const n = sorted.length;
  const B = 256;
  const blocks: { a: number; b: number; bound: number }[] = [];
  let d = 0;
  for (let a = 0; a < n; a += B) {
    const b = Math.min(n, a + B) - 1;
    const fa = cdf(sorted[a]!);
    const fb = cdf(sorted[b]!);
    d = Math.max(d, (a + 1) / n - fa, fa - a / n, (b + 1) / n - fb, fb - b / n);
    blocks.push({ a, b, bound: Math.max((b + 1) / n - fa, fb - a / n) });
  }
  for (const { a, b, bound } of blocks) {
    if (bound <= d) continue;
    for (let i = a + 1; i < b; i++) {
      const f = cdf(sorted[i]!);
      d = Math.max(d, (i + 1) / n - f, f - i / n);
    }
  }
  const sn = Math.sqrt(n);
  return { n, d, pValue: kolmogorovSurvival((sn + 0.12 + 0.11 / sn) * d) };
}

/** Sorts float32 values ascending in O(n) (LSD radix sort on order-preserving 32-bit keys); NaNs go last. */
export function sortFloat32(values: Float32Array): Float32Array {
  const n = values.length;
  let keys = new Uint32Array(n);
  const bits = new Uint32Array(values.buffer, values.byteOffset, n);
  for (let i = 0; i < n; i++) {
    const w = bits[i]!;
    keys[i] = (w & 0x80000000 ? ~w : w | 0x80000000) >>> 0;
  }
  let tmp = new Uint32Array(n);
  const count = new Uint32Array(256);
  for (let shift = 0; shift < 32; shift += 8) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(keys[i]! >>> shift) & 255]!++;
    let sum = 0;
    for (let c = 0; c < 256; c++) {
      const t = count[c]!;
      count[c] = sum;
      sum += t;
    }
    for (let i = 0; i < n; i++) tmp[count[(keys[i]! >>> shift) & 255]!++] = keys[i]!;
    [keys, tmp] = [tmp, keys];
  }
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    bits[i] = (k & 0x80000000 ? k & 0x7fffffff : ~k) >>> 0;
  }
  return values;
}
