/**
 * One chunk of an ensemble on the GPU: up to `capacity` particles of dimension d in structure-of-arrays layout
 * (component c of local particle i at c · capacity + i, so consecutive invocations read consecutive words), a
 * status word per particle (0 finite, else the step at which it became non-finite), and optionally the step of
 * first exit from a region. Chunks are reused: a run streams the particle ids of its ensemble through one chunk.
 */
import { createBuffer, readBuffer, seedWords, workgroupGrid } from '../gpu/buffers.js';
import { getComputePipeline } from '../gpu/pipelines.js';
import { choleskyPsdRows } from '../reference/linalg.js';
import { configSource } from './models.js';
import type { ResolvedSpec } from './spec.js';

/** Particles per reduction tile; chunk and shard boundaries fall on multiples of it. */
export const TILE = 4096;

/** Particle-id slice [first, end) of shard `index` of `count`, split on tiles. */
export function shardRange(particles: number, index: number, count: number): [number, number] {
  if (!(Number.isInteger(count) && count >= 1 && Number.isInteger(index) && index >= 0 && index < count)) {
    throw new RangeError(`shard must be k/n with 0 <= k < n, got ${index}/${count}`);
  }
  const tiles = Math.ceil(particles / TILE);
  const a = Math.floor((index * tiles) / count) * TILE;
  const b = Math.min(particles, Math.floor(((index + 1) * tiles) / count) * TILE);
  return [Math.min(a, particles), b];
}
const STEP_WG = 64;

/** GPU buffers and pipelines of one chunk. */
export interface EnsembleChunk {
  readonly capacity: number;
  readonly dim: number;
  readonly state: GPUBuffer;
  readonly status: GPUBuffer;
  readonly passage: GPUBuffer | null;
  readonly params: GPUBuffer;
  /** Particles currently held, and the global id of local particle 0. */
  count: number;
  particle0: number;
  /**
   * Makes the chunk hold particles [particle0, particle0 + count) and fills local particles [offset, offset + n)
   * (default: all) with their initial states.
   */
  init(particle0: number, count: number, offset?: number, n?: number): void;
  /** Queues `steps` steps from global step `step0` for local particles [offset, offset + n). */
  step(step0: number, steps: number, offset: number, n: number): void;
  /** Replaces the model's parameter block (takes effect for the following dispatches). */
  setParams(values: ArrayLike<number>): void;
  /** Copies the chunk's state, status and passage words to the host. */
  read(): Promise<{ state: Float32Array; status: Uint32Array; passage: Uint32Array | null }>;
  /** Writes state, status and passage words back (resume from a checkpoint). */
  write(data: {
    state: Float32Array<ArrayBuffer>;
    status: Uint32Array<ArrayBuffer>;
    passage: Uint32Array<ArrayBuffer> | null;
  }): void;
  destroy(): void;
}

/** The WGSL sources a spec's kernels are composed from. */
export function engineSources(spec: ResolvedSpec): Record<string, string> {
  const m = spec.model;
  const scheme = { em: 'em', weak2: 'weak2', exact: 'exact', 'levy-em': 'levy_em' }[spec.scheme.name];
  return {
    'engine/config.wgsl': configSource(m, spec.observables?.count ?? 0),
    'engine/model.wgsl': m.source,
    'engine/scheme.wgsl': `#include "engine/schemes/${scheme}.wgsl"`,
    'engine/observables.wgsl': spec.observables
      ? '#include "user observables"'
      : 'fn observable(k: u32, x: State, t: f32) -> f32 { return 0.0; }',
    'user observables': spec.observables?.wgsl ?? '',
    'user region': spec.firstPassage?.wgsl ?? '',
    ...m.extra,
  };
}

/** Switches for `#if` in the engine's kernels. */
export function engineDefines(spec: ResolvedSpec): Record<string, boolean> {
  return {
    NOISE_FULL: spec.model.noise === 'full',
    NOISE_SCALAR: spec.model.noise === 'scalar',
    INCREMENTS_THREE_POINT: spec.scheme.increments === 'three-point',
    FIRST_PASSAGE: spec.firstPassage !== null,
  };
}

