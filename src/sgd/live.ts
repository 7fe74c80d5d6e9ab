/**
 * Live, resumable ensembles of SGD particles or SGD-SDE particles: the state stays on the GPU between calls,
 * `advance(steps)` queues more steps with the current step size η and batch size B (changing them carries the
 * particles on), and `histogram2d` counts two weight coordinates into a {@link PairHistogram} that a render pass
 * can draw without a readback. The stepping kernels are those of `runSgd` / `runSde` (`step-kernels.ts`); a
 * run advanced K steps in any split equals `runSgd` / `runSde` with K steps and the same seed as long as η and B
 * are not changed.
 */
import { createBuffer, seedWords, workgroupGrid } from '../gpu/buffers.js';
import type { GpuContext } from '../gpu/device.js';
import { withErrorScope } from '../gpu/errors.js';
import type { PairHistogram } from '../reduce/pair-histogram.js';
import { DatasetError } from './datasets.js';
import {
  fixedNoiseFactor,
  type NoiseMode,
  resolveNoise,
  type SdeOptions,
  type SgdOptions,
  validateSdeOptions,
  validateSgdOptions,
} from './ensemble.js';
import { type EnsembleMoments, reduceEnsembleLoss, reduceEnsembleMoments } from './ensemble-stats.js';
import { createGpuDataset } from './gpu-dataset.js';
import { packStepParams, STEP_PARAMS_BYTES, sdeStepPipeline, sgdStepPipeline } from './step-kernels.js';

/** Options of a live SGD ensemble: those of {@link runSgd} without `steps` and `countUses`. */
export type LiveSgdOptions = Omit<SgdOptions, 'steps' | 'countUses'> & { method: 'sgd' };
/** Options of a live SGD-SDE ensemble: those of {@link runSde} without `steps`. */
export type LiveSdeOptions = Omit<SdeOptions, 'steps'> & { method: 'sde' };

/** A live ensemble on the GPU. */
export interface SgdEnsemble {
  readonly method: 'sgd' | 'sde';
  readonly particles: number;
  readonly dim: number;
  /** Particle weights, interleaved: weight a of particle p at float `p * dim + a`. */
  readonly state: GPUBuffer;
  /** SGD steps taken since creation or the last reset. */
  readonly steps: number;
  /** Time reached, Σ η over the steps taken. */
  readonly time: number;
  /** Current step size and batch size. */
  readonly lr: number;
  readonly batch: number;
  /**
   * Takes η and B for the next steps; the particles carry on from where they are. With sampling without
   * replacement a change of B starts a fresh epoch (so every epoch still uses each example once).
   */
  setParameters(p: { lr?: number; batch?: number }): void;
  /** Queues `steps` SGD steps (the SDE: time steps·η) in dispatches of at most `stepsPerDispatch` steps. */
  advance(steps: number): void;
  /** Encodes the 2-D histogram of weights (`x`, `y`) (default 0, 1) of every particle into `hist`. */
  histogram2d(encoder: GPUCommandEncoder, hist: PairHistogram, x?: number, y?: number): void;
  /** Moments of the weights and of the loss, reduced on the GPU. */
  moments(): Promise<{ moments: EnsembleMoments; loss: Awaited<ReturnType<typeof reduceEnsembleLoss>> }>;
  /** Puts every particle back to w0 at step 0 with the current η and B (the random streams restart). */
  reset(): void;
  destroy(): void;
}

/**
 * Creates a live ensemble of SGD particles (`method: 'sgd'`, any sampling but use counts) or SGD-SDE particles
 * (`method: 'sde'`, Euler–Maruyama or Heun, optionally the modified equation). Validates like `runSgd` /
 * `runSde` before any GPU work.
 *
 * @param ctx - the GPU context
 * @param o - the options of {@link runSgd} or {@link runSde}, with `method`
 * @returns the live ensemble (step, reduce, reset, destroy)
 * @throws {@link DatasetError} when an option is out of range
 */
