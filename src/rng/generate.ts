/**
 * Bulk generation of one random sequence on the GPU (`shaders/rng/generate.wgsl`), in chunks that can be read
 * back while the next one is generated, and its TypeScript reference. Value t of a sequence depends only on
 * (seed, particle, stream, kind parameters, t): chunking and workgroup size never change it.
 */
import { createBuffer, seedWords, workgroupGrid } from '../gpu/buffers.js';
import type { GpuContext } from '../gpu/device.js';
import { getComputePipeline } from '../gpu/pipelines.js';
import { permutationKey, permuteIndex } from './permutation.js';
import { boxMuller, philox4x32_10Into, uniformOpen01 } from './philox.js';
import { stable2, validateStableParameters } from './stable.js';
import { rngStreamStep, uniformIndex } from './stream.js';

/** The kinds of value a sequence can hold. */
export const RNG_KINDS = ['uint32', 'uniform', 'normal', 'index', 'permutation', 'stable'] as const;
/** One of {@link RNG_KINDS}. */
export type RngKind = (typeof RNG_KINDS)[number];

/** What a sequence is: its kind, its key and stream, and the kind's parameters. */
export interface RngSequenceOptions {
  kind: RngKind;
  /** 64-bit seed (Philox key). */
  seed: number | bigint;
  /** Particle id (counter word 2), default 0. */
  particle?: number;
  /** Stream id (counter word 3), default 0. */
  stream?: number;
  /** Range [0, n) for `index`, size of the permuted set for `permutation`. */
  n?: number;
  /** Stability index α ∈ (0, 2] and skewness β ∈ [−1, 1] for `stable` (S1 parameterisation, scale 1). */
  alpha?: number;
  beta?: number;
}

const isU32 = (v: number) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff;

/** Validates a sequence at the API boundary; throws a RangeError naming the bad field. */
export function validateRngSequenceOptions(o: RngSequenceOptions): void {
  if (!(RNG_KINDS as readonly string[]).includes(o.kind)) {
    throw new RangeError(`kind must be one of ${RNG_KINDS.join(', ')}, got ${o.kind}`);
  }
  seedWords(o.seed);
  if (o.particle !== undefined && !isU32(o.particle))
    throw new RangeError(`particle must be an integer in [0, 2^32), got ${o.particle}`);
  if (o.stream !== undefined && !isU32(o.stream))
    throw new RangeError(`stream must be an integer in [0, 2^32), got ${o.stream}`);
  if (o.kind === 'index' || o.kind === 'permutation') {
    if (o.n === undefined || !(isU32(o.n) && o.n >= 1))
      throw new RangeError(`n must be an integer in [1, 2^32 - 1] for kind ${o.kind}, got ${o.n}`);
  }
  if (o.kind === 'stable') validateStableParameters(o.alpha ?? Number.NaN, o.beta ?? 0);
}

/**
 * Number of values a sequence can address without reusing a counter (capped at 2^53): index sequences have 2^32
 * steps of 4 draws, permutations 2^32 epochs of n positions, the others 2^64 Philox blocks.
 */
export function maxSequenceLength(o: RngSequenceOptions): number {
  if (o.kind === 'index') return 2 ** 34;
  if (o.kind === 'permutation') return Math.min(Number.MAX_SAFE_INTEGER, (o.n ?? 1) * 2 ** 32);
  return Number.MAX_SAFE_INTEGER;
}

/** True for kinds whose values are float32 (the output words are their bit patterns). */
export function isFloatKind(kind: RngKind): boolean {
  return kind === 'uniform' || kind === 'normal' || kind === 'stable';
}

