/**
 * SGD particles and SGD-SDE particles on Dawn (SwiftShader without a GPU), checked against exact laws:
 *  - quadratic problem, with replacement: stationary covariance = discrete Lyapunov solution (5 SE per entry);
 *  - SDE particles (stochastic Heun, h·λ_max ≤ 0.1): continuous Lyapunov solution HS + SH = (η/B)C (5 SE);
 *  - the SGD–SDE distance is O(η) over η = 0.05, 0.1, 0.2, 0.4 (log–log slope);
 *  - Gaussian-noise GD, the modified-equation SDE, SVAG (distance to the SDE law decreasing in l);
 *  - without replacement: every example exactly once per epoch per particle (GPU count buffer);
 *  - Σ(w), ∇L, L on the GPU vs float64 on the host; per-step Σ(w) + in-kernel Cholesky = fixed factor.
 * Every comparison uses standard errors from the sample's fourth moments (src/sgd/ensemble-stats.ts).
 */
import { describe, expect } from 'vitest';
import {
  type Dataset,
  makeLinregDataset,
  makeLogregDataset,
  makeNonconvex2dDataset,
  makeQuadraticDataset,
} from '../../src/sgd/datasets.js';
import { type EnsembleResult, runSde, runSgd } from '../../src/sgd/ensemble.js';
import { createGpuDataset } from '../../src/sgd/gpu-dataset.js';
import {
  lyapunovContinuous,
  sdeStationaryCovariance,
  sgdStationaryCovariance,
} from '../../src/sgd/lyapunov.js';
import { probeDataset } from '../../src/sgd/probe.js';
import { gpuIt, useGpu } from '../shared/gpu.js';

const D = 4;
const B = 4;
// Distinct eigenvalues; λ_min = 1 so that t = 5 leaves a relative transient below e^{-10} in the covariance.
const quad = makeQuadraticDataset({ examples: 256, dim: D, eigenvalues: [1, 1.4, 1.8, 2.4], seed: 7 });
const H = quad.hessian!;
const C = quad.noiseCovariance!;
const LAMBDA_MAX = 2.4;
const T_EQ = 5;

/** Largest |z| = |measured − exact| / SE over the covariance entries (lower triangle). */
function maxZ(r: EnsembleResult, exact: ArrayLike<number>): number {
  let z = 0;
  for (let a = 0; a < D; a++)
    for (let b = 0; b <= a; b++) {
      const k = a * D + b;
      z = Math.max(z, Math.abs(r.moments.covariance[k]! - exact[k]!) / r.moments.covarianceSE[k]!);
    }
  return z;
}

function frob(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! ** 2;
  return Math.sqrt(s);
}

/**
 * ||Ŝ − S||_F / ||ref||_F with the sampling noise removed: E||Ŝ − S||² = ||E Ŝ − S||² + Σ SE², so the squared
 * distance minus the summed squared SEs is unbiased (floored at 0).
 */
function debiasedDistance(
  a: EnsembleResult,
  b: EnsembleResult | ArrayLike<number>,
  ref: ArrayLike<number>,
): number {
  let s = 0;
  const bm = 'moments' in b ? b.moments.covariance : b;
  for (let k = 0; k < D * D; k++) {
    s += (a.moments.covariance[k]! - bm[k]!) ** 2 - a.moments.covarianceSE[k]! ** 2;
    if ('moments' in b) s -= b.moments.covarianceSE[k]! ** 2;
  }
  return Math.sqrt(Math.max(0, s)) / frob(ref);
}

/** Least-squares slope of log y on log x. */
function logSlope(x: number[], y: number[]): number {
  const lx = x.map(Math.log);
  const ly = y.map(Math.log);
  const mx = lx.reduce((s, v) => s + v, 0) / lx.length;
  const my = ly.reduce((s, v) => s + v, 0) / ly.length;
  let num = 0;
  let den = 0;
  lx.forEach((v, i) => {
    num += (v - mx) * (ly[i]! - my);
    den += (v - mx) ** 2;
  });
  return num / den;
}

