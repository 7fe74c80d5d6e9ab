/** GPU reductions of an ensemble of weight vectors: mean, covariance with standard errors, loss statistics. */
import { createBuffer, readBuffer, workgroupGrid } from '../gpu/buffers.js';
import { getComputePipeline } from '../gpu/pipelines.js';
import { reduceMoments } from '../reduce/moments.js';
import type { SampleMoments } from '../stats/moments.js';
import type { GpuDataset } from './gpu-dataset.js';

/** Mean and covariance of P weight vectors with standard errors. */
export interface EnsembleMoments {
  particles: number;
  mean: number[];
  meanSE: number[];
  /** Sample covariance, d×d row-major (divisor P − 1). */
  covariance: Float64Array;
  /**
   * Standard error of each covariance entry from the sample's fourth moments:
   * SE(Ŝ_ab) = sqrt((m̂_aabb − Ŝ_ab²) / P), m̂_aabb = mean of (e_a e_b)², e = w − ŵ.
   */
  covarianceSE: Float64Array;
  /** Number of non-finite coordinates seen. */
  nonFinite: number;
}

const TILE = 1024;
const WG = 64;

async function covSums(
  device: GPUDevice,
  data: GpuDataset,
  states: GPUBuffer,
  particles: number,
  shift: Float32Array,
): Promise<{ sums: Float64Array; sq: Float64Array; nonFinite: number[] }> {
  const d = data.dataset.dim;
  const np = (d * (d + 1)) / 2;
  const slots = d + np;
  const tiles = Math.ceil(particles / TILE);
  const pipeline = await getComputePipeline(device, {
    file: 'sgd/cov_reduce.wgsl',
    constants: { WG_SIZE: WG, TILE },
    extra: data.extra,
    label: 'sgd covariance reduction',
  });
  const uni = createBuffer(device, {
    label: 'sgd covariance params',
    usage: GPUBufferUsage.UNIFORM,
    data: Uint32Array.of(particles, tiles, 0, 0),
  });
  const shiftBuf = createBuffer(device, {
    label: 'sgd covariance shift',
    usage: GPUBufferUsage.STORAGE,
    data: shift,
  });
  const out = createBuffer(device, {
    label: 'sgd covariance partial sums',
    size: tiles * slots * 8,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
  });
  try {
    const bind = device.createBindGroup({
      label: 'sgd covariance bind group',
      layout: pipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: uni } },
        { binding: 1, resource: { buffer: states } },
        { binding: 2, resource: { buffer: shiftBuf } },
        { binding: 3, resource: { buffer: out } },
      ],
    });
    const enc = device.createCommandEncoder({ label: 'sgd covariance' });
    const pass = enc.beginComputePass({ label: 'sgd covariance pass' });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bind);
    pass.dispatchWorkgroups(
      ...workgroupGrid(tiles * slots, WG, device.limits.maxComputeWorkgroupsPerDimension),
    );
    pass.end();
    device.queue.submit([enc.finish()]);
    const raw = new Float32Array(await readBuffer(device, out));
    const sums = new Float64Array(slots);
    const sq = new Float64Array(slots);
    for (let t = 0; t < tiles; t++) {
      for (let s = 0; s < slots; s++) {
        sums[s]! += raw[2 * (t * slots + s)]!;
        sq[s]! += raw[2 * (t * slots + s) + 1]!;
      }
    }
    return { sums, sq, nonFinite: Array.from(sq.subarray(0, d)) };
  } finally {
    uni.destroy();
    shiftBuf.destroy();
    out.destroy();
  }
}

/**
 * Mean and covariance of `particles` weight vectors in `states` (particle-major, d floats each), in two GPU
 * passes: the first finds the mean, the second sums products of deviations about it (well conditioned in f32).
 *
 * @param device - the device owning `states`
 * @param data - the dataset on the GPU (its dimension d)
 * @param states - the particles' weights, particle-major
 * @param particles - how many particles
 * @returns mean, its standard errors and the covariance
 * @throws RangeError for a particle count the buffer cannot hold
 */
export async function reduceEnsembleMoments(
  device: GPUDevice,
  data: GpuDataset,
  states: GPUBuffer,
  particles: number,
): Promise<EnsembleMoments> {
  const d = data.dataset.dim;
  if (particles < 2) throw new RangeError('need at least 2 particles for a covariance');
  const first = await covSums(device, data, states, particles, new Float32Array(d));
  const nonFinite = first.nonFinite.reduce((a, b) => a + b, 0);
  const nEff = particles - Math.max(...first.nonFinite);
  const shift = Float32Array.from({ length: d }, (_, a) => first.sums[a]! / nEff);
  const second = await covSums(device, data, states, particles, shift);
  const delta = Array.from({ length: d }, (_, a) => second.sums[a]! / nEff);
  const mean = delta.map((v, a) => shift[a]! + v);
  const covariance = new Float64Array(d * d);
  const covarianceSE = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    for (let b = 0; b <= a; b++) {
      const s = d + (a * (a + 1)) / 2 + b;
      const m2 = second.sums[s]! / nEff;
      const m4 = second.sq[s]! / nEff;
      const c = ((m2 - delta[a]! * delta[b]!) * nEff) / (nEff - 1);
      const se = Math.sqrt(Math.max(0, m4 - m2 * m2) / nEff);
      covariance[a * d + b] = covariance[b * d + a] = c;
      covarianceSE[a * d + b] = covarianceSE[b * d + a] = se;
    }
  }
  const meanSE = Array.from({ length: d }, (_, a) => Math.sqrt(covariance[a * d + a]! / nEff));
  return { particles: nEff, mean, meanSE, covariance, covarianceSE, nonFinite };
}

/**
 * Statistics of the full-dataset loss L(w_p) over the particles (evaluated on the GPU).
 *
 * @param device - the device owning `states`
 * @param data - the dataset on the GPU
 * @param states - the particles' weights, particle-major
 * @param particles - how many particles
 * @returns mean, variance and standard errors of the loss, and the count of non-finite losses
 */
export async function reduceEnsembleLoss(
  device: GPUDevice,
  data: GpuDataset,
  states: GPUBuffer,
  particles: number,
): Promise<SampleMoments & { nonFinite: number }> {
  const pipeline = await getComputePipeline(device, {
    file: 'sgd/loss_eval.wgsl',
    constants: { WG_SIZE: WG },
    defines: { CLOSED_FORM: data.loss.closedForm, HAS_HVP: false },
    extra: data.extra,
    label: 'sgd loss evaluation',
  });
  const uni = createBuffer(device, {
    label: 'sgd loss params',
    usage: GPUBufferUsage.UNIFORM,
    data: Uint32Array.of(particles, data.dataset.examples, 0, 0),
  });
  const losses = createBuffer(device, {
    label: 'sgd particle losses',
    size: particles * 4,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
  });
  try {
    const bind = device.createBindGroup({
      label: 'sgd loss bind group',
      layout: pipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: uni } },
        { binding: 1, resource: { buffer: data.rows } },
        { binding: 2, resource: { buffer: data.params } },
        { binding: 3, resource: { buffer: states } },
        { binding: 4, resource: { buffer: losses } },
      ],
    });
    const enc = device.createCommandEncoder({ label: 'sgd loss evaluation' });
    const pass = enc.beginComputePass({ label: 'sgd loss pass' });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bind);
    pass.dispatchWorkgroups(...workgroupGrid(particles, WG, device.limits.maxComputeWorkgroupsPerDimension));
    pass.end();
    device.queue.submit([enc.finish()]);
    return await reduceMoments(device, losses, particles, 0);
  } finally {
    uni.destroy();
    losses.destroy();
  }
}
