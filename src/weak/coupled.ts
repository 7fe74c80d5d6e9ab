/**
 * Coupled Euler–Maruyama ensembles on the GPU for weak-error measurement: pairs of paths at steps h and h/2 that
 * share their Brownian increments, reduced on the GPU to the mean and standard error of g(X^h) − g(X^{h/2}); and the
 * weak order fitted over several h with `fitWeakOrder`. Kernel: shaders/weak/coupled_em.wgsl.
 */
import { createBuffer, readBuffer, seedWords, workgroupGrid } from '../gpu/buffers.js';
import type { GpuContext } from '../gpu/device.js';
import { withErrorScope } from '../gpu/errors.js';
import { getComputePipeline } from '../gpu/pipelines.js';
import { shaderSources } from '../gpu/shader-source.js';
import { reduceMoments } from '../reduce/moments.js';
import type { SampleMoments } from '../stats/moments.js';
import { fitWeakOrder, type WeakErrorPoint, type WeakOrderFit } from '../stats/weak-error.js';

/** Built-in scalar models: GBM dX = μX dt + σX dB (p = [μ, σ]) and OU dX = −θ(X − m) dt + σ dB (p = [θ, σ, m]). */
export type ScalarModel = 'gbm' | 'ou' | { wgsl: string };
/** Built-in observables g(x) = x and g(x) = x², or WGSL defining `fn observable(x: f32) -> f32`. */
export type Observable = 'identity' | 'square' | { wgsl: string };

/** Options of one coupled (or independent) ensemble at one coarse step h = T / coarseSteps. */
export interface CoupledEulerOptions {
  model: ScalarModel;
  /** Up to four model parameters (see ScalarModel). */
  parameters: number[];
  observable?: Observable;
  x0: number;
  /** Horizon T. */
  horizon: number;
  /** Coarse steps n (h = T/n); the fine path takes 2n steps of h/2. */
  coarseSteps: number;
  particles: number;
  seed: number | bigint;
  /** 'shared' Brownian increments (default) or 'independent' paths (the baseline). */
  coupling?: 'shared' | 'independent';
  workgroupSize?: number;
  /** Coarse steps per dispatch (default 256); results do not depend on it. */
  stepsPerDispatch?: number;
  /** Also read back the per-pair values (for tests and small runs). */
  readback?: boolean;
}

/** What one coupled ensemble measured. */
export interface CoupledEulerResult {
  h: number;
  coupling: 'shared' | 'independent';
  /** Moments of g(X^h) − g(X^{h/2}) over the pairs. */
  difference: SampleMoments & { nonFinite: number };
  /** Moments of g(X^{h/2}). */
  fine: SampleMoments & { nonFinite: number };
  /** Per-pair g(X^h) − g(X^{h/2}) and g(X^{h/2}) when `readback` was set. */
  values?: { difference: Float32Array; fine: Float32Array };
  seconds: number;
}

function modelSource(m: ScalarModel): string {
  if (typeof m === 'object' && typeof m.wgsl === 'string') return m.wgsl;
  const text = m === 'gbm' || m === 'ou' ? shaderSources[`weak/models/${m}.wgsl`] : undefined;
  if (text === undefined)
    throw new RangeError(`model must be 'gbm', 'ou' or {wgsl}, got ${JSON.stringify(m)}`);
  return text;
}

function observableSource(g: Observable): string {
  if (typeof g === 'object' && typeof g.wgsl === 'string') return g.wgsl;
  const text = g === 'identity' || g === 'square' ? shaderSources[`weak/observables/${g}.wgsl`] : undefined;
  if (text === undefined)
    throw new RangeError(`observable must be 'identity', 'square' or {wgsl}, got ${JSON.stringify(g)}`);
  return text;
}