/** Standard error of the least-squares slope of log y on log x given the SEs of log y. */
function logSlopeSE(x: number[], seLogY: number[]): number {
  const lx = x.map(Math.log);
  const mx = lx.reduce((s, v) => s + v, 0) / lx.length;
  const den = lx.reduce((s, v) => s + (v - mx) ** 2, 0);
  return Math.sqrt(lx.reduce((s, v, i) => s + (v - mx) ** 2 * seLogY[i]! ** 2, 0)) / den;
}

/** tr(A S) for d×d row-major matrices. */
function traceProduct(a: ArrayLike<number>, s: ArrayLike<number>): number {
  let t = 0;
  for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) t += a[i * D + j]! * s[j * D + i]!;
  return t;
}

/** Exact covariance of SGD with replacement after K steps from w0 = 0: S_{k+1} = A S_k Aᵀ + η²C/B, A = I − ηH. */
function sgdTransientCovariance(lr: number, steps: number): Float64Array {
  let s = new Float64Array(D * D);
  const a = Float64Array.from({ length: D * D }, (_, k) => (k % (D + 1) === 0 ? 1 : 0) - lr * H[k]!);
  for (let k = 0; k < steps; k++) {
    const next = Float64Array.from(C, (v) => (lr * lr * v) / B);
    for (let i = 0; i < D; i++)
      for (let j = 0; j < D; j++)
        for (let m = 0; m < D; m++)
          for (let l = 0; l < D; l++) next[i * D + j]! += a[i * D + m]! * s[m * D + l]! * a[j * D + l]!;
    s = next;
  }
  return s;
}

