/**
 * The Euler scheme for α-stable driven SDEs. With α = 1, β = 0 (Cauchy increments h·C) the EM chain of
 * dX = −θX dt + dL is exactly Cauchy: X_K = a^K x₀ + h Σ_{j<K} a^j C_j, a = 1 − θh, so X_K ~ Cauchy(a^K x₀,
 * h Σ_{j<K} |a|^j) — checked by a histogram chi-square test (significance 1e-4) against that CDF. The ensemble
 * never reports a non-finite particle although the law has no mean.
 */
import { describe, expect } from 'vitest';
import { runEnsemble } from '../../src/engine/run.js';
import { fitHistogram } from '../../src/stats/histogram-test.js';
import { gpuIt, useGpu } from '../shared/gpu.js';

describe('engine: Lévy-driven Euler scheme', () => {
  const gpu = useGpu();

  gpuIt('OU driven by Cauchy noise: the EM chain law is Cauchy with scale h Σ|a|^j', gpu, async (ctx) => {
    const theta = 0.8;
    const h = 0.1;
    const steps = 20;
    const x0 = 1;
    const wgsl = `
fn drift(x: State, t: f32) -> State { return State(-param(PARAM_THETA) * x[0]); }
fn diffusion(x: State, t: f32) -> State { return State(1.0); }`;
    const r = await runEnsemble(ctx, {
      model: { wgsl, params: { theta } },
      scheme: { name: 'levy-em', alpha: 1, beta: 0 },
      dt: h,
      steps,
      particles: 2 ** 16,
      seed: 8,
      init: { point: x0 },
      outputs: { histograms: [{ components: [0], bins: 60, range: [-5, 7] }] },
    });
    expect(r.nonFinite).toBe(0);
    const a = 1 - theta * h;
    const loc = a ** steps * x0;
    let scale = 0;
    for (let j = 0; j < steps; j++) scale += h * Math.abs(a) ** j;
    const hist = r.snapshots[0]!.histograms[0]!;
    const fit = fitHistogram(
      { lo: hist.range[0]![0]!, hi: hist.range[0]![1]!, counts: hist.counts, below: hist.below, above: hist.above },
      (x) => 0.5 + Math.atan((x - loc) / scale) / Math.PI,
    );
    expect(fit.pValue, `chi-square ${fit.chiSquare} on ${fit.dof} dof`).toBeGreaterThanOrEqual(1e-4);
  });
});
