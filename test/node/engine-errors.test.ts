/**
 * Divergence is reported, never hidden (a double well stepped with too large a step from a wide
 * start blows up for part of the ensemble: counted, excluded, reported with the steps at which they left); and
 * bad input fails with a message naming the problem (invalid WGSL in a user model, unknown built-in, dimension
 * mismatches, missing spec fields), before any stepping.
 */
import { describe, expect, it } from 'vitest';
import { runEnsemble } from '../../src/engine/run.js';
import { resolveSpec, type SimulationSpec } from '../../src/engine/spec.js';
import { WgslCompileError } from '../../src/gpu/errors.js';
import { gpuIt, useGpu } from '../shared/gpu.js';

const base: SimulationSpec = { model: 'double-well', dt: 0.01, steps: 10, particles: 4096, seed: 3 };

describe('engine: divergence and bad input', () => {
  const gpu = useGpu();

  gpuIt(
    'a double well at h = 0.6 from U(-3, 3): non-finite particles counted, excluded, with their steps',
    gpu,
    async (ctx) => {
      const r = await runEnsemble(ctx, {
        ...base,
        dt: 0.6,
        steps: 30,
        particles: 3 * 4096,
        init: { uniform: { lo: -3, hi: 3 } },
        model: { builtin: 'double-well', params: { sigma: 0.3 } },
        outputs: { snapshots: [1], histograms: [{ components: [0], bins: 10, range: [-2, 2] }] },
      });
      // |x| > ~2.4 overshoots x - 0.6 (x³ - x) past the stable region and runs away to infinity within a few steps.
      expect(r.nonFinite).toBeGreaterThan(500);
      expect(r.nonFinite).toBeLessThan(r.particles);
      expect(r.n + r.nonFinite).toBe(r.particles);
      const last = r.snapshots[r.snapshots.length - 1]!;
      expect(last.nonFinite.firstStep).toBeGreaterThanOrEqual(2);
      expect(last.nonFinite.lastStep).toBeLessThanOrEqual(30);
      expect(Number.isFinite(r.mean[0]!) && Number.isFinite(r.variance[0]!)).toBe(true);
      expect(last.histograms[0]!.excluded).toBe(r.nonFinite);
      // After one step nothing has left yet; the report is per snapshot.
      expect(r.snapshots[0]!.nonFinite.count).toBe(0);
    },
  );

  gpuIt('invalid WGSL in a user model names the snippet and line', gpu, async (ctx) => {
    const wgsl =
      'fn drift(x: State, t: f32) -> State {\n  return x * 2.0;\n}\nfn diffusion(x: State, t: f32) -> State { return x; }';
    const err = await runEnsemble(ctx, { ...base, model: { wgsl, dim: 2 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WgslCompileError);
    expect((err as Error).message).toMatch(/user model:2:\d+: error/);
  });

  gpuIt(
    'a user model declaring a name the engine declares is reported at the snippet line, as bad input',
    gpu,
    async (ctx) => {
      const wgsl =
        'fn drift(x: State, t: f32) -> State { return x; }\nvar<private> state: f32;\nfn diffusion(x: State, t: f32) -> State { return x; }';
      const err = await runEnsemble(ctx, { ...base, model: { wgsl } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WgslCompileError);
      expect((err as WgslCompileError).userInput).toBe(true);
      expect((err as Error).message).toMatch(
        /user model:2:\d+: error: redeclaration of 'state' \(the engine declares it at shaders\/engine\/step\.wgsl:\d+:\d+; rename yours\)/,
      );
    },
  );

  gpuIt(
    'a user model whose diffusion has the wrong shape for full noise fails to compile, naming it',
    gpu,
    async (ctx) => {
      const wgsl =
        'fn drift(x: State, t: f32) -> State { return x; }\nfn diffusion(x: State, t: f32) -> State { return x; }';
      const err = await runEnsemble(ctx, {
        ...base,
        model: { wgsl, dim: 2, noise: 'full', noiseDim: 3 },
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WgslCompileError);
      expect((err as Error).message).toMatch(/shaders\/engine\/schemes\/em\.wgsl:\d+:\d+: error/);
    },
  );

  it.each([
    [
      { ...base, model: 'heston' },
      /unknown built-in model "heston" \(built-ins: ou, gbm, double-well, langevin\)/,
    ],
    [
      {
        ...base,
        model: {
          builtin: 'ou',
          params: {
            A: [
              [1, 0],
              [0, 1],
            ],
            mu: [0, 0, 0],
          },
        },
      },
      /model.params.mu has 3 entries, but the model has dimension 2/,
    ],
    [
      {
        ...base,
        model: {
          builtin: 'ou',
          params: {
            A: [
              [1, 0],
              [0, 1],
            ],
            B: [[1, 0]],
          },
        },
      },
      /model.params.B must be a 2×2 matrix/,
    ],
    [
      {
        ...base,
        model: {
          builtin: 'ou',
          dim: 3,
          params: {
            A: [
              [1, 0],
              [0, 1],
            ],
          },
        },
      },
      /model.params.A must be a 3×3 matrix/,
    ],
    [
      { ...base, model: { builtin: 'gbm', dim: 2 }, init: { point: [1, 2, 3] } },
      /init.point has 3 entries, but the model has dimension 2/,
    ],
    [
      { ...base, outputs: { histograms: [{ components: [1], bins: 10 }] } },
      /outputs.histograms\[0\].components\[0\] must be an integer in \[0, 0\]/,
    ],
    [{ dt: 0.1, steps: 10, particles: 10 }, /spec is missing "model"/],
    [{ model: 'ou', steps: 10, particles: 10 }, /spec is missing "dt"/],
    [{ model: 'ou', dt: 0.1, particles: 10 }, /spec is missing "steps" \(or "horizon"\)/],
    [{ model: 'ou', dt: 0.1, steps: 10 }, /spec is missing "particles"/],
    [{ ...base, scheme: 'rk4' }, /unknown scheme "rk4"/],
    [{ ...base, scheme: 'exact' }, /scheme "exact" needs a model with fn exact_transition/],
    [{ ...base, model: { wgsl: 'fn drift' }, dt: -1 }, /dt must be > 0/],
    [{ ...base, model: { builtin: 'langevin' } }, /model "langevin" needs "potential"/],
  ])('%j is rejected: %s', (spec, message) => {
    expect(() => resolveSpec(spec as SimulationSpec)).toThrow(message);
  });
});
