/**
 * Goodness-of-fit tests of an ensemble against a law: Pearson's chi-square on binned counts and the one-sample
 * Kolmogorov–Smirnov test on samples, with p-values from stdlib's distribution functions.
 */
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import pKolmogorov from '@stdlib/stats-kstest/lib/marsaglia.js';

/** Result of a chi-square test. */
export interface ChiSquareResult {
  n: number;
  statistic: number;
  dof: number;
  pValue: number;
  /** Cells after merging neighbours to an expected count of at least `minExpected`. */
  cells: number;
}

/**
 * Pearson's chi-square test of counts against cell probabilities (summing to 1; each cell is a contiguous range so
 * that neighbours may be merged). Neighbouring cells are merged until each expects at least `minExpected`
 * (default 5) counts, a short remainder joining the last group; dof = cells − 1 − `fittedParameters`.
 */
export function chiSquareTest(
  observed: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  options: { minExpected?: number; fittedParameters?: number } = {},
): ChiSquareResult {
  const k = observed.length;
  if (k !== probabilities.length || k < 2) {
    throw new RangeError(`need ≥ 2 cells and as many probabilities as counts, got ${k} and ${probabilities.length}`);
  }
  let n = 0;
  let total = 0;
  for (let i = 0; i < k; i++) {
    const o = observed[i]!;
    const p = probabilities[i]!;
    if (!(Number.isFinite(o) && o >= 0)) throw new RangeError(`counts must be finite and ≥ 0, got ${o} in cell ${i}`);
    if (!(Number.isFinite(p) && p >= 0)) throw new RangeError(`probabilities must be ≥ 0, got ${p} in cell ${i}`);
    n += o;
    total += p;
  }
  if (Math.abs(total - 1) > 1e-9) throw new RangeError(`probabilities must sum to 1, got ${total}`);
  if (!(n > 0)) throw new RangeError('no counts');
  const minExpected = options.minExpected ?? 5;
  const groups: { o: number; e: number }[] = [];
  let o = 0;
  let e = 0;
  for (let i = 0; i < k; i++) {
    o += observed[i]!;
    e += n * probabilities[i]!;
    if (e >= minExpected) {
      groups.push({ o, e });
      o = 0;
      e = 0;
    }
  }
  if (groups.length === 0) groups.push({ o, e });
  else {
    groups[groups.length - 1]!.o += o;
    groups[groups.length - 1]!.e += e;
  }
  let statistic = 0;
  for (const g of groups) {
    if (g.e === 0) {
      if (g.o > 0) statistic = Number.POSITIVE_INFINITY;
      continue;
    }
    statistic += ((g.o - g.e) * (g.o - g.e)) / g.e;
  }
  const dof = Math.max(1, groups.length - 1 - (options.fittedParameters ?? 0));
  return { n, statistic, dof, pValue: 1 - chisquareCdf(statistic, dof), cells: groups.length };
}

/**
 * Survival function of Kolmogorov's limit law, Q(λ) = P(√n D_n > λ) as n → ∞:
 * 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²} for λ ≥ 1, and 1 − (√(2π)/λ) Σ_{k≥1} e^{−(2k−1)²π²/(8λ²)} below (the Jacobi
 * theta form, which converges fast there). Both series are summed to double precision.
 */
export function kolmogorovSurvival(lambda: number): number {
  if (Number.isNaN(lambda)) return Number.NaN;
  if (lambda <= 0) return 1;
  if (lambda < 1) {
    let s = 0;
    for (let k = 1; k < 50; k++) {
      const t = Math.exp(-((2 * k - 1) ** 2) * Math.PI * Math.PI / (8 * lambda * lambda));
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
 * it powers is small (⌊n d⌋ < 100: O((n d)³ log n) work); otherwise Kolmogorov's limit law at Stephens' corrected
 * argument (√n + 0.12 + 0.11/√n) d (Stephens 1970, JRSS B 32), accurate to ~1e-3 absolute for n ≥ 100 (a
 * fixture checks it against scipy.stats.kstwo).
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
  /** D_n = sup |F_n − F|. */
  statistic: number;
  pValue: number;
}

/** One-sample two-sided KS test of samples against a continuous CDF. Non-finite samples are an error. */
export function ksTest(samples: ArrayLike<number>, cdf: (x: number) => number): KsResult {
  const n = samples.length;
  if (n < 1) throw new RangeError('KS test needs at least one sample');
  const x = Float64Array.from(samples);
  for (const v of x) if (Number.isNaN(v)) throw new RangeError('KS test samples must not be NaN');
  x.sort();
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(x[i]!);
    if (!(f >= 0 && f <= 1)) throw new RangeError(`cdf(${x[i]}) = ${f} is not a probability`);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return { n, statistic: d, pValue: ksPValue(d, n) };
}
