/**
 * Distances between a binned ensemble and a law, with confidence intervals: total variation and Hellinger.
 * Both plug-in estimators are biased upward by sampling noise (a perfect sampler still shows TV ≈ Σ√(p(1−p)/(2πn))/2),
 * so each result carries the null expectation beside the interval.
 */
import { uniformStream } from './sampling.js';

/** A distance estimate with a bootstrap confidence interval. */
export interface DistanceEstimate {
  estimate: number;
  /** Basic (reverse-percentile) bootstrap interval of the binned distance, clipped to [0, 1]. */
  lower: number;
  upper: number;
  confidence: number;
  /** Mean of the estimator when the ensemble is an exact sample of the law (Monte Carlo, same n and cells). */
  nullMean: number;
}

/** Total variation and Hellinger distances of counts from cell probabilities. */
export interface HistogramDistances {
  n: number;
  totalVariation: DistanceEstimate;
  hellinger: DistanceEstimate;
}

/**
 * ½ Σ |q − p|.
 *
 * @param q - a probability vector
 * @param p - a probability vector of the same length
 * @returns the total-variation distance, in [0, 1]
 */
export function totalVariation(q: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += Math.abs(q[i]! - p[i]!);
  return s / 2;
}

/**
 * √(1 − Σ √(q p)) (the Hellinger distance, in [0, 1]).
 *
 * @param q - a probability vector
 * @param p - a probability vector of the same length
 * @returns the Hellinger distance, in [0, 1]
 */
export function hellinger(q: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += Math.sqrt(q[i]! * p[i]!);
  return Math.sqrt(Math.max(0, 1 - s));
}

/** A Poisson(λ) variate: Knuth's product method below 30, the rounded normal approximation above. */
function poisson(lambda: number, u: () => number): number {
  if (lambda <= 0) return 0;
  if (lambda < 30) {
    const l = Math.exp(-lambda);
    let k = 0;
    let p = u();
    while (p > l) {
      k++;
      p *= u();
    }
    return k;
  }
  const z = Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * z));
}

/**
 * TV and Hellinger distances of `counts` from `probabilities` with basic bootstrap intervals (Poissonised
 * multinomial resampling, `replicates` default 200, fixed `seed`), and their null means.
 *
 * @param counts - counts per cell
 * @param probabilities - cell probabilities of the reference law
 * @param options - confidence, bootstrap replicates and seed
 * @returns each distance with its interval and null mean
 * @throws RangeError for mismatched lengths or invalid options
 */
export function histogramDistances(
  counts: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  options: { confidence?: number; replicates?: number; seed?: number } = {},
): HistogramDistances {
  const k = counts.length;
  if (k !== probabilities.length || k < 1) throw new RangeError('need as many probabilities as counts');
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  const replicates = options.replicates ?? 200;
  if (!(Number.isInteger(replicates) && replicates >= 20))
    throw new RangeError('replicates must be an integer ≥ 20');
  let n = 0;
  for (let i = 0; i < k; i++) n += counts[i]!;
  if (!(n > 0)) throw new RangeError('no counts');
  const q = Float64Array.from({ length: k }, (_, i) => counts[i]! / n);
  const tv = totalVariation(q, probabilities);
  const he = hellinger(q, probabilities);
  const u = uniformStream(options.seed ?? 1);
  const draw = (weights: ArrayLike<number>) => {
    const c = Float64Array.from({ length: k }, (_, i) => poisson(n * weights[i]!, u));
    const m = c.reduce((a, b) => a + b, 0) || 1;
    return c.map((v) => v / m);
  };
  const bootTv: number[] = [];
  const bootHe: number[] = [];
  let nullTv = 0;
  let nullHe = 0;
  for (let r = 0; r < replicates; r++) {
    const b = draw(q);
    bootTv.push(totalVariation(b, probabilities));
    bootHe.push(hellinger(b, probabilities));
    const z = draw(probabilities);
    nullTv += totalVariation(z, probabilities);
    nullHe += hellinger(z, probabilities);
  }
  const interval = (est: number, boot: number[], nullMean: number): DistanceEstimate => {
    boot.sort((a, b) => a - b);
    const at = (f: number) =>
      boot[Math.min(boot.length - 1, Math.max(0, Math.round(f * (boot.length - 1))))]!;
    const a = (1 - confidence) / 2;
    // Basic bootstrap: [2θ̂ − q_{1−a}, 2θ̂ − q_a].
    return {
      estimate: est,
      lower: Math.min(1, Math.max(0, 2 * est - at(1 - a))),
      upper: Math.min(1, Math.max(0, 2 * est - at(a))),
      confidence,
      nullMean,
    };
  };
  return {
    n,
    totalVariation: interval(tv, bootTv, nullTv / replicates),
    hellinger: interval(he, bootHe, nullHe / replicates),
  };
}
