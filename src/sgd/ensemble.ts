/**
 * Ensembles of SGD particles (one particle = one mini-batch SGD run on a shared finite dataset) and of the
 * SGD-SDE particles dW = −∇L dt + sqrt(η Σ(W)/B) dB (time t = kη), stepped on the GPU.
 */
import { createBuffer, readBuffer, seedWords, workgroupGrid } from '../gpu/buffers.js';
import type { GpuContext } from '../gpu/device.js';
import { withErrorScope } from '../gpu/errors.js';
import { choleskyPsd } from '../reference/linalg.js';
import type { SampleMoments } from '../stats/moments.js';
import { type Dataset, DatasetError } from './datasets.js';
import { type EnsembleMoments, reduceEnsembleLoss, reduceEnsembleMoments } from './ensemble-stats.js';
import { createGpuDataset, type GpuDataset, type LossSnippet, validateDataset } from './gpu-dataset.js';
import { probeDataset } from './probe.js';
import { packStepParams, sdeStepPipeline, sgdStepPipeline } from './step-kernels.js';

/** How a particle draws its gradient estimate. */
export type Sampling = 'with' | 'without' | 'gaussian' | 'svag';
/** The sampling schemes, for validation and the CLI. */
export const SAMPLINGS: readonly Sampling[] = ['with', 'without', 'gaussian', 'svag'];

/** How Σ(w) enters the Gaussian sampler and the SDE: factored once (state-independent noise) or every step. */
export type NoiseMode = 'auto' | 'fixed' | 'per-step';

/** Largest dimension for which Σ(w) is formed and factored per step in the kernel (8 KiB function memory). */
export const MAX_PER_STEP_DIM = 32;

/** Options shared by {@link SgdOptions} and {@link SdeOptions}. */
export interface EnsembleCommonOptions {
  dataset: Dataset;
  /** A user loss in WGSL (replaces the dataset's built-in loss). */
  loss?: LossSnippet;
  /** Step size η > 0. */
  lr: number;
  /** Mini-batch size B (1 ≤ B ≤ examples). */
  batch: number;
  /** SGD steps K (the SDE runs to time Kη). */
  steps: number;
  particles: number;
  seed: number | bigint;
  /** Initial weights (default 0), the same for every particle. */
  w0?: number[];
  /** See {@link NoiseMode}; `auto` factors Σ once for the quadratic problem and per step otherwise. */
  noise?: NoiseMode;
  /** Steps per dispatch (default 50); results do not depend on it. */
  stepsPerDispatch?: number;
  /** Workgroup size (default 64); results do not depend on it. */
  workgroupSize?: number;
  /** Also read back the final particle states (`states` of the result, P × d float32). */
  keepStates?: boolean;
}

/** Options of {@link runSgd}. */
export interface SgdOptions extends EnsembleCommonOptions {
  sampling: Sampling;
  /** SVAG amplification factor l ≥ 1 (integer): l·K steps of η/l. */
  svagL?: number;
  /** Counts, per particle and example, how often each example was used (with/without/svag only). */
  countUses?: boolean;
}

/** Options of {@link runSde}. */
export interface SdeOptions extends EnsembleCommonOptions {
  /** `em` (Euler–Maruyama) or `heun` (weak order 2 for state-independent noise). Default `heun`. */
  scheme?: 'em' | 'heun';
  /** Substeps per SGD step, h = η/substeps (default 1). */
  substeps?: number;
  /** Use the modified-equation drift −∇(L + (η/4)|∇L|²). */
  modified?: boolean;
}

/** What a run measured. */
export interface EnsembleResult {
  adapter: string;
  particles: number;
  dim: number;
  /** Time reached, Kη. */
  time: number;
  moments: EnsembleMoments;
  loss: SampleMoments & { nonFinite: number };
  /** Seconds spent stepping (submission to completion; excludes compilation and reductions). */
  seconds: number;
  /** Kernel steps per particle: SGD updates (l·K for SVAG), or SGD steps of the SDE (each of `substeps` substeps). */
  kernelSteps: number;
  particleStepsPerSecond: number;
  /** Per-example gradient evaluations in the stepping kernels (closed-form full gradients not counted). */
  exampleGradients: number;
  exampleGradientsPerSecond: number;
  /** With `countUses`: counts[p * n + i]. */
  counts?: Uint32Array;
  /** With `keepStates`: the final weights, particle p at [p·d, (p + 1)·d). */
  states?: Float32Array;
}

function posInt(name: string, v: number, max: number): void {
  if (!(Number.isInteger(v) && v >= 1 && v <= max)) {
    throw new DatasetError(`${name} must be an integer in [1, ${max}], got ${v}`);
  }
}

