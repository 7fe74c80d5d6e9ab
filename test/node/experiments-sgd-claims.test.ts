/**
 * The SGD-claim experiments linear-scaling, noise-scale and posterior in quick mode on the GPU (Dawn/SwiftShader):
 * none may contradict its theory, and the key numbers have the properties the theory states, within tolerances
 * from their standard errors.
 */
import { describe, expect } from 'vitest';
import { linearScaling } from '../../src/experiments/linear-scaling.js';
import { noiseScale } from '../../src/experiments/noise-scale.js';
import { posterior } from '../../src/experiments/posterior.js';
import { runExperiment } from '../../src/experiments/run.js';
import type { ExperimentResult } from '../../src/experiments/types.js';
import { gpuIt, useGpu } from '../shared/gpu.js';

const SEED = 11;
const log = (r: ExperimentResult) => {
  if (process.env.SGD_SDE_VERBOSE) {
    console.log(r.experiment, r.verdict, r.seconds.toFixed(1), 's');
    for (const c of r.checks) console.log(' ', c.verdict, c.name, c.theory, c.estimate, c.ci);
  }
};

describe('SGD-claim experiments (quick)', () => {
  const gpu = useGpu();

  gpuIt(
    'linear-scaling: every k matches its exact chain; the distance to k = 1 grows with k',
    gpu,
    async (ctx) => {
      const r = await runExperiment(ctx, linearScaling, {
        particles: linearScaling.quick.particles,
        seed: SEED,
      });
      log(r);
      expect(r.verdict, r.verdictReason).not.toBe('fail');
      expect(r.figures.length).toBe(2);
    },
  );

  gpuIt('noise-scale: B_crit from S(B) is near the mean B_noise', gpu, async (ctx) => {
    const r = await runExperiment(ctx, noiseScale, { particles: noiseScale.quick.particles, seed: SEED });
    log(r);
    console.log(JSON.stringify(r.rows, null, 0));
    expect(r.verdict, r.verdictReason).not.toBe('fail');
  });

  gpuIt('posterior: preconditioned SGD matches the posterior', gpu, async (ctx) => {
    const r = await runExperiment(ctx, posterior, { particles: posterior.quick.particles, seed: SEED });
    log(r);
    console.log(JSON.stringify(r.rows, null, 0));
    expect(r.verdict, r.verdictReason).not.toBe('fail');
  });
});
