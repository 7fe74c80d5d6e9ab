/**
 * SGD on the quadratic f(x) = a x²/2 with Gaussian gradient noise, and the two SDEs that model it, as 1-D
 * Ornstein–Uhlenbeck processes run by the library's OU Euler–Maruyama kernel (`createOu1dEnsemble`).
 *
 * One SGD step with a mini-batch of B noisy gradients a x + ξ_i, ξ_i ~ N(0, s²), is
 *   x ← x − η (a x + s Z / √B) = (1 − a η) x − η s Z / √B,
 * which is exactly one Euler–Maruyama step of size h = η of the SGD SDE (Li, Tai & E 2017)
 *   dX = −a X dt + √(η s² / B) dW,
 * so the SGD scheme is the OU chain with θ = a, σ = s √(η/B), h = η. The SDE scheme runs the same SDE with
 * h = η / m (m sub-steps per SGD step, time η per SGD step). The second-order modified equation
 *   dX = −∇(f + η |∇f|² / 4) dt + √(η s² / B) dW
 * has drift −a (1 + a η / 2) X on the quadratic, run with h = η / m as well.
 */
import type { GaussianLaw } from '../src/stats/gaussian.js';
import type { DemoState } from './state.js';

/** The quadratic problem's constants: curvature a, per-example gradient noise s, start x0. */
export const QUADRATIC = Object.freeze({ a: 1, s: 1, x0: 2 });

/** OU parameters of the kernel for one configuration, and kernel steps per SGD step. */
export interface OuPlan {
  theta: number;
  sigma: number;
  /** Kernel step h. */
  dt: number;
  /** Kernel steps per SGD step (1 for SGD, m for the SDE schemes). */
  stepsPerIteration: number;
}

/** Maps a page state to the OU chain that realises its scheme on the quadratic. */
export function quadraticPlan(s: Pick<DemoState, 'eta' | 'batch' | 'scheme' | 'substeps'>): OuPlan {
  const { a, s: noise } = QUADRATIC;
  const sigma = noise * Math.sqrt(s.eta / s.batch);
  if (s.scheme === 'sgd') return { theta: a, sigma, dt: s.eta, stepsPerIteration: 1 };
  const theta = s.scheme === 'msde' ? a * (1 + (a * s.eta) / 2) : a;
  return { theta, sigma, dt: s.eta / s.substeps, stepsPerIteration: s.substeps };
}

/**
 * Law after `k` more steps of the chain X ← (1 − θh) X + σ√h Z started from N(m, v): mean c^k m, variance
 * c^{2k} v + σ²h (1 − c^{2k}) / (1 − c²) with c = 1 − θh. Piecewise application follows parameter changes.
 */
export function propagateChain(law: GaussianLaw, plan: OuPlan, k: number): GaussianLaw {
  const c = 1 - plan.theta * plan.dt;
  const b2 = plan.sigma * plan.sigma * plan.dt;
  const c2k = c ** (2 * k);
  const noise = Math.abs(1 - c * c) < 1e-300 ? b2 * k : (b2 * (1 - c2k)) / (1 - c * c);
  return { mean: c ** k * law.mean, variance: c2k * law.variance + noise };
}

/** Stationary law of the chain: N(0, σ² / (θ (2 − θh))). */
export function chainStationary(plan: OuPlan): GaussianLaw {
  return { mean: 0, variance: (plan.sigma * plan.sigma) / (plan.theta * (2 - plan.theta * plan.dt)) };
}

/** Stationary law of the continuous SGD SDE dX = −aX dt + √(η s²/B) dW: N(0, η s² / (2 a B)). */
export function sdeStationary(s: Pick<DemoState, 'eta' | 'batch'>): GaussianLaw {
  const { a, s: noise } = QUADRATIC;
  return { mean: 0, variance: (s.eta * noise * noise) / (2 * a * s.batch) };
}

/** Stationary variance of SGD itself, η s² / (a B (2 − a η)): the SGD chain's stationary law. */
export function sgdStationaryVariance(s: Pick<DemoState, 'eta' | 'batch'>): number {
  const { a, s: noise } = QUADRATIC;
  return (s.eta * noise * noise) / (a * s.batch * (2 - a * s.eta));
}
