/**
 * Exact stationary covariances of linear SGD and of its SDE on the quadratic problem, on row-major flat d×d
 * arrays (the layout of the GPU buffers). The Lyapunov equations themselves are solved by
 * `src/reference/lyapunov.ts`; these are adapters to its nested-array matrices.
 */
import { flatten, toRows } from '../reference/linalg.js';
import {
  lyapunovContinuous as solveContinuous,
  lyapunovDiscrete as solveDiscrete,
} from '../reference/lyapunov.js';

/** S with S = A S Aᵀ + Q (d×d, row-major). */
export function lyapunovDiscrete(a: ArrayLike<number>, q: ArrayLike<number>, d: number): Float64Array {
  return flatten(solveDiscrete(toRows(a, d, 'A'), toRows(q, d, 'Q')));
}

/** S with A S + S Aᵀ = Q (d×d, row-major). */
export function lyapunovContinuous(a: ArrayLike<number>, q: ArrayLike<number>, d: number): Float64Array {
  return flatten(solveContinuous(toRows(a, d, 'A'), toRows(q, d, 'Q')));
}

/**
 * Exact stationary covariance of SGD with replacement on the quadratic problem: w ← (I − ηH) w + η ζ with
 * Cov ζ = C/B, so S = (I − ηH) S (I − ηH)ᵀ + η² C / B.
 *
 * @param h - the Hessian H, d×d row-major
 * @param c - the gradient-noise covariance C, d×d row-major
 * @param d - the dimension
 * @param lr - the step size η
 * @param batch - the batch size B
 * @returns S, d×d row-major
 */
export function sgdStationaryCovariance(
  h: ArrayLike<number>,
  c: ArrayLike<number>,
  d: number,
  lr: number,
  batch: number,
) {
  const a = Float64Array.from({ length: d * d }, (_, k) => (k % (d + 1) === 0 ? 1 : 0) - lr * h[k]!);
  const q = Float64Array.from(c, (v) => (lr * lr * v) / batch);
  return lyapunovDiscrete(a, q, d);
}

/**
 * Stationary covariance of the SGD-SDE on the quadratic problem: H S + S H = (η/B) C.
 *
 * @param h - the Hessian H, d×d row-major
 * @param c - the gradient-noise covariance C, d×d row-major
 * @param d - the dimension
 * @param lr - the step size η
 * @param batch - the batch size B
 * @returns S, d×d row-major
 */
export function sdeStationaryCovariance(
  h: ArrayLike<number>,
  c: ArrayLike<number>,
  d: number,
  lr: number,
  batch: number,
) {
  return lyapunovContinuous(
    h,
    Float64Array.from(c, (v) => (lr * v) / batch),
    d,
  );
}
