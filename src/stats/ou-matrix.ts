/**
 * Exact laws of the d-dimensional OU process dX = -A (X - μ) dt + B dW from a Gaussian start N(m₀, C₀), of its
 * Euler–Maruyama chain, and of its exact-transition chain.
 */
import { type Matrix, matAdd, matMul, matScale, matVec, ouTransition, transpose } from './linalg.js';

/** Mean vector and covariance matrix of a Gaussian law. */
export interface GaussianLawNd {
  mean: number[];
  cov: Matrix;
}

/** Parameters of the OU process. */
export interface OuMatrixParams {
  a: Matrix;
  mu: number[];
  b: Matrix;
}

/**
 * The EM chain X' = X - h A (X - μ) + √h B Z is linear Gaussian: m' = μ + M (m - μ), C' = M C Mᵀ + h B Bᵀ with
 * M = I - hA, iterated `steps` times.
 */
export function ouEulerChainLawNd(p: OuMatrixParams, h: number, steps: number, start: GaussianLawNd): GaussianLawNd {
  const m = p.a.map((row, i) => row.map((v, j) => (i === j ? 1 : 0) - h * v));
  const noise = matScale(matMul(p.b, transpose(p.b)), h);
  let mean = start.mean.slice();
  let cov = start.cov.map((r) => r.slice());
  for (let k = 0; k < steps; k++) {
    const d = matVec(
      m,
      mean.map((v, i) => v - p.mu[i]!),
    );
    mean = d.map((v, i) => v + p.mu[i]!);
    cov = matAdd(matMul(matMul(m, cov), transpose(m)), noise);
  }
  return { mean, cov };
}

/** The OU law at time t: m_t = μ + e^{-At}(m₀ - μ), C_t = e^{-At} C₀ e^{-Aᵀt} + Q_t (Van Loan). */
export function ouLawNd(p: OuMatrixParams, t: number, start: GaussianLawNd): GaussianLawNd {
  const { e, q } = ouTransition(p.a, p.b, t);
  const mean = matVec(
    e,
    start.mean.map((v, i) => v - p.mu[i]!),
  ).map((v, i) => v + p.mu[i]!);
  const cov = matAdd(matMul(matMul(e, start.cov), transpose(e)), q);
  return { mean, cov };
}
