/** Symmetric eigen-decomposition by cyclic Jacobi rotations (Golub & Van Loan, Alg. 8.5.3), for small d. */

/** Eigenvalues (ascending) and unit eigenvectors (columns: vectors[k] is the k-th eigenvector) of a symmetric matrix. */
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
