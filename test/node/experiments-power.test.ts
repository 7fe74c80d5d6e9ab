/**
 * Power of the point checks: small real defects in the simulated particles (never in the theory) make the check
 * they break fail at the experiment's default size. Each test states its margin: how far the failing check's |z|
 * lies beyond the critical z of the whole suite's family-wise rule (α = 0.005 shared by Bonferroni among at most
 * SUITE_POINT_CHECKS_BOUND point checks), so the defect would also be caught inside a full `sgd-sde suite` run.
 * Fixed seeds; the margins are several z units, so other seeds fail too.
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { describe, expect } from 'vitest';
import { findExperiment } from '../../src/experiments/registry.js';
import { runExperiment } from '../../src/experiments/run.js';
import type { Check, ExperimentResult, Mutation } from '../../src/experiments/types.js';
import { shaderSources } from '../../src/gpu/shader-source.js';
import { runOu1d } from '../../src/ou/ou1d.js';
import { gpuIt, useGpu } from '../shared/gpu.js';

/** More point checks than `sgd-sde suite` at one seed has (26), so the critical z below is conservative. */
const SUITE_POINT_CHECKS_BOUND = 32;
const Z_SUITE = normalQuantile(1 - 0.005 / SUITE_POINT_CHECKS_BOUND / 2, 0, 1);

async function mutated(
  ctx: Parameters<typeof runExperiment>[0],
  name: string,
  mutation: Mutation,
  seed = 1,
): Promise<ExperimentResult> {
  const e = findExperiment(name)!;
  return runExperiment(ctx, e, { particles: e.defaults.particles, seed, mutation });
}

/** The point checks whose name contains `part`, with their |z|. */
function pointChecks(r: ExperimentResult, part: string): (Check & { absZ: number })[] {
  const cs = r.checks.filter((c) => c.kind === 'point' && c.name.includes(part));
  expect(cs.length).toBeGreaterThan(0);
  return cs.map((c) => ({ ...c, absZ: Math.abs(c.z!) }));
}

function report(label: string, r: ExperimentResult, cs: (Check & { absZ: number })[]): number {
  const worst = cs.reduce((a, b) => (b.absZ > a.absZ ? b : a));
  console.log(
    `${label}: ${r.verdict}; worst ${worst.name}: z = ${worst.z!.toFixed(2)} (suite critical z ${Z_SUITE.toFixed(2)}, margin ${(worst.absZ - Z_SUITE).toFixed(2)}); detectable ${(100 * (worst.detectable ?? Number.NaN)).toFixed(2)}%`,
  );
  return worst.absZ;
}

describe('mutation tests: real small defects fail the check they break, at the default size', () => {
  const gpu = useGpu();

  // A step-size error shifts every stationary variance by the same fraction (v ∝ η to first order); at the default
  // size the per-direction checks detect about 5–7% (their `detectable`), so 10% is caught with a margin. A 2% error
  // is below what any point check of the suite detects at its default size (it needs about 16× the particles).
  const cases: {
    experiment: string;
    defect: string;
    mutation: Mutation;
    check: string;
    detectableBelow?: number;
  }[] = [
    {
      experiment: 'stationary',
      defect: 'η × 1.10',
      mutation: { lrFactor: 1.1 },
      check: 'vs discrete Lyapunov',
      detectableBelow: 0.1,
    },
    { experiment: 'noise-scale', defect: 'B + 1', mutation: { batchDelta: 1 }, check: 'steps to target' },
    {
      experiment: 'replacement',
      defect: 'sampling without replacement run as with',
      mutation: { withoutReplacement: true },
      check: 'with replacement: tr Cov vs',
    },
  ];
  for (const c of cases) {
    gpuIt(
      `${c.experiment}: SGD particles with ${c.defect} fail "${c.check}" beyond the suite's critical z`,
      gpu,
      async (ctx) => {
        const r = await mutated(ctx, c.experiment, c.mutation);
        const cs = pointChecks(r, c.check);
        const worst = report(`${c.experiment}, ${c.defect}`, r, cs);
        expect(r.verdict).toBe('fail');
        expect(worst).toBeGreaterThan(Z_SUITE + 1);
        // The defect is larger than what each check states it detects.
        if (c.detectableBelow !== undefined)
          for (const x of cs) expect(x.detectable!).toBeLessThan(c.detectableBelow);
      },
    );
  }

  gpuIt(
    'ou: a Box–Muller with a 1% variance error fails the exact EM-chain variance check (10⁶ particles)',
    gpu,
    async (ctx) => {
      const source = shaderSources['rng/normal.wgsl']!;
      const exact = 'return r * vec2f(cos(angle), sin(angle));';
      expect(source).toContain(exact);
      const defect = source.replace(exact, 'return sqrt(1.01) * r * vec2f(cos(angle), sin(angle));');
      const o = { particles: 1_000_000, theta: 1, sigma: 1, dt: 0.01, steps: 500, x0: 1, seed: 1 };
      const clean = await runOu1d(ctx, o);
      const bad = await runOu1d(ctx, { ...o, shaderOverrides: { 'rng/normal.wgsl': defect } });
      console.log(
        `ou, Box–Muller variance × 1.01: clean z = ${clean.vsChain.variance.z.toFixed(2)}, defect z = ${bad.vsChain.variance.z.toFixed(2)} (suite critical z ${Z_SUITE.toFixed(2)})`,
      );
      expect(Math.abs(clean.vsChain.variance.z)).toBeLessThan(Z_SUITE);
      expect(bad.vsChain.variance.pass).toBe(false);
      expect(bad.vsChain.variance.z).toBeGreaterThan(Z_SUITE + 1);
    },
  );

  gpuIt('a mutation the experiment does not apply is refused before any GPU work', gpu, async (ctx) => {
    await expect(mutated(ctx, 'weak-order', { lrFactor: 1.02 })).rejects.toThrow(
      /mutation.lrFactor: experiment "weak-order" does not apply it/,
    );
    await expect(mutated(ctx, 'stationary', { lrFactor: -1 })).rejects.toThrow(/mutation.lrFactor/);
  });
});
