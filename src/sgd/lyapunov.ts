/**
 * Small dense Lyapunov solvers (float64, d ≤ 24) for the exact stationary laws of linear SGD and its SDE:
 *   discrete   S = A S Aᵀ + Q      (stationary covariance of w ← A w + ζ, Cov ζ = Q; needs ρ(A) < 1),
 *   continuous A S + S Aᵀ = Q      (with A = H, Q = (η/B) C: stationary covariance of dW = −HW dt + sqrt(ηC/B) dB).
 * Both are solved by vectorisation, (I − A⊗A) vec S = vec Q and (I⊗A + A⊗I) vec S = vec Q, with Gaussian
 * elimination and partial pivoting; matrices are row-major.
 */

/** Solves the dense n×n system M x = b in place (partial pivoting); throws if M is singular to working precision. */
function solveDense(m: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]!) > Math.abs(m[piv * n + c]!)) piv = r;
    if (!(Math.abs(m[piv * n + c]!) > 1e-300)) throw new RangeError('Lyapunov operator is singular');
    if (piv !== c) {
      for (let k = 0; k < n; k++) [m[c * n + k], m[piv * n + k]] = [m[piv * n + k]!, m[c * n + k]!];
      [b[c], b[piv]] = [b[piv]!, b[c]!];
    }
    const inv = 1 / m[c * n + c]!;
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c]! * inv;
      if (f === 0) continue;
      for (let k = c; k < n; k++) m[r * n + k]! -= f * m[c * n + k]!;
      b[r]! -= f * b[c]!;
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let k = r + 1; k < n; k++) s -= m[r * n + k]! * x[k]!;
    x[r] = s / m[r * n + r]!;
  }
  return x;
}

function checkSquare(name: string, a: ArrayLike<number>, d: number): void {
  if (!(Number.isInteger(d) && d >= 1 && d <= 24)) throw new RangeError(`d must be in [1, 24], got ${d}`);
  if (a.length !== d * d) throw new RangeError(`${name} must have ${d * d} entries, got ${a.length}`);
}

/** S with S = A S Aᵀ + Q (d×d, row-major). */
export function lyapunovDiscrete(a: ArrayLike<number>, q: ArrayLike<number>, d: number): Float64Array {
  checkSquare('A', a, d);
  checkSquare('Q', q, d);
  const n = d * d;
  const m = new Float64Array(n * n);
  // Row (i, j) of vec(A S Aᵀ): Σ_{k,l} A_ik A_jl S_kl.
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const r = i * d + j;
      m[r * n + r] = 1;
      for (let k = 0; k < d; k++)
        for (let l = 0; l < d; l++) m[r * n + k * d + l]! -= a[i * d + k]! * a[j * d + l]!;
    }
  }
  return symmetrise(solveDense(m, Float64Array.from(q), n), d);
}

/** S with A S + S Aᵀ = Q (d×d, row-major). */
export function lyapunovContinuous(a: ArrayLike<number>, q: ArrayLike<number>, d: number): Float64Array {
  checkSquare('A', a, d);
  checkSquare('Q', q, d);
  const n = d * d;
  const m = new Float64Array(n * n);
  // Row (i, j): Σ_k A_ik S_kj + Σ_l S_il A_jl.
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const r = i * d + j;
      for (let k = 0; k < d; k++) m[r * n + k * d + j]! += a[i * d + k]!;
      for (let l = 0; l < d; l++) m[r * n + i * d + l]! += a[j * d + l]!;
    }
  }
  return symmetrise(solveDense(m, Float64Array.from(q), n), d);
}

function symmetrise(s: Float64Array, d: number): Float64Array {
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (s[i * d + j]! + s[j * d + i]!);
      s[i * d + j] = v;
      s[j * d + i] = v;
    }
  }
  return s;
}

/**
 * Exact stationary covariance of SGD with replacement on the quadratic problem: w ← (I − ηH) w + η ζ with
 * Cov ζ = C/B, so S = (I − ηH) S (I − ηH)ᵀ + η² C / B.
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

/** Stationary covariance of the SGD-SDE on the quadratic problem: H S + S H = (η/B) C. */
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
