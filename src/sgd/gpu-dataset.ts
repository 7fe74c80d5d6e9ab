/** A dataset uploaded once to the GPU and shared by every particle, with the WGSL configuration of its loss. */

import { createBuffer } from '../gpu/buffers.js';
import { shaderSources } from '../gpu/shader-source.js';
import { type Dataset, DatasetError, MAX_DIM } from './datasets.js';

/**
 * A user loss written in WGSL (contract in docs/sgd.md): it must define
 * `example_loss(w: ptr<function, Vec>, i: u32) -> f32` and
 * `example_grad_acc(w: ptr<function, Vec>, i: u32, scale: f32, g: ptr<function, Vec>)` (g += scale ∇ℓ_i(w)),
 * and may define `example_hvp_acc(w, v, i, scale, out)` (out += scale ∇²ℓ_i(w) v) when `hvp` is true.
 */
export interface LossSnippet {
  wgsl: string;
  hvp?: boolean;
}

/** How the kernels see a loss: the WGSL source and which optional parts it provides. */
export interface LossConfig {
  source: string;
  /** Provides full_loss / full_grad / full_hvp in closed form. */
  closedForm: boolean;
  /** Provides example_hvp_acc (needed by the modified-equation SDE). */
  hvp: boolean;
  /** Σ(w) does not depend on w, so its factor can be computed once. */
  stateIndependentNoise: boolean;
}

/** The loss configuration of a dataset, or of a user snippet when one is given. */
export function lossConfig(dataset: Dataset, snippet?: LossSnippet): LossConfig {
  if (snippet) {
    if (typeof snippet.wgsl !== 'string' || !/\bfn\s+example_grad_acc\s*\(/.test(snippet.wgsl)) {
      throw new DatasetError(
        'a loss snippet must define fn example_grad_acc(w, i, scale, g) (see docs/sgd.md)',
      );
    }
    if (!/\bfn\s+example_loss\s*\(/.test(snippet.wgsl)) {
      throw new DatasetError('a loss snippet must define fn example_loss(w, i) -> f32 (see docs/sgd.md)');
    }
    return {
      source: snippet.wgsl,
      closedForm: false,
      hvp: snippet.hvp === true,
      stateIndependentNoise: false,
    };
  }
  const source = shaderSources[`sgd/losses/${dataset.loss}.wgsl`];
  if (source === undefined) throw new DatasetError(`no WGSL loss named "${dataset.loss}"`);
  const quadratic = dataset.loss === 'quadratic';
  return { source, closedForm: quadratic, hvp: true, stateIndependentNoise: quadratic };
}

/** The dataset's buffers on one device and the `extra` WGSL sources that configure the kernels for it. */
export interface GpuDataset {
  dataset: Dataset;
  loss: LossConfig;
  rows: GPUBuffer;
  params: GPUBuffer;
  /** Named sources for `getComputePipeline({extra})`: `sgd/config.wgsl` (D, ROW, NP) and `sgd/loss.wgsl`. */
  extra: Record<string, string>;
  destroy(): void;
}

/** Checks a dataset's shape and values (finite) before upload. */
export function validateDataset(d: Dataset): void {
  if (!(Number.isInteger(d.dim) && d.dim >= 1 && d.dim <= MAX_DIM)) {
    throw new DatasetError(`dim must be an integer in [1, ${MAX_DIM}], got ${d.dim}`);
  }
  if (!(Number.isInteger(d.examples) && d.examples >= 1)) {
    throw new DatasetError(`examples must be a positive integer, got ${d.examples}`);
  }
  if (d.rows.length !== d.examples * d.rowLength) {
    throw new DatasetError(
      `rows has ${d.rows.length} values, expected examples × rowLength = ${d.examples * d.rowLength}`,
    );
  }
  if (d.params.length < 1) throw new DatasetError('params must hold at least one value');
  for (let i = 0; i < d.rows.length; i++) {
    if (!Number.isFinite(d.rows[i]!)) {
      throw new DatasetError(`example ${Math.floor(i / d.rowLength) + 1} has a non-finite value`);
    }
  }
}

/**
 * Uploads `dataset` (validated first) and prepares its kernel configuration.
 *
 * @param device - the device to upload to
 * @param dataset - the dataset
 * @param snippet - a user loss in WGSL (replaces the built-in loss)
 * @returns the buffers and kernel configuration of the dataset
 * @throws {@link DatasetError} for an invalid dataset
 */
export function createGpuDataset(device: GPUDevice, dataset: Dataset, snippet?: LossSnippet): GpuDataset {
  validateDataset(dataset);
  const loss = lossConfig(dataset, snippet);
  const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
  if (dataset.rows.byteLength > limit) {
    throw new DatasetError(
      `the dataset needs ${dataset.rows.byteLength} bytes, more than this device's storage buffer limit (${limit})`,
    );
  }
  const d = dataset.dim;
  const rows = createBuffer(device, {
    label: `sgd dataset rows (${dataset.kind}, ${dataset.examples}×${dataset.rowLength})`,
    usage: GPUBufferUsage.STORAGE,
    data: dataset.rows,
  });
  const params = createBuffer(device, {
    label: `sgd dataset params (${dataset.kind})`,
    usage: GPUBufferUsage.STORAGE,
    data: dataset.params,
  });
  const config = `const D: u32 = ${d}u;\nconst ROW: u32 = ${dataset.rowLength}u;\nconst NP: u32 = ${(d * (d + 1)) / 2}u;\n`;
  return {
    dataset,
    loss,
    rows,
    params,
    extra: { 'sgd/config.wgsl': config, 'sgd/loss.wgsl': loss.source },
    destroy() {
      rows.destroy();
      params.destroy();
    },
  };
}
