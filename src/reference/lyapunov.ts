/**
 * Lyapunov equations: continuous A X + X Aᵀ = Q (stationary covariance of dX = −A X dt + B dW with Q = B Bᵀ) and
 * discrete X = M X Mᵀ + Q (stationary covariance of X_{k+1} = M X_k + ξ_k, Cov ξ = Q). Solved through their
 * Kronecker form (d² unknowns, O(d⁶) work): exact to round-off and fine for the d ≤ 40 met in tests and demos.
 */
import { checkSquare, type Matrix, solve, symmetrize } from './linalg.js';

const MAX_DIM = 40;

function kroneckerSolve(d: number, entry: (i: number, j: number, k: number, l: number) => number, q: Matrix) {
  const n = d * d;
  const K = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++)
      for (let k = 0; k < d; k++) for (let l = 0; l < d; l++) K[i * d + j]![k * d + l] = entry(i, j, k, l);
  const rhs = Array.from({ length: n }, (_, r) => [q[Math.floor(r / d)]![r % d]!]);
  const x = solve(K, rhs);
  return symmetrize(
    Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => x[i * d + j]![0]!)),
  );
}

function checkPair(a: Matrix, q: Matrix, what: string): number {
  const d = checkSquare(a, what);
  checkSquare(q, 'Q', d);
  if (d > MAX_DIM) throw new RangeError(`Lyapunov solver supports d ≤ ${MAX_DIM} (Kronecker form), got ${d}`);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < i; j++) {
      if (Math.abs(q[i]![j]! - q[j]![i]!) > 1e-12 * (Math.abs(q[i]![j]!) + Math.abs(q[j]![i]!))) {
        throw new RangeError(
          `Q must be symmetric: Q[${i}][${j}] = ${q[i]![j]} ≠ Q[${j}][${i}] = ${q[j]![i]}`,
        );
      }
    }
  return d;
}

/**
 * Solves A X + X Aᵀ = Q; throws when A has eigenvalues λ_i + λ_j = 0 (no unique solution).
 *
 * @param a - the square matrix A
 * @param q - the right-hand side Q (same size)
 * @returns the solution X
 * @throws RangeError for a dimension above the solver's limit or when the solution is not unique
 */
export function lyapunovContinuous(a: Matrix, q: Matrix): Matrix {
  const d = checkPair(a, q, 'A');
  try {
    return kroneckerSolve(d, (i, j, k, l) => (j === l ? a[i]![k]! : 0) + (i === k ? a[j]![l]! : 0), q);
  } catch (e) {
    throw new RangeError(
      `A X + X Aᵀ = Q has no unique solution (A has eigenvalues with λ_i + λ_j = 0): ${e}`,
    );
  }
}

/**
 * Solves X = M X Mᵀ + Q; throws when M has eigenvalues with λ_i λ_j = 1 (no unique solution).
 *
 * @param m - the square matrix M
 * @param q - the right-hand side Q (same size)
 * @returns the solution X
 * @throws RangeError for a dimension above the solver's limit or when the solution is not unique
 */
export function lyapunovDiscrete(m: Matrix, q: Matrix): Matrix {
  const d = checkPair(m, q, 'M');
  try {
    return kroneckerSolve(d, (i, j, k, l) => (i === k && j === l ? 1 : 0) - m[i]![k]! * m[j]![l]!, q);
  } catch (e) {
    throw new RangeError(`X = M X Mᵀ + Q has no unique solution (M has eigenvalues with λ_i λ_j = 1): ${e}`);
  }
}
