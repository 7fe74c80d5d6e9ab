/**
 * Runs an ensemble: particle ids [first, end) (all of them, or one shard's slice) stream through one GPU chunk;
 * each chunk is stepped in dispatches sized from the measured rate (≤ targetDispatchMs each, so an operating
 * system's GPU watchdog never fires), and reduced at every snapshot into exact accumulators. Results depend only
 * on (spec, seed, particle ids): not on chunk size, dispatch sizes or shards.
 */
import type { GpuContext } from '../gpu/device.js';
import { DeviceLostError } from '../gpu/errors.js';
import { chunkMinMax, chunkObservableSums, chunkProductSums, chunkStatus } from '../reduce/ensemble.js';
import { exactValue } from '../reduce/exact-sum.js';
import { histogramSlotCount, histogramSlots } from '../reduce/histogram.js';
import {
  addStatus,
  addTilePairs,
  emptySnapshot,
  type SnapshotStats,
  type SnapshotSums,
  snapshotFromJson,
  snapshotStats,
  snapshotToJson,
} from './accumulate.js';
import {
  CheckpointError,
  type EnsembleCheckpoint,
  sealCheckpoint,
  toBase64,
  verifyCheckpoint,
} from './checkpoint.js';
import {
  createEnsembleChunk,
  type EnsembleChunk,
  engineDefines,
  engineSources,
  shardRange,
  TILE,
} from './chunk.js';
import { type ResolvedSpec, resolveSpec, type SimulationSpec } from './spec.js';

/** Where a run is. */
export interface RunProgress {
  chunk: number;
  chunks: number;
  /** Global step the current chunk has reached. */
  step: number;
  steps: number;
  /** Particle-steps completed so far in this run (main sweep). */
  particleSteps: number;
}

export type { EnsembleCheckpoint } from './checkpoint.js';
export { shardRange } from './chunk.js';

/** Options of {@link runEnsemble}. */
export interface RunOptions {
  /** Run only shard `index` of `count` (particle ids split on 4096-particle tiles). */
  shard?: { index: number; count: number };
  /** Largest chunk (rounded down to a multiple of 4096); default: what the memory budget and limits allow. */
  maxChunkParticles?: number;
  /** GPU memory the chunk may use (default 512 MiB). */
  memoryBudgetBytes?: number;
  /** Target duration of one dispatch (default 100 ms). */
  targetDispatchMs?: number;
  /** A dispatch still running after this long stops the run (default max(30 s, 100 × targetDispatchMs)). */
  watchdogMs?: number;
  /** Fixed steps per dispatch over whole chunks instead of the measured budget (tests). */
  stepsPerDispatch?: number;
  /** Resume from a checkpoint (the spec comes from the checkpoint). */
  resume?: EnsembleCheckpoint;
  /** Called with a checkpoint every `checkpointEverySeconds` (default 60) of stepping. */
  onCheckpoint?: (cp: EnsembleCheckpoint) => void | Promise<void>;
  checkpointEverySeconds?: number;
  /** Asked after each dispatch group of the main sweep; true pauses the run and returns a checkpoint. */
  shouldPause?: (p: RunProgress) => boolean;
}

/** What a run measured. */
export interface EnsembleResult {
  status: 'complete' | 'paused';
  checkpoint?: EnsembleCheckpoint;
  particles: number;
  dim: number;
  model: string;
  scheme: string;
  shard: { index: number; count: number; first: number; end: number };
  adapter: string;
  /** Statistics at the last snapshot. */
  n: number;
  mean: number[];
  meanSE: number[];
  cov: number[][];
  covSE: number[][];
  variance: number[];
  nonFinite: number;
  snapshots: SnapshotStats[];
  /** Exact accumulators (what `merge` adds). */
  sums: Record<string, unknown>[];
  chunks: number;
  chunkCapacity: number;
  seconds: number;
  particleStepsPerSecond: number;
  maxDispatchMs: number;
  spec: SimulationSpec;
}

