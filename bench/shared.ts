/** What the benchmark modules share in one `npm run bench`: one GPU context, the native peers, row helpers. */
import { createGpuContext, type GpuContext } from '../src/gpu/device.js';
import { isCpuBackedDevice } from '../src/gpu/device-class.js';
import '../src/gpu/node-gpu.js'; // Dawn as createGpuContext's adapter finder
import { compileNativePeers, type NativePeers } from './native.js';
import type { BenchRow } from './row.js';
import { type GpuTimer, makeGpuTimer, pairedMedians } from './timing.js';

let gpu: Promise<{ ctx: GpuContext; timer: GpuTimer }> | undefined;
let native: NativePeers | undefined;

/** The run's GPU context and timer, created on first use. */
export function benchGpu(): Promise<{ ctx: GpuContext; timer: GpuTimer }> {
  gpu ??= createGpuContext().then((ctx) => ({ ctx, timer: makeGpuTimer(ctx) }));
  return gpu;
}

/** The run's native peers, compiled on first use. */
export function nativePeers(): NativePeers {
  native ??= compileNativePeers();
  return native;
}

/** Releases the GPU context and the compiled peers. */
export async function releaseBench(): Promise<void> {
  if (gpu) {
    const { ctx, timer } = await gpu;
    timer.destroy();
    ctx.destroy();
  }
  native?.cleanup();
}

/**
 * Problem sizes of the rows. A CPU-backed device (SwiftShader) gets sizes that finish in seconds on 2 cores; a
 * real GPU gets sizes that fill it (2^24 particles and more), so that launch and dispatch overhead do not hide the
 * kernel's rate. The same sizes are given to the peers, so every ratio compares equal work.
 */
export interface BenchSizes {
  /** True on a discrete or integrated GPU (not a CPU-backed adapter). */
  big: boolean;
  ou1d: { particles: number; steps: number };
  ou8d: { particles: number; steps: number };
  sgdParticles: number;
  generatorBlocks: number;
  reduceValues: number;
  rngChunk: number;
  rngChunks: number;
  /** Particle-steps per timed run in the N-scaling rows. */
  scalingWork: number;
  /** Passes of a memory-bound kernel (copy, histogram) inside one timed run: a GPU's submit overhead is ~ms. */
  inner: number;
}

/** {@link BenchSizes} for `ctx`. */
export function benchSizes(ctx: GpuContext, quick: boolean): BenchSizes {
  const big = !isCpuBackedDevice(ctx.device);
  if (big) {
    return {
      big,
      ou1d: { particles: 2 ** 24, steps: quick ? 64 : 256 },
      ou8d: { particles: 2 ** 20, steps: 64 },
      sgdParticles: 2 ** 20,
      generatorBlocks: 2 ** 24,
      reduceValues: 2 ** 26,
      rngChunk: 2 ** 24,
      rngChunks: 16,
      scalingWork: 2 ** 35,
      inner: 20,
    };
  }
  return {
    big,
    ou1d: { particles: quick ? 2 ** 16 : 2 ** 17, steps: 64 },
    ou8d: { particles: quick ? 2 ** 13 : 2 ** 14, steps: 32 },
    sgdParticles: quick ? 2 ** 12 : 2 ** 13,
    generatorBlocks: quick ? 2 ** 18 : 2 ** 20,
    reduceValues: quick ? 2 ** 20 : 2 ** 22,
    rngChunk: quick ? 2 ** 20 : 2 ** 21,
    rngChunks: 1,
    scalingWork: 4e7,
    inner: 1,
  };
}

/** Repetitions: fewer with --quick. */
export const reps = (quick: boolean) => (quick ? 3 : 5);

/**
 * Measures `gpuOnce` (seconds for `work` units) against the native program `program args` (same work), paired
 * run by run, and returns the row with rates in `scale` units (1e9 = G).
 */
export async function pairedRow(p: {
  name: string;
  unit: string;
  scale: number;
  work: number;
  quick: boolean;
  /** One timed run; `timer.time(...)` calls report the timer's CPU seconds too. */
  gpuOnce: () => Promise<number>;
  program?: string;
  args?: (string | number)[];
  note?: string;
}): Promise<BenchRow> {
  const { ctx, timer } = await benchGpu();
  const { big } = benchSizes(ctx, p.quick);
  const peers = nativePeers();
  let peerWork = p.work;
  const peer =
    p.program && peers.available
      ? async () => {
          const r = peers.run(p.program!, p.args ?? []);
          peerWork = r.work;
          return { seconds: r.seconds, cpuSeconds: r.cpuSeconds };
        }
      : null;
  const gpu = async () => {
    const c0 = process.cpuUsage();
    const seconds = await p.gpuOnce();
    const c = process.cpuUsage(c0);
    return { seconds, cpuSeconds: (c.user + c.system) / 1e6 };
  };
  const m = await pairedMedians(gpu, peer, reps(p.quick), 1, { sequential: big, warmupSeconds: 0.5 });
  const value = p.work / m.gpu.seconds / p.scale;
  const row: BenchRow = {
    name: p.name,
    unit: p.unit,
    value,
    note: [p.note, timer.method].filter(Boolean).join('; '),
  };
  if (m.peer !== null) {
    row.peer = peers.name;
    row.peerValue = peerWork / m.peer.seconds / p.scale;
    row.ratio = value / row.peerValue;
    // Work per CPU second, device vs peer: robust to other processes on the machine (see timing.ts).
    const cpuRatio = p.work / m.gpu.cpuSeconds / (peerWork / m.peer.cpuSeconds);
    row.note += `; CPU-time ratio ${cpuRatio.toPrecision(2)}`;
  } else if (p.program) {
    row.note += `; no peer: ${peers.reason ?? 'not run'}`;
  }
  return row;
}
