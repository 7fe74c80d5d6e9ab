/**
 * The SGD and SGD-SDE stepping kernels (`shaders/sgd/sgd_step.wgsl`, `shaders/sgd/sde_step.wgsl`) as pipelines for
 * one dataset, and the packing of their `StepParams` uniform (`shaders/sgd/params.wgsl`). Shared by the batch
 * runs (`runSgd`, `runSde`) and the live ensembles (`createSgdEnsemble`): each dispatch takes `steps` steps from
 * global step `step0`, so a run may be split into dispatches (or frames) anywhere without changing its result.
 */
import { getComputePipeline } from '../gpu/pipelines.js';
import type { GpuDataset } from './gpu-dataset.js';

/** Byte size of the `StepParams` uniform. */
export const STEP_PARAMS_BYTES = 48;

/** Values of one dispatch's `StepParams` uniform. */
export interface StepParams {
  particles: number;
  examples: number;
  batch: number;
  /** Global index of the dispatch's first step, and how many steps it takes. */
  step0: number;
  steps: number;
  seedLo: number;
  seedHi: number;
  /** SDE substeps per SGD step (1 for SGD). */
  substeps: number;
  /** Step size of one update (η, or η/l for SVAG). */
  lr: number;
  svagA: number;
  svagB: number;
}

/** Packs `p` into the 48-byte `StepParams` layout (u32 × 8, f32 × 3, u32 steps_per_epoch = ⌈n/B⌉). */
export function packStepParams(p: StepParams, out = new ArrayBuffer(STEP_PARAMS_BYTES)): ArrayBuffer {
  const u32 = new Uint32Array(out);
  const f32 = new Float32Array(out);
  u32.set([p.particles, p.examples, p.batch, p.step0, p.steps, p.seedLo, p.seedHi, p.substeps], 0);
  f32.set([p.lr, p.svagA, p.svagB], 8);
  u32[11] = Math.ceil(p.examples / p.batch);
  return out;
}

/** Configuration of the SGD stepping kernel. */
export interface SgdKernelConfig {
  sampling: 'with' | 'without' | 'gaussian' | 'svag';
  /** Gaussian sampler only: Σ factored once (`fixed`, binding 4) or per step. */
  noise: 'fixed' | 'per-step';
  countUses: boolean;
  workgroupSize: number;
}

/** The mini-batch SGD stepping pipeline for `data` (bindings 0–3: params, rows, problem, state). */
export function sgdStepPipeline(
  device: GPUDevice,
  data: GpuDataset,
  c: SgdKernelConfig,
): Promise<GPUComputePipeline> {
  const gaussian = c.sampling === 'gaussian';
  return getComputePipeline(device, {
    file: 'sgd/sgd_step.wgsl',
    constants: { WG_SIZE: c.workgroupSize },
    defines: {
      SAMPLING_WITH: c.sampling === 'with',
      SAMPLING_WITHOUT: c.sampling === 'without',
      SAMPLING_GAUSSIAN: gaussian,
      SAMPLING_SVAG: c.sampling === 'svag',
      NOISE_FIXED: gaussian && c.noise === 'fixed',
      CLOSED_FORM: data.loss.closedForm,
      HAS_HVP: false,
      COUNT_USES: c.countUses,
    },
    extra: data.extra,
    label: `sgd step (${c.sampling}${gaussian ? `, Σ ${c.noise}` : ''})`,
  });
}

/** Configuration of the SGD-SDE stepping kernel. */
export interface SdeKernelConfig {
  scheme: 'em' | 'heun';
  modified: boolean;
  noise: 'fixed' | 'per-step';
  workgroupSize: number;
}

/** The SGD-SDE stepping pipeline for `data` (bindings 0–3 as for SGD; binding 4 = fixed Σ factor). */
export function sdeStepPipeline(
  device: GPUDevice,
  data: GpuDataset,
  c: SdeKernelConfig,
): Promise<GPUComputePipeline> {
  return getComputePipeline(device, {
    file: 'sgd/sde_step.wgsl',
    constants: { WG_SIZE: c.workgroupSize },
    defines: {
      HEUN: c.scheme === 'heun',
      MODIFIED: c.modified,
      NOISE_FIXED: c.noise === 'fixed',
      CLOSED_FORM: data.loss.closedForm,
      HAS_HVP: data.loss.hvp,
    },
    extra: data.extra,
    label: `sgd-sde step (${c.scheme}${c.modified ? ', modified' : ''}, Σ ${c.noise})`,
  });
}
