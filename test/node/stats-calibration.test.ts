/**
 * Calibration of the goodness-of-fit tests: under the null (samples drawn from the exact law) the p-values of the
 * chi-square and KS tests over 200 independent ensembles are uniform, judged by a KS test of the p-values at the
 * 1% level; under a small alternative they are not (so the check can fail). Also the coverage of the distance
 * intervals and the weak-order verdicts on synthetic data. Null samples are generated on the CPU (fixed seeds).
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { describe, expect, it } from 'vitest';
import { gibbs1d } from '../../src/reference/gibbs.js';
import { chiSquareTest } from '../../src/stats/chi-square.js';
import { histogramDistances, totalVariation } from '../../src/stats/distances.js';
import { cellProbabilities } from '../../src/stats/histogram-test.js';
import { ksTest } from '../../src/stats/ks.js';
import { momentsFromPowerSums, momentTest } from '../../src/stats/moments.js';
import { normalStream, uniformStream } from '../../src/stats/sampling.js';
import { estimateMean, fitPowerLaw, fitWeakOrder } from '../../src/stats/weak-error.js';

const ENSEMBLES = 200;
const N = 1000;
const BINS = 30;
const LO = -3;
const HI = 3;

/** p-values of chi-square (30 bins + 2 tails) and KS for `ENSEMBLES` ensembles of N(shift, 1) against N(0, 1). */
function pValues(seed: number, shift: number) {
  const cdf = (x: number) => normalCdf(x, 0, 1);
  const probs = cellProbabilities(
    { lo: LO, hi: HI, counts: new Array(BINS).fill(0), below: 0, above: 0 },
    cdf,
  );
  const chi: number[] = [];
  const ks: number[] = [];
  for (let e = 0; e < ENSEMBLES; e++) {
    const z = normalStream(seed, e);
    const x = Float64Array.from({ length: N }, () => z() + shift);
    const counts = new Array<number>(BINS + 2).fill(0);
    for (const v of x) {
      const b = v < LO ? 0 : v >= HI ? BINS + 1 : 1 + Math.floor(((v - LO) / (HI - LO)) * BINS);
      counts[b]!++;
    }
    chi.push(chiSquareTest(counts, probs).pValue);
    ks.push(ksTest(x, cdf).pValue);
  }
  return { chi, ks };
}

describe('calibration of the goodness-of-fit tests (200 null ensembles of 1,000 samples)', () => {
  it('chi-square and KS p-values are uniform under the null (KS of the p-values passes at 1%)', () => {
    const { chi, ks } = pValues(2024, 0);
    const uniform = (u: number) => Math.min(1, Math.max(0, u));
    const chiU = ksTest(chi, uniform);
    const ksU = ksTest(ks, uniform);
    expect(chiU.pValue, `chi-square p-values: D = ${chiU.statistic}`).toBeGreaterThan(0.01);
    expect(ksU.pValue, `KS p-values: D = ${ksU.statistic}`).toBeGreaterThan(0.01);
    console.info(
      `calibration: KS of chi-square p-values D = ${chiU.statistic.toFixed(4)} p = ${chiU.pValue.toFixed(3)}; ` +
        `KS of KS p-values D = ${ksU.statistic.toFixed(4)} p = ${ksU.pValue.toFixed(3)}`,
    );
  });

  it('the same check rejects under a 0.15σ shift (the calibration test has power)', () => {
    const { chi, ks } = pValues(7, 0.15);
    const uniform = (u: number) => Math.min(1, Math.max(0, u));
    expect(ksTest(chi, uniform).pValue).toBeLessThan(0.01);
    expect(ksTest(ks, uniform).pValue).toBeLessThan(0.01);
  });

  it('KS against a Gibbs law (CDF by quadrature) is calibrated too', () => {
    // Double well at T = 0.5 on [−2.5, 2.5], sampled by inverse transform on the quadrature CDF (bisection).
    const g = gibbs1d((x) => x ** 4 / 4 - x ** 2 / 2, 0.5, -2.5, 2.5);
    const grid = Float64Array.from({ length: 2001 }, (_, k) => -2.5 + (5 * k) / 2000);
    const F = grid.map((x) => g.cdf(x));
    // Linear interpolation of the CDF on 2,001 nodes: its error (≤ h² max|p'|/8 ≈ 1e-6) is far below KS resolution.
    const cdf = (x: number) => {
      if (x <= -2.5) return 0;
      if (x >= 2.5) return 1;
      const s = ((x + 2.5) / 5) * 2000;
      const k = Math.min(1999, Math.floor(s));
      return F[k]! + (s - k) * (F[k + 1]! - F[k]!);
    };
    const inverse = (u: number) => {
      let lo = 0;
      let hi = 2000;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (F[mid]! <= u) lo = mid;
        else hi = mid;
      }
      return grid[lo]! + ((u - F[lo]!) / (F[lo + 1]! - F[lo]!)) * (grid[lo + 1]! - grid[lo]!);
    };
    const p: number[] = [];
    for (let e = 0; e < ENSEMBLES; e++) {
      const u = uniformStream(99, e);
      p.push(
        ksTest(
          Float64Array.from({ length: 500 }, () => inverse(u())),
          cdf,
        ).pValue,
      );
    }
    expect(ksTest(p, (v) => Math.min(1, Math.max(0, v))).pValue).toBeGreaterThan(0.01);
  });
});

