/**
 * Counter-layout invariance: draw j of particle i at step k for seed s is a pure function of (s, i, k, j). The
 * draws are bit-identical when the workgroup size, the steps per dispatch, the particles per dispatch and the
 * split of particles into shards (separate buffers and dispatches) change, also at counters near 2^32 particles
 * and 2^32 steps; and the OU kernel's paths are bit-identical across workgroup sizes and steps per dispatch.
 */
import { describe, expect } from 'vitest';
import { readBuffer } from '../../src/gpu/buffers.js';
import { createOu1dEnsemble } from '../../src/ou/ou1d.js';
import { gpuIt, useGpu } from '../shared/gpu.js';
import {
  type LayoutProblem,
  type LayoutSplit,
  layoutReference,
  layoutWidth,
  runLayoutKernel,
} from '../shared/rng-layout.js';

function countMismatches(a: Uint32Array, b: Uint32Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) d++;
  return d;
}

describe('counter layout: bit-identical under every split of the work', () => {
  const gpu = useGpu();
  const problems: [string, LayoutProblem][] = [
    [
      'low counters',
      { seed: 42, particle0: 0, particles: 300, step0: 0, steps: 24, m: 3, batch: 5, nRange: 7 },
    ],
    [
      'counters near 2^32 particles and 2^32 steps',
      {
        seed: 2n ** 64n - 3n,
        particle0: 2 ** 32 - 300,
        particles: 300,
        step0: 2 ** 32 - 24,
        steps: 24,
        m: 5,
        batch: 2,
        nRange: 1_000_003,
      },
    ],
  ];
  const splits: LayoutSplit[] = [
    { workgroupSize: 64, stepsPerDispatch: 24, particlesPerDispatch: 300, shards: 1 },
    { workgroupSize: 1, stepsPerDispatch: 24, particlesPerDispatch: 300, shards: 1 },
    { workgroupSize: 256, stepsPerDispatch: 1, particlesPerDispatch: 300, shards: 1 },
    { workgroupSize: 64, stepsPerDispatch: 7, particlesPerDispatch: 37, shards: 1 },
    { workgroupSize: 32, stepsPerDispatch: 5, particlesPerDispatch: 300, shards: 3 },
    { workgroupSize: 128, stepsPerDispatch: 24, particlesPerDispatch: 50, shards: 7 },
  ];
  for (const [name, p] of problems) {
    gpuIt(`${name}: ${splits.length} splits agree bit for bit and match the reference`, gpu, async (ctx) => {
      const base = await runLayoutKernel(ctx, p, splits[0]!);
      for (const split of splits.slice(1)) {
        const other = await runLayoutKernel(ctx, p, split);
        expect(countMismatches(base, other), JSON.stringify(split)).toBe(0);
      }
      // Integer draws equal the reference exactly; normals within SwiftShader's transcendental error (5e-4, see
      // rng-variates.test.ts).
      const ref = layoutReference(p);
      const w = layoutWidth(p);
      const f = new Float32Array(base.buffer);
      let intMismatch = 0;
      let worst = 0;
      for (let r = 0; r < p.particles * p.steps; r++) {
        for (let j = 0; j < w; j++) {
          const at = r * w + j;
          if (j < p.m)
            worst = Math.max(
              worst,
              Math.abs(f[at]! - ref.normals[at]!) / Math.max(1, Math.abs(ref.normals[at]!)),
            );
          else if (base[at] !== ref.ints[at]) intMismatch++;
        }
      }
      expect(intMismatch).toBe(0);
      expect(worst).toBeLessThanOrEqual(5e-4);
    });
  }
});

describe('OU Euler–Maruyama kernel: paths independent of how the steps are dispatched', () => {
  const gpu = useGpu();
  const options = { particles: 3000, theta: 1, sigma: 1, dt: 0.01, x0: 0.5, seed: 77 };
  const steps = 203;
  const run = async (
    ctx: Parameters<typeof createOu1dEnsemble>[0],
    workgroupSize: number,
    stepsPerDispatch: number,
    pieces: number[],
  ) => {
    const e = await createOu1dEnsemble(ctx, { ...options, workgroupSize, stepsPerDispatch });
    try {
      for (const s of pieces) e.advance(s);
      await e.done();
      return new Uint32Array(await readBuffer(ctx.device, e.state));
    } finally {
      e.destroy();
    }
  };
  gpuIt(
    'final states are bit-identical across workgroup sizes, steps per dispatch and advance() pieces',
    gpu,
    async (ctx) => {
      const base = await run(ctx, 64, 100, [steps]);
      for (const [wg, spd, pieces] of [
        [1, 203, [203]],
        [256, 1, [203]],
        [32, 7, [203]],
        [64, 100, [1, 2, 3, 97, 100]],
        [128, 4, [50, 153]],
      ] as [number, number, number[]][]) {
        expect(
          countMismatches(base, await run(ctx, wg, spd, pieces)),
          `wg ${wg}, ${spd} steps/dispatch, ${pieces}`,
        ).toBe(0);
      }
    },
  );
});
