/**
 * Exact laws and small statistics helpers shared by the SGD experiments (linear-scaling, noise-scale, posterior):
 * a quadratic problem with a diagonal Hessian (so each coordinate is an eigendirection), the exact mean and
 * covariance of the SGD chain after K steps on it, the SDE's closed-form law, Gaussian KL with its sampling bias
 * and standard error, and intervals estimate ± z·SE.
 */
import { flatInverse, flatLogDetSpd, flatMatMul, flatTrace } from '../reference/linalg.js';
import { type Dataset, DatasetError, makeHostRng, quadraticFromRows } from '../sgd/datasets.js';

/**
 * Quadratic problem ℓᵢ(w) = ½ wᵀHw − ξᵢᵀw with H = diag(λ) and ξᵢ,ⱼ = sⱼ zᵢⱼ (zᵢⱼ standard normal, centred in
 * float64 before rounding to float32). The gradient noise ∇ℓᵢ − ∇L = ξ̄ − ξᵢ does not depend on w; its covariance
 * C (`noiseCovariance`) is the float64 covariance of the stored ξᵢ. Same row/param layout as
 * `makeQuadraticDataset`, so the built-in quadratic loss runs it.
 */
export function makeDiagonalQuadraticDataset(o: {
  eigenvalues: number[];
  noiseScales: number[];
  examples: number;
  seed: number;
}): Dataset {
  const d = o.eigenvalues.length;
  const n = o.examples;
  if (o.noiseScales.length !== d) throw new DatasetError('noiseScales must have one value per eigenvalue');
  if (!o.eigenvalues.every((v) => Number.isFinite(v) && v > 0)) {
    throw new DatasetError('eigenvalues must be finite and > 0');
  }
  const rng = makeHostRng(o.seed);
  const raw = new Float64Array(n * d);
  const mean = new Float64Array(d);
  for (let e = 0; e < n; e++) {
    for (let j = 0; j < d; j++) {
      raw[e * d + j] = o.noiseScales[j]! * rng.normal();
      mean[j]! += raw[e * d + j]! / n;
    }
  }
  const rows = new Float32Array(n * d);
  for (let i = 0; i < n * d; i++) rows[i] = raw[i]! - mean[i % d]!;
  const h32 = new Float32Array(d * d);
  for (let j = 0; j < d; j++) h32[j * d + j] = o.eigenvalues[j]!;
  return quadraticFromRows(rows, n, d, h32);
}

/** Mean and covariance (d×d row-major) of a law on R^d. */
export interface GaussianMoments {
  mean: number[];
  cov: Float64Array;
}

/**
 * Exact law of SGD with replacement after K steps on a quadratic problem (∇ℓᵢ = Hw − ξᵢ) from w₀:
 * w ← (I − ηH)w + ηξ̄ + ηζ, Cov ζ = C/B, so m ← (I − ηH)m + ηξ̄ and S ← (I − ηH)S(I − ηH)ᵀ + η²C/B.
 */
export function quadraticChainMoments(
  dataset: Dataset,
  o: { lr: number; batch: number; steps: number; w0: number[] },
): GaussianMoments {
  const d = dataset.dim;
  const H = dataset.hessian!;
  const C = dataset.noiseCovariance!;
  const xi = dataset.noiseMean!;
  const A = Float64Array.from({ length: d * d }, (_, k) => (k % (d + 1) === 0 ? 1 : 0) - o.lr * H[k]!);
  let m = o.w0.slice();
  let S = new Float64Array(d * d);
  const q = (o.lr * o.lr) / o.batch;
  for (let k = 0; k < o.steps; k++) {
    const m2 = new Array<number>(d).fill(0);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) m2[i]! += A[i * d + j]! * m[j]!;
      m2[i]! += o.lr * xi[i]!;
    }
    m = m2;
    const AS = flatMatMul(A, S, d);
    const next = new Float64Array(d * d);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let l = 0; l < d; l++) s += AS[i * d + l]! * A[j * d + l]!;
        next[i * d + j] = s + q * C[i * d + j]!;
      }
    S = next;
  }
  return { mean: m, cov: S };
}

/**
 * Law at time t of the SGD-SDE dW = −(HW − ξ̄)dt + √(ηC/B) dB_t for a diagonal H, from w₀: mean
 * w* + e^{−λᵢt}(w₀ − w*)ᵢ, covariance (η/B)Cᵢⱼ(1 − e^{−(λᵢ+λⱼ)t})/(λᵢ + λⱼ).
 */
export function diagonalSdeMoments(
  dataset: Dataset,
  o: { lr: number; batch: number; time: number; w0: number[] },
): GaussianMoments {
  const d = dataset.dim;
  const H = dataset.hessian!;
  const C = dataset.noiseCovariance!;
  const xi = dataset.noiseMean!;
  const lam = Array.from({ length: d }, (_, i) => H[i * d + i]!);
  const mean = lam.map((l, i) => {
    const star = xi[i]! / l;
    return star + Math.exp(-l * o.time) * (o.w0[i]! - star);
  });
  const cov = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      const s = lam[i]! + lam[j]!;
      cov[i * d + j] = ((o.lr / o.batch) * C[i * d + j]! * (1 - Math.exp(-s * o.time))) / s;
    }
  return { mean, cov };
}

