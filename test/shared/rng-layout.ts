/**
 * Runs the counter-layout test kernel `testing/rng_layout.wgsl` under a given split of the work (workgroup size,
 * steps per dispatch, particles per dispatch, shards with their own output buffers), and its TypeScript reference.
 */
import { createBuffer, readBuffer, seedWords, workgroupGrid } from '../../src/gpu/buffers.js';
import type { GpuContext } from '../../src/gpu/device.js';
import { getComputePipeline } from '../../src/gpu/pipelines.js';
import { permutationKey, permuteIndex } from '../../src/rng/permutation.js';
import { boxMuller, philox4x32_10Into } from '../../src/rng/philox.js';
import { rngStreamStep, uniformIndex } from '../../src/rng/stream.js';
import { RNG_STREAM } from '../../src/rng/streams.js';

/** What is drawn: particles particle0.. (count), steps step0.. (steps), per step m normals, batch indices, 1 permutation element. */
export interface LayoutProblem {
  seed: bigint | number;
  particle0: number;
  particles: number;
  step0: number;
  steps: number;
  m: number;
  batch: number;
  nRange: number;
}

/** How the work is split; none of it may change the values. */
export interface LayoutSplit {
  workgroupSize: number;
  stepsPerDispatch: number;
  particlesPerDispatch: number;
  shards: number;
}

/** Words per (particle, step): m normals (float32 bits), batch indices, one permutation element. */
export const layoutWidth = (p: LayoutProblem) => p.m + p.batch + 1;

/** All draws of `p`, particle-major then step then word, computed on the GPU under `split`. */
export async function runLayoutKernel(
  ctx: GpuContext,
  p: LayoutProblem,
  split: LayoutSplit,
): Promise<Uint32Array> {
  const { device } = ctx;
  const pipeline = await getComputePipeline(device, {
    file: 'testing/rng_layout.wgsl',
    constants: { WG_SIZE: split.workgroupSize },
    label: `rng layout wg${split.workgroupSize}`,
  });
  const w = layoutWidth(p);
  const result = new Uint32Array(p.particles * p.steps * w);
  const [s0, s1] = seedWords(p.seed);
  const perShard = Math.ceil(p.particles / split.shards);
  for (let shardStart = 0; shardStart < p.particles; shardStart += perShard) {
    const shardCount = Math.min(perShard, p.particles - shardStart);
    const shardBase = p.particle0 + shardStart;
    const out = createBuffer(device, {
      label: `rng layout shard ${shardStart}`,
      size: shardCount * p.steps * w * 4,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
    });
    const params: GPUBuffer[] = [];
    try {
      for (let c0 = 0; c0 < shardCount; c0 += split.particlesPerDispatch) {
        const count = Math.min(split.particlesPerDispatch, shardCount - c0);
        for (let k0 = 0; k0 < p.steps; k0 += split.stepsPerDispatch) {
          const steps = Math.min(split.stepsPerDispatch, p.steps - k0);
          const u = Uint32Array.of(
            s0,
            s1,
            count,
            shardBase + c0,
            p.step0 + k0,
            steps,
            p.steps,
            shardBase,
            p.step0,
            p.m,
            p.batch,
            p.nRange,
          );
          const buf = createBuffer(device, {
            label: 'rng layout params',
            usage: GPUBufferUsage.UNIFORM,
            data: u,
          });
          params.push(buf);
          const enc = device.createCommandEncoder({ label: 'rng layout' });
          const pass = enc.beginComputePass({ label: 'rng layout pass' });
          pass.setPipeline(pipeline);
          pass.setBindGroup(
            0,
            device.createBindGroup({
              label: 'rng layout bind group',
              layout: pipeline.getBindGroupLayout(0),
              entries: [
                { binding: 0, resource: { buffer: buf } },
                { binding: 1, resource: { buffer: out } },
              ],
            }),
          );
          pass.dispatchWorkgroups(
            ...workgroupGrid(count, split.workgroupSize, ctx.limits.maxComputeWorkgroupsPerDimension),
          );
          pass.end();
          device.queue.submit([enc.finish()]);
        }
      }
      result.set(new Uint32Array(await readBuffer(device, out)), shardStart * p.steps * w);
    } finally {
      out.destroy();
      for (const b of params) b.destroy();
    }
  }
  return result;
}

/** TypeScript reference of the same draws: integer words exact, normals as float64 (compare with a tolerance). */
export function layoutReference(p: LayoutProblem): { ints: Uint32Array; normals: Float64Array } {
  const w = layoutWidth(p);
  const ints = new Uint32Array(p.particles * p.steps * w);
  const normals = new Float64Array(p.particles * p.steps * w);
  const seed = seedWords(p.seed);
  const block = new Uint32Array(4);
  for (let i = 0; i < p.particles; i++) {
    const particle = p.particle0 + i;
    for (let s = 0; s < p.steps; s++) {
      const k = p.step0 + s;
      const row = (i * p.steps + s) * w;
      for (let j = 0; j < p.m; j++) {
        const n = k * p.m + j;
        const b = Math.floor(n / 4);
        philox4x32_10Into(
          b % 2 ** 32,
          Math.floor(b / 2 ** 32),
          particle,
          RNG_STREAM.dynamics,
          seed[0],
          seed[1],
          block,
        );
        const lane = n % 4;
        normals[row + j] = boxMuller(block[lane & 2]!, block[(lane & 2) + 1]!)[lane & 1]!;
      }
      const st = rngStreamStep(seed, particle, RNG_STREAM.batchIndex, k);
      for (let j = 0; j < p.batch; j++) ints[row + p.m + j] = uniformIndex(st, p.nRange);
      ints[row + p.m + p.batch] = permuteIndex(
        permutationKey(seed, particle, Math.floor(k / p.nRange)),
        p.nRange,
        k % p.nRange,
      );
    }
  }
  return { ints, normals };
}