describe('SGD and SGD-SDE particles on the quadratic problem', () => {
  const gpu = useGpu();

  gpuIt(
    'SGD (with replacement) = discrete Lyapunov, SDE = continuous Lyapunov, SGD − SDE = O(η)',
    gpu,
    async (ctx) => {
      const P = 2 ** 14;
      const etas = [0.05, 0.1, 0.2, 0.4];
      const dist: number[] = [];
      const delta: number[] = [];
      const deltaSE: number[] = [];
      const exactDelta: number[] = [];
      const rows: string[] = [];
      for (const [i, lr] of etas.entries()) {
        const steps = Math.round(T_EQ / lr);
        const substeps = Math.ceil((lr * LAMBDA_MAX) / 0.1 - 1e-9);
        const sgd = await runSgd(ctx, {
          dataset: quad,
          lr,
          batch: B,
          steps,
          particles: P,
          seed: 11 + i,
          sampling: 'with',
        });
        const sde = await runSde(ctx, {
          dataset: quad,
          lr,
          batch: B,
          steps,
          particles: P,
          seed: 21 + i,
          substeps,
        });
        const sDisc = sgdStationaryCovariance(H, C, D, lr, B);
        const sCont = sdeStationaryCovariance(H, C, D, lr, B);
        // The transient left from w0 = 0 (exact, by iterating the recursion) is far below the standard errors.
        const sK = sgdTransientCovariance(lr, steps);
        sK.forEach((v, k) => {
          expect(Math.abs(v - sDisc[k]!)).toBeLessThan(0.1 * sgd.moments.covarianceSE[k]!);
        });
        const zSgd = maxZ(sgd, sDisc);
        const zSde = maxZ(sde, sCont);
        expect(sgd.moments.nonFinite + sde.moments.nonFinite).toBe(0);
        expect(zSgd).toBeLessThanOrEqual(5);
        expect(zSde).toBeLessThanOrEqual(5);
        // Means: E w = H⁻¹ξ̄ ≈ 0 at stationarity for both.
        for (let a = 0; a < D; a++) {
          expect(Math.abs(sgd.moments.mean[a]!)).toBeLessThanOrEqual(5 * sgd.moments.meanSE[a]!);
          expect(Math.abs(sde.moments.mean[a]!)).toBeLessThanOrEqual(5 * sde.moments.meanSE[a]!);
        }
        const sdiff = Float64Array.from(sDisc, (v, k) => v - sCont[k]!);
        dist.push(debiasedDistance(sgd, sde, sCont));
        const lossC = 0.5 * traceProduct(H, sCont);
        delta.push((sgd.loss.mean - sde.loss.mean) / lossC);
        deltaSE.push(Math.hypot(sgd.loss.meanSE, sde.loss.meanSE) / lossC);
        exactDelta.push((0.5 * traceProduct(H, sDisc) - lossC) / lossC);
        rows.push(
          `η=${lr} K=${steps} m=${substeps}: max z SGD vs discrete ${zSgd.toFixed(2)}, SDE vs continuous ${zSde.toFixed(2)}, ` +
            `loss δ=${delta[i]!.toFixed(4)} ± ${deltaSE[i]!.toFixed(4)} (exact ${exactDelta[i]!.toFixed(4)}), ` +
            `D_F(SGD,SDE)=${dist[i]!.toFixed(4)} (exact ${(frob(sdiff) / frob(sCont)).toFixed(4)}), ` +
            `${(sgd.exampleGradientsPerSecond / 1e6).toFixed(2)} M example-gradients/s`,
        );
      }
      // O(η) in the stationary mean loss E L(w) = ½ tr(H S) (+ a ξ̄ term that cancels): the relative difference
      // δ(η) = (E L_SGD − E L_SDE) / E L_SDE is ≈ η tr(H² C)/(2 tr(H C))·… → ∝ η as η → 0. Its SE comes from the
      // loss sample of each ensemble (per-particle values, so correlations between coordinates are included).
      const slope = logSlope(etas, delta);
      const exactSlope = logSlope(etas, exactDelta);
      const slopeSE = logSlopeSE(
        etas,
        delta.map((v, i) => deltaSE[i]! / v),
      );
      console.log(
        `${rows.join('\n')}\nslope of log δ on log η: measured ${slope.toFixed(3)} ± ${slopeSE.toFixed(3)}, ` +
          `exact ${exactSlope.toFixed(3)}`,
      );
      delta.forEach((v, i) => {
        expect(Math.abs(v - exactDelta[i]!)).toBeLessThanOrEqual(5 * deltaSE[i]!);
      });
      // O(η): slope 1 plus the O(η²) curvature the exact laws show at ηλ ≈ 1; measured = exact within 5 SE.
      expect(exactSlope).toBeGreaterThan(0.9);
      expect(exactSlope).toBeLessThan(1.3);
      expect(Math.abs(slope - exactSlope)).toBeLessThanOrEqual(5 * slopeSE);
    },
  );

  gpuIt(
    'Gaussian-noise GD with matched covariance has the discrete Lyapunov law (5 SE)',
    gpu,
    async (ctx) => {
      const lr = 0.2;
      const r = await runSgd(ctx, {
        dataset: quad,
        lr,
        batch: B,
        steps: 20,
        particles: 2 ** 13,
        seed: 5,
        sampling: 'gaussian',
      });
      expect(maxZ(r, sgdStationaryCovariance(H, C, D, lr, B))).toBeLessThanOrEqual(5);
    },
  );

  gpuIt(
    'modified-equation SDE: drift −(H + (η/2)H²)w, stationary law from the continuous Lyapunov equation',
    gpu,
    async (ctx) => {
      const lr = 0.2;
      const r = await runSde(ctx, {
        dataset: quad,
        lr,
        batch: B,
        steps: 20,
        substeps: 5,
        particles: 2 ** 13,
        seed: 6,
        modified: true,
      });
      const a = Float64Array.from({ length: D * D }, (_, k) => {
        const i = Math.floor(k / D);
        const j = k % D;
        let h2 = 0;
        for (let m = 0; m < D; m++) h2 += H[i * D + m]! * H[m * D + j]!;
        return H[k]! + 0.5 * lr * h2;
      });
      const exact = lyapunovContinuous(
        a,
        Float64Array.from(C, (v) => (lr * v) / B),
        D,
      );
      expect(maxZ(r, exact)).toBeLessThanOrEqual(5);
      // And it differs measurably from the first-order SDE's law at this η.
      expect(maxZ(r, sdeStationaryCovariance(H, C, D, lr, B))).toBeGreaterThan(5);
    },
  );

  gpuIt('SVAG approaches the SDE law as l = 1, 2, 4, 8 grows', gpu, async (ctx) => {
    const lr = 0.6;
    const steps = 7;
    const sCont = sdeStationaryCovariance(H, C, D, lr, B);
    const measured: number[] = [];
    const exact: number[] = [];
    for (const l of [1, 2, 4, 8]) {
      const r = await runSgd(ctx, {
        dataset: quad,
        lr,
        batch: B,
        steps,
        particles: 2 ** 13,
        seed: 30 + l,
        sampling: 'svag',
        svagL: l,
      });
      // SVAG on the quadratic is linear: w ← (I − (η/l)H) w + (η/l) ζ, Cov ζ = l C/B.
      const sl = sgdStationaryCovariance(
        H,
        C.map((v) => v * l),
        D,
        lr / l,
        B,
      );
      expect(maxZ(r, sl)).toBeLessThanOrEqual(5);
      measured.push(debiasedDistance(r, sCont, sCont));
      exact.push(frob(Float64Array.from(sl, (v, k) => v - sCont[k]!)) / frob(sCont));
    }
    console.log(
      `SVAG distance to the SDE law, l = 1, 2, 4, 8: measured ${measured.map((v) => v.toFixed(4)).join(', ')}; exact ${exact.map((v) => v.toFixed(4)).join(', ')}`,
    );
    for (let i = 1; i < measured.length; i++) expect(measured[i]!).toBeLessThan(measured[i - 1]!);
  });
});