/** Validates the options shared by SGD and SDE runs; throws before any GPU work. */
export function validateCommon(o: EnsembleCommonOptions): void {
  validateDataset(o.dataset);
  const n = o.dataset.examples;
  if (typeof o.lr !== 'number' || !Number.isFinite(o.lr) || !(o.lr > 0)) {
    throw new DatasetError(`the learning rate η must be a finite number > 0, got ${o.lr}`);
  }
  if (!(Number.isInteger(o.batch) && o.batch >= 1)) {
    throw new DatasetError(`batch must be a positive integer, got ${o.batch}`);
  }
  if (o.batch > n) throw new DatasetError(`batch ${o.batch} is larger than the dataset (${n} examples)`);
  posInt('steps', o.steps, 2 ** 31);
  posInt('particles', o.particles, 2 ** 26);
  if (o.w0 !== undefined && (o.w0.length !== o.dataset.dim || !o.w0.every(Number.isFinite))) {
    throw new DatasetError(`w0 must be ${o.dataset.dim} finite numbers`);
  }
  if (o.stepsPerDispatch !== undefined) posInt('stepsPerDispatch', o.stepsPerDispatch, 2 ** 31);
  if (o.workgroupSize !== undefined) posInt('workgroupSize', o.workgroupSize, 256);
  if (o.noise !== undefined && !['auto', 'fixed', 'per-step'].includes(o.noise)) {
    throw new DatasetError(`noise must be auto, fixed or per-step, got ${String(o.noise)}`);
  }
  seedWords(o.seed);
}

/** Validates SGD options (see {@link validateCommon}). */
export function validateSgdOptions(o: SgdOptions): void {
  validateCommon(o);
  if (!SAMPLINGS.includes(o.sampling)) {
    throw new DatasetError(`sampling must be one of ${SAMPLINGS.join(', ')}, got ${String(o.sampling)}`);
  }
  if (o.svagL !== undefined) posInt('svagL', o.svagL, 4096);
  if (o.sampling === 'svag') posInt('steps × svagL', o.steps * (o.svagL ?? 1), 2 ** 31);
  if (o.countUses && o.sampling === 'gaussian') throw new DatasetError('countUses needs batch sampling');
  if (o.countUses && o.particles * o.dataset.examples > 2 ** 28) {
    throw new DatasetError('countUses needs particles × examples ≤ 2^28');
  }
}

/** Validates SDE options (see {@link validateCommon}). */
export function validateSdeOptions(o: SdeOptions): void {
  validateCommon(o);
  if (o.scheme !== undefined && o.scheme !== 'em' && o.scheme !== 'heun') {
    throw new DatasetError(`scheme must be em or heun, got ${String(o.scheme)}`);
  }
  if (o.substeps !== undefined) posInt('substeps', o.substeps, 4096);
  posInt('steps × substeps', o.steps * (o.substeps ?? 1), 2 ** 27);
}

/** The Σ mode a run uses: `auto` resolved for the loss, checked against what it supports. */
export function resolveNoise(data: GpuDataset, mode: NoiseMode): 'fixed' | 'per-step' {
  if (mode === 'fixed' && !data.loss.stateIndependentNoise) {
    throw new DatasetError(
      'noise "fixed" needs a problem whose gradient noise does not depend on w (quadratic)',
    );
  }
  const m = mode === 'auto' ? (data.loss.stateIndependentNoise ? 'fixed' : 'per-step') : mode;
  if (m === 'per-step' && data.dataset.dim > MAX_PER_STEP_DIM) {
    throw new DatasetError(`Σ(w) per step needs dim ≤ ${MAX_PER_STEP_DIM}, got ${data.dataset.dim}`);
  }
  return m;
}

/** Factor L of Σ (exact, from the dataset on the GPU at w = 0) packed lower-triangular in float32. */
export async function fixedNoiseFactor(device: GPUDevice, data: GpuDataset): Promise<GPUBuffer> {
  const d = data.dataset.dim;
  const [p] = await probeDataset(device, data, [new Array(d).fill(0)]);
  const l = choleskyPsd(p!.covariance, d, 'the gradient covariance Σ(0)');
  const packed = new Float32Array((d * (d + 1)) / 2);
  for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) packed[(i * (i + 1)) / 2 + j] = l[i * d + j]!;
  return createBuffer(device, {
    label: 'sgd noise factor (Cholesky of Σ)',
    usage: GPUBufferUsage.STORAGE,
    data: packed,
  });
}

interface Stepper {
  pipeline: GPUComputePipeline;
  extraEntries: GPUBindGroupEntry[];
  kernelSteps: number;
  /** Values for the params struct besides particles/examples/batch/step0/steps/seed. */
  substeps: number;
  lr: number;
  svagA: number;
  svagB: number;
  exampleGradientsPerStep: number;
  label: string;
}