/** A run interrupted by device loss: says how far it got. */
export class EnsembleInterruptedError extends DeviceLostError {
  override name = 'EnsembleInterruptedError';
  /**
   * @param message - what happened
   * @param reason - the device-loss reason (`GPUDeviceLostReason` or `unknown`)
   * @param progress - how far the run got
   * @param checkpoint - the last checkpoint taken, or null
   */
  constructor(
    message: string,
    reason: string,
    readonly progress: RunProgress,
    readonly checkpoint: EnsembleCheckpoint | null,
  ) {
    super(message, reason);
  }
}

/** Rounds to float32. */
const f32 = (v: number) => Math.fround(Number.isFinite(v) ? v : 0);

function chunkCapacity(ctx: GpuContext, spec: ResolvedSpec, span: number, o: RunOptions): number {
  const d = spec.model.dim;
  const perParticle = 4 * d + 4 + (spec.firstPassage ? 4 : 0);
  const limit = Math.min(ctx.limits.maxStorageBufferBindingSize, ctx.limits.maxBufferSize);
  const down = (x: number) => Math.floor(x / TILE) * TILE;
  const cap = Math.min(
    down(limit / (4 * d)),
    down((o.memoryBudgetBytes ?? 512 * 2 ** 20) / perParticle),
    Math.ceil(Math.max(span, 1) / TILE) * TILE,
    o.maxChunkParticles !== undefined ? down(o.maxChunkParticles) : Number.POSITIVE_INFINITY,
    ctx.limits.maxComputeWorkgroupsPerDimension * TILE,
  );
  if (cap < TILE)
    throw new RangeError(
      `a chunk must hold at least ${TILE} particles; the memory budget or limits allow ${cap}`,
    );
  return cap;
}

/**
 * Runs the simulation `input` (a spec, validated here) on `ctx`.
 *
 * @param ctx - the GPU context to run on (from {@link createGpuContext})
 * @param input - the simulation spec (JSON-shaped); validated here
 * @param options - shard, checkpointing, progress and memory options
 * @returns the statistics at every snapshot, the exact accumulators and timings
 * @throws {@link SpecError} when the spec is invalid; CheckpointError when `options.resume` does not fit the spec or
 *   device; RangeError when the device limits allow no chunk; {@link EnsembleInterruptedError} when the device is lost
 * @example
 * ```ts
 * import { createGpuContext, ouLaw, runEnsemble } from 'sgd-sde';
 *
 * const ctx = await createGpuContext();
 * const r = await runEnsemble(ctx, {
 *   model: { builtin: 'ou', params: { theta: 1, sigma: 1 } },
 *   scheme: 'exact',
 *   dt: 0.1,
 *   steps: 10,
 *   particles: 1 << 16,
 *   init: { point: 2 },
 * });
 * const exact = ouLaw(1, 1, 1, 2);
 * console.log((r.mean[0]! - exact.mean) / r.meanSE[0]!); // a z-score
 * ctx.destroy();
 * ```
 */
