/**
 * Counter-based generator benchmarks (`shaders/rng/fill_normals.wgsl` through `makeFillVariates`): Philox4x32-10
 * and Threefry-4x32-20, uniforms and Box–Muller normals written to memory, beside the same loop in C. The kinds
 * of `sgd-sde rng` (index, permutation, stable, …) are timed by `bench/rng.ts`.
 */
import { createBuffer } from '../src/gpu/buffers.js';
import { makeFillVariates } from '../src/rng/fill.js';
import type { BenchModule, BenchRow } from './row.js';
import { benchGpu, benchSizes, pairedRow } from './shared.js';

/** Rows: {Philox, Threefry} × {uniform, normal}, in G variates/s. */
export const bench: BenchModule = async ({ quick }) => {
  const { ctx, timer } = await benchGpu();
  const { device } = ctx;
  const blocks = benchSizes(ctx, quick).generatorBlocks;
  const out = createBuffer(device, {
    label: 'generator bench output',
    size: blocks * 16,
    usage: GPUBufferUsage.STORAGE,
  });
  const rows: BenchRow[] = [];
  try {
    for (const generator of ['philox', 'threefry'] as const) {
      for (const variate of ['uniform', 'normal'] as const) {
        const fill = await makeFillVariates(device, out, blocks, { generator, variate, seed: 42, stream: 0 });
        rows.push(
          await pairedRow({
            name: `${generator === 'philox' ? 'Philox4x32-10' : 'Threefry-4x32-20'} ${variate}s`,
            unit: 'G variates/s',
            scale: 1e9,
            work: blocks * 4,
            quick,
            gpuOnce: () =>
              timer.time(() => {
                const enc = device.createCommandEncoder({ label: 'generator bench' });
                fill.encode(enc);
                device.queue.submit([enc.finish()]);
              }),
            program: 'rng',
            args: [generator, variate, blocks],
            note: `${blocks * 4} float32 written${variate === 'normal' ? ', Box–Muller' : ''}`,
          }),
        );
        fill.destroy();
      }
    }
  } finally {
    out.destroy();
  }
  return rows;
};