/** Validates the options; throws a RangeError naming the bad field. */
export function validateCoupledEulerOptions(o: CoupledEulerOptions, maxParticles = 2 ** 28): void {
  const posInt = (name: string, v: number | undefined, max: number) => {
    if (!(Number.isInteger(v) && v! >= 1 && v! <= max))
      throw new RangeError(`${name} must be an integer in [1, ${max}], got ${v}`);
  };
  posInt('particles', o.particles, maxParticles);
  posInt('coarseSteps', o.coarseSteps, 2 ** 30);
  if (o.workgroupSize !== undefined) posInt('workgroupSize', o.workgroupSize, 1024);
  if (o.stepsPerDispatch !== undefined) posInt('stepsPerDispatch', o.stepsPerDispatch, 2 ** 30);
  if (!(Number.isFinite(o.horizon) && o.horizon > 0))
    throw new RangeError(`horizon must be > 0, got ${o.horizon}`);
  if (!Number.isFinite(o.x0)) throw new RangeError(`x0 must be finite, got ${o.x0}`);
  if (
    !Array.isArray(o.parameters) ||
    o.parameters.length > 4 ||
    o.parameters.some((v) => !Number.isFinite(v))
  ) {
    throw new RangeError('parameters must be at most four finite numbers');
  }
  if ((o.model === 'gbm' || o.model === 'ou') && !(o.parameters[1]! >= 0)) {
    throw new RangeError(`σ = parameters[1] must be ≥ 0 (negative diffusion), got ${o.parameters[1]}`);
  }
  if (o.coupling !== undefined && o.coupling !== 'shared' && o.coupling !== 'independent') {
    throw new RangeError(`coupling must be 'shared' or 'independent', got ${String(o.coupling)}`);
  }
  modelSource(o.model);
  observableSource(o.observable ?? 'identity');
  seedWords(o.seed);
}

/**
 * Runs one ensemble of path pairs and reduces g(X^h) − g(X^{h/2}) on the GPU.
 *
 * @param ctx - the GPU context
 * @param o - model, parameters, observable, start, horizon, coarse steps, particles and seed
 * @returns the estimate of E g(X^h) − E g(X^{h/2}) and timings
 * @throws RangeError when an option is out of range (see validateCoupledEulerOptions)
 */
