/** Exact laws of the 1-D Ornstein–Uhlenbeck process dX = -θX dt + σ dB and of its Euler–Maruyama chain. */

import type { GaussianLaw } from './gaussian.js';

/**
 * The Euler–Maruyama chain X_{k+1} = a X_k + b Z_k with a = 1 - θh, b = σ√h is an AR(1) process:
 * E X_k = a^k x0 and Var X_k = b² (1 - a^{2k}) / (1 - a²) from a point start, with stationary variance
 * σ² / (θ (2 - θh)) when |a| < 1.
 *
 * @param theta - mean reversion θ
 * @param sigma - noise σ
 * @param h - the step size
 * @param steps - the number of steps k
 * @param x0 - the start point
 * @returns mean and variance of X_k
 */
export function ouEulerChainLaw(
  theta: number,
  sigma: number,
  h: number,
  steps: number,
  x0: number,
): GaussianLaw {
  const a = 1 - theta * h;
  const b2 = sigma * sigma * h;
  const a2k = a ** (2 * steps);
  const variance = Math.abs(1 - a * a) < 1e-300 ? b2 * steps : (b2 * (1 - a2k)) / (1 - a * a);
  return { mean: a ** steps * x0, variance };
}

/**
 * The OU transition law from a point x0 after time t: mean x0 e^{-θt}, variance σ² (1 - e^{-2θt}) / (2θ).
 *
 * @param theta - mean reversion θ
 * @param sigma - noise σ
 * @param t - the time
 * @param x0 - the start point
 * @returns mean and variance of X_t
 * @example
 * ```ts
 * import { ouLaw } from 'sgd-sde';
 *
 * const { mean, variance } = ouLaw(1, 1, 2, 3); // θ = 1, σ = 1, t = 2, x0 = 3
 * console.log(mean, variance); // 3e⁻², (1 − e⁻⁴)/2
 * ```
 */
export function ouLaw(theta: number, sigma: number, t: number, x0: number): GaussianLaw {
  const e = Math.exp(-theta * t);
  const variance =
    theta === 0 ? sigma * sigma * t : (sigma * sigma * -Math.expm1(-2 * theta * t)) / (2 * theta);
  return { mean: x0 * e, variance };
}

/**
 * Stationary variance of the EM chain, σ²/(θ(2-θh)).
 *
 * @param theta - mean reversion θ
 * @param sigma - noise σ
 * @param h - the step size (0 < θh < 2)
 * @returns the stationary variance of the chain
 */
export function ouEulerStationaryVariance(theta: number, sigma: number, h: number): number {
  return (sigma * sigma) / (theta * (2 - theta * h));
}
