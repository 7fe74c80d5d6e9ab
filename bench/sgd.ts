/**
 * SGD particle benchmarks (`shaders/bench/sgd_particles.wgsl`): independent mini-batch SGD runs for linear and
 * logistic regression, d = 8, B = 32, 4,096 examples, beside the native C build of the same loop.
 */
import { createBuffer, seedWords, workgroupGrid } from '../src/gpu/buffers.js';
import type { GpuContext } from '../src/gpu/device.js';
import { getComputePipeline } from '../src/gpu/pipelines.js';
import type { BenchModule, BenchRow } from './row.js';
import { benchGpu, benchSizes, pairedRow } from './shared.js';

const D = 8;

/** The data set of `bench/native/sgd.c`: x_ij = sin(0.37 (8 i + j)), y = Σ_j x_ij (j + 1)/8 (+ noise, or > 0). */
export function sgdData(examples: number, logistic: boolean): { xs: Float32Array; ys: Float32Array } {
  const xs = new Float32Array(examples * D);
  const ys = new Float32Array(examples);
  for (let i = 0; i < examples; i++) {
    let t = 0;
    for (let j = 0; j < D; j++) {
      xs[D * i + j] = Math.sin(0.37 * (i * D + j));
      t += xs[D * i + j]! * ((j + 1) / D);
    }
    ys[i] = logistic ? (t > 0 ? 1 : 0) : t + 0.1 * Math.cos(1.3 * i);
  }
  return { xs, ys };
}

/** N SGD particles at w = 0; `run(steps)` resets them and submits `steps` steps in one dispatch. */
export async function makeSgdParticles(
  ctx: GpuContext,
  o: { particles: number; examples: number; batch: number; logistic: boolean; lr?: number },
) {
  const { device } = ctx;
  const wg = 64;
  const pipeline = await getComputePipeline(device, {
    file: 'bench/sgd_particles.wgsl',
    constants: { WG_SIZE: wg },
    defines: { LOGISTIC: o.logistic, POW2_EXAMPLES: (o.examples & (o.examples - 1)) === 0 },
    label: `sgd particles (${o.logistic ? 'logistic' : 'linear'})`,
  });
  const { xs, ys } = sgdData(o.examples, o.logistic);
  const xBuf = createBuffer(device, { label: 'sgd features', usage: GPUBufferUsage.STORAGE, data: xs });
  const yBuf = createBuffer(device, { label: 'sgd labels', usage: GPUBufferUsage.STORAGE, data: ys });
  const wBuf = createBuffer(device, {
    label: 'sgd weights',
    size: o.particles * D * 4,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
  });
  const paramBuf = createBuffer(device, {
    label: 'sgd params',
    size: 32,
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  });
  const bind = device.createBindGroup({
    label: 'sgd bind group',
    layout: pipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: paramBuf } },
      { binding: 1, resource: { buffer: xBuf } },
      { binding: 2, resource: { buffer: yBuf } },
      { binding: 3, resource: { buffer: wBuf } },
    ],
  });
  const zeros = new Float32Array(o.particles * D);
  const [lo, hi] = seedWords(99);
  const params = new ArrayBuffer(32);
  const grid = workgroupGrid(o.particles, wg, device.limits.maxComputeWorkgroupsPerDimension);
  return {
    weights: wBuf,
    run(steps: number) {
      new Uint32Array(params).set([o.particles, 0, steps, o.examples, lo, hi, o.batch]);
      new Float32Array(params, 28, 1)[0] = (o.lr ?? 0.05) / o.batch;
      device.queue.writeBuffer(paramBuf, 0, params);
      device.queue.writeBuffer(wBuf, 0, zeros);
      const enc = device.createCommandEncoder({ label: 'sgd steps' });
      const pass = enc.beginComputePass({ label: 'sgd step pass' });
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bind);
      pass.dispatchWorkgroups(...grid);
      pass.end();
      device.queue.submit([enc.finish()]);
    },
    destroy() {
      xBuf.destroy();
      yBuf.destroy();
      wBuf.destroy();
      paramBuf.destroy();
    },
  };
}

/** Rows: linear and logistic regression particle steps. */
export const bench: BenchModule = async ({ quick }) => {
  const { ctx, timer } = await benchGpu();
  const rows: BenchRow[] = [];
  const examples = 4096;
  const batch = 32;
  for (const logistic of [false, true]) {
    const particles = benchSizes(ctx, quick).sgdParticles;
    const steps = 10;
    const sgd = await makeSgdParticles(ctx, { particles, examples, batch, logistic });
    try {
      const kind = logistic ? 'logistic' : 'linear';
      rows.push(
        await pairedRow({
          name: `SGD particles, ${kind} regression`,
          unit: 'G particle-steps/s',
          scale: 1e9,
          work: particles * steps,
          quick,
          gpuOnce: () => timer.time(() => sgd.run(steps)),
          program: 'sgd',
          args: [kind, particles, steps, examples, batch],
          note: `N = ${particles}, ${steps} steps, d = 8, B = ${batch}, ${examples} examples, Philox batch draws`,
        }),
      );
    } finally {
      sgd.destroy();
    }
  }
  return rows;
};