async function runEnsemble(
  ctx: GpuContext,
  o: EnsembleCommonOptions,
  data: GpuDataset,
  make: () => Promise<Stepper>,
  counts?: GPUBuffer,
): Promise<EnsembleResult> {
  const { device } = ctx;
  const d = o.dataset.dim;
  const n = o.dataset.examples;
  const P = o.particles;
  const wg = o.workgroupSize ?? 64;
  const perDispatch = o.stepsPerDispatch ?? 50;
  const [seedLo, seedHi] = seedWords(o.seed);
  const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
  if (P * d * 4 > limit) {
    throw new DatasetError(
      `${P} particles × ${d} weights exceed this device's storage buffer limit (${limit} bytes)`,
    );
  }
  const stepper = await make();
  const w0 = new Float32Array(P * d);
  if (o.w0) for (let p = 0; p < P; p++) w0.set(o.w0, p * d);
  const state = createBuffer(device, {
    label: `${stepper.label} state (${P}×${d})`,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
    data: w0,
  });
  const uniforms = createBuffer(device, {
    label: `${stepper.label} params`,
    size: 48,
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  });
  try {
    const bind = device.createBindGroup({
      label: `${stepper.label} bind group`,
      layout: stepper.pipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: uniforms } },
        { binding: 1, resource: { buffer: data.rows } },
        { binding: 2, resource: { buffer: data.params } },
        { binding: 3, resource: { buffer: state } },
        ...stepper.extraEntries,
      ],
    });
    const grid = workgroupGrid(P, wg, device.limits.maxComputeWorkgroupsPerDimension);
    const buf = new ArrayBuffer(48);
    await device.queue.onSubmittedWorkDone();
    const t0 = performance.now();
    const total = stepper.kernelSteps;
    for (let done = 0; done < total; done += perDispatch) {
      const count = Math.min(perDispatch, total - done);
      packStepParams(
        {
          particles: P,
          examples: n,
          batch: o.batch,
          step0: done,
          steps: count,
          seedLo,
          seedHi,
          substeps: stepper.substeps,
          lr: stepper.lr,
          svagA: stepper.svagA,
          svagB: stepper.svagB,
        },
        buf,
      );
      device.queue.writeBuffer(uniforms, 0, buf);
      const enc = device.createCommandEncoder({ label: `${stepper.label} steps ${done}..${done + count}` });
      const pass = enc.beginComputePass({ label: `${stepper.label} pass` });
      pass.setPipeline(stepper.pipeline);
      pass.setBindGroup(0, bind);
      pass.dispatchWorkgroups(...grid);
      pass.end();
      device.queue.submit([enc.finish()]);
    }
    await Promise.race([device.queue.onSubmittedWorkDone(), ctx.lost]);
    ctx.check();
    const seconds = (performance.now() - t0) / 1000;
    const moments = await reduceEnsembleMoments(device, data, state, P);
    const loss = await reduceEnsembleLoss(device, data, state, P);
    const exampleGradients = P * total * stepper.exampleGradientsPerStep;
    const result: EnsembleResult = {
      adapter: ctx.adapterName,
      particles: P,
      dim: d,
      time: o.steps * o.lr,
      moments,
      loss,
      seconds,
      kernelSteps: total,
      particleStepsPerSecond: (P * total) / seconds,
      exampleGradients,
      exampleGradientsPerSecond: exampleGradients / seconds,
    };
    if (counts) result.counts = new Uint32Array(await readBuffer(device, counts));
    if (o.keepStates) result.states = new Float32Array(await readBuffer(device, state));
    return result;
  } finally {
    state.destroy();
    uniforms.destroy();
  }
}

/**
 * Runs P SGD particles for K steps (SVAG: l·K steps of η/l) and reduces them on the GPU.
 *
 * @param ctx - the GPU context
 * @param o - dataset, step size, batch, steps, particles, seed and sampling
 * @returns the particles' mean and covariance, loss statistics and timings
 * @throws {@link DatasetError} when an option is out of range (see validateSgdOptions)
 * @example
 * ```ts
 * import { createGpuContext, makeQuadraticDataset, runSgd, sgdStationaryCovariance } from 'sgd-sde';
 *
 * const ctx = await createGpuContext();
 * const dataset = makeQuadraticDataset({ examples: 256, dim: 2, seed: 1 });
 * const r = await runSgd(ctx, { dataset, lr: 0.05, batch: 8, steps: 2000, particles: 1 << 14, seed: 7, sampling: 'with' });
 * console.log(r.moments.mean, r.moments.covariance);
 * ctx.destroy();
 * ```
 */