describe('without-replacement batches, Σ(w) on the GPU', () => {
  const gpu = useGpu();

  // gpuweb/cts style grid over dataset size, batch size (dividing n or not) and workgroup size.
  for (const { n, batch, wg } of [
    { n: 300, batch: 7, wg: 64 },
    { n: 256, batch: 16, wg: 32 },
    { n: 97, batch: 97, wg: 128 },
  ]) {
    gpuIt(`each example exactly once per epoch (n = ${n}, B = ${batch}, wg ${wg})`, gpu, async (ctx) => {
      const ds = makeLinregDataset({ examples: n, dim: 3, seed: 2 });
      const P = 64;
      const perEpoch = Math.ceil(n / batch);
      for (const epochs of [1, 2]) {
        const r = await runSgd(ctx, {
          dataset: ds,
          lr: 0.01,
          batch,
          steps: epochs * perEpoch,
          particles: P,
          seed: 3,
          sampling: 'without',
          countUses: true,
          workgroupSize: wg,
          stepsPerDispatch: 5,
        });
        const counts = r.counts!;
        expect(counts.length).toBe(P * n);
        let bad = 0;
        for (const c of counts) if (c !== epochs) bad++;
        expect(bad).toBe(0);
      }
      // Particles use different orders: the first batch of particle 0 and 1 differ (else the permutation ignores p).
      const one = await runSgd(ctx, {
        dataset: ds,
        lr: 0.01,
        batch,
        steps: 1,
        particles: 2,
        seed: 3,
        sampling: 'without',
        countUses: true,
      });
      if (batch < n) expect(one.counts!.subarray(0, n)).not.toEqual(one.counts!.subarray(n, 2 * n));
    });
  }

  /** Host float64 reference of L, ∇L and Σ for the built-in losses. */
  function hostReference(ds: Dataset, w: number[]) {
    const d = ds.dim;
    const n = ds.examples;
    const grads: number[][] = [];
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const row = Array.from(ds.rows.subarray(i * ds.rowLength, (i + 1) * ds.rowLength));
      let g: number[];
      if (ds.loss === 'nonconvex2d') {
        const [u, v] = w as [number, number];
        const [a1, a2, c] = row as [number, number, number];
        loss += 0.25 * ((u * u - 1) ** 2 + (v * v - 1) ** 2) - a1 * u - a2 * v + c * u * v;
        g = [u ** 3 - u - a1 + c * v, v ** 3 - v - a2 + c * u];
      } else {
        const z = row.slice(0, d).reduce((s, x, j) => s + x * w[j]!, 0);
        const y = row[d]!;
        if (ds.loss === 'squared') {
          loss += 0.5 * (z - y) ** 2;
          g = row.slice(0, d).map((x) => (z - y) * x);
        } else {
          loss += Math.log1p(Math.exp(z)) - y * z;
          g = row.slice(0, d).map((x) => (1 / (1 + Math.exp(-z)) - y) * x);
        }
      }
      grads.push(g);
    }
    const gbar = new Array(d).fill(0).map((_, j) => grads.reduce((s, g) => s + g[j]!, 0) / n);
    const cov = new Float64Array(d * d);
    for (const g of grads)
      for (let a = 0; a < d; a++)
        for (let b = 0; b < d; b++) cov[a * d + b]! += ((g[a]! - gbar[a]!) * (g[b]! - gbar[b]!)) / n;
    return { loss: loss / n, gbar, cov };
  }

  for (const make of [
    () => makeLinregDataset({ examples: 600, dim: 3, seed: 4 }),
    () => makeLogregDataset({ examples: 600, dim: 5, seed: 4 }),
    () => makeNonconvex2dDataset({ examples: 600, seed: 4 }),
  ]) {
    const ds = make();
    gpuIt(`L, ∇L, Σ(w) and B_noise on the GPU = float64 host values (${ds.kind})`, gpu, async (ctx) => {
      const gd = createGpuDataset(ctx.device, ds);
      const points = [new Array(ds.dim).fill(0), Array.from({ length: ds.dim }, (_, j) => 0.7 - 0.4 * j)];
      const got = await probeDataset(ctx.device, gd, points);
      gd.destroy();
      points.forEach((w, q) => {
        const ref = hostReference(ds, w);
        // float32 sums over chunks of 256 examples: relative error well below 1e-4 of the largest entry.
        const tol = (x: number[] | Float64Array) => 1e-4 * Math.max(1, ...Array.from(x, Math.abs));
        expect(Math.abs(got[q]!.loss - ref.loss)).toBeLessThan(1e-4 * Math.max(1, Math.abs(ref.loss)));
        got[q]!.gradient.forEach((v, j) => {
          expect(Math.abs(v - ref.gbar[j]!)).toBeLessThan(tol(ref.gbar));
        });
        got[q]!.covariance.forEach((v, k) => {
          expect(Math.abs(v - ref.cov[k]!)).toBeLessThan(tol(ref.cov));
        });
        let tr = 0;
        for (let a = 0; a < ds.dim; a++) tr += ref.cov[a * ds.dim + a]!;
        const g2 = ref.gbar.reduce((s, v) => s + v * v, 0);
        // B_noise is only well conditioned away from stationary points (w = 0 is one for nonconvex2d).
        if (g2 > 1e-2 * tr) expect(Math.abs(got[q]!.noiseScale / (tr / g2) - 1)).toBeLessThan(1e-3);
      });
    });
  }

  gpuIt(
    'Σ(w) formed and Cholesky-factored per step in the kernel = the fixed factor (quadratic, same noise)',
    gpu,
    async (ctx) => {
      const ds = makeQuadraticDataset({ examples: 64, dim: 4, seed: 8 });
      const o = { dataset: ds, lr: 0.1, batch: 2, steps: 10, particles: 512, seed: 4, scheme: 'em' as const };
      const fixed = await runSde(ctx, { ...o, noise: 'fixed' });
      const perStep = await runSde(ctx, { ...o, noise: 'per-step' });
      // Same normals, factors equal up to float32 rounding of Σ: entries agree to 1e-3 of their scale.
      const scale = Math.max(...Array.from(fixed.moments.covariance, Math.abs));
      fixed.moments.covariance.forEach((v, k) => {
        expect(Math.abs(v - perStep.moments.covariance[k]!)).toBeLessThan(1e-3 * scale);
      });
      const g = await runSgd(ctx, { ...o, sampling: 'gaussian', noise: 'per-step' });
      expect(g.moments.nonFinite).toBe(0);
    },
  );
});

