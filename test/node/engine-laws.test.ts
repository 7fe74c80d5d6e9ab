/**
 * The ensemble engine's laws: 1-D OU and a 2-D OU with a non-symmetric drift matrix and correlated
 * noise, by Euler–Maruyama (vs the exact law of the EM chain, a linear Gaussian recursion) and by the exact
 * transition (vs the OU law from Van Loan's formula): every mean and covariance entry within 5 standard errors.
 */
import { describe, expect } from 'vitest';
import { runEnsemble } from '../../src/engine/run.js';
import type { SimulationSpec } from '../../src/engine/spec.js';
import type { GaussianLawNd } from '../../src/stats/gaussian.js';
import { ouEulerChainLawNd, ouLawNd } from '../../src/stats/ou-matrix.js';
import { gpuIt, useGpu } from '../shared/gpu.js';

function expectLaw(r: Awaited<ReturnType<typeof runEnsemble>>, law: GaussianLawNd) {
  const d = law.mean.length;
  expect(r.nonFinite).toBe(0);
  for (let a = 0; a < d; a++) {
    const z = (r.mean[a]! - law.mean[a]!) / r.meanSE[a]!;
    expect(Math.abs(z), `mean[${a}] ${r.mean[a]} vs ${law.mean[a]} (SE ${r.meanSE[a]})`).toBeLessThanOrEqual(
      5,
    );
    for (let b = a; b < d; b++) {
      const zc = (r.cov[a]![b]! - law.covariance[a]![b]!) / r.covSE[a]![b]!;
      expect(
        Math.abs(zc),
        `cov[${a}][${b}] ${r.cov[a]![b]} vs ${law.covariance[a]![b]} (SE ${r.covSE[a]![b]})`,
      ).toBeLessThanOrEqual(5);
    }
  }
}

describe('engine: exact laws of OU ensembles', () => {
  const gpu = useGpu();
  const particles = 2 ** 16;

  const ou1: SimulationSpec = {
    model: { builtin: 'ou', params: { theta: 1.3, sigma: 0.8, mu: 0.25 } },
    dt: 0.05,
    steps: 40,
    particles,
    seed: 11,
    init: { point: 2 },
  };
  const p1 = { a: [[1.3]], b: [[0.8]], mu: [0.25] };
  const start1 = { mean: [2], covariance: [[0]] };

  gpuIt('1-D OU, Euler–Maruyama: mean and variance of the EM chain within 5 SE', gpu, async (ctx) => {
    const r = await runEnsemble(ctx, ou1);
    expectLaw(r, ouEulerChainLawNd(p1, 0.05, 40, start1));
  });

  gpuIt('1-D OU, exact transition: mean and variance of the OU law within 5 SE', gpu, async (ctx) => {
    const r = await runEnsemble(ctx, { ...ou1, scheme: 'exact', dt: 0.5, steps: 4 });
    expectLaw(r, ouLawNd(p1, 2, start1));
  });

  const a2 = [
    [1.0, 0.6],
    [-0.4, 0.7],
  ];
  const b2 = [
    [0.7, 0.0],
    [0.5, 0.4],
  ];
  const mu2 = [0.5, -0.2];
  const ou2: SimulationSpec = {
    model: { builtin: 'ou', params: { A: a2, B: b2, mu: mu2 } },
    dt: 0.1,
    steps: 25,
    particles,
    seed: 5,
    init: {
      gaussian: {
        mean: [1, -1],
        cov: [
          [0.2, 0.05],
          [0.05, 0.1],
        ],
      },
    },
  };
  const p2 = { a: a2, b: b2, mu: mu2 };
  const start2 = {
    mean: [1, -1],
    covariance: [
      [0.2, 0.05],
      [0.05, 0.1],
    ],
  };

  gpuIt(
    '2-D OU (non-symmetric A, correlated noise), EM: mean and covariance of the EM chain within 5 SE',
    gpu,
    async (ctx) => {
      const r = await runEnsemble(ctx, ou2);
      const chain = ouEulerChainLawNd(p2, 0.1, 25, start2);
      expectLaw(r, chain);
      // The EM bias is resolved: the continuous law is many SE away in some entry at h = 0.1.
      const exact = ouLawNd(p2, 2.5, start2);
      const worst = Math.max(
        ...[0, 1].flatMap((a) =>
          [0, 1].map((b) => Math.abs(r.cov[a]![b]! - exact.covariance[a]![b]!) / r.covSE[a]![b]!),
        ),
      );
      expect(worst).toBeGreaterThan(5);
    },
  );

  gpuIt('2-D OU, exact transition: mean and covariance of the OU law within 5 SE', gpu, async (ctx) => {
    const r = await runEnsemble(ctx, { ...ou2, scheme: 'exact', dt: 0.5, steps: 5 });
    expectLaw(r, ouLawNd(p2, 2.5, start2));
  });

  gpuIt(
    '1-D OU, weak order-2 scheme with three-point increments: its exact linear recursion within 5 SE',
    gpu,
    async (ctx) => {
      // For additive noise the scheme is Y' = c Y + σ (1 − θh/2) ΔŴ with c = 1 − θh + (θh)²/2 (about μ), whatever
      // the law of ΔŴ with mean 0 and variance h: mean and variance follow a linear recursion.
      const theta = 1.3;
      const sigma = 0.8;
      const mu = 0.25;
      const h = 0.2;
      const steps = 15;
      const r = await runEnsemble(ctx, {
        ...ou1,
        scheme: { name: 'weak2', increments: 'three-point' },
        dt: h,
        steps,
      });
      const c = 1 - theta * h + (theta * h) ** 2 / 2;
      let m = 2 - mu;
      let v = 0;
      for (let k = 0; k < steps; k++) {
        m *= c;
        v = c * c * v + sigma ** 2 * (1 - (theta * h) / 2) ** 2 * h;
      }
      expectLaw(r, { mean: [m + mu], covariance: [[v]] });
    },
  );

  gpuIt(
    'array initial states reach the kernels as given (structure-of-arrays layout, two chunks)',
    gpu,
    async (ctx) => {
      const n = 4096 + 37;
      const values = Array.from({ length: n }, (_, i) => [Math.fround(Math.sin(i)), Math.fround(i / n)]);
      const wgsl =
        'fn drift(x: State, t: f32) -> State { return State(0.0, 0.0); }\nfn diffusion(x: State, t: f32) -> State { return State(0.0, 0.0); }';
      const r = await runEnsemble(
        ctx,
        { model: { wgsl, dim: 2 }, dt: 1, steps: 1, particles: n, init: { array: values } },
        { maxChunkParticles: 4096 },
      );
      expect(r.chunks).toBe(2);
      for (let a = 0; a < 2; a++) {
        const mean = values.reduce((s, v) => s + v[a]!, 0) / n;
        // Exact sums of float32 tile partials: only the float32 rounding inside a tile (≤ 4096 terms) remains.
        expect(Math.abs(r.mean[a]! - mean)).toBeLessThan(1e-5);
        const variance = values.reduce((s, v) => s + (v[a]! - mean) ** 2, 0) / (n - 1);
        expect(Math.abs(r.variance[a]! - variance) / variance).toBeLessThan(1e-4);
      }
    },
  );
});
