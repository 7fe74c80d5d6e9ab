/**
 * The first complete path: a 1-D Ornstein–Uhlenbeck ensemble advanced by Euler–Maruyama on the GPU, reduced on
 * the GPU to moments and a histogram, and compared with the exact law of the EM chain and of the continuous OU
 * process.
 */
import { createBuffer, seedWords, workgroupGrid } from '../gpu/buffers.js';
import type { GpuContext } from '../gpu/device.js';
import { withErrorScope } from '../gpu/errors.js';
import { getComputePipeline } from '../gpu/pipelines.js';
import { shaderSources } from '../gpu/shader-source.js';
import { type HistogramCounts, MAX_HISTOGRAM_BINS, reduceHistogram } from '../reduce/histogram.js';
import { reduceMoments } from '../reduce/moments.js';
import type { GaussianLaw } from '../stats/gaussian.js';
import { fitHistogram, gaussianCdf, type HistogramFit } from '../stats/histogram-test.js';
import { type Comparison, compareWithin, type SampleMoments } from '../stats/moments.js';
import { ouEulerChainLaw, ouLaw } from '../stats/ou-exact.js';

/** Parameters of a 1-D OU ensemble run. */
export interface Ou1dOptions {
  particles: number;
  theta: number;
  sigma: number;
  /** Step size h. */
  dt: number;
  steps: number;
  /** Point initial state. */
  x0: number;
  seed: number | bigint;
  /** Steps per dispatch (default 100); results do not depend on it. */
  stepsPerDispatch?: number;
  /** Workgroup size of the stepping kernel (default 64); results do not depend on it. */
  workgroupSize?: number;
  /** Histogram bins (default 100) over the EM-chain mean ± 6 standard deviations. */
  bins?: number;
  /**
   * Block generator of the dynamics noise (default `philox`): Philox4x32-10 or Threefry-4x32-20, both fed the
   * same counter (step block, 0, particle, stream); see docs/performance.md for their speed.
   */
  generator?: Ou1dGenerator;
  /**
   * Replacement text for library WGSL files of the stepping kernel, by path under `shaders/` (fault injection for
   * power tests, e.g. a Box–Muller with a variance error); default none.
   */
  shaderOverrides?: Readonly<Record<string, string>>;
}

/** Counter-based generators the OU kernel can draw its normals from. */
export type Ou1dGenerator = 'philox' | 'threefry';
/** Every {@link Ou1dGenerator}, for validation and option lists. */
export const OU1D_GENERATORS: readonly Ou1dGenerator[] = ['philox', 'threefry'];

/** What a 1-D OU ensemble run measured and how it compares with the exact laws. */
export interface Ou1dResult {
  options: Required<Omit<Ou1dOptions, 'seed' | 'shaderOverrides'>> &
    Pick<Ou1dOptions, 'shaderOverrides'> & { seed: string };
  adapter: string;
  moments: SampleMoments & { nonFinite: number };
  histogram: HistogramCounts;
  /** Exact law of the EM chain after `steps` steps. */
  chainLaw: GaussianLaw;
  /** Continuous OU law at t = steps·dt. */
  ouLaw: GaussianLaw;
  vsChain: { mean: Comparison; variance: Comparison; histogram: HistogramFit };
  vsOu: {
    mean: Comparison;
    variance: Comparison;
    /** Measured variance / OU variance - 1, and the O(h) bias the EM chain predicts for it. */
    relativeVarianceBias: { measured: number; se: number; predicted: number };
  };
  /** Seconds spent stepping (submission to completion, excluding compilation and reductions). */
  seconds: number;
  particleStepsPerSecond: number;
}

/** Validates options at the API boundary; throws a RangeError naming the bad field. */
export function validateOu1dOptions(o: Ou1dOptions, maxParticles = 2 ** 32 - 1): void {
  const posInt = (name: string, v: number, max: number) => {
    if (!(Number.isInteger(v) && v >= 1 && v <= max)) {
      throw new RangeError(`${name} must be an integer in [1, ${max}], got ${v}`);
    }
  };
  const finite = (name: string, v: number) => {
    if (!Number.isFinite(v)) throw new RangeError(`${name} must be a finite number, got ${v}`);
  };
  posInt('particles', o.particles, maxParticles);
  posInt('steps', o.steps, 2 ** 32 - 1);
  finite('theta', o.theta);
  finite('sigma', o.sigma);
  finite('dt', o.dt);
  finite('x0', o.x0);
  if (!(o.theta > 0)) throw new RangeError(`theta must be > 0, got ${o.theta}`);
  if (!(o.sigma > 0)) throw new RangeError(`sigma must be > 0, got ${o.sigma}`);
  if (!(o.dt > 0)) throw new RangeError(`dt must be > 0, got ${o.dt}`);
  if (!(o.theta * o.dt < 2)) {
    throw new RangeError(`theta·dt must be < 2 for a stable Euler–Maruyama chain, got ${o.theta * o.dt}`);
  }
  if (o.stepsPerDispatch !== undefined) posInt('stepsPerDispatch', o.stepsPerDispatch, 2 ** 32 - 1);
  if (o.workgroupSize !== undefined) posInt('workgroupSize', o.workgroupSize, 1024);
  if (o.bins !== undefined) posInt('bins', o.bins, MAX_HISTOGRAM_BINS);
  if (o.generator !== undefined && !OU1D_GENERATORS.includes(o.generator)) {
    throw new RangeError(`generator must be one of ${OU1D_GENERATORS.join(', ')}, got ${o.generator}`);
  }
  seedWords(o.seed);
  for (const [file, text] of Object.entries(o.shaderOverrides ?? {})) {
    if (!(file in shaderSources))
      throw new RangeError(`shaderOverrides: "${file}" is not a WGSL file of shaders/`);
    if (typeof text !== 'string') throw new RangeError(`shaderOverrides["${file}"] must be WGSL text`);
  }
}