describe('user loss snippets and the non-convex problem', () => {
  const gpu = useGpu();

  gpuIt(
    'a user WGSL snippet (least squares, own helper names) gives the built-in loss bit for bit',
    gpu,
    async (ctx) => {
      const ds = makeLinregDataset({ examples: 200, dim: 3, seed: 5 });
      const wgsl = `
fn my_residual(w: ptr<function, Vec>, i: u32) -> f32 {
  var s = 0.0;
  for (var j = 0u; j < D; j++) { s += example_value(i, j) * (*w)[j]; }
  return s - example_value(i, D);
}
fn example_loss(w: ptr<function, Vec>, i: u32) -> f32 {
  let r = my_residual(w, i);
  return 0.5 * r * r;
}
fn example_grad_acc(w: ptr<function, Vec>, i: u32, scale: f32, g: ptr<function, Vec>) {
  let r = scale * my_residual(w, i);
  for (var j = 0u; j < D; j++) { (*g)[j] += r * example_value(i, j); }
}`;
      const o = {
        dataset: ds,
        lr: 0.05,
        batch: 8,
        steps: 30,
        particles: 1024,
        seed: 9,
        sampling: 'with' as const,
      };
      const builtIn = await runSgd(ctx, o);
      const user = await runSgd(ctx, { ...o, loss: { wgsl } });
      expect(Array.from(user.moments.covariance)).toEqual(Array.from(builtIn.moments.covariance));
      expect(user.moments.mean).toEqual(builtIn.moments.mean);
      expect(user.loss.mean).toBe(builtIn.loss.mean);
    },
  );

  gpuIt(
    'nonconvex2d: SGD settles into the minima near (±1, ±1); SDE with per-step Σ(w) stays finite',
    gpu,
    async (ctx) => {
      const ds = makeNonconvex2dDataset({ examples: 256, noiseScale: 0.5, seed: 3 });
      const r = await runSgd(ctx, {
        dataset: ds,
        lr: 0.05,
        batch: 8,
        steps: 150,
        particles: 2048,
        seed: 4,
        sampling: 'with',
        w0: [0.05, -0.05],
      });
      expect(r.moments.nonFinite).toBe(0);
      // L ≥ 0 with minimum 0 at (±1, ±1): stationary loss is of order η tr Σ / B, far below L(w0) ≈ 0.5.
      expect(r.loss.mean).toBeLessThan(0.05);
      // Second moments near 1 in each coordinate: particles sit at |w_a| ≈ 1.
      for (let a = 0; a < 2; a++) {
        const m2 = r.moments.covariance[a * 2 + a]! + r.moments.mean[a]! ** 2;
        expect(Math.abs(m2 - 1)).toBeLessThan(0.1);
      }
      const s = await runSde(ctx, {
        dataset: ds,
        lr: 0.05,
        batch: 8,
        steps: 20,
        particles: 512,
        seed: 5,
        w0: [0.05, -0.05],
      });
      expect(s.moments.nonFinite).toBe(0);
      expect(s.exampleGradients).toBeGreaterThan(0);
    },
  );
  gpuIt(
    'd = 64 (the largest dimension): SGD and the fixed-Σ SDE run; per-step Σ(w) beyond d = 32 is refused',
    gpu,
    async (ctx) => {
      const ds = makeQuadraticDataset({ examples: 128, dim: 64, seed: 3 });
      const o = { dataset: ds, lr: 0.05, batch: 4, steps: 3, particles: 64, seed: 1 };
      const r = await runSgd(ctx, { ...o, sampling: 'with' });
      const s = await runSde(ctx, o);
      expect(r.moments.nonFinite + s.moments.nonFinite).toBe(0);
      expect(r.moments.mean).toHaveLength(64);
      const lg = makeLogregDataset({ examples: 64, dim: 64 });
      await expect(runSgd(ctx, { ...o, dataset: lg, sampling: 'gaussian' })).rejects.toThrow(
        /Σ\(w\) per step needs dim ≤ 32/,
      );
    },
  );
});