/** E L(w) = ½ tr(HS) + ½ mᵀHm − ξ̄ᵀm for w with mean m and covariance S on the quadratic problem. */
export function quadraticExpectedLoss(dataset: Dataset, law: GaussianMoments): number {
  const d = dataset.dim;
  const H = dataset.hessian!;
  const xi = dataset.noiseMean!;
  let s = 0;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++)
      s += 0.5 * H[i * d + j]! * (law.cov[j * d + i]! + law.mean[i]! * law.mean[j]!);
    s -= xi[i]! * law.mean[i]!;
  }
  return s;
}

/** Interval estimate ± z·se. */
export const interval = (estimate: number, se: number, z: number): [number, number] => [
  estimate - z * se,
  estimate + z * se,
];

/** Ratio a/b of independent estimates with its delta-method standard error. */
export function ratioWithSE(a: number, seA: number, b: number, seB: number): { ratio: number; se: number } {
  const ratio = a / b;
  return { ratio, se: Math.abs(ratio) * Math.sqrt((seA / a) ** 2 + (seB / b) ** 2) };
}

/** KL(N(m, S) ‖ N(μ, Σ)) = ½[tr(Σ⁻¹S) − d + (μ − m)ᵀΣ⁻¹(μ − m) − ln det(Σ⁻¹S)]. */
export function gaussianKl(p: GaussianMoments, q: GaussianMoments): number {
  const d = p.mean.length;
  const qi = flatInverse(q.cov, d);
  const dm = p.mean.map((v, i) => q.mean[i]! - v);
  let maha = 0;
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) maha += dm[i]! * qi[i * d + j]! * dm[j]!;
  return (
    0.5 *
    (flatTrace(flatMatMul(qi, p.cov, d), d) - d + maha - flatLogDetSpd(p.cov, d) + flatLogDetSpd(q.cov, d))
  );
}

/**
 * KL(N(m̂, Ŝ) ‖ N(μ, Σ)) from the sample mean and covariance of P independent particles, with its sampling bias
 * removed and a standard error. For a Gaussian sample, E ln det Ŝ = ln det S − d(d+1)/(2(P−1)) + O(P⁻²) and
 * E(m̂ − μ)ᵀΣ⁻¹(m̂ − μ) = (m − μ)ᵀΣ⁻¹(m − μ) + tr(Σ⁻¹S)/P, so the plug-in KL is biased upward by
 * d(d+1)/(4(P−1)) + tr(Σ⁻¹Ŝ)/(2P). SE: the delta method (gradient ½(Σ⁻¹ − Ŝ⁻¹) in Ŝ, Var tr(GŜ) = 2tr(GSGS)/(P−1);
 * gradient Σ⁻¹(m̂ − μ) in m̂) added in quadrature to the spread of the null (χ²) term, √(d(d+1)/2 + d)/(2P)·√2,
 * which dominates when the two laws are equal (the delta terms' own null expectation is subtracted so that it is
 * not counted twice; the clipping at 0 leaves the SE about 20% conservative at equal laws; checked by simulation
 * in test/node/experiments-sgd-claims.test.ts). With `covarianceOnly`
 * the mean terms are left out.
 */
export function gaussianKlEstimate(
  sampleIn: GaussianMoments,
  particles: number,
  target: GaussianMoments,
  o: { covarianceOnly?: boolean } = {},
): { kl: number; plugIn: number; bias: number; se: number } {
  const d = sampleIn.mean.length;
  const P = particles;
  // covarianceOnly: KL(N(μ, Ŝ) ‖ N(μ, Σ)), the covariance part alone (the sample mean is not used).
  const sample = o.covarianceOnly ? { mean: target.mean, cov: sampleIn.cov } : sampleIn;
  const plugIn = gaussianKl(sample, target);
  const qi = flatInverse(target.cov, d);
  const qiS = flatMatMul(qi, sample.cov, d);
  const bias = (d * (d + 1)) / (4 * (P - 1)) + (o.covarianceOnly ? 0 : flatTrace(qiS, d) / (2 * P));
  const si = flatInverse(sample.cov, d);
  const G = Float64Array.from(qi, (v, k) => 0.5 * (v - si[k]!));
  const GS = flatMatMul(G, sample.cov, d);
  const varCov = (2 * flatTrace(flatMatMul(GS, GS, d), d)) / (P - 1);
  const g = new Array<number>(d).fill(0);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) g[i]! += qi[i * d + j]! * (sample.mean[j]! - target.mean[j]!);
  let varMean = 0;
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) varMean += (g[i]! * sample.cov[i * d + j]! * g[j]!) / P;
  const dof = (d * (d + 1)) / 2 + (o.covarianceOnly ? 0 : d);
  const nullVar = (2 * dof) / (4 * P * P);
  // At equal laws the plug-in gradients are themselves O(P^{-1/2}) noise and the delta terms average
  // d(d+1)/(2P²) and d/P², the same fluctuation as the null term: remove that expected part so it is not counted
  // twice (negligible when the laws differ by more than the noise).
  const cov = Math.max(0, varCov - (d * (d + 1)) / (2 * P * P));
  const mean = o.covarianceOnly ? 0 : Math.max(0, varMean - d / (P * P));
  return { kl: plugIn - bias, plugIn, bias, se: Math.sqrt(cov + mean + nullVar) };
}
