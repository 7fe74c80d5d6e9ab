/** The 8-D OU benchmark kernel (`shaders/bench/ou8d_em.wgsl`) with the matrices of `bench/native/ou8d.c`. */
import { createBuffer, seedWords, workgroupGrid } from '../src/gpu/buffers.js';
import type { GpuContext } from '../src/gpu/device.js';
import { getComputePipeline } from '../src/gpu/pipelines.js';

const D = 8;

/** A = I + 0.1 (i − j)/D, S lower-triangular with S_ij = 1/(1 + i − j) (as in the C peer). */
export function ou8dMatrices(): { a: number[][]; s: number[][] } {
  const a = Array.from({ length: D }, (_, i) =>
    Array.from({ length: D }, (_, j) => (i === j ? 1 : 0) + (0.1 * (i - j)) / D),
  );
  const s = Array.from({ length: D }, (_, i) =>
    Array.from({ length: D }, (_, j) => (j <= i ? 1 / (1 + i - j) : 0)),
  );
  return { a, s };
}

/** Packs an 8 × 8 matrix into 4 column-major mat4x4f blocks, block (r, c) at index 2r + c. */
function packBlocks(m: number[][], out: Float32Array, offset: number): void {
  for (let r = 0; r < 2; r++)
    for (let c = 0; c < 2; c++)
      for (let col = 0; col < 4; col++)
        for (let row = 0; row < 4; row++) {
          out[offset + (2 * r + c) * 16 + col * 4 + row] = m[4 * r + row]![4 * c + col]!;
        }
}

/** Allocates N 8-D particles at (1, …, 1); `run(steps)` submits a reset and `steps` steps in one dispatch. */
export async function makeOu8d(ctx: GpuContext, o: { particles: number; generator: 'philox' | 'threefry' }) {
  const { device } = ctx;
  const wg = 64;
  const pipeline = await getComputePipeline(device, {
    file: 'bench/ou8d_em.wgsl',
    constants: { WG_SIZE: wg },
    defines: { THREEFRY: o.generator === 'threefry' },
    label: `ou8d Euler–Maruyama (${o.generator})`,
  });
  const { a, s } = ou8dMatrices();
  const params = new ArrayBuffer(2 * 4 * 64 + 32);
  const f32 = new Float32Array(params);
  const u32 = new Uint32Array(params);
  packBlocks(a, f32, 0);
  packBlocks(s, f32, 64);
  const h = 0.01;
  const [lo, hi] = seedWords(1234567);
  const paramBuf = createBuffer(device, {
    label: 'ou8d params',
    size: params.byteLength,
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  });
  const init = new Float32Array(o.particles * D).fill(1);
  const state = createBuffer(device, {
    label: 'ou8d state',
    size: init.byteLength,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
  });
  const bind = device.createBindGroup({
    label: 'ou8d bind group',
    layout: pipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: paramBuf } },
      { binding: 1, resource: { buffer: state } },
    ],
  });
  const grid = workgroupGrid(o.particles, wg, device.limits.maxComputeWorkgroupsPerDimension);
  return {
    state,
    run(steps: number) {
      f32[128] = h;
      f32[129] = Math.sqrt(h);
      u32.set([o.particles, 0, steps, lo, hi], 130);
      device.queue.writeBuffer(paramBuf, 0, params);
      device.queue.writeBuffer(state, 0, init);
      const enc = device.createCommandEncoder({ label: 'ou8d steps' });
      const pass = enc.beginComputePass({ label: 'ou8d step pass' });
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bind);
      pass.dispatchWorkgroups(...grid);
      pass.end();
      device.queue.submit([enc.finish()]);
    },
    destroy() {
      paramBuf.destroy();
      state.destroy();
    },
  };
}