/** A compiled generator of one sequence. */
export interface RngGenerator {
  readonly options: Readonly<RngSequenceOptions>;
  /** Largest `count` one {@link RngGenerator.generate} call accepts. */
  readonly maxChunk: number;
  /**
   * Values start .. start+count-1 as raw 32-bit words (float kinds: float32 bit patterns). `start` must be a
   * multiple of 4. Calls may overlap: each is queued at once and resolves when its words are read back.
   */
  generate(start: number, count: number): Promise<Uint32Array>;
  /** Queues the generation of values start .. start+count-1 into the output buffer, without reading it back. */
  dispatch(start: number, count: number): void;
  destroy(): void;
}

/** Options of the GPU side only: they never change the values. */
export interface RngGeneratorOptions {
  /** Workgroup size of the kernel (default 64). */
  workgroupSize?: number;
  /** Largest chunk in values (default 2^22 = 16 MiB of output). */
  maxChunk?: number;
}

/**
 * Compiles the generator of a sequence on `ctx`.
 *
 * @param ctx - the GPU context
 * @param options - kind, seed, stream and the kind's parameters
 * @param gpuOptions - workgroup size and values per dispatch
 * @returns the generator (fill a range of the sequence into a buffer or read it back)
 * @throws RangeError when an option is out of range
 */
export async function createRngGenerator(
  ctx: GpuContext,
  options: RngSequenceOptions,
  gpuOptions: RngGeneratorOptions = {},
): Promise<RngGenerator> {
  validateRngSequenceOptions(options);
  const { device } = ctx;
  const wg = gpuOptions.workgroupSize ?? 64;
  const limit = Math.floor(Math.min(ctx.limits.maxStorageBufferBindingSize, ctx.limits.maxBufferSize) / 4);
  const maxChunk = Math.min(gpuOptions.maxChunk ?? 2 ** 22, limit - (limit % 4));
  if (!(Number.isInteger(wg) && wg >= 1 && wg <= ctx.limits.maxComputeInvocationsPerWorkgroup))
    throw new RangeError(
      `workgroupSize must be an integer in [1, ${ctx.limits.maxComputeInvocationsPerWorkgroup}]`,
    );
  if (!(Number.isInteger(maxChunk) && maxChunk >= 4))
    throw new RangeError(`maxChunk must be >= 4, got ${maxChunk}`);
  const kind = options.kind;
  const defines = Object.fromEntries(RNG_KINDS.map((k) => [`KIND_${k.toUpperCase()}`, k === kind]));
  const pipeline = await getComputePipeline(device, {
    file: 'rng/generate.wgsl',
    constants: { WG_SIZE: wg },
    defines,
    label: `rng generate ${kind}`,
  });
  const [seedLo, seedHi] = seedWords(options.seed);
  const n = options.n ?? 1;
  const out = createBuffer(device, {
    label: `rng ${kind} values`,
    size: maxChunk * 4,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
  });
  const params = createBuffer(device, {
    label: `rng ${kind} params`,
    size: 48,
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  });
  const bind = device.createBindGroup({
    label: `rng ${kind} bind group`,
    layout: pipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: params } },
      { binding: 1, resource: { buffer: out } },
    ],
  });
  const staging: GPUBuffer[] = [];
  const words = new ArrayBuffer(48);
  const u32 = new Uint32Array(words);
  const f32 = new Float32Array(words);
  const max = maxSequenceLength(options);

  /** Validates a range, writes its parameters and records its dispatch. */
  const encode = (start: number, count: number): GPUCommandEncoder => {
    if (!(Number.isInteger(start) && start >= 0 && start % 4 === 0))
      throw new RangeError(`start must be a non-negative multiple of 4, got ${start}`);
    if (!(Number.isInteger(count) && count >= 1 && count <= maxChunk))
      throw new RangeError(`count must be an integer in [1, ${maxChunk}], got ${count}`);
    if (start + count > max) throw new RangeError(`the sequence holds at most ${max} values`);
    const g0 = start / 4;
    u32.set([seedLo, seedHi, g0 % 2 ** 32, Math.floor(g0 / 2 ** 32), count]);
    u32.set([options.particle ?? 0, options.stream ?? 0, n], 5);
    f32.set([options.alpha ?? 2, options.beta ?? 0], 8);
    u32.set([Math.floor(start / n), start % n], 10);
    // writeBuffer is ordered with submissions, so each dispatch sees its own parameters.
    device.queue.writeBuffer(params, 0, words);
    const enc = device.createCommandEncoder({ label: `rng ${kind} ${start}+${count}` });
    const pass = enc.beginComputePass({ label: `rng ${kind} pass` });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bind);
    pass.dispatchWorkgroups(
      ...workgroupGrid(Math.ceil(count / 4), wg, ctx.limits.maxComputeWorkgroupsPerDimension),
    );
    pass.end();
    return enc;
  };

  return {
    options: Object.freeze({ ...options }),
    maxChunk,
    dispatch(start, count) {
      device.queue.submit([encode(start, count).finish()]);
    },
    async generate(start, count) {
      const enc = encode(start, count);
      const buf =
        staging.pop() ??
        device.createBuffer({
          label: `rng ${kind} readback`,
          size: maxChunk * 4,
          usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ,
        });
      enc.copyBufferToBuffer(out, 0, buf, 0, Math.ceil(count / 4) * 16);
      device.queue.submit([enc.finish()]);
      try {
        await Promise.race([buf.mapAsync(GPUMapMode.READ, 0, Math.ceil(count / 4) * 16), ctx.lost]);
        ctx.check();
        const result = new Uint32Array(buf.getMappedRange(0, Math.ceil(count / 4) * 16).slice(0, count * 4));
        buf.unmap();
        staging.push(buf);
        return result;
      } catch (e) {
        buf.destroy();
        throw e;
      }
    },
    destroy() {
      out.destroy();
      params.destroy();
      for (const b of staging) b.destroy();
      staging.length = 0;
    },
  };
}

