/** Sample moments from shifted power sums, with standard errors. */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import type { GaussianLaw } from './gaussian.js';

/** Power sums of (x - shift), accumulated in float64. */
export interface PowerSums {
  n: number;
  shift: number;
  s1: number;
  s2: number;
  s3: number;
  s4: number;
}

/** Sample mean and variance of a large sample, with standard errors from its own fourth moment. */
export interface SampleMoments {
  n: number;
  mean: number;
  /** Unbiased sample variance. */
  variance: number;
  /** Central third and fourth sample moments. */
  m3: number;
  m4: number;
  /** Standard error of the mean: sqrt(variance / n). */
  meanSE: number;
  /** Standard error of the sample variance: sqrt((m4 - (n-3)/(n-1) variance^2) / n). */
  varianceSE: number;
}

/**
 * Converts power sums to central moments.
 *
 * @param p - count, shift and power sums
 * @returns mean, variance, their standard errors and higher moments
 * @throws RangeError for fewer than two finite samples
 */
export function momentsFromPowerSums(p: PowerSums): SampleMoments {
  const { n } = p;
  if (n < 2) throw new RangeError(`need at least 2 finite samples, got ${n}`);
  const d = p.s1 / n;
  const r2 = p.s2 / n;
  const r3 = p.s3 / n;
  const r4 = p.s4 / n;
  const m2 = r2 - d * d;
  const m3 = r3 - 3 * d * r2 + 2 * d ** 3;
  const m4 = r4 - 4 * d * r3 + 6 * d * d * r2 - 3 * d ** 4;
  const variance = (m2 * n) / (n - 1);
  return {
    n,
    mean: p.shift + d,
    variance,
    m3,
    m4,
    meanSE: Math.sqrt(variance / n),
    varianceSE: Math.sqrt(Math.max(0, m4 - ((n - 3) / (n - 1)) * variance * variance) / n),
  };
}

/** A measured value against a reference, in units of the measurement's standard error. */
export interface Comparison {
  measured: number;
  se: number;
  expected: number;
  /** (measured - expected) / se */
  z: number;
  /** |z| <= tolerance */
  pass: boolean;
  tolerance: number;
}

/**
 * Compares an estimate with an exact value; passes when within `tolerance` standard errors (default 5).
 *
 * @param measured - the estimate
 * @param se - its standard error
 * @param expected - the exact value
 * @param tolerance - the allowed |z| (default 5)
 * @returns z and whether it passes
 */
export function compareWithin(measured: number, se: number, expected: number, tolerance = 5): Comparison {
  const z = se > 0 ? (measured - expected) / se : measured === expected ? 0 : Number.POSITIVE_INFINITY;
  return { measured, se, expected, z, pass: Math.abs(z) <= tolerance, tolerance };
}

/** z-scores and two-sided normal p-values of a sample's mean and variance against a law. */
export interface MomentTest {
  mean: Comparison & { pValue: number };
  variance: Comparison & { pValue: number };
}

/**
 * Tests a sample's mean and variance against a law's, each by its standard error (large-sample normal theory:
 * the variance SE uses the sample's fourth moment); `tolerance` (default 5) sets `pass` on |z|.
 *
 * @param m - the sample's moments
 * @param law - the exact Gaussian law
 * @param tolerance - the allowed |z| (default 5)
 * @returns the mean and variance comparisons and whether both pass
 */
export function momentTest(m: SampleMoments, law: GaussianLaw, tolerance = 5): MomentTest {
  const p = (z: number) => (Number.isFinite(z) ? Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1)) : 0);
  const mean = compareWithin(m.mean, m.meanSE, law.mean, tolerance);
  const variance = compareWithin(m.variance, m.varianceSE, law.variance, tolerance);
  return { mean: { ...mean, pValue: p(mean.z) }, variance: { ...variance, pValue: p(variance.z) } };
}