/** A live 1-D OU ensemble on the GPU: advance it, reduce it, reset it. */
export interface Ou1dEnsemble {
  readonly particles: number;
  /** Steps taken since the last reset. */
  readonly stepsDone: number;
  /** The state buffer (float32 per particle). */
  readonly state: GPUBuffer;
  /** Queues `steps` Euler–Maruyama steps in dispatches of at most `stepsPerDispatch` steps. */
  advance(steps: number): void;
  /** Resolves when every queued step has run (rejects if the device is lost). */
  done(): Promise<void>;
  /** Refills every particle with x0 and restarts the step counter (the random streams restart too). */
  reset(): void;
  /** Changes θ, σ and h for the following steps. */
  setParameters(p: { theta?: number; sigma?: number; dt?: number }): void;
  destroy(): void;
}

/** Allocates an ensemble at x0 with its pipelines compiled. */
export async function createOu1dEnsemble(
  ctx: GpuContext,
  options: Omit<Ou1dOptions, 'steps'>,
): Promise<Ou1dEnsemble> {
  const { device } = ctx;
  const maxParticles = Math.floor(
    Math.min(ctx.limits.maxStorageBufferBindingSize, ctx.limits.maxBufferSize) / 4,
  );
  validateOu1dOptions({ ...options, steps: 1 }, maxParticles);
  const wg = options.workgroupSize ?? 64;
  const perDispatch = options.stepsPerDispatch ?? 100;
  const [seedLo, seedHi] = seedWords(options.seed);
  const n = options.particles;
  let { theta, sigma, dt } = options;

  const [fill, step] = await Promise.all([
    getComputePipeline(device, { file: 'common/fill.wgsl', constants: { WG_SIZE: 256 }, label: 'fill' }),
    getComputePipeline(device, {
      file: 'ou/ou1d_em.wgsl',
      constants: { WG_SIZE: wg },
      defines: { THREEFRY: options.generator === 'threefry' },
      ...(options.shaderOverrides ? { extra: { ...options.shaderOverrides } } : {}),
      label: `ou1d Euler–Maruyama (${options.generator ?? 'philox'}${options.shaderOverrides ? ', overridden sources' : ''})`,
    }),
  ]);
  const state = createBuffer(device, {
    label: 'ou1d state',
    size: n * 4,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
  });
  const fillParams = new ArrayBuffer(16);
  new Uint32Array(fillParams, 0, 1)[0] = n;
  new Float32Array(fillParams, 4, 1)[0] = options.x0;
  const fillBuf = createBuffer(device, {
    label: 'ou1d fill params',
    usage: GPUBufferUsage.UNIFORM,
    data: new Uint8Array(fillParams),
  });
  const stepParams = createBuffer(device, {
    label: 'ou1d step params',
    size: 48,
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  });
  const fillBind = device.createBindGroup({
    label: 'ou1d fill bind group',
    layout: fill.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: fillBuf } },
      { binding: 1, resource: { buffer: state } },
    ],
  });
  const stepBind = device.createBindGroup({
    label: 'ou1d step bind group',
    layout: step.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: stepParams } },
      { binding: 1, resource: { buffer: state } },
    ],
  });
  const maxDim = ctx.limits.maxComputeWorkgroupsPerDimension;
  const grid = workgroupGrid(n, wg, maxDim);
  const params = new ArrayBuffer(48);
  const f32 = new Float32Array(params);
  const u32 = new Uint32Array(params);
  let stepsDone = 0;

  const ensemble: Ou1dEnsemble = {
    particles: n,
    state,
    get stepsDone() {
      return stepsDone;
    },
    reset() {
      const enc = device.createCommandEncoder({ label: 'ou1d init' });
      const pass = enc.beginComputePass({ label: 'ou1d fill pass' });
      pass.setPipeline(fill);
      pass.setBindGroup(0, fillBind);
      pass.dispatchWorkgroups(...workgroupGrid(n, 256, maxDim));
      pass.end();
      device.queue.submit([enc.finish()]);
      stepsDone = 0;
    },
    setParameters(p) {
      theta = p.theta ?? theta;
      sigma = p.sigma ?? sigma;
      dt = p.dt ?? dt;
      validateOu1dOptions({ ...options, theta, sigma, dt, steps: 1 }, maxParticles);
    },
    advance(steps) {
      if (!(Number.isInteger(steps) && steps >= 0))
        throw new RangeError(`steps must be an integer >= 0, got ${steps}`);
      if (stepsDone + steps > 2 ** 32 - 1) throw new RangeError('at most 2^32 - 1 steps per stream');
      for (let done = 0; done < steps; done += perDispatch) {
        const k = stepsDone + done;
        const count = Math.min(perDispatch, steps - done);
        f32.set([theta, sigma, dt], 0);
        u32.set([n, 0, k, count, seedLo, seedHi], 3);
        // writeBuffer and submit are ordered on the queue, so each dispatch sees its own step range.
        device.queue.writeBuffer(stepParams, 0, params);
        const e = device.createCommandEncoder({ label: `ou1d steps ${k}..${k + count}` });
        const p = e.beginComputePass({ label: 'ou1d step pass' });
        p.setPipeline(step);
        p.setBindGroup(0, stepBind);
        p.dispatchWorkgroups(...grid);
        p.end();
        device.queue.submit([e.finish()]);
      }
      stepsDone += steps;
    },
    async done() {
      await Promise.race([device.queue.onSubmittedWorkDone(), ctx.lost]);
      ctx.check();
    },
    destroy() {
      state.destroy();
      fillBuf.destroy();
      stepParams.destroy();
    },
  };
  ensemble.reset();
  return ensemble;
}