/**
 * TypeScript reference of values start .. start+count-1 of a sequence: exact words for uint32, index and
 * permutation (and uniform, which is exact in float32); float64 evaluations of the same formulas for normal
 * and stable (the GPU's float32 transcendental functions differ by a stated tolerance).
 *
 * @param o - kind, seed, stream and the kind's parameters
 * @param start - index of the first value
 * @param count - how many values
 * @returns the values, in the array type of the kind
 */
export function referenceSequence(
  o: RngSequenceOptions,
  start: number,
  count: number,
): Uint32Array | Float32Array | Float64Array {
  validateRngSequenceOptions(o);
  const [k0, k1] = seedWords(o.seed);
  const particle = o.particle ?? 0;
  const stream = o.stream ?? 0;
  const block = new Uint32Array(4);
  const blockAt = (g: number) =>
    philox4x32_10Into(g % 2 ** 32, Math.floor(g / 2 ** 32), particle, stream, k0, k1, block);
  const at = (t: number): number => {
    const g = Math.floor(t / 4);
    const lane = t % 4;
    switch (o.kind) {
      case 'uint32':
        return blockAt(g)[lane]!;
      case 'uniform':
        return uniformOpen01(blockAt(g)[lane]!);
      case 'normal': {
        const b = blockAt(g);
        return boxMuller(b[lane & 2]!, b[(lane & 2) + 1]!)[lane & 1]!;
      }
      case 'stable':
        return stable2(blockAt(2 * g + (lane >> 1)), o.alpha!, o.beta ?? 0)[lane & 1]!;
      case 'index': {
        const s = rngStreamStep([k0, k1], particle, stream, g);
        let v = 0;
        for (let j = 0; j <= lane; j++) v = uniformIndex(s, o.n!);
        return v;
      }
      case 'permutation': {
        const n = o.n!;
        return permuteIndex(permutationKey([k0, k1], particle, Math.floor(t / n), stream), n, t % n);
      }
    }
  };
  const out =
    o.kind === 'uniform'
      ? new Float32Array(count)
      : isFloatKind(o.kind)
        ? new Float64Array(count)
        : new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = at(start + i);
  return out;
}