/** Allocates a chunk of `capacity` particles (a multiple of {@link TILE}) and compiles its kernels. */
export async function createEnsembleChunk(
  device: GPUDevice,
  spec: ResolvedSpec,
  capacity: number,
): Promise<EnsembleChunk> {
  const d = spec.model.dim;
  const extra = engineSources(spec);
  const defines = engineDefines(spec);
  const fp = spec.firstPassage !== null;
  if (fp) extra['engine/model.wgsl'] = `${extra['engine/model.wgsl']}\n#include "user region"`;
  const [stepPipe, initPipe] = await Promise.all([
    getComputePipeline(device, {
      file: 'engine/step.wgsl',
      constants: { WG_SIZE: STEP_WG },
      defines,
      extra,
      label: `engine step (${spec.model.name}, ${spec.scheme.name}, d=${d})`,
    }),
    getComputePipeline(device, {
      file: 'engine/init.wgsl',
      constants: { WG_SIZE: STEP_WG },
      defines: { FIRST_PASSAGE: fp },
      extra: { 'engine/config.wgsl': extra['engine/config.wgsl']! },
      label: `engine init (d=${d})`,
    }),
  ]);
  const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const state = createBuffer(device, {
    label: `ensemble state (${capacity} × ${d})`,
    size: capacity * d * 4,
    usage: storage,
  });
  const status = createBuffer(device, { label: 'ensemble status', size: capacity * 4, usage: storage });
  const passage = fp
    ? createBuffer(device, { label: 'ensemble first passage', size: capacity * 4, usage: storage })
    : null;
  const params = createBuffer(device, {
    label: 'model parameters',
    size: Math.max(1, spec.model.params.length) * 4,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
  });
  device.queue.writeBuffer(params, 0, Float32Array.from(spec.model.params.length ? spec.model.params : [0]));
  const stepUniform = createBuffer(device, {
    label: 'step params',
    size: 48,
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  });
  const initUniform = createBuffer(device, {
    label: 'init params',
    size: 32,
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  });
  const init = spec.init;
  const initValues =
    init.kind === 'point'
      ? init.x0
      : init.kind === 'gaussian'
        ? [...init.mean, ...choleskyPsdRows(init.cov, 'init.gaussian.cov').flat()]
        : init.kind === 'uniform'
          ? [...init.lo, ...init.hi]
          : new Array<number>(d).fill(0);
  const initData = createBuffer(device, {
    label: 'init data',
    usage: GPUBufferUsage.STORAGE,
    data: Float32Array.from(initValues),
  });
  const withPassage = (entries: GPUBindGroupEntry[]) =>
    passage ? [...entries, { binding: 4, resource: { buffer: passage } }] : entries;
  const stepBind = device.createBindGroup({
    label: 'engine step bind group',
    layout: stepPipe.getBindGroupLayout(0),
    entries: withPassage([
      { binding: 0, resource: { buffer: stepUniform } },
      { binding: 1, resource: { buffer: state } },
      { binding: 2, resource: { buffer: status } },
      { binding: 3, resource: { buffer: params } },
    ]),
  });
  const initBind = device.createBindGroup({
    label: 'engine init bind group',
    layout: initPipe.getBindGroupLayout(0),
    entries: withPassage([
      { binding: 0, resource: { buffer: initUniform } },
      { binding: 1, resource: { buffer: state } },
      { binding: 2, resource: { buffer: status } },
      { binding: 3, resource: { buffer: initData } },
    ]),
  });
  const [seedLo, seedHi] = seedWords(BigInt(spec.seed));
  const maxDim = device.limits.maxComputeWorkgroupsPerDimension;
  const kind = { point: 0, gaussian: 1, uniform: 2, array: 0 }[init.kind];
  const stepWords = new ArrayBuffer(48);
  const su = new Uint32Array(stepWords);
  const sf = new Float32Array(stepWords);

  const chunk: EnsembleChunk = {
    capacity,
    dim: d,
    state,
    status,
    passage,
    params,
    count: 0,
    particle0: 0,
    init(particle0, count, offset = 0, n = count - offset) {
      if (count > capacity) throw new RangeError(`chunk holds ${capacity} particles, asked for ${count}`);
      chunk.particle0 = particle0;
      chunk.count = count;
      device.queue.writeBuffer(
        initUniform,
        0,
        Uint32Array.from([count, capacity, particle0, kind, seedLo, seedHi, offset, 0]),
      );
      const enc = device.createCommandEncoder({ label: 'engine init' });
      const pass = enc.beginComputePass({ label: 'engine init pass' });
      pass.setPipeline(initPipe);
      pass.setBindGroup(0, initBind);
      pass.dispatchWorkgroups(...workgroupGrid(n, STEP_WG, maxDim));
      pass.end();
      device.queue.submit([enc.finish()]);
      if (init.kind === 'array') {
        const comp = new Float32Array(n);
        for (let c = 0; c < d; c++) {
          for (let i = 0; i < n; i++) comp[i] = init.values[particle0 + offset + i]![c]!;
          device.queue.writeBuffer(state, (c * capacity + offset) * 4, comp);
        }
      }
    },
    step(step0, steps, offset, n) {
      su.set([n, offset, capacity, chunk.particle0, step0, steps, seedLo, seedHi]);
      sf.set([spec.dt, spec.t0, spec.scheme.alpha, spec.scheme.beta], 8);
      device.queue.writeBuffer(stepUniform, 0, stepWords);
      const enc = device.createCommandEncoder({ label: `engine steps ${step0}..${step0 + steps}` });
      const pass = enc.beginComputePass({ label: 'engine step pass' });
      pass.setPipeline(stepPipe);
      pass.setBindGroup(0, stepBind);
      pass.dispatchWorkgroups(...workgroupGrid(n, STEP_WG, maxDim));
      pass.end();
      device.queue.submit([enc.finish()]);
    },
    setParams(values) {
      if (values.length !== spec.model.params.length) {
        throw new RangeError(`the model has ${spec.model.params.length} parameters, got ${values.length}`);
      }
      device.queue.writeBuffer(params, 0, Float32Array.from(values));
    },
    async read() {
      const [s, st, p] = await Promise.all([
        readBuffer(device, state),
        readBuffer(device, status),
        passage ? readBuffer(device, passage) : Promise.resolve(null),
      ]);
      return {
        state: new Float32Array(s),
        status: new Uint32Array(st),
        passage: p ? new Uint32Array(p) : null,
      };
    },
    write(data) {
      device.queue.writeBuffer(state, 0, data.state);
      device.queue.writeBuffer(status, 0, data.status);
      if (passage && data.passage) device.queue.writeBuffer(passage, 0, data.passage);
    },
    destroy() {
      for (const b of [state, status, passage, params, stepUniform, initUniform, initData]) b?.destroy();
    },
  };
  return chunk;
}
