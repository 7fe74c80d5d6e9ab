/**
 * One-sample two-sided Kolmogorov–Smirnov test against a continuous CDF: the statistic (exact), its p-value
 * (exact Marsaglia–Tsang–Wang for small n·D, Kolmogorov's limit law with Stephens' correction otherwise) and the
 * limit law itself.
 */
import pKolmogorov from '@stdlib/stats-kstest/lib/marsaglia.js';

/**
 * Survival function of Kolmogorov's limit law, Q(λ) = P(√n D_n > λ) as n → ∞:
 * 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²} for λ ≥ 1, and 1 − (√(2π)/λ) Σ_{k≥1} e^{−(2k−1)²π²/(8λ²)} below (the Jacobi
 * theta form, which converges fast there). Both series are summed to double precision.
 *
 * @param lambda - λ ≥ 0
 * @returns Q(λ)
 */
export function kolmogorovSurvival(lambda: number): number {
  if (Number.isNaN(lambda)) return Number.NaN;
  if (lambda <= 0) return 1;
  if (lambda < 1) {
    let s = 0;
    for (let k = 1; k < 50; k++) {
      const t = Math.exp((-((2 * k - 1) ** 2) * Math.PI * Math.PI) / (8 * lambda * lambda));
      s += t;
      if (t < 1e-17 * s) break;
    }
    return 1 - (Math.sqrt(2 * Math.PI) / lambda) * s;
  }
  let s = 0;
  for (let k = 1; k < 100; k++) {
    const t = Math.exp(-2 * k * k * lambda * lambda);
    s += k % 2 === 1 ? t : -t;
    if (t < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * s));
}

/**
 * P(D_n ≥ d) for the two-sided one-sample KS statistic. Exact (Marsaglia–Tsang–Wang, stdlib) while the matrix
 * it powers is small (⌊n d⌋ < 100: O((n d)³ log n) work); in the far tail (n d² > 7.24, or > 3.76 with n > 99)
 * stdlib's own tail formula 2 exp(−(2.000071 + 0.331/√n + 1.409/n) n d²); otherwise Kolmogorov's limit law at Stephens' corrected
 * argument (√n + 0.12 + 0.11/√n) d (Stephens 1970, JRSS B 32), accurate to ~1e-3 absolute for n ≥ 100 (a
 * fixture checks it against scipy.stats.kstwo).
 *
 * @param d - the statistic D_n, in [0, 1]
 * @param n - the sample size, ≥ 1
 * @returns the p-value
 * @throws RangeError for d outside [0, 1] or a bad n
 */
export function ksPValue(d: number, n: number): number {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`n must be a positive integer, got ${n}`);
  if (!(d >= 0 && d <= 1)) throw new RangeError(`D must be in [0, 1], got ${d}`);
  const s = d * d * n;
  if (Math.floor(n * d) < 100 || s > 7.24 || (s > 3.76 && n > 99)) {
    return Math.min(1, Math.max(0, 1 - pKolmogorov(d, n)));
  }
  const rn = Math.sqrt(n);
  return kolmogorovSurvival((rn + 0.12 + 0.11 / rn) * d);
}

/** Result of a Kolmogorov–Smirnov test. */
export interface KsResult {
  n: number;
  /** D_n = sup_x |F_n(x) − F(x)|. */
  statistic: number;
  /** P(D_n ≥ statistic) under the null, from {@link ksPValue}. */
  pValue: number;
}

/**
 * One-sample two-sided KS test of samples (any order) against a continuous CDF. NaN samples are an error.
 *
 * @param samples - the sample, any order
 * @param cdf - the continuous CDF to test against
 * @returns the statistic and p-value
 * @throws RangeError for an empty sample or a NaN sample
 */
export function ksTest(samples: ArrayLike<number>, cdf: (x: number) => number): KsResult {
  if (samples.length < 1) throw new RangeError('KS test needs at least one sample');
  const x = Float64Array.from(samples);
  for (const v of x) if (Number.isNaN(v)) throw new RangeError('KS test samples must not be NaN');
  return ksTestSorted(x.sort(), cdf);
}

/**
 * KS test of `sorted` (ascending) against `cdf`, p-value from {@link ksPValue}. D is exact with few CDF calls: F is
 * evaluated at the ends of blocks of 256 sorted values, which bounds |F_n − F| inside a block by monotonicity; only
 * blocks whose bound could exceed the largest deviation found so far are evaluated value by value (the maximum is
 * the same double as the value-by-value one, since rounding is monotone). A CDF value outside [0, 1] is an error.
 *
 * @param sorted - the sample, ascending
 * @param cdf - the continuous CDF to test against
 * @returns the statistic and p-value
 * @throws RangeError for an empty sample, or a CDF value that is not a probability
 */
export function ksTestSorted(sorted: ArrayLike<number>, cdf: (x: number) => number): KsResult {
  const n = sorted.length;
  if (n < 1) throw new RangeError('KS test needs at least one sample');
  const F = (x: number) => {
    const f = cdf(x);
    if (!(f >= 0 && f <= 1)) throw new RangeError(`cdf(${x}) = ${f} is not a probability`);
    return f;
  };
  const B = 256;
  const blocks: { a: number; b: number; bound: number }[] = [];
  let d = 0;
  for (let a = 0; a < n; a += B) {
    const b = Math.min(n, a + B) - 1;
    const fa = F(sorted[a]!);
    const fb = F(sorted[b]!);
    d = Math.max(d, (a + 1) / n - fa, fa - a / n, (b + 1) / n - fb, fb - b / n);
    blocks.push({ a, b, bound: Math.max((b + 1) / n - fa, fb - a / n) });
  }
  for (const { a, b, bound } of blocks) {
    if (bound <= d) continue;
    for (let i = a + 1; i < b; i++) {
      const f = F(sorted[i]!);
      d = Math.max(d, (i + 1) / n - f, f - i / n);
    }
  }
  return { n, statistic: d, pValue: ksPValue(d, n) };
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
