/**
 * The two SGD experiments at their quick sizes on real WGSL: stationary (quadratic half and the Gibbs half on a
 * tilted double well) and sgd-vs-sde (non-convex 2-D and logistic regression), plus the host pieces they rely on
 * (the antithetic noise dataset, read-back of final particle states).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { findExperiment } from '../../src/experiments/registry.js';
import { GIBBS_SETUP, tiltedDoubleWellDataset } from '../../src/experiments/stationary.js';
import type { ExperimentOutcome } from '../../src/experiments/types.js';
import { withErrorScope } from '../../src/gpu/errors.js';
import { makeNonconvex2dDataset } from '../../src/sgd/datasets.js';
import { runSgd, type SgdOptions } from '../../src/sgd/ensemble.js';
import { gpuIt, useGpu } from '../shared/gpu.js';

const gpu = useGpu();

describe('host pieces', () => {
  it('tiltedDoubleWellDataset has the asked mean and variance and a symmetric noise law', () => {
    const d = tiltedDoubleWellDataset({ examples: 256, seed: 11, tilt: 0.2, sigma: 20 });
    // float32 rounding of values of size ~60: relative 6e-8 each.
    expect(d.tilt).toBeCloseTo(0.2, 4);
    expect(d.variance / 400).toBeCloseTo(1, 5);
    const dev = Array.from(d.dataset.rows, (v) => v - d.tilt);
    const m3 = dev.reduce((a, v) => a + v ** 3, 0) / dev.length;
    expect(Math.abs(m3) / 20 ** 3).toBeLessThan(1e-5);
    expect(() => tiltedDoubleWellDataset({ examples: 7, seed: 1, tilt: 0, sigma: 1 })).toThrow(/even/);
  });

  gpuIt('keepStates returns the final states the GPU moments were reduced from', gpu, async (ctx) => {
    const dataset = makeNonconvex2dDataset({ examples: 32, seed: 2 });
    const options: SgdOptions = {
      dataset,
      lr: 0.05,
      batch: 4,
      steps: 20,
      particles: 1000,
      seed: 9,
      sampling: 'with',
      w0: [0.5, -0.5],
    };
    const r = await runSgd(ctx, { ...options, keepStates: true });
    expect(r.states).toHaveLength(2000);
    for (const j of [0, 1]) {
      let s = 0;
      for (let p = 0; p < 1000; p++) s += r.states![2 * p + j]!;
      // Same float32 values summed in a different order (f32 tiles vs f64 here): 1e-6 of the spread.
      expect(Math.abs(s / 1000 - r.moments.mean[j]!)).toBeLessThan(1e-5);
    }
    const plain = await runSgd(ctx, options);
    expect(plain.states).toBeUndefined();
    expect(plain.moments.mean).toEqual(r.moments.mean);
  });
});

/** Runs an experiment at its quick size inside GPU error scopes (in a beforeAll: it may take minutes on a loaded CPU). */
async function runQuick(name: string, seed: number): Promise<ExperimentOutcome> {
  const e = findExperiment(name)!;
  const ctx = gpu();
  const r = await withErrorScope(ctx.device, `${name} --quick`, () =>
    e.run(ctx, { particles: e.quick.particles, seed }),
  );
  ctx.check();
  return r;
}

describe('stationary --quick', () => {
  let r: ExperimentOutcome;
  beforeAll(async () => {
    r = await runQuick('stationary', 3);
  }, 900_000);
  it('passes, and the SGD histogram on the double well is within the finite-N TV bound of Gibbs', () => {
    expect(r.verdict, r.verdictReason).not.toBe('fail');
    const gibbs = r.checks.filter((c) => c.name.startsWith('Gibbs'));
    expect(gibbs).toHaveLength(1);
    for (const c of gibbs) expect(c.verdict, c.name).toBe('pass');
    const row = r.rows.find((x) => x.part === 'Gibbs' && x.η === GIBBS_SETUP.lr)!;
    expect(row.TV as number).toBeLessThan(row['TV bound (α = 1e-3)'] as number);
    // The bound for N exact draws: ½Σ√(p(1−p)/N) ≤ ½√(cells/N), plus √(ln(1/α)/(2N)).
    const n = row.N as number;
    expect(row['TV bound (α = 1e-3)'] as number).toBeLessThanOrEqual(
      0.5 * Math.sqrt((GIBBS_SETUP.bins + 2) / n) + Math.sqrt(Math.log(1e3) / (2 * n)) + 1e-12,
    );
    // The contrast run at 4η shows the O(η) deviation: its excess TV is larger than the claim's.
    const contrast = r.rows.find((x) => x.part === 'Gibbs' && x.η !== GIBBS_SETUP.lr)!;
    expect((contrast.TV as number) - (contrast['TV null mean'] as number)).toBeGreaterThan(
      (row.TV as number) - (row['TV null mean'] as number),
    );
    const fig = r.figures.find((f) => f.id === 'gibbs-density')!;
    const law = fig.series.find((s) => s.label.startsWith('Gibbs'))!;
    // The Gibbs curve is a normalised density: its trapezoid integral over [−2.4, 2.6] is 1 up to the tails.
    let mass = 0;
    for (let k = 1; k < law.x.length; k++)
      mass += ((law.y[k]! + law.y[k - 1]!) / 2) * (law.x[k]! - law.x[k - 1]!);
    expect(mass).toBeCloseTo(1, 3);
  });
});

describe('sgd-vs-sde --quick', () => {
  let r: ExperimentOutcome;
  beforeAll(async () => {
    r = await runQuick('sgd-vs-sde', 3);
  }, 900_000);
  it('every SGD-vs-SDE weak order on the non-convex problem is resolved and about 1; logistic regression runs', () => {
    expect(r.verdict, r.verdictReason).not.toBe('fail');
    const first = r.checks.filter((c) => c.name.endsWith('order vs SGD-SDE'));
    expect(first.length).toBeGreaterThanOrEqual(3);
    for (const c of first.filter((c) => c.name.startsWith('non-convex')))
      expect(c.verdict, c.name).toBe('pass');
    for (const c of r.checks) if (c.verdict === 'unresolved') expect(r.particlesNeeded).toBeGreaterThan(0);
    expect(r.checks.some((c) => c.name.startsWith('logistic regression'))).toBe(true);
  });
});
