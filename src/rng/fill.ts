/** GPU fill of a buffer with one stream's uniforms or normals, from Philox4x32-10 or Threefry-4x32-20. */
import { createBuffer, seedWords, workgroupGrid } from '../gpu/buffers.js';
import { getComputePipeline } from '../gpu/pipelines.js';

/** Which block generator and which variate. */
export interface FillVariatesOptions {
  generator: 'philox' | 'threefry';
  variate: 'normal' | 'uniform';
  seed: number | bigint;
  /** Stream id (fourth counter word). */
  stream: number;
  /** First block (draws 4·block0 … of the stream). */
  block0?: number;
  workgroupSize?: number;
}

/**
 * Returns a function that queues, on `encoder`, the fill of `out[0 .. 4·blocks)` (float32) with draws
 * 4·block0 … 4·(block0 + blocks) − 1 of the stream: lane j of block b is draw 4b + j
 * (`shaders/rng/fill_normals.wgsl`). Pipeline, parameters and bind group are made once.
 */
export async function makeFillVariates(
  device: GPUDevice,
  out: GPUBuffer,
  blocks: number,
  o: FillVariatesOptions,
): Promise<{ encode(encoder: GPUCommandEncoder): void; destroy(): void }> {
  if (!(Number.isInteger(blocks) && blocks >= 1 && blocks * 16 <= out.size)) {
    throw new RangeError(`blocks must be an integer in [1, ${Math.floor(out.size / 16)}], got ${blocks}`);
  }
  const wg = o.workgroupSize ?? 64;
  const pipeline = await getComputePipeline(device, {
    file: 'rng/fill_normals.wgsl',
    constants: { WG_SIZE: wg },
    defines: { THREEFRY: o.generator === 'threefry', UNIFORM: o.variate === 'uniform' },
    label: `fill ${o.variate}s (${o.generator})`,
  });
  const [lo, hi] = seedWords(o.seed);
  const params = createBuffer(device, {
    label: 'fill variates params',
    usage: GPUBufferUsage.UNIFORM,
    data: Uint32Array.of(blocks, o.block0 ?? 0, o.stream, lo, hi, 0, 0, 0),
  });
  const bind = device.createBindGroup({
    label: 'fill variates bind group',
    layout: pipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: params } },
      { binding: 1, resource: { buffer: out } },
    ],
  });
  const grid = workgroupGrid(blocks, wg, device.limits.maxComputeWorkgroupsPerDimension);
  return {
    encode(encoder) {
      const pass = encoder.beginComputePass({ label: 'fill variates pass' });
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bind);
      pass.dispatchWorkgroups(...grid);
      pass.end();
    },
    destroy() {
      params.destroy();
    },
  };
}
