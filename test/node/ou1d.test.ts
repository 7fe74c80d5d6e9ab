/**
 * The 1-D Ornstein–Uhlenbeck Euler–Maruyama kernel on Dawn (SwiftShader without a GPU): the ensemble follows the
 * exact law of the EM chain; the continuous OU law differs by the O(h) bias 2/(2 − θh); results are bit-identical
 * across workgroup sizes and steps per dispatch.
 */
import { describe, expect } from 'vitest';
import { createBuffer, readBuffer } from '../../src/gpu/buffers.js';
import { runOu1d } from '../../src/ou/ou1d.js';
import { expectOuMatchesEulerChain } from '../shared/checks.js';
import { gpuIt, useGpu } from '../shared/gpu.js';

describe('ou1d Euler–Maruyama on Dawn', () => {
  const gpu = useGpu();

  gpuIt(
    'mean, variance and histogram match the EM chain within 5 SE (2^18 particles, transient)',
    gpu,
    async (ctx) => {
      await expectOuMatchesEulerChain(ctx, { particles: 2 ** 18, steps: 40, dt: 0.05, x0: 2 });
    },
  );

  gpuIt(
    'stationary variance is σ²/(θ(2−θh)), not σ²/(2θ): the O(h) bias is resolved at h = 0.2',
    gpu,
    async (ctx) => {
      const r = await expectOuMatchesEulerChain(ctx, { particles: 2 ** 18, steps: 100, dt: 0.2, x0: 0 });
      // Predicted bias θh/(2 − θh) = 11.1%; the OU comparison must fail by far more than 5 SE.
      const bias = r.vsOu.relativeVarianceBias;
      expect(bias.predicted).toBeCloseTo(0.2 / 1.8, 12);
      expect(Math.abs(bias.measured - bias.predicted)).toBeLessThanOrEqual(5 * bias.se);
      expect(r.vsOu.variance.z).toBeGreaterThan(5);
    },
  );

  // gpuweb/cts style grid: the final states must not depend on how the work is split.
  const splits = [
    { workgroupSize: 64, stepsPerDispatch: 37 },
    { workgroupSize: 32, stepsPerDispatch: 5 },
    { workgroupSize: 256, stepsPerDispatch: 1 },
    { workgroupSize: 128, stepsPerDispatch: 1000 },
  ];
  gpuIt('final moments are bit-identical across workgroup sizes and steps per dispatch', gpu, async (ctx) => {
    const results = [];
    for (const split of splits) {
      const r = await runOu1d(ctx, {
        particles: 5000,
        steps: 37,
        dt: 0.1,
        theta: 1,
        sigma: 1,
        x0: 1,
        seed: 3,
        ...split,
      });
      results.push([r.moments.mean, r.moments.variance, Array.from(r.histogram.counts)]);
    }
    for (const r of results.slice(1)) expect(r).toEqual(results[0]);
  });

  gpuIt('readBuffer returns what createBuffer wrote', gpu, async (ctx) => {
    const data = Float32Array.from({ length: 1000 }, (_, i) => i * 0.5);
    const b = createBuffer(ctx.device, {
      label: 'roundtrip',
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
      data,
    });
    expect(new Float32Array(await readBuffer(ctx.device, b))).toEqual(data);
    b.destroy();
  });
});
