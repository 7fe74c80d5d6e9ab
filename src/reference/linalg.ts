/** Small dense float64 linear algebra for the closed-form laws (matrices as arrays of rows). */

/** A dense matrix as an array of rows. */
export type Matrix = number[][];

/** Checks that `m` is a finite n×n matrix (n given or taken from m) and returns n. */
export function checkSquare(m: Matrix, name: string, n?: number): number {
  if (!Array.isArray(m) || m.length === 0) throw new RangeError(`${name} must be a non-empty square matrix`);
  const d = n ?? m.length;
  if (m.length !== d) throw new RangeError(`${name} must be ${d}×${d}, got ${m.length} rows`);
  for (const [i, row] of m.entries()) {
    if (!Array.isArray(row) || row.length !== d)
      throw new RangeError(`${name} row ${i} must have ${d} entries`);
    for (const v of row) if (!Number.isFinite(v)) throw new RangeError(`${name} has a non-finite entry ${v}`);
  }
  return d;
}

/** n×n identity. */
export function identity(n: number): Matrix {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

/** A B. */
export function matmul(a: Matrix, b: Matrix): Matrix {
  const n = a.length;
  const m = b[0]!.length;
  const k = b.length;
  const c = Array.from({ length: n }, () => new Array<number>(m).fill(0));
  for (let i = 0; i < n; i++) {
    const ai = a[i]!;
    const ci = c[i]!;
    for (let l = 0; l < k; l++) {
      const v = ai[l]!;
      if (v === 0) continue;
      const bl = b[l]!;
      for (let j = 0; j < m; j++) ci[j] = ci[j]! + v * bl[j]!;
    }
  }
  return c;
}

/** A v. */
export function matvec(a: Matrix, v: number[]): number[] {
  return a.map((row) => row.reduce((s, x, j) => s + x * v[j]!, 0));
}

/** Aᵀ. */
export function transpose(a: Matrix): Matrix {
  return a[0]!.map((_, j) => a.map((row) => row[j]!));
}

/** α A + β B. */
export function axpby(alpha: number, a: Matrix, beta: number, b: Matrix): Matrix {
  return a.map((row, i) => row.map((v, j) => alpha * v + beta * b[i]![j]!));
}

/** (A + Aᵀ)/2. */
export function symmetrize(a: Matrix): Matrix {
  return a.map((row, i) => row.map((v, j) => 0.5 * (v + a[j]![i]!)));
}

/** Solves A X = B (B with any number of columns) by Gaussian elimination with partial pivoting. */
export function solve(a: Matrix, b: Matrix): Matrix {
  const n = a.length;
  const m = b[0]!.length;
  const A = a.map((r) => [...r]);
  const B = b.map((r) => [...r]);
  let norm = 0;
  for (const r of A)
    norm = Math.max(
      norm,
      r.reduce((s, v) => s + Math.abs(v), 0),
    );
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(A[i]![k]!) > Math.abs(A[p]![k]!)) p = i;
    if (!(Math.abs(A[p]![k]!) > 1e-14 * norm))
      throw new RangeError('matrix is singular to working precision');
    [A[k], A[p]] = [A[p]!, A[k]!];
    [B[k], B[p]] = [B[p]!, B[k]!];
    const ak = A[k]!;
    const bk = B[k]!;
    for (let i = k + 1; i < n; i++) {
      const ai = A[i]!;
      const f = ai[k]! / ak[k]!;
      if (f === 0) continue;
      for (let j = k; j < n; j++) ai[j] = ai[j]! - f * ak[j]!;
      const bi = B[i]!;
      for (let j = 0; j < m; j++) bi[j] = bi[j]! - f * bk[j]!;
    }
  }
  for (let k = n - 1; k >= 0; k--) {
    const bk = B[k]!;
    for (let i = k + 1; i < n; i++) {
      const f = A[k]![i]!;
      const bi = B[i]!;
      for (let j = 0; j < m; j++) bk[j] = bk[j]! - f * bi[j]!;
    }
    for (let j = 0; j < m; j++) bk[j] = bk[j]! / A[k]![k]!;
  }
  return B;
}

/** Cholesky factor L (lower, L Lᵀ = A) or undefined when A is not positive definite. */
export function cholesky(a: Matrix): Matrix | undefined {
  const n = a.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let s = a[j]![j]!;
    for (let k = 0; k < j; k++) s -= l[j]![k]! ** 2;
    if (!(s > 0)) return undefined;
    l[j]![j] = Math.sqrt(s);
    for (let i = j + 1; i < n; i++) {
      let t = a[i]![j]!;
      for (let k = 0; k < j; k++) t -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = t / l[j]![j]!;
    }
  }
  return l;
}