export async function runEnsemble(
  ctx: GpuContext,
  input: SimulationSpec,
  options: RunOptions = {},
): Promise<EnsembleResult> {
  const resume = options.resume;
  const restored = resume ? await verifyCheckpoint(resume) : null;
  const spec = resolveSpec(resume ? resume.spec : input);
  if (
    resume &&
    options.shard &&
    (options.shard.index !== resume.shard.index || options.shard.count !== resume.shard.count)
  )
    throw new CheckpointError(
      `the checkpoint is of shard ${resume.shard.index}/${resume.shard.count}, not ${options.shard.index}/${options.shard.count}`,
    );
  const shard = resume?.shard ?? options.shard ?? { index: 0, count: 1 };
  const [first, end] = shardRange(spec.particles, shard.index, shard.count);
  const d = spec.model.dim;
  const { device } = ctx;
  const capacity = resume?.capacity ?? chunkCapacity(ctx, spec, end - first, options);
  if (
    resume &&
    capacity * 4 * spec.model.dim > Math.min(ctx.limits.maxStorageBufferBindingSize, ctx.limits.maxBufferSize)
  )
    throw new CheckpointError(
      `the checkpoint's chunk of ${capacity} particles does not fit this device's buffers`,
    );
  // A shard can receive no tile (more shards than tiles): it runs no chunk and contributes zero counts.
  const empty = end === first;
  const chunks = empty ? 0 : Math.max(1, Math.ceil((end - first) / capacity));
  const chunk = await createEnsembleChunk(device, spec, capacity);
  const sources = engineSources(spec);
  const config = sources['engine/config.wgsl']!;
  const obsKernel = { extra: sources, defines: engineDefines(spec), params: chunk.params };
  const nObs = spec.observables?.count ?? 0;
  const target = options.targetDispatchMs ?? 100;
  const passageBins = spec.firstPassage
    ? { bins: spec.firstPassage.bins, binWidth: Math.max(1, Math.ceil(spec.steps / spec.firstPassage.bins)) }
    : null;
  let work = 2 ** 16;
  let maxDispatchMs = 0;
  let particleSteps = 0;
  let chunkIndex = 0;
  let chunkStep = 0;
  const progress = (): RunProgress => ({
    chunk: chunkIndex,
    chunks,
    step: chunkStep,
    steps: spec.steps,
    particleSteps,
  });

  // Dispatches are sized to take about `target` ms; one still running after the watchdog's time (a model that
  // loops without end, say) stops the run with a message instead of blocking forever.
  const watchdogMs = options.watchdogMs ?? Math.max(30_000, 100 * target);
  const waitDone = async () => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const overdue = new Promise<'overdue'>((ok) => {
      timer = setTimeout(() => ok('overdue'), watchdogMs);
    });
    try {
      const r = await Promise.race([device.queue.onSubmittedWorkDone(), ctx.lost, overdue]);
      if (r === 'overdue') {
        const p = progress();
        throw new EnsembleInterruptedError(
          `a GPU dispatch has run for more than ${watchdogMs / 1000} s (dispatches are planned at about ${target} ms): ` +
            `does the model loop without end? Stopped in chunk ${p.chunk + 1} of ${p.chunks} at step ${p.step} of ` +
            `${p.steps} (resume from the last checkpoint, if any)`,
          'dispatch-timeout',
          p,
          lastCheckpoint,
        );
      }
      ctx.check();
    } catch (e) {
      if (e instanceof EnsembleInterruptedError) throw e;
      if (e instanceof DeviceLostError) {
        const p = progress();
        throw new EnsembleInterruptedError(
          `${e.message}; completed chunk ${p.chunk} of ${p.chunks} up to step ${p.step} of ${p.steps} ` +
            `(${p.particleSteps} particle-steps done; resume from the last checkpoint)`,
          e.reason,
          p,
          lastCheckpoint,
        );
      }
      throw e;
    } finally {
      clearTimeout(timer);
    }
  };

  /** Steps the chunk to global step `to` in dispatches of bounded work. */
  const advanceTo = async (to: number, counted: boolean, pause: () => Promise<boolean>): Promise<boolean> => {
    while (chunkStep < to) {
      const rem = to - chunkStep;
      const n = chunk.count;
      let steps: number;
      let slice: number;
      if (options.stepsPerDispatch !== undefined) {
        steps = Math.min(rem, options.stepsPerDispatch);
        slice = n;
      } else if (n * rem <= work) {
        steps = rem;
        slice = n;
      } else if (n <= work) {
        steps = Math.max(1, Math.floor(work / n));
        slice = n;
      } else {
        steps = Math.min(rem, 16);
        slice = Math.max(64, Math.floor(work / steps / 64) * 64);
      }
      for (let off = 0; off < n; off += slice) {
        const count = Math.min(slice, n - off);
        const t0 = performance.now();
        chunk.step(chunkStep, steps, off, count);
        await waitDone();
        const ms = performance.now() - t0;
        maxDispatchMs = Math.max(maxDispatchMs, ms);
        // Next budget from the measured rate: at most doubling per dispatch, shrinking at once after a slow one.
        const rate = (count * steps) / Math.max(ms, 0.05);
        work = Math.max(64, Math.min(rate * target, work * 2));
      }
      chunkStep += steps;
      if (counted) particleSteps += n * steps;
      if (await pause()) return true;
    }
    return false;
  };

  /** Initialises the chunk for particles [p0, p0 + count) in dispatches of bounded work (one step's worth). */
  const initChunk = async (p0: number, count: number): Promise<void> => {
    const slice = options.stepsPerDispatch !== undefined ? count : Math.max(4096, Math.floor(work / 64) * 64);
    for (let off = 0; off < count; off += slice) {
      const t = performance.now();
      chunk.init(p0, count, off, Math.min(slice, count - off));
      await waitDone();
      maxDispatchMs = Math.max(maxDispatchMs, performance.now() - t);
    }
    chunkStep = 0;
  };

  /**
   * Shifts of a snapshot at global step `step`: the means (state, observables; float32) of the pilot particles
   * [0, min(4096, N)), which are the first tile of the chunk when it starts at particle 0 (a reduction tile is
   * 4096 particles, so the float32 tile sums are the same whether the chunk holds more particles or not).
   */
  const pilotCount = Math.min(TILE, spec.particles);
  const measureShifts = async (step: number): Promise<[number[], number[]]> => {
    const view = {
      dim: d,
      capacity: chunk.capacity,
      count: pilotCount,
      state: chunk.state,
      status: chunk.status,
      passage: chunk.passage,
    };
    const m = await chunkProductSums(device, view, new Float32Array(d), config);
    const st = await chunkStatus(device, view, null);
    const nFinite = st.tally[0]!;
    const s = emptySnapshot(step, d, 0, [], []);
    addTilePairs(s.moments, m.sums, m.tiles);
    const sh = Array.from({ length: d }, (_, a) => f32(exactValue(s.moments[a]![0]) / nFinite));
    if (nObs === 0) return [sh, []];
    const o = await chunkObservableSums(
      device,
      view,
      new Float32Array(nObs),
      spec.t0 + step * spec.dt,
      obsKernel,
    );
    const acc = emptySnapshot(step, d, nObs, [], []);
    addTilePairs(acc.observables, o.sums, o.tiles);
    return [sh, acc.observables.map(([g]) => f32(exactValue(g) / nFinite))];
  };
  // The pilot's particles are the first tile of this shard's first chunk: measure the shifts there in the main
  // sweep instead of stepping them twice (see the pilot below).
  const deferShifts = first === 0 && !empty;

  const noPause = async () => false;
  const t0 = performance.now();
  let shifts: number[][];
  let obsShifts: number[][];
  let ranges: (number[][] | null)[][];
  let sums: SnapshotSums[];
  let lastCheckpoint: EnsembleCheckpoint | null = null;

  try {
    if (resume) {
      shifts = resume.shifts;
      obsShifts = resume.observableShifts;
      ranges = resume.ranges;
      sums = resume.sums.map((s) => snapshotFromJson(s));
    } else {
      // Warm-up: a dispatch of zero steps, so that a driver compiling kernels on first use (SwiftShader does)
      // does not count as a slow dispatch in the budget.
      chunk.init(0, Math.min(TILE, spec.particles), 0, 1);
      chunk.step(0, 0, 0, 1);
      await waitDone();
      // Pilot: particles [0, min(4096, N)) give each snapshot's shifts (their means, rounded to float32). When this
      // shard starts at particle 0, the main sweep measures them on the first tile of its first chunk at each
      // snapshot instead (the same particles at the same step, so the same numbers): the pilot is not stepped twice.
      shifts = [];
      obsShifts = [];
      if (deferShifts) {
        for (const _ of spec.snapshots) {
          shifts.push(new Array<number>(d).fill(0));
          obsShifts.push(new Array<number>(nObs).fill(0));
        }
      } else {
        await initChunk(0, Math.min(TILE, spec.particles));
        for (const step of spec.snapshots) {
          await advanceTo(step, false, noPause);
          const [sh, osh] = await measureShifts(step);
          shifts.push(sh);
          obsShifts.push(osh);
        }
      }
      // Histogram ranges: fixed, or from a min/max pass over the whole ensemble.
      const autoAny = spec.histograms.some((h) => h.range === 'auto');
      ranges = spec.snapshots.map(() => spec.histograms.map((h) => (h.range === 'auto' ? null : h.range)));
      if (autoAny && shard.count > 1) {
        throw new RangeError(
          'histograms with range "auto" cannot be merged across shards: give each histogram a range',
        );
      }
      if (autoAny && chunks > 1) {
        const lo = spec.snapshots.map(() => new Array<number>(d).fill(Number.POSITIVE_INFINITY));
        const hi = spec.snapshots.map(() => new Array<number>(d).fill(Number.NEGATIVE_INFINITY));
        for (let c = 0; c < chunks; c++) {
          const p0 = first + c * capacity;
          await initChunk(p0, Math.min(capacity, end - p0));
          for (let s = 0; s < spec.snapshots.length; s++) {
            await advanceTo(spec.snapshots[s]!, false, noPause);
            (await chunkMinMax(device, chunk, config)).forEach(([a, b], comp) => {
              lo[s]![comp] = Math.min(lo[s]![comp]!, a);
              hi[s]![comp] = Math.max(hi[s]![comp]!, b);
            });
          }
        }
        ranges = ranges.map((rs, s) =>
          rs.map(
            (r, h) =>
              r ?? spec.histograms[h]!.components.map((comp) => autoRange(lo[s]![comp]!, hi[s]![comp]!)),
          ),
        );
      }
      sums = spec.snapshots.map((step, s) => emptySnapshot(step, d, nObs, shifts[s]!, obsShifts[s]!));
      if (empty) {
        // Zero counts in every histogram, at the ranges the other shards use (fixed when sharded).
        sums.forEach((acc, s) => {
          acc.histograms = spec.histograms.map((hs, h) => ({
            range: ranges[s]![h]!,
            slots: new Array<number>(histogramSlotCount(hs.bins)).fill(0),
          }));
        });
      }
    }

    // Main sweep.
    const tStart = performance.now();
    let lastSave = performance.now();
    const makeCheckpoint = async (snapshot: number): Promise<EnsembleCheckpoint> => {
      const data = await chunk.read();
      return sealCheckpoint({
        spec: spec.source,
        shard,
        capacity,
        chunk: chunkIndex,
        snapshot,
        step: chunkStep,
        shifts,
        observableShifts: obsShifts,
        ranges,
        sums: sums.map(snapshotToJson),
        state: toBase64(data.state),
        status: toBase64(data.status),
        passage: data.passage ? toBase64(data.passage) : null,
      });
    };
    const startChunk = resume?.chunk ?? 0;
    for (chunkIndex = startChunk; chunkIndex < chunks; chunkIndex++) {
      const p0 = first + chunkIndex * capacity;
      const count = Math.min(capacity, end - p0);
      let startSnapshot = 0;
      if (resume && chunkIndex === startChunk) {
        chunk.particle0 = p0;
        chunk.count = count;
        chunk.write(restored!);
        chunkStep = resume.step;
        startSnapshot = resume.snapshot;
      } else {
        await initChunk(p0, count);
      }
      for (let s = startSnapshot; s < spec.snapshots.length; s++) {
        let paused = false;
        const pause = async () => {
          if (
            options.onCheckpoint &&
            performance.now() - lastSave > 1000 * (options.checkpointEverySeconds ?? 60)
          ) {
            lastCheckpoint = await makeCheckpoint(s);
            await options.onCheckpoint(lastCheckpoint);
            lastSave = performance.now();
          }
          if (options.shouldPause?.(progress())) {
            paused = true;
            return true;
          }
          return false;
        };
        await advanceTo(spec.snapshots[s]!, true, pause);
        if (paused) {
          const checkpoint = await makeCheckpoint(s);
          return finish('paused', checkpoint);
        }
        if (deferShifts && chunkIndex === 0) {
          // First time this snapshot is reached (a resumed run starts at its checkpoint's snapshot).
          const [sh, osh] = await measureShifts(spec.snapshots[s]!);
          shifts[s] = sh;
          obsShifts[s] = osh;
          sums[s] = emptySnapshot(spec.snapshots[s]!, d, nObs, sh, osh);
        }
        await reduceSnapshot(chunk, s);
      }
    }
    return finish('complete');

    async function reduceSnapshot(c: EnsembleChunk, s: number): Promise<void> {
      const acc = sums[s]!;
      const step = spec.snapshots[s]!;
      const m = await chunkProductSums(device, c, Float32Array.from(acc.shift), config);
      addTilePairs(acc.moments, m.sums, m.tiles);
      const st = await chunkStatus(device, c, passageBins);
      addStatus(acc, st.tally, st.tiles, st.passageHist, passageBins?.binWidth ?? 1);
      if (nObs > 0) {
        const o = await chunkObservableSums(
          device,
          c,
          Float32Array.from(acc.observableShift),
          spec.t0 + step * spec.dt,
          obsKernel,
        );
        addTilePairs(acc.observables, o.sums, o.tiles);
      }
      if (spec.histograms.length > 0) {
        let mm: [number, number][] | null = null;
        for (let h = 0; h < spec.histograms.length; h++) {
          const hs = spec.histograms[h]!;
          let range = ranges[s]![h];
          if (!range) {
            mm ??= await chunkMinMax(device, c, config);
            range = hs.components.map((comp) => autoRange(mm![comp]![0], mm![comp]![1]));
            ranges[s]![h] = range;
          }
          const axis = (j: number) => ({
            lo: range![j]![0]!,
            hi: range![j]![1]!,
            bins: hs.bins[j]!,
            component: hs.components[j]!,
          });
          const slots = await histogramSlots(
            device,
            c.state,
            c.count,
            axis(0),
            hs.components.length > 1 ? axis(1) : undefined,
            {
              stride: c.capacity,
              status: c.status,
            },
          );
          const prev = acc.histograms[h];
          if (prev) prev.slots = prev.slots.map((v, i) => v + slots[i]!);
          else acc.histograms[h] = { range, slots: Array.from(slots) };
        }
      }
    }

    function finish(status: 'complete' | 'paused', checkpoint?: EnsembleCheckpoint): EnsembleResult {
      const seconds = (performance.now() - t0) / 1000;
      const stats = sums.map((s) =>
        snapshotStats(s, d, {
          dt: spec.dt,
          t0: spec.t0,
          names: spec.observables?.names ?? [],
          histograms: spec.histograms,
        }),
      );
      const last = stats[stats.length - 1]!;
      const stepSeconds = (performance.now() - tStart) / 1000;
      const result: EnsembleResult = {
        status,
        particles: spec.particles,
        dim: d,
        model: spec.model.name,
        scheme: spec.scheme.name,
        shard: { ...shard, first, end },
        adapter: ctx.adapterName,
        n: last.n,
        mean: last.mean,
        meanSE: last.meanSE,
        cov: last.cov,
        covSE: last.covSE,
        variance: last.variance,
        nonFinite: last.nonFinite.count,
        snapshots: stats,
        sums: sums.map(snapshotToJson),
        chunks,
        chunkCapacity: capacity,
        seconds,
        particleStepsPerSecond: particleSteps / Math.max(stepSeconds, 1e-9),
        maxDispatchMs,
        spec: spec.source,
      };
      if (checkpoint) result.checkpoint = checkpoint;
      return result;
    }
  } finally {
    chunk.destroy();
  }
}

/** A histogram range [lo, hi) that holds every value of [min, max]. */
function autoRange(min: number, max: number): number[] {
  if (!(min <= max)) return [0, 1];
  const pad = Math.max(Math.abs(max - min), Math.abs(max), 1e-30) * 2 ** -20;
  return [min, max + pad];
}
