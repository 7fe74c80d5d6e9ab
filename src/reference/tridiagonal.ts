/**
 * Tridiagonal systems (Thomas algorithm) for the implicit Fokker–Planck steps. The matrices met here are
 * M-matrices with non-negative column sums of the off-diagonal magnitudes bounded by the diagonal (column
 * diagonally dominant), for which elimination without pivoting is stable (Higham, Accuracy and Stability of
 * Numerical Algorithms, §9.5).
 */

/** A factorised tridiagonal matrix: forward-elimination multipliers and pivots, reusable for many right sides. */
export interface TridiagonalFactor {
  readonly n: number;
  /** Sub-diagonal a[i] (row i, column i−1; a[0] unused). */
  readonly lower: Float64Array;
  /** 1 / pivot of row i after elimination. */
  readonly invPivot: Float64Array;
  /** Upper diagonal divided by the pivot: c[i] / pivot[i]. */
  readonly upperScaled: Float64Array;
}

/** Factorises the tridiagonal matrix with sub-diagonal `a`, diagonal `b`, super-diagonal `c` (length n each). */
export function factorTridiagonal(a: Float64Array, b: Float64Array, c: Float64Array): TridiagonalFactor {
  const n = b.length;
  const invPivot = new Float64Array(n);
  const upperScaled = new Float64Array(n);
  let prevUpper = 0;
  for (let i = 0; i < n; i++) {
    const pivot = b[i]! - (i > 0 ? a[i]! * prevUpper : 0);
    if (!(Math.abs(pivot) > 0) || !Number.isFinite(pivot)) {
      throw new RangeError(`tridiagonal matrix is singular at row ${i} (pivot ${pivot})`);
    }
    invPivot[i] = 1 / pivot;
    upperScaled[i] = c[i]! / pivot;
    prevUpper = upperScaled[i]!;
  }
  return { n, lower: a, invPivot, upperScaled };
}

/**
 * Solves in place the factorised system for the strided right side x[off + k·stride], k = 0..n−1 (strided so that
 * the rows and the columns of a 2-D grid can be solved without copies).
 */
export function solveTridiagonal(f: TridiagonalFactor, x: Float64Array, off = 0, stride = 1): void {
  const { n, lower, invPivot, upperScaled } = f;
  let prev = x[off]! * invPivot[0]!;
  x[off] = prev;
  for (let i = 1, k = off + stride; i < n; i++, k += stride) {
    prev = (x[k]! - lower[i]! * prev) * invPivot[i]!;
    x[k] = prev;
  }
  let next = x[off + (n - 1) * stride]!;
  for (let i = n - 2, k = off + (n - 2) * stride; i >= 0; i--, k -= stride) {
    next = x[k]! - upperScaled[i]! * next;
    x[k] = next;
  }
}