/**
 * Lower-triangular Cholesky factor L (L Lᵀ = S) of a symmetric positive semi-definite d×d matrix S, row-major flat
 * in and out (float64). PSD rule, with scale = max_i S_ii: a pivot p ≤ 1e-12·scale is taken as zero and its column
 * of L is zero, so semidefinite matrices (degenerate noise covariances, rank-deficient gradient covariances) factor;
 * a pivot p < −1e-6·scale means S is indefinite beyond the rounding of its entries (float32 GPU sums carry relative
 * errors near 1e-7) and throws a RangeError naming `name` and the pivot. Only the lower triangle of S is read.
 */
export function choleskyPsd(s: ArrayLike<number>, d: number, name = 'matrix'): Float64Array {
  if (s.length !== d * d) throw new RangeError(`${name} must have ${d}×${d} entries, got ${s.length}`);
  const l = new Float64Array(d * d);
  let scale = 0;
  for (let i = 0; i < d; i++) scale = Math.max(scale, s[i * d + i]!);
  for (let j = 0; j < d; j++) {
    let p = s[j * d + j]!;
    for (let k = 0; k < j; k++) p -= l[j * d + k]! ** 2;
    if (p < -1e-6 * scale || Number.isNaN(p)) {
      throw new RangeError(
        `${name} is not positive semi-definite (Cholesky pivot ${j} is ${p}, scale ${scale})`,
      );
    }
    if (p <= 1e-12 * scale) continue;
    const ljj = Math.sqrt(p);
    l[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let t = s[i * d + j]!;
      for (let k = 0; k < j; k++) t -= l[i * d + k]! * l[j * d + k]!;
      l[i * d + j] = t / ljj;
    }
  }
  return l;
}

/** {@link choleskyPsd} on a matrix as an array of rows. */
export function choleskyPsdRows(s: Matrix, name = 'matrix'): Matrix {
  const d = s.length;
  const l = choleskyPsd(flatten(s), d, name);
  return Array.from({ length: d }, (_, i) => Array.from(l.subarray(i * d, (i + 1) * d)));
}

/** Row-major flat copy of a matrix given as rows. */
export function flatten(m: Matrix): Float64Array {
  return Float64Array.from(m.flat());
}

/** The d×d matrix of a row-major flat array, as rows (`name` in the error when the length is not d²). */
export function toRows(a: ArrayLike<number>, d: number, name = 'matrix'): Matrix {
  if (!(Number.isInteger(d) && d >= 1)) throw new RangeError(`d must be a positive integer, got ${d}`);
  if (a.length !== d * d) throw new RangeError(`${name} must have ${d * d} entries, got ${a.length}`);
  return Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => a[i * d + j]!));
}

// Padé [13/13] coefficients of exp (Higham 2005, "The scaling and squaring method for the matrix exponential
// revisited", SIAM J. Matrix Anal. Appl. 26(4)), with θ13 = 5.371920351148152.
const B13 = [
  64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000, 10559470521600,
  670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1,
];
const THETA13 = 5.371920351148152;

/** Matrix exponential e^A by scaling and squaring with the [13/13] Padé approximant (Higham 2005). */
export function expm(a: Matrix): Matrix {
  const n = checkSquare(a, 'A');
  const norm1 = Math.max(...a[0]!.map((_, j) => a.reduce((s, row) => s + Math.abs(row[j]!), 0)));
  const s = norm1 > THETA13 ? Math.ceil(Math.log2(norm1 / THETA13)) : 0;
  const A = a.map((row) => row.map((v) => v / 2 ** s));
  const I = identity(n);
  const A2 = matmul(A, A);
  const A4 = matmul(A2, A2);
  const A6 = matmul(A4, A2);
  const b = B13;
  const lin = (c: number[], ms: Matrix[]) =>
    ms[0]!.map((row, i) => row.map((_, j) => ms.reduce((acc, m, k) => acc + c[k]! * m[i]![j]!, 0)));
  const u1 = lin([b[13]!, b[11]!, b[9]!], [A6, A4, A2]);
  const u2 = lin([1, b[7]!, b[5]!, b[3]!, b[1]!], [matmul(A6, u1), A6, A4, A2, I]);
  const U = matmul(A, u2);
  const v1 = lin([b[12]!, b[10]!, b[8]!], [A6, A4, A2]);
  const V = lin([1, b[6]!, b[4]!, b[2]!, b[0]!], [matmul(A6, v1), A6, A4, A2, I]);
  let R = solve(axpby(1, V, -1, U), axpby(1, V, 1, U));
  for (let k = 0; k < s; k++) R = matmul(R, R);
  return R;
}