export async function runCoupledEuler(ctx: GpuContext, o: CoupledEulerOptions): Promise<CoupledEulerResult> {
  const { device } = ctx;
  const maxParticles = Math.floor(
    Math.min(ctx.limits.maxStorageBufferBindingSize, ctx.limits.maxBufferSize) / 4,
  );
  validateCoupledEulerOptions(o, maxParticles);
  const coupling = o.coupling ?? 'shared';
  const wg = o.workgroupSize ?? 64;
  const perDispatch = o.stepsPerDispatch ?? 256;
  const n = o.particles;
  const h = o.horizon / o.coarseSteps;
  const [seedLo, seedHi] = seedWords(o.seed);
  const spec = {
    file: 'weak/coupled_em.wgsl',
    constants: { WG_SIZE: wg },
    defines: { COUPLED: coupling === 'shared' },
    extra: {
      'weak/model.wgsl': modelSource(o.model),
      'weak/observable.wgsl': observableSource(o.observable ?? 'identity'),
    },
  };
  return withErrorScope(device, 'coupled Euler–Maruyama', async () => {
    const [step, observe] = await Promise.all([
      getComputePipeline(device, { ...spec, label: 'weak coupled EM step' }),
      getComputePipeline(device, { ...spec, entryPoint: 'observe', label: 'weak coupled EM observe' }),
    ]);
    const init = new Float32Array(n).fill(o.x0);
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const fine = createBuffer(device, { label: 'weak fine paths', usage, data: init });
    const coarse = createBuffer(device, { label: 'weak coarse paths', usage, data: init });
    const paramBuf = createBuffer(device, {
      label: 'weak params',
      size: 48,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    try {
      const entries = [
        { binding: 0, resource: { buffer: paramBuf } },
        { binding: 1, resource: { buffer: fine } },
        { binding: 2, resource: { buffer: coarse } },
      ];
      const stepBind = device.createBindGroup({
        label: 'weak step bind group',
        layout: step.getBindGroupLayout(0),
        entries,
      });
      const observeBind = device.createBindGroup({
        label: 'weak observe bind group',
        layout: observe.getBindGroupLayout(0),
        entries,
      });
      const grid = workgroupGrid(n, wg, ctx.limits.maxComputeWorkgroupsPerDimension);
      const params = new ArrayBuffer(48);
      const f32 = new Float32Array(params);
      const u32 = new Uint32Array(params);
      const p = [...o.parameters, 0, 0, 0, 0].slice(0, 4);
      const t0 = performance.now();
      for (let k = 0; k < o.coarseSteps; k += perDispatch) {
        f32.set(p, 0);
        f32[4] = h;
        u32.set([n, 0, k, Math.min(perDispatch, o.coarseSteps - k), seedLo, seedHi], 5);
        device.queue.writeBuffer(paramBuf, 0, params);
        const e = device.createCommandEncoder({ label: `weak steps ${k}` });
        const pass = e.beginComputePass({ label: 'weak step pass' });
        pass.setPipeline(step);
        pass.setBindGroup(0, stepBind);
        pass.dispatchWorkgroups(...grid);
        pass.end();
        device.queue.submit([e.finish()]);
      }
      const e = device.createCommandEncoder({ label: 'weak observe' });
      const pass = e.beginComputePass({ label: 'weak observe pass' });
      pass.setPipeline(observe);
      pass.setBindGroup(0, observeBind);
      pass.dispatchWorkgroups(...grid);
      pass.end();
      device.queue.submit([e.finish()]);
      await Promise.race([device.queue.onSubmittedWorkDone(), ctx.lost]);
      const seconds = (performance.now() - t0) / 1000;
      const difference = await reduceMoments(device, fine, n, 0);
      const fineMoments = await reduceMoments(device, coarse, n, o.x0);
      const values = o.readback
        ? {
            difference: new Float32Array(await readBuffer(device, fine)),
            fine: new Float32Array(await readBuffer(device, coarse)),
          }
        : undefined;
      ctx.check();
      return { h, coupling, difference, fine: fineMoments, seconds, ...(values ? { values } : {}) };
    } finally {
      fine.destroy();
      coarse.destroy();
      paramBuf.destroy();
    }
  });
}

/** Options of a weak-order measurement over several step sizes. */
export interface WeakOrderOptions extends Omit<CoupledEulerOptions, 'coarseSteps'> {
  /** Coarse step counts, one per level (h = T/n). */
  levels: number[];
  confidence?: number;
}

/** Per-level results and the fitted order of E g(X^h) − E g(X^{h/2}) ≈ C h^p (same p as the weak error). */
export interface WeakOrderMeasurement {
  levels: CoupledEulerResult[];
  points: WeakErrorPoint[];
  fit: WeakOrderFit;
  seconds: number;
}

/**
 * Runs one ensemble per level (distinct seeds per level) and fits the weak order.
 *
 * @param ctx - the GPU context
 * @param o - the options of {@link runCoupledEuler} with coarse step counts per level
 * @returns per-level results and the fitted order
 * @throws RangeError for fewer than two levels or an option out of range
 * @example
 * ```ts
 * import { createGpuContext, measureWeakOrder } from 'sgd-sde';
 *
 * const ctx = await createGpuContext();
 * const m = await measureWeakOrder(ctx, {
 *   model: 'gbm',
 *   parameters: [0.05, 0.4],
 *   observable: 'identity',
 *   x0: 1,
 *   horizon: 1,
 *   levels: [4, 8, 16, 32],
 *   particles: 1 << 20,
 *   seed: 1,
 * });
 * console.log(m.fit.order); // ≈ 1 for Euler–Maruyama
 * ctx.destroy();
 * ```
 */
export async function measureWeakOrder(ctx: GpuContext, o: WeakOrderOptions): Promise<WeakOrderMeasurement> {
  if (!Array.isArray(o.levels) || o.levels.length < 2)
    throw new RangeError('levels needs at least two step counts');
  const levels: CoupledEulerResult[] = [];
  let seconds = 0;
  for (const [i, n] of o.levels.entries()) {
    const r = await runCoupledEuler(ctx, {
      ...o,
      coarseSteps: n,
      seed: BigInt(o.seed) + BigInt(i) * 0x9e3779b9n,
    });
    levels.push(r);
    seconds += r.seconds;
  }
  const points = levels.map((r) => ({
    h: r.h,
    value: r.difference.mean,
    se: r.difference.meanSE,
    n: r.difference.n,
  }));
  const fit = fitWeakOrder(points, o.confidence === undefined ? {} : { confidence: o.confidence });
  return { levels, points, fit, seconds };
}
