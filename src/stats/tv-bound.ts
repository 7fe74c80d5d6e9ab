/**
 * How large the total-variation distance between a histogram of N independent draws and their exact binned law
 * can be from sampling noise alone.
 *
 * With cell probabilities p_i (bins plus the two tails) and counts c_i ~ Multinomial(N, p), the statistic is
 * TV̂ = ½ Σ |c_i/N − p_i|.
 * - Its mean: E|c_i − N p_i| ≤ sd(c_i) = √(N p_i (1 − p_i)) (Jensen), so E TV̂ ≤ ½ Σ √(p_i (1 − p_i) / N).
 *   (The normal approximation gives the slightly smaller ½ Σ √(2 p_i (1 − p_i) / (π N)), `fitHistogram`'s tvNull.)
 * - Its spread: TV̂ is a function of N independent draws, and moving one draw to another cell changes it by at
 *   most 1/N, so McDiarmid's inequality gives P(TV̂ ≥ E TV̂ + t) ≤ exp(−2 N t²).
 * Hence TV̂ < ½ Σ √(p_i (1 − p_i) / N) + √(ln(1/α) / (2N)) with probability at least 1 − α, with no
 * approximation. The page uses α = 10⁻³.
 */

/** Significance level of the page's TV bound. */
export const TV_ALPHA = 1e-3;

/** The bound and its two parts. */
export interface TvBound {
  /** Upper bound on E TV̂ under the exact law. */
  mean: number;
  /** McDiarmid deviation √(ln(1/α) / (2N)). */
  deviation: number;
  /** mean + deviation: exceeded with probability at most α when the histogram follows the law. */
  bound: number;
  alpha: number;
}

/**
 * TV bound for `n` draws over cells with probabilities `p` (which should sum to 1).
 *
 * @param p - the cell probabilities
 * @param n - the number of draws
 * @param alpha - the level (default {@link TV_ALPHA})
 * @returns the bound and its parts
 * @throws RangeError for a bad n, alpha or probabilities
 */
export function tvBound(p: readonly number[], n: number, alpha = TV_ALPHA): TvBound {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`n must be a positive integer, got ${n}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  let mean = 0;
  for (const q of p) mean += Math.sqrt(Math.max(0, q * (1 - q)) / n);
  mean /= 2;
  const deviation = Math.sqrt(Math.log(1 / alpha) / (2 * n));
  return { mean, deviation, bound: mean + deviation, alpha };
}
