/**
 * Coupled Euler–Maruyama kernel (shaders/weak/coupled_em.wgsl) on Dawn: per-pair paths equal a float64 TypeScript
 * reference built on the Philox reference, results do not depend on how the work is split, level means match the
 * exact EM means of GBM, and the coupled estimator measures the weak order of EM with a tight interval where
 * independent ensembles cannot.
 */
import { readFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import { seedWords } from '../../src/gpu/buffers.js';
import { boxMuller, philox4x32 } from '../../src/rng/philox.js';
import { RNG_STREAM } from '../../src/rng/streams.js';
import { measureWeakOrder, runCoupledEuler } from '../../src/weak/coupled.js';
import { gpuIt, useGpu } from '../shared/gpu.js';

const fx = JSON.parse(readFileSync(new URL('../fixtures/reference-laws.json', import.meta.url), 'utf8')).gbm;

/** Float64 reference of one pair: fine draws 2k, 2k+1 from the dynamics stream (independent coarse: weakIndependent). */
function referencePair(
  seed: number,
  particle: number,
  p: { mu: number; sigma: number },
  x0: number,
  h: number,
  steps: number,
  coupled: boolean,
) {
  const key = seedWords(seed);
  const normals = (k: number, stream: number) => {
    const w = philox4x32([k >> 1, 0, particle, stream], key);
    return [...boxMuller(w[0]!, w[1]!), ...boxMuller(w[2]!, w[3]!)];
  };
  const step = (x: number, dt: number, dw: number) => x + p.mu * x * dt + p.sigma * x * dw;
  let xf = x0;
  let xc = x0;
  const sf = Math.sqrt(h / 2);
  for (let k = 0; k < steps; k++) {
    const z = normals(k, RNG_STREAM.dynamics);
    const zc = coupled ? z : normals(k, RNG_STREAM.weakIndependent);
    const lane = (k & 1) * 2;
    xf = step(xf, h / 2, sf * z[lane]!);
    xf = step(xf, h / 2, sf * z[lane + 1]!);
    xc = step(xc, h, sf * (zc[lane]! + zc[lane + 1]!));
  }
  return { xf, xc };
}

describe('coupled Euler–Maruyama on Dawn', () => {
  const gpu = useGpu();
  const gbm = { model: 'gbm' as const, parameters: [fx.mu, fx.sigma], x0: fx.x0, horizon: fx.T };

  for (const coupling of ['shared', 'independent'] as const) {
    gpuIt(
      `per-pair paths match the float64 reference (${coupling} increments, odd step count)`,
      gpu,
      async (ctx) => {
        const particles = 64;
        const steps = 7;
        const r = await runCoupledEuler(ctx, {
          ...gbm,
          coarseSteps: steps,
          particles,
          seed: 11,
          coupling,
          readback: true,
        });
        const h = fx.T / steps;
        for (let i = 0; i < particles; i++) {
          const ref = referencePair(
            11,
            i,
            { mu: fx.mu, sigma: fx.sigma },
            fx.x0,
            h,
            steps,
            coupling === 'shared',
          );
          const xf = r.values!.fine[i]!;
          const xc = r.values!.difference[i]! + xf;
          // SwiftShader's log/cos/sin are accurate to ~2e-4 absolute, so each normal may be off by ~1e-3 (|z| ≤ 5);
          // 14 fine steps of σ√(h/2)·x·δz with x ≤ 2 add at most 14 · 0.15 · 0.27 · 2 · 1e-3 ≈ 1.1e-3, plus f32
          // rounding (1e-6): 2e-3 absolute bounds both paths.
          expect(Math.abs(xf - ref.xf)).toBeLessThanOrEqual(2e-3);
          expect(Math.abs(xc - ref.xc)).toBeLessThanOrEqual(2e-3);
        }
      },
    );
  }

  gpuIt('results are bit-identical across workgroup sizes and steps per dispatch', gpu, async (ctx) => {
    const runs = [];
    for (const split of [
      { workgroupSize: 64, stepsPerDispatch: 256 },
      { workgroupSize: 32, stepsPerDispatch: 3 },
      { workgroupSize: 256, stepsPerDispatch: 1 },
    ]) {
      const r = await runCoupledEuler(ctx, {
        ...gbm,
        coarseSteps: 9,
        particles: 3000,
        seed: 5,
        readback: true,
        ...split,
      });
      runs.push([Array.from(r.values!.difference), Array.from(r.values!.fine)]);
    }
    for (const r of runs.slice(1)) expect(r).toEqual(runs[0]);
  });

  gpuIt(
    'level means match the exact EM means E X^h = x0 (1 + μh)^n within 5 SE (both couplings)',
    gpu,
    async (ctx) => {
      for (const [n, coupling] of [
        [3, 'shared'],
        [16, 'shared'],
        [16, 'independent'],
      ] as const) {
        const r = await runCoupledEuler(ctx, {
          ...gbm,
          coarseSteps: n,
          particles: 2 ** 15,
          seed: 77,
          coupling,
        });
        const exact = fx.emMean[String(n)] - fx.emMean[String(2 * n)];
        expect(Math.abs(r.difference.mean - exact), `n = ${n} ${coupling}`).toBeLessThanOrEqual(
          5 * r.difference.meanSE,
        );
        expect(Math.abs(r.fine.mean - fx.emMean[String(2 * n)])).toBeLessThanOrEqual(5 * r.fine.meanSE);
      }
    },
  );

  gpuIt(
    'coupled weak order of EM on GBM has a 99% CI ∋ 1 narrower than ±0.1 where independent ensembles give > ±0.3',
    gpu,
    async (ctx) => {
      // μ = 0.2, σ = 0.15, T = 1, h = 1/16 … 1/256: the exact local slope of D(h) = E X^h − E X^{h/2} is within
      // 0.006 of 1 over these levels (pre-asymptotic curvature O(μh)), well inside the interval's half-width.
      const common = {
        ...gbm,
        levels: [16, 32, 64, 128, 256],
        particles: 2 ** 15,
        seed: 2026,
        confidence: 0.99,
      };
      const coupled = await measureWeakOrder(ctx, { ...common, coupling: 'shared' });
      const independent = await measureWeakOrder(ctx, { ...common, coupling: 'independent' });
      const c = coupled.fit;
      const i = independent.fit;
      // Half-width the independent ensembles would have if every level were resolved: the WLS formula with the
      // exact D(h) and their measured standard errors.
      const q = 2.5758293035489004; // normal 99.5% quantile
      const xs = independent.points.map((p) => Math.log(p.h));
      const ws = independent.points.map((p) => {
        const n = Math.round(fx.T / p.h);
        return ((fx.emMean[String(n)] - fx.emMean[String(2 * n)]) / p.se) ** 2;
      });
      const W = ws.reduce((a, b) => a + b, 0);
      const xm = ws.reduce((a, w, k) => a + w * xs[k]!, 0) / W;
      const independentHalfWidth = q / Math.sqrt(ws.reduce((a, w, k) => a + w * (xs[k]! - xm) ** 2, 0));
      console.info(
        `independent: would-be 99% half-width ${independentHalfWidth.toFixed(2)}, particles to resolve every level ≈ ${i.particlesToResolve}`,
      );
      expect(independentHalfWidth).toBeGreaterThan(0.3);
      const vrf = coupled.levels.map(
        (l, k) => independent.levels[k]!.difference.variance / l.difference.variance,
      );
      console.info(
        `weak order (coupled, N = 2^15 pairs/level): ${c.order.toFixed(4)} [${c.lower.toFixed(4)}, ${c.upper.toFixed(4)}] ` +
          `(${c.verdict}); independent: ${i.verdict} ${i.order.toFixed(3)} [${i.lower.toFixed(3)}, ${i.upper.toFixed(3)}]; ` +
          `variance reduction by level (h = 1/16 … 1/256): ${vrf.map((v) => v.toFixed(0)).join(', ')}; ` +
          `GPU seconds coupled ${coupled.seconds.toFixed(2)} independent ${independent.seconds.toFixed(2)}`,
      );
      expect(c.verdict).toBe('resolved');
      expect(c.lower).toBeLessThanOrEqual(1);
      expect(c.upper).toBeGreaterThanOrEqual(1);
      expect((c.upper - c.lower) / 2).toBeLessThan(0.1);
      // Independent ensembles: either some level is unresolved (no interval at all) or the interval is wider.
      expect(i.verdict === 'unresolved' || (i.upper - i.lower) / 2 > 0.3).toBe(true);
      // Var of the coupled difference is O(h), of the independent one O(1): the factor grows as h shrinks.
      for (const v of vrf) expect(v).toBeGreaterThan(100);
      expect(vrf.at(-1)!).toBeGreaterThan(vrf[0]!);
    },
  );

  gpuIt('rejects invalid options with clear errors', gpu, async (ctx) => {
    await expect(
      runCoupledEuler(ctx, { ...gbm, parameters: [0.2, -0.1], coarseSteps: 4, particles: 8, seed: 1 }),
    ).rejects.toThrow(/negative diffusion/);
    await expect(runCoupledEuler(ctx, { ...gbm, coarseSteps: 0, particles: 8, seed: 1 })).rejects.toThrow(
      /coarseSteps/,
    );
    await expect(
      runCoupledEuler(ctx, { ...gbm, model: 'heston' as never, coarseSteps: 4, particles: 8, seed: 1 }),
    ).rejects.toThrow(/model must be/);
  });
});