export async function createSgdEnsemble(
  ctx: GpuContext,
  o: LiveSgdOptions | LiveSdeOptions,
): Promise<SgdEnsemble> {
  if (o.method === 'sgd') validateSgdOptions({ ...o, steps: 1 });
  else if (o.method === 'sde') validateSdeOptions({ ...o, steps: 1 });
  else throw new DatasetError(`method must be sgd or sde, got ${String((o as { method: unknown }).method)}`);
  const { device } = ctx;
  const d = o.dataset.dim;
  const n = o.dataset.examples;
  const P = o.particles;
  const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
  if (P * d * 4 > limit) {
    throw new DatasetError(
      `${P} particles × ${d} weights exceed this device's storage buffer limit (${limit} bytes)`,
    );
  }
  const data = createGpuDataset(device, o.dataset, o.loss);
  const owned: GPUBuffer[] = [];
  try {
    return await withErrorScope(device, `live ${o.method} ensemble`, async () => {
      const wg = o.workgroupSize ?? 64;
      const extraEntries: GPUBindGroupEntry[] = [];
      const fixedFactor = async (mode: NoiseMode) => {
        const noise = resolveNoise(data, mode);
        if (noise === 'fixed') {
          const f = await fixedNoiseFactor(device, data);
          owned.push(f);
          extraEntries.push({ binding: 4, resource: { buffer: f } });
        }
        return noise;
      };
      let pipeline: GPUComputePipeline;
      let kernelStepsPerStep = 1;
      let substeps = 1;
      let svagA = 0;
      let svagB = 0;
      let sampling: SgdOptions['sampling'] | undefined;
      if (o.method === 'sgd') {
        sampling = o.sampling;
        const noise = o.sampling === 'gaussian' ? await fixedFactor(o.noise ?? 'auto') : 'per-step';
        pipeline = await sgdStepPipeline(device, data, {
          sampling: o.sampling,
          noise,
          countUses: false,
          workgroupSize: wg,
        });
        if (o.sampling === 'svag') {
          kernelStepsPerStep = o.svagL ?? 1;
          const r = Math.sqrt(2 * kernelStepsPerStep - 1);
          svagA = (1 + r) / 2;
          svagB = (1 - r) / 2;
        }
      } else {
        if (o.modified && !data.loss.hvp) {
          throw new DatasetError('the modified-equation SDE needs a loss with example_hvp_acc (hvp: true)');
        }
        const noise = await fixedFactor(o.noise ?? 'auto');
        substeps = o.substeps ?? 1;
        pipeline = await sdeStepPipeline(device, data, {
          scheme: o.scheme ?? 'heun',
          modified: o.modified === true,
          noise,
          workgroupSize: wg,
        });
      }
      const w0 = new Float32Array(P * d);
      if (o.w0) for (let p = 0; p < P; p++) w0.set(o.w0, p * d);
      const state = createBuffer(device, {
        label: `live ${o.method} state (${P}×${d})`,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
        data: w0,
      });
      owned.push(state);
      const uniforms = createBuffer(device, {
        label: `live ${o.method} params`,
        size: STEP_PARAMS_BYTES,
        usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
      });
      owned.push(uniforms);
      const bind = device.createBindGroup({
        label: `live ${o.method} bind group`,
        layout: pipeline.getBindGroupLayout(0),
        entries: [
          { binding: 0, resource: { buffer: uniforms } },
          { binding: 1, resource: { buffer: data.rows } },
          { binding: 2, resource: { buffer: data.params } },
          { binding: 3, resource: { buffer: state } },
          ...extraEntries,
        ],
      });
      const grid = workgroupGrid(P, wg, device.limits.maxComputeWorkgroupsPerDimension);
      const perDispatch = o.stepsPerDispatch ?? 50;
      const [seedLo, seedHi] = seedWords(o.seed);
      const raw = new ArrayBuffer(STEP_PARAMS_BYTES);
      let lr = o.lr;
      let batch = o.batch;
      // Global kernel step index of the next step (the random counters of step k depend on k only).
      let k = 0;
      let steps = 0;
      let time = 0;
      let destroyed = false;

      const ensemble: SgdEnsemble = {
        method: o.method,
        particles: P,
        dim: d,
        state,
        get steps() {
          return steps;
        },
        get time() {
          return time;
        },
        get lr() {
          return lr;
        },
        get batch() {
          return batch;
        },
        setParameters(p) {
          const nextLr = p.lr ?? lr;
          const nextBatch = p.batch ?? batch;
          if (!(Number.isFinite(nextLr) && nextLr > 0)) {
            throw new DatasetError(`the learning rate η must be a finite number > 0, got ${nextLr}`);
          }
          if (!(Number.isInteger(nextBatch) && nextBatch >= 1 && nextBatch <= n)) {
            throw new DatasetError(`batch must be an integer in [1, ${n}], got ${nextBatch}`);
          }
          if (sampling === 'without' && nextBatch !== batch && k > 0) {
            // Epoch e = k / ⌈n/B⌉ keys the permutation: continue at the first step of the epoch after the last
            // one used, so no permutation is reused and the new epoch starts at its first batch.
            const lastEpoch = Math.floor((k - 1) / Math.ceil(n / batch));
            k = (lastEpoch + 1) * Math.ceil(n / nextBatch);
          }
          lr = nextLr;
          batch = nextBatch;
        },
        advance(count) {
          if (destroyed) throw new Error('this live ensemble was destroyed');
          if (!(Number.isInteger(count) && count >= 0)) {
            throw new DatasetError(`steps must be a non-negative integer, got ${count}`);
          }
          const total = count * kernelStepsPerStep;
          if ((k + total) * substeps > 2 ** 32 - 1) {
            throw new DatasetError('the step counter would pass 2^32: reset the ensemble');
          }
          for (let done = 0; done < total; done += perDispatch) {
            const c = Math.min(perDispatch, total - done);
            packStepParams(
              {
                particles: P,
                examples: n,
                batch,
                step0: k + done,
                steps: c,
                seedLo,
                seedHi,
                substeps,
                lr: lr / kernelStepsPerStep,
                svagA,
                svagB,
              },
              raw,
            );
            device.queue.writeBuffer(uniforms, 0, raw);
            const enc = device.createCommandEncoder({ label: `live ${o.method} steps ${k + done}..` });
            const pass = enc.beginComputePass({ label: `live ${o.method} pass` });
            pass.setPipeline(pipeline);
            pass.setBindGroup(0, bind);
            pass.dispatchWorkgroups(...grid);
            pass.end();
            device.queue.submit([enc.finish()]);
          }
          k += total;
          steps += count;
          time += count * lr;
        },
        histogram2d(encoder, hist, x = 0, y = 1) {
          hist.encode(encoder, state, P, { stride: d, x, y });
        },
        async moments() {
          const moments = await reduceEnsembleMoments(device, data, state, P);
          const loss = await reduceEnsembleLoss(device, data, state, P);
          return { moments, loss };
        },
        reset() {
          device.queue.writeBuffer(state, 0, w0);
          k = 0;
          steps = 0;
          time = 0;
        },
        destroy() {
          if (destroyed) return;
          destroyed = true;
          for (const b of owned) b.destroy();
          data.destroy();
        },
      };
      return ensemble;
    });
  } catch (e) {
    for (const b of owned) b.destroy();
    data.destroy();
    throw e;
  }
}