describe('distances with confidence intervals', () => {
  const cdf0 = (x: number) => normalCdf(x, 0, 1);
  const hist = { lo: -3, hi: 3, counts: new Array(20).fill(0), below: 0, above: 0 };
  const p0 = cellProbabilities(hist, cdf0);
  const sample = (seed: number, shift: number, n: number) => {
    const z = normalStream(seed);
    const c = new Array<number>(22).fill(0);
    for (let i = 0; i < n; i++) {
      const v = z() + shift;
      c[v < -3 ? 0 : v >= 3 ? 21 : 1 + Math.floor(((v + 3) / 6) * 20)]!++;
    }
    return c;
  };

  it('the TV interval covers the true binned distance in ≥ 85 of 100 ensembles (nominal 95%)', () => {
    const truth = totalVariation(
      cellProbabilities(hist, (x) => normalCdf(x, 0.3, 1)),
      p0,
    );
    let covered = 0;
    for (let e = 0; e < 100; e++) {
      const d = histogramDistances(sample(1000 + e, 0.3, 4000), p0, { replicates: 100, seed: e });
      if (d.totalVariation.lower <= truth && truth <= d.totalVariation.upper) covered++;
    }
    // Binomial(100, 0.95) is below 85 with probability < 1e-4.
    expect(covered).toBeGreaterThanOrEqual(85);
  });

  it('under the null, the estimate sits at its null mean and the interval reaches below it', () => {
    const d = histogramDistances(sample(5, 0, 4000), p0, { seed: 3 });
    expect(d.totalVariation.lower).toBeLessThanOrEqual(d.totalVariation.nullMean);
    expect(d.hellinger.lower).toBeLessThanOrEqual(d.hellinger.nullMean);
    // The plug-in TV of an exact sample is O(1/√n), not 0: the null mean says how large.
    expect(d.totalVariation.nullMean).toBeGreaterThan(0.01);
    expect(Math.abs(d.totalVariation.estimate - d.totalVariation.nullMean)).toBeLessThan(0.02);
  });
});

describe('weak-order fit and verdict', () => {
  // Synthetic errors e(h) = 0.8 h (1 + 0.1 h) with Gaussian noise of known SE: the fit recovers order 1.
  const hs = [0.2, 0.1, 0.05, 0.025, 0.0125];
  const points = (se: number, seed: number) => {
    const z = normalStream(seed);
    return hs.map((h) => ({ h, value: 0.8 * h * (1 + 0.1 * h) + se * z(), se, n: 10_000 }));
  };
  it('resolved: the 95% interval contains the order and is narrow when SE ≪ bias', () => {
    const fit = fitWeakOrder(points(1e-5, 1));
    expect(fit.verdict).toBe('resolved');
    expect(fit.lower).toBeLessThanOrEqual(1.02);
    expect(fit.upper).toBeGreaterThanOrEqual(0.98);
    expect(fit.upper - fit.lower).toBeLessThan(0.05);
  });
  it('unresolved when noise exceeds the bias at some step, with the particle count that would resolve it', () => {
    // SE 0.01: the two finest levels (bias 0.02 and 0.01) sit within ~2 SE of 0.
    const fit = fitWeakOrder(points(1e-2, 2));
    expect(fit.verdict).toBe('unresolved');
    expect(fit.message).toMatch(/unresolved/);
    // Bias 0.01 at SE 0.01 with n = 1e4 needs about (3·0.01/0.01)² · 1e4 = 9e4, up to the noise in the measured value.
    expect(fit.particlesToResolve).toBeGreaterThan(1e4 - 1);
    const all = fitWeakOrder(points(1, 3));
    expect(all.verdict).toBe('unresolved');
    expect(Number.isNaN(all.order)).toBe(true);
    expect(all.particlesToResolve).toBeGreaterThan(1e6);
  });
  it('rejects malformed input', () => {
    expect(() => fitWeakOrder([{ h: 0.1, value: 1, se: 0.1, n: 10 }])).toThrow(/two step sizes/);
    expect(() =>
      fitWeakOrder([
        { h: -1, value: 1, se: 0.1, n: 10 },
        { h: 1, value: 1, se: 0.1, n: 10 },
      ]),
    ).toThrow(/> 0/);
  });
});

