/** Small dense float64 linear algebra for model set-up and exact laws (row-major number[][]). */

/** A row-major matrix. */
export type Matrix = number[][];

/** The n × n identity. */
export function identity(n: number): Matrix {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

/** Matrix product A B. */
export function matMul(a: Matrix, b: Matrix): Matrix {
  const m = b[0]?.length ?? 0;
  return a.map((row) =>
    Array.from({ length: m }, (_, j) => row.reduce((acc, v, k) => acc + v * b[k]![j]!, 0)),
  );
}

/** Transpose. */
export function transpose(a: Matrix): Matrix {
  return (a[0] ?? []).map((_, j) => a.map((row) => row[j]!));
}

/** A + s B. */
export function matAdd(a: Matrix, b: Matrix, s = 1): Matrix {
  return a.map((row, i) => row.map((v, j) => v + s * b[i]![j]!));
}

/** s A. */
export function matScale(a: Matrix, s: number): Matrix {
  return a.map((row) => row.map((v) => s * v));
}

/** A v. */
export function matVec(a: Matrix, v: number[]): number[] {
  return a.map((row) => row.reduce((acc, x, k) => acc + x * v[k]!, 0));
}

function norm1(a: Matrix): number {
  let best = 0;
  for (let j = 0; j < (a[0]?.length ?? 0); j++) best = Math.max(best, a.reduce((s, r) => s + Math.abs(r[j]!), 0));
  return best;
}

/**
 * Matrix exponential by scaling and squaring with a degree-18 Taylor polynomial (Higham, Functions of Matrices,
 * 2008, §10.3): A is scaled by 2^-s so that ‖A‖₁ ≤ 1/2, where the truncation error is below 2^-53 (1/2^19/19!).
 */
export function expm(a: Matrix): Matrix {
  const n = a.length;
  const s = Math.max(0, Math.ceil(Math.log2(Math.max(norm1(a), 1e-300) / 0.5)));
  const as = matScale(a, 2 ** -s);
  let term = identity(n);
  let sum = identity(n);
  for (let k = 1; k <= 18; k++) {
    term = matScale(matMul(term, as), 1 / k);
    sum = matAdd(sum, term);
  }
  for (let i = 0; i < s; i++) sum = matMul(sum, sum);
  return sum;
}

/** Lower-triangular L with L Lᵀ = S for symmetric positive semi-definite S (zero pivots give zero columns). */
export function cholesky(s: Matrix): Matrix {
  const n = s.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let acc = s[i]![j]!;
      for (let k = 0; k < j; k++) acc -= l[i]![k]! * l[j]![k]!;
      if (i === j) {
        if (acc < -1e-12 * Math.max(1, Math.abs(s[i]![i]!))) {
          throw new RangeError(`matrix is not positive semi-definite (pivot ${i} is ${acc})`);
        }
        l[i]![i] = Math.sqrt(Math.max(acc, 0));
      } else {
        l[i]![j] = l[j]![j]! > 0 ? acc / l[j]![j]! : 0;
      }
    }
  }
  return l;
}

/**
 * Transition of the linear SDE dX = -A (X - μ) dt + B dW over time t: X_t = μ + E (X_0 - μ) + ξ with
 * E = e^{-At} and ξ ~ N(0, Q), Q = ∫₀ᵗ e^{-As} B Bᵀ e^{-Aᵀs} ds, computed by Van Loan's block exponential
 * (Van Loan, IEEE Trans. Autom. Control 23, 1978): exp([[A, BBᵀ], [0, -Aᵀ]] t) = [[·, F], [0, G]], G = e^{-Aᵀt}, Q = Gᵀ F.
 */
export function ouTransition(a: Matrix, b: Matrix, t: number): { e: Matrix; q: Matrix } {
  const n = a.length;
  const bbt = matMul(b, transpose(b));
  const m: Matrix = Array.from({ length: 2 * n }, () => new Array<number>(2 * n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      m[i]![j] = a[i]![j]! * t;
      m[i]![n + j] = bbt[i]![j]! * t;
      m[n + i]![n + j] = -a[j]![i]! * t;
    }
  }
  const x = expm(m);
  const f = x.slice(0, n).map((r) => r.slice(n));
  const g = x.slice(n).map((r) => r.slice(n));
  const q = matMul(transpose(g), f);
  const sym = q.map((r, i) => r.map((v, j) => 0.5 * (v + q[j]![i]!)));
  return { e: expm(matScale(a, -t)), q: sym };
}