/**
 * Runs the ensemble on `ctx` and compares it with the exact laws.
 *
 * @param ctx - the GPU context
 * @param options - particles, steps, parameters, generator and seed (validated by validateOu1dOptions)
 * @returns the ensemble's moments, histogram tests and timings against the exact laws
 * @throws RangeError when an option is out of range
 */
export async function runOu1d(ctx: GpuContext, options: Ou1dOptions): Promise<Ou1dResult> {
  const { device } = ctx;
  const maxParticles = Math.floor(
    Math.min(ctx.limits.maxStorageBufferBindingSize, ctx.limits.maxBufferSize) / 4,
  );
  validateOu1dOptions(options, maxParticles);
  const o = {
    stepsPerDispatch: 100,
    workgroupSize: 64,
    bins: 100,
    generator: 'philox' as Ou1dGenerator,
    ...options,
    seed: BigInt(options.seed).toString(),
  };
  const n = o.particles;
  const ensemble = await withErrorScope(device, 'creating the ou1d ensemble', () =>
    createOu1dEnsemble(ctx, options),
  );
  try {
    await ensemble.done();
    const t0 = performance.now();
    await withErrorScope(device, 'stepping the ou1d ensemble', async () => {
      ensemble.advance(o.steps);
      await ensemble.done();
    });
    const seconds = (performance.now() - t0) / 1000;
    const state = ensemble.state;
    const chainLaw = ouEulerChainLaw(o.theta, o.sigma, o.dt, o.steps, o.x0);
    const contLaw = ouLaw(o.theta, o.sigma, o.steps * o.dt, o.x0);
    const sd = Math.sqrt(chainLaw.variance);
    const moments = await reduceMoments(device, state, n, chainLaw.mean);
    const histogram = await reduceHistogram(device, state, n, {
      lo: chainLaw.mean - 6 * sd,
      hi: chainLaw.mean + 6 * sd,
      bins: o.bins,
    });
    ctx.check();

    const varRatio = moments.variance / contLaw.variance - 1;
    return {
      options: o,
      adapter: ctx.adapterName,
      moments,
      histogram,
      chainLaw,
      ouLaw: contLaw,
      vsChain: {
        mean: compareWithin(moments.mean, moments.meanSE, chainLaw.mean),
        variance: compareWithin(moments.variance, moments.varianceSE, chainLaw.variance),
        histogram: fitHistogram(histogram, gaussianCdf(chainLaw.mean, chainLaw.variance)),
      },
      vsOu: {
        mean: compareWithin(moments.mean, moments.meanSE, contLaw.mean),
        variance: compareWithin(moments.variance, moments.varianceSE, contLaw.variance),
        relativeVarianceBias: {
          measured: varRatio,
          se: moments.varianceSE / contLaw.variance,
          predicted: chainLaw.variance / contLaw.variance - 1,
        },
      },
      seconds,
      particleStepsPerSecond: (n * o.steps) / seconds,
    };
  } finally {
    ensemble.destroy();
  }
}