describe('power-law fit of signed weak errors (fitPowerLaw)', () => {
  const hs = [1 / 8, 1 / 12, 1 / 16, 1 / 24, 1 / 32, 1 / 48];
  // e(h) = C h^p with Gaussian noise of known SE (the same SE at every level, as in a Monte Carlo difference).
  const points = (c: number, p: number, se: number, z: () => number) =>
    hs.map((h) => ({ h, value: c * h ** p + se * z(), se, n: 10_000 }));
  it('recovers the order and the signed constant when SE ≪ error', () => {
    const fit = fitPowerLaw(points(-0.8, 2, 1e-7, normalStream(11)), { confidence: 0.99 });
    expect(Math.abs(fit.order - 2)).toBeLessThan(5 * fit.orderSE);
    expect(fit.upper - fit.lower).toBeLessThan(0.01);
    expect(fit.constant).toBeLessThan(0);
    expect(Math.abs(fit.constant / -0.8 - 1)).toBeLessThan(0.01);
  });
  it('covers the true order at its nominal rate, also when the finest levels are within 3 SE of zero', () => {
    // 400 replicates; SE chosen so that the finest error (0.05/48 ≈ 1e-3) is 2 SE: fitWeakOrder would refuse.
    // Coverage of a 95% interval: binomial SE √(0.95·0.05/400) = 1.1%; accept within 5 binomial SE below.
    const z = normalStream(12);
    let covered = 0;
    let weak = 0;
    const reps = 400;
    for (let r = 0; r < reps; r++) {
      const fit = fitPowerLaw(points(0.05, 1, 5e-4, z));
      if (fit.lower <= 1 && 1 <= fit.upper) covered++;
      if (fit.weakLevels.length > 0) weak++;
    }
    const rate = covered / reps;
    const binomialSE = Math.sqrt((0.95 * 0.05) / reps);
    expect(rate, `coverage ${rate}`).toBeGreaterThan(0.95 - 5 * binomialSE);
    expect(weak).toBeGreaterThan(reps / 2);
  });
  it('inflates the SE by √(χ²/dof) when the points bend away from a power law', () => {
    // e = h + 20 h²: the local slope runs from 1.7 to 1.3 over the levels; SE 1e-6 makes χ² huge.
    const bent = hs.map((h) => ({ h, value: h + 20 * h * h, se: 1e-6, n: 10_000 }));
    const fit = fitPowerLaw(bent);
    expect(fit.scaleFactor).toBeGreaterThan(10);
    expect(fit.orderSE).toBeGreaterThan(1e-3);
  });
  it('rejects malformed input and says when the errors carry no information', () => {
    expect(() => fitPowerLaw(points(1, 1, 0.1, normalStream(1)).slice(0, 2))).toThrow(/three step sizes/);
    expect(() => fitPowerLaw(hs.map((h) => ({ h, value: 1, se: 0, n: 10 })))).toThrow(/SE > 0/);
    expect(() => fitPowerLaw(hs.map((h) => ({ h: 0.1, value: h, se: 1, n: 10 })))).toThrow(/differ/);
    const zero = fitPowerLaw(hs.map((h) => ({ h, value: 0, se: 1, n: 10 })));
    expect(Number.isNaN(zero.order)).toBe(true);
    expect(zero.message).toMatch(/no information/);
  });
});

describe('moment tests', () => {
  const moments = (shift: number, seed: number) => {
    const z = normalStream(seed);
    const x = Float64Array.from({ length: 20_000 }, () => z() + shift);
    const e = estimateMean(x);
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    for (const v of x) {
      s2 += (v - e.value) ** 2;
      s3 += (v - e.value) ** 3;
      s4 += (v - e.value) ** 4;
    }
    return momentsFromPowerSums({ n: x.length, shift: e.value, s1: 0, s2, s3, s4 });
  };
  it('passes within 5 SE for an exact sample and fails for a 0.1σ shift (SE = 0.007)', () => {
    const ok = momentTest(moments(0, 8), { mean: 0, variance: 1 });
    expect(ok.mean.pass && ok.variance.pass).toBe(true);
    expect(ok.mean.pValue).toBeGreaterThan(1e-6);
    const bad = momentTest(moments(0.1, 9), { mean: 0, variance: 1 });
    expect(bad.mean.pass).toBe(false);
    expect(bad.mean.pValue).toBeLessThan(1e-6);
  });
});
