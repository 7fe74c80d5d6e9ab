/** Goodness of fit of a histogram against a continuous law: chi-square with p-value, and total variation. */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { chiSquareTest } from './chi-square.js';

/** Counts in equal bins over [lo, hi), plus the counts below and above the range. */
export interface Histogram {
  lo: number;
  hi: number;
  counts: Uint32Array | number[];
  below: number;
  above: number;
}

/** Result of comparing a histogram with a law. */
export interface HistogramFit {
  n: number;
  /** Pearson chi-square statistic after merging cells with expected count below 5. */
  chiSquare: number;
  dof: number;
  pValue: number;
  /** Total variation distance between the binned empirical and exact laws (including the two tails). */
  tv: number;
  /** Expected TV under the null for this n and these cells: Σ sqrt(2 p (1-p) / (π n)) / 2. */
  tvNull: number;
  /** pValue >= alpha */
  pass: boolean;
  alpha: number;
}

/**
 * Cell probabilities of a law with CDF `cdf` for the histogram's bins and two tails.
 *
 * @param h - the histogram (its bins and range)
 * @param cdf - the law's CDF
 * @returns the probabilities of the tail below, each bin, and the tail above
 */
export function cellProbabilities(h: Histogram, cdf: (x: number) => number): number[] {
  const bins = h.counts.length;
  const w = (h.hi - h.lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, b) => cdf(h.lo + b * w));
  const p = [edges[0]!];
  for (let b = 0; b < bins; b++) p.push(edges[b + 1]! - edges[b]!);
  p.push(1 - edges[bins]!);
  return p;
}

/**
 * Chi-square test (significance level `alpha`, default 1e-4) and TV distance of a histogram against a CDF.
 *
 * @param h - the histogram
 * @param cdf - the law's CDF
 * @param alpha - significance level (default 1e-4)
 * @returns the chi-square test, the TV distance and its bound
 */
export function fitHistogram(h: Histogram, cdf: (x: number) => number, alpha = 1e-4): HistogramFit {
  const observed = [h.below, ...Array.from(h.counts), h.above];
  const p = cellProbabilities(h, cdf);
  const n = observed.reduce((a, b) => a + b, 0);
  let tv = 0;
  let tvNull = 0;
  for (let i = 0; i < p.length; i++) {
    tv += Math.abs(observed[i]! / n - p[i]!);
    tvNull += Math.sqrt((2 * p[i]! * (1 - p[i]!)) / (Math.PI * n));
  }
  const chi = chiSquareTest(observed, p);
  return {
    n,
    chiSquare: chi.statistic,
    dof: chi.dof,
    pValue: chi.pValue,
    tv: tv / 2,
    tvNull: tvNull / 2,
    pass: chi.pValue >= alpha,
    alpha,
  };
}

/** CDF of N(mean, variance). */
export function gaussianCdf(mean: number, variance: number): (x: number) => number {
  const sd = Math.sqrt(variance);
  return (x: number) => normalCdf(x, mean, sd);
}
