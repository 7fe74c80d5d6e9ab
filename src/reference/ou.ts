/**
 * Exact laws of the d-dimensional Ornstein–Uhlenbeck process dX = −A (X − m) dt + B dW (Q = B Bᵀ) and of its
 * Euler–Maruyama chain X_{k+1} = X_k − h A (X_k − m) + √h B Z_k.
 */

import type { GaussianLawNd } from '../stats/gaussian.js';
import {
  axpby,
  checkSquare,
  cholesky,
  expm,
  identity,
  type Matrix,
  matmul,
  matvec,
  symmetrize,
  transpose,
} from './linalg.js';
import { lyapunovContinuous, lyapunovDiscrete } from './lyapunov.js';

/** Parameters of a d-dimensional OU process. */
export interface OuProcess {
  /** Drift matrix A (the process is mean-reverting when every eigenvalue has a positive real part). */
  A: Matrix;
  /** Diffusion covariance Q = B Bᵀ (symmetric, positive semi-definite). */
  Q: Matrix;
  /** Centre m (default 0). */
  mean?: number[];
}

function check(p: OuProcess): { d: number; m: number[] } {
  const d = checkSquare(p.A, 'A');
  checkSquare(p.Q, 'Q', d);
  const m = p.mean ?? new Array<number>(d).fill(0);
  if (m.length !== d || m.some((v) => !Number.isFinite(v)))
    throw new RangeError(`mean must be ${d} finite numbers`);
  for (let i = 0; i < d; i++)
    if (p.Q[i]![i]! < 0)
      throw new RangeError(`Q must be positive semi-definite (Q[${i}][${i}] < 0): negative diffusion`);
  return { d, m };
}

/**
 * Transition law from x0 after time t: mean m + e^{−At}(x0 − m), covariance ∫₀ᵗ e^{−As} Q e^{−Aᵀs} ds by Van Loan's
 * block exponential exp([[A, Q], [0, −Aᵀ]] t) = [[·, G], [0, e^{−Aᵀt}]], covariance e^{−At} G (Van Loan 1978).
 * Valid for any A (also when no stationary law exists).
 *
 * @param p - the OU process (A, m, Q)
 * @param t - the time, ≥ 0
 * @param x0 - the start point
 * @returns the Gaussian law at time t
 * @throws RangeError for mismatched dimensions, a Q that is not positive semi-definite, or a negative or
 *   non-finite time
 */
export function ouTransition(p: OuProcess, t: number, x0: number[]): GaussianLawNd {
  const { d, m } = check(p);
  if (!(Number.isFinite(t) && t >= 0)) throw new RangeError(`t must be finite and ≥ 0, got ${t}`);
  if (x0.length !== d || x0.some((v) => !Number.isFinite(v)))
    throw new RangeError(`x0 must be ${d} finite numbers`);
  // Van Loan's block exponential grows like e^{‖A‖t}: evaluate it at τ = t/2^k with ‖A‖τ ≤ 1 and double k times,
  // Φ_{2τ} = Φ_τ², C_{2τ} = C_τ + Φ_τ C_τ Φ_τᵀ (the covariance semigroup), which stays accurate for large t.
  const normA = Math.max(...p.A.map((row) => row.reduce((s, v) => s + Math.abs(v), 0)), 1e-300);
  const k = Math.max(0, Math.ceil(Math.log2(normA * t)));
  const tau = t / 2 ** k;
  const At = transpose(p.A);
  const M: Matrix = Array.from({ length: 2 * d }, (_, i) =>
    Array.from({ length: 2 * d }, (_, j) => {
      if (i < d && j < d) return p.A[i]![j]! * tau;
      if (i < d) return p.Q[i]![j - d]! * tau;
      if (j < d) return 0;
      return -At[i - d]![j - d]! * tau;
    }),
  );
  const E = expm(M);
  let phi = transpose(E.slice(d).map((row) => row.slice(d)));
  let C = symmetrize(
    matmul(
      phi,
      E.slice(0, d).map((row) => row.slice(d)),
    ),
  );
  for (let r = 0; r < k; r++) {
    C = symmetrize(axpby(1, C, 1, matmul(matmul(phi, C), transpose(phi))));
    phi = matmul(phi, phi);
  }
  const mean = matvec(
    phi,
    x0.map((v, i) => v - m[i]!),
  ).map((v, i) => v + m[i]!);
  return { mean, covariance: C };
}

/**
 * Stationary law N(m, C) with A C + C Aᵀ = Q. Throws when A is not stable; by Lyapunov's theorem A is stable
 * (every eigenvalue has a positive real part) iff A P + P Aᵀ = I has a positive definite solution P.
 *
 * @param p - the OU process (A, m, Q)
 * @returns the stationary Gaussian law
 * @throws RangeError when A is not stable
 */
export function ouStationary(p: OuProcess): GaussianLawNd {
  const { d, m } = check(p);
  let stable = false;
  try {
    stable = cholesky(lyapunovContinuous(p.A, identity(d))) !== undefined;
  } catch {
    stable = false;
  }
  if (!stable) throw new RangeError('A is not stable (an eigenvalue has real part ≤ 0): no stationary law');
  return { mean: [...m], covariance: lyapunovContinuous(p.A, p.Q) };
}

/**
 * Exact law of the Euler–Maruyama chain after `steps` steps from x0: with M = I − hA, mean m + Mᵏ(x0 − m),
 * covariance Σ_{j<k} Mʲ (hQ) Mʲᵀ (by repeated doubling). `steps = Infinity` gives the stationary law
 * X = M X Mᵀ + hQ (discrete Lyapunov), which differs from the continuous one by O(h).
 *
 * @param p - the OU process (A, m, Q)
 * @param h - the step size
 * @param steps - the number of steps (`Infinity` for the stationary law)
 * @param x0 - the start point (required unless `steps` is `Infinity`)
 * @returns the Gaussian law of the chain
 * @throws RangeError for mismatched dimensions, bad h or steps, or an unstable chain with `steps = Infinity`
 */
export function ouEulerChain(p: OuProcess, h: number, steps: number, x0?: number[]): GaussianLawNd {
  const { d, m } = check(p);
  if (!(Number.isFinite(h) && h > 0)) throw new RangeError(`h must be finite and > 0, got ${h}`);
  const M = axpby(1, identity(d), -h, p.A);
  const hQ = p.Q.map((row) => row.map((v) => v * h));
  if (steps === Number.POSITIVE_INFINITY) return { mean: [...m], covariance: lyapunovDiscrete(M, hQ) };
  if (!(Number.isInteger(steps) && steps >= 0))
    throw new RangeError(`steps must be an integer ≥ 0, got ${steps}`);
  if (!x0 || x0.length !== d) throw new RangeError(`x0 must be ${d} numbers`);
  // (P_k, C_k) = (Mᵏ, Σ_{j<k} Mʲ hQ Mʲᵀ): C_{2k} = C_k + P_k C_k P_kᵀ, C_{k+1} = M C_k Mᵀ + hQ.
  let P = identity(d);
  let C = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (const bit of steps.toString(2)) {
    C = axpby(1, C, 1, matmul(matmul(P, C), transpose(P)));
    P = matmul(P, P);
    if (bit === '1') {
      C = axpby(1, matmul(matmul(M, C), transpose(M)), 1, hQ);
      P = matmul(M, P);
    }
  }
  const mean = matvec(
    P,
    x0.map((v, i) => v - m[i]!),
  ).map((v, i) => v + m[i]!);
  return { mean, covariance: symmetrize(C) };
}
