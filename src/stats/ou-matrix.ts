/**
 * Exact laws of the d-dimensional OU process dX = -A (X - μ) dt + B dW from a Gaussian start N(m₀, C₀), and of its
 * Euler–Maruyama chain. Point-start laws and the matrix machinery live in `src/reference/ou.ts` and
 * `src/reference/linalg.ts`; this adds the propagation of a Gaussian initial law.
 */
import { axpby, expm, type Matrix, matmul, matvec, transpose } from '../reference/linalg.js';
import { ouTransition } from '../reference/ou.js';
import type { GaussianLawNd } from './gaussian.js';

/** Parameters of the OU process. */
export interface OuMatrixParams {
  a: Matrix;
  mu: number[];
  b: Matrix;
}

const shifted = (v: number[], mu: number[], sign: number) => v.map((x, i) => x + sign * mu[i]!);

/**
 * The EM chain X' = X - h A (X - μ) + √h B Z is linear Gaussian: m' = μ + M (m - μ), C' = M C Mᵀ + h B Bᵀ with
 * M = I - hA, iterated `steps` times.
 *
 * @param p - the drift matrix A, the mean μ and the noise matrix B
 * @param h - the step size
 * @param steps - the number of steps
 * @param start - the initial Gaussian law
 * @returns the Gaussian law of the chain after `steps` steps
 */
export function ouEulerChainLawNd(
  p: OuMatrixParams,
  h: number,
  steps: number,
  start: GaussianLawNd,
): GaussianLawNd {
  const m = p.a.map((row, i) => row.map((v, j) => (i === j ? 1 : 0) - h * v));
  const noise = matmul(p.b, transpose(p.b)).map((row) => row.map((v) => h * v));
  let mean = start.mean.slice();
  let cov = start.covariance.map((r) => r.slice());
  for (let k = 0; k < steps; k++) {
    mean = shifted(matvec(m, shifted(mean, p.mu, -1)), p.mu, 1);
    cov = axpby(1, matmul(matmul(m, cov), transpose(m)), 1, noise);
  }
  return { mean, covariance: cov };
}

/**
 * The OU law at time t: m_t = μ + e^{-At}(m₀ - μ), C_t = e^{-At} C₀ e^{-Aᵀt} + Q_t (Q_t by Van Loan, reference/ou).
 *
 * @param p - the drift matrix A, the mean μ and the noise matrix B
 * @param t - the time
 * @param start - the initial Gaussian law (covariance 0 for a point start)
 * @returns the Gaussian law at time t
 * @example
 * ```ts
 * import { ouLawNd } from 'sgd-sde';
 *
 * const law = ouLawNd(
 *   { a: [[1, 0.5], [0, 2]], mu: [0, 0], b: [[1, 0], [0, 1]] },
 *   1,
 *   { mean: [1, -1], covariance: [[0, 0], [0, 0]] },
 * );
 * console.log(law.mean, law.covariance);
 * ```
 */
export function ouLawNd(p: OuMatrixParams, t: number, start: GaussianLawNd): GaussianLawNd {
  const d = p.a.length;
  const e = expm(p.a.map((row) => row.map((v) => -v * t)));
  const q = ouTransition(
    { A: p.a, Q: matmul(p.b, transpose(p.b)) },
    t,
    new Array<number>(d).fill(0),
  ).covariance;
  const mean = shifted(matvec(e, shifted(start.mean, p.mu, -1)), p.mu, 1);
  return { mean, covariance: axpby(1, matmul(matmul(e, start.covariance), transpose(e)), 1, q) };
}