export async function runSgd(ctx: GpuContext, o: SgdOptions): Promise<EnsembleResult> {
  validateSgdOptions(o);
  const { device } = ctx;
  const data = createGpuDataset(device, o.dataset, o.loss);
  const extraBuffers: GPUBuffer[] = [];
  try {
    return await withErrorScope(device, `sgd particles (${o.sampling})`, async () => {
      const gaussian = o.sampling === 'gaussian';
      const noise = gaussian ? resolveNoise(data, o.noise ?? 'auto') : 'per-step';
      const n = o.dataset.examples;
      let counts: GPUBuffer | undefined;
      const extraEntries: GPUBindGroupEntry[] = [];
      if (gaussian && noise === 'fixed') {
        const f = await fixedNoiseFactor(device, data);
        extraBuffers.push(f);
        extraEntries.push({ binding: 4, resource: { buffer: f } });
      }
      if (o.countUses) {
        if (o.particles * n * 4 > device.limits.maxStorageBufferBindingSize) {
          throw new DatasetError('countUses: particles × examples exceed the storage buffer limit');
        }
        counts = createBuffer(device, {
          label: 'sgd example use counts',
          size: o.particles * n * 4,
          usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
        });
        extraBuffers.push(counts);
        extraEntries.push({ binding: 5, resource: { buffer: counts } });
      }
      const l = o.sampling === 'svag' ? (o.svagL ?? 1) : 1;
      const r = Math.sqrt(2 * l - 1);
      const perStep = {
        with: o.batch,
        without: o.batch,
        svag: 2 * o.batch,
        gaussian: (data.loss.closedForm ? 0 : n) + (noise === 'per-step' ? n : 0),
      }[o.sampling];
      return runEnsemble(
        ctx,
        o,
        data,
        async () => ({
          pipeline: await sgdStepPipeline(device, data, {
            sampling: o.sampling,
            noise,
            countUses: o.countUses === true,
            workgroupSize: o.workgroupSize ?? 64,
          }),
          extraEntries,
          kernelSteps: o.steps * l,
          substeps: 1,
          lr: o.lr / l,
          svagA: (1 + r) / 2,
          svagB: (1 - r) / 2,
          exampleGradientsPerStep: perStep,
          label: `sgd ${o.sampling}`,
        }),
        counts,
      );
    });
  } finally {
    for (const b of extraBuffers) b.destroy();
    data.destroy();
  }
}

/**
 * Runs P SGD-SDE particles to time Kη (K·substeps kernel steps of h = η/substeps) and reduces them on the GPU.
 *
 * @param ctx - the GPU context
 * @param o - dataset, step size, batch, steps, particles, seed, scheme and substeps
 * @returns the particles' mean and covariance, loss statistics and timings
 * @throws {@link DatasetError} when an option is out of range (see validateSdeOptions)
 * @example
 * ```ts
 * import { createGpuContext, makeQuadraticDataset, runSde } from 'sgd-sde';
 *
 * const ctx = await createGpuContext();
 * const dataset = makeQuadraticDataset({ examples: 256, dim: 2, seed: 1 });
 * const r = await runSde(ctx, { dataset, lr: 0.05, batch: 8, steps: 2000, particles: 1 << 14, seed: 7, scheme: 'heun' });
 * console.log(r.time, r.moments.mean);
 * ctx.destroy();
 * ```
 */
export async function runSde(ctx: GpuContext, o: SdeOptions): Promise<EnsembleResult> {
  validateSdeOptions(o);
  const { device } = ctx;
  const data = createGpuDataset(device, o.dataset, o.loss);
  if (o.modified && !data.loss.hvp) {
    data.destroy();
    throw new DatasetError('the modified-equation SDE needs a loss with example_hvp_acc (hvp: true)');
  }
  const extraBuffers: GPUBuffer[] = [];
  try {
    return await withErrorScope(device, 'sgd-sde particles', async () => {
      const noise = resolveNoise(data, o.noise ?? 'auto');
      const extraEntries: GPUBindGroupEntry[] = [];
      if (noise === 'fixed') {
        const f = await fixedNoiseFactor(device, data);
        extraBuffers.push(f);
        extraEntries.push({ binding: 4, resource: { buffer: f } });
      }
      const scheme = o.scheme ?? 'heun';
      const substeps = o.substeps ?? 1;
      const n = o.dataset.examples;
      const drift = (data.loss.closedForm ? 0 : n) * (o.modified ? 2 : 1);
      const perStep = (drift * (scheme === 'heun' ? 2 : 1) + (noise === 'per-step' ? n : 0)) * substeps;
      return runEnsemble(ctx, o, data, async () => ({
        pipeline: await sdeStepPipeline(device, data, {
          scheme,
          modified: o.modified === true,
          noise,
          workgroupSize: o.workgroupSize ?? 64,
        }),
        extraEntries,
        kernelSteps: o.steps,
        substeps,
        lr: o.lr,
        svagA: 0,
        svagB: 0,
        exampleGradientsPerStep: perStep,
        label: 'sgd-sde',
      }));
    });
  } finally {
    for (const b of extraBuffers) b.destroy();
    data.destroy();
  }
}
