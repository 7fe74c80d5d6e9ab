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

// ---- d×d matrices as row-major flat arrays (the layout of the GPU buffers); `toRows` and `flatten` convert.

/** A⁻¹ by Gauss–Jordan elimination with partial pivoting. */
export function flatInverse(a: ArrayLike<number>, d: number): Float64Array {
  const m = Float64Array.from(a);
  const inv = Float64Array.from({ length: d * d }, (_, k) => (k % (d + 1) === 0 ? 1 : 0));
  for (let c = 0; c < d; c++) {
    let p = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(m[r * d + c]!) > Math.abs(m[p * d + c]!)) p = r;
    if (m[p * d + c] === 0) throw new RangeError('singular matrix');
    for (let j = 0; j < d; j++) {
      [m[c * d + j], m[p * d + j]] = [m[p * d + j]!, m[c * d + j]!];
      [inv[c * d + j], inv[p * d + j]] = [inv[p * d + j]!, inv[c * d + j]!];
    }
    const piv = m[c * d + c]!;
    for (let j = 0; j < d; j++) {
      m[c * d + j]! /= piv;
      inv[c * d + j]! /= piv;
    }
    for (let r = 0; r < d; r++) {
      if (r === c) continue;
      const f = m[r * d + c]!;
      if (f === 0) continue;
      for (let j = 0; j < d; j++) {
        m[r * d + j]! -= f * m[c * d + j]!;
        inv[r * d + j]! -= f * inv[c * d + j]!;
      }
    }
  }
  return inv;
}

/** Product of d×d row-major matrices. */
export function flatMatMul(a: ArrayLike<number>, b: ArrayLike<number>, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let l = 0; l < d; l++) s += a[i * d + l]! * b[l * d + j]!;
      out[i * d + j] = s;
    }
  return out;
}

/** log det of a symmetric positive definite matrix (Cholesky). */
export function flatLogDetSpd(a: ArrayLike<number>, d: number): number {
  const l = new Float64Array(d * d);
  let s = 0;
  for (let j = 0; j < d; j++) {
    let v = a[j * d + j]!;
    for (let k = 0; k < j; k++) v -= l[j * d + k]! ** 2;
    if (!(v > 0)) throw new RangeError('matrix is not positive definite');
    l[j * d + j] = Math.sqrt(v);
    s += Math.log(v);
    for (let i = j + 1; i < d; i++) {
      let w = a[i * d + j]!;
      for (let k = 0; k < j; k++) w -= l[i * d + k]! * l[j * d + k]!;
      l[i * d + j] = w / l[j * d + j]!;
    }
  }
  return s;
}

/** tr A. */
export const flatTrace = (a: ArrayLike<number>, d: number) => {
  let s = 0;
  for (let i = 0; i < d; i++) s += a[i * d + i]!;
  return s;
};

/** A v. */
export const flatMatVec = (a: ArrayLike<number>, v: number[], d: number) =>
  Array.from({ length: d }, (_, i) => v.reduce((s, vj, j) => s + a[i * d + j]! * vj, 0));

/**
 * Eigenvalues (ascending) and unit eigenvectors (vectors[k] is the k-th eigenvector) of a symmetric matrix, by
 * cyclic Jacobi rotations (Golub & Van Loan, Alg. 8.5.3), for small d.
 */
export function symmetricEigen(a: ArrayLike<number>, d: number): { values: number[]; vectors: number[][] } {
  const m = Float64Array.from(a);
  const v = Float64Array.from({ length: d * d }, (_, k) => (k % (d + 1) === 0 ? 1 : 0));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += m[p * d + q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = m[p * d + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[q * d + q]! - m[p * d + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const mkp = m[k * d + p]!;
          const mkq = m[k * d + q]!;
          m[k * d + p] = c * mkp - s * mkq;
          m[k * d + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < d; k++) {
          const mpk = m[p * d + k]!;
          const mqk = m[q * d + k]!;
          m[p * d + k] = c * mpk - s * mqk;
          m[q * d + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p]!;
          const vkq = v[k * d + q]!;
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: d }, (_, k) => k).sort((x, y) => m[x * d + x]! - m[y * d + y]!);
  return {
    values: order.map((k) => m[k * d + k]!),
    vectors: order.map((k) => Array.from({ length: d }, (_, i) => v[i * d + k]!)),
  };
}

/** qᵀ A q for a d×d row-major A. */
export function quadraticForm(a: ArrayLike<number>, q: number[]): number {
  const d = q.length;
  let s = 0;
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) s += q[i]! * a[i * d + j]! * q[j]!;
  return s;
}
