/**
 * Reproducible timing for `npm run bench`: GPU timestamp queries when the device has `timestamp-query` (taken
 * in empty compute passes submitted before and after the work, so any sequence of submits can be timed),
 * otherwise wall clock from the first submit to `onSubmittedWorkDone`; warm-up runs, then the median of
 * repeated runs, each GPU run paired with one run of its native peer so that both see the same machine load.
 */
import type { GpuContext } from '../src/gpu/device.js';

/** How a duration was measured. */
export type TimingMethod = 'timestamp-query' | 'wall clock';

/** Times GPU work queued by `queue()` (which submits it); resolves with seconds. */
export interface GpuTimer {
  readonly method: TimingMethod;
  /**
   * CPU seconds (user + system, all threads of this process) spent during the last `time()`. On a CPU-hosted
   * device (SwiftShader) this is the work the device did, and unlike the elapsed time it barely changes when
   * other processes compete for the cores.
   */
  readonly lastCpuSeconds: number;
  time(queue: () => void | Promise<void>): Promise<number>;
  destroy(): void;
}

/** Makes a timer on `ctx`, using timestamp queries when the device supports them. */
export function makeGpuTimer(ctx: GpuContext): GpuTimer {
  const { device } = ctx;
  const done = async () => {
    await Promise.race([device.queue.onSubmittedWorkDone(), ctx.lost]);
    ctx.check();
  };
  const cpuNow = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  if (!ctx.features.has('timestamp-query')) {
    const timer = {
      method: 'wall clock' as const,
      lastCpuSeconds: 0,
      async time(queue: () => void | Promise<void>) {
        await done();
        const c0 = cpuNow();
        const t0 = performance.now();
        await queue();
        await done();
        timer.lastCpuSeconds = cpuNow() - c0;
        return (performance.now() - t0) / 1000;
      },
      destroy() {},
    };
    return timer;
  }
  const querySet = device.createQuerySet({ label: 'bench timestamps', type: 'timestamp', count: 2 });
  const resolve = device.createBuffer({
    label: 'bench timestamps resolved',
    size: 16,
    usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
  });
  const read = device.createBuffer({
    label: 'bench timestamps readback',
    size: 16,
    usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ,
  });
  const mark = (index: 0 | 1) => {
    const enc = device.createCommandEncoder({ label: `bench timestamp ${index}` });
    const pass = enc.beginComputePass({
      label: `bench timestamp pass ${index}`,
      timestampWrites:
        index === 0 ? { querySet, beginningOfPassWriteIndex: 0 } : { querySet, endOfPassWriteIndex: 1 },
    });
    pass.end();
    if (index === 1) {
      enc.resolveQuerySet(querySet, 0, 2, resolve, 0);
      enc.copyBufferToBuffer(resolve, 0, read, 0, 16);
    }
    device.queue.submit([enc.finish()]);
  };
  const timer = {
    method: 'timestamp-query' as const,
    lastCpuSeconds: 0,
    async time(queue: () => void | Promise<void>) {
      await done();
      const c0 = cpuNow();
      mark(0);
      await queue();
      mark(1);
      await read.mapAsync(GPUMapMode.READ);
      timer.lastCpuSeconds = cpuNow() - c0;
      const [t0, t1] = new BigUint64Array(read.getMappedRange().slice(0));
      read.unmap();
      ctx.check();
      return Number(t1! - t0!) / 1e9;
    },
    destroy() {
      querySet.destroy();
      resolve.destroy();
      read.destroy();
    },
  };
  return timer;
}

/**
 * Runs `once` (which returns its seconds of GPU time) until `seconds` of GPU work have been done (at most 1000
 * runs): a real GPU drops its clocks within milliseconds of idling (an H200 from 1980 to 345 MHz), so timed runs
 * must follow busy ones.
 */
export async function warmUp(once: () => Promise<number>, seconds: number): Promise<void> {
  let busy = 0;
  for (let i = 0; i < 1000 && busy < seconds; i++) busy += await once();
}

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Runs `warmup` unrecorded rounds, then `reps` rounds of `gpu()` and `peer()` alternately (each returns its
 * elapsed and CPU seconds, or null when it did not run), and returns the medians.
 */
export async function pairedMedians(
  gpu: () => Promise<Timed>,
  peer: (() => Promise<Timed | null>) | null,
  reps: number,
  warmup = 1,
  options: PairingOptions = {},
): Promise<{ gpu: Timed; peer: Timed | null }> {
  for (let i = 0; i < warmup; i++) await gpu();
  const gpuRuns: Timed[] = [];
  const peerRuns: Timed[] = [];
  if (options.sequential) {
    // Keep the GPU busy right before the timed runs (see warmUp), time them back to back, then run the peer.
    await warmUp(async () => (await gpu()).seconds, options.warmupSeconds ?? 0.5);
    for (let i = 0; i < reps; i++) gpuRuns.push(await gpu());
    for (let i = 0; i < Math.min(reps, 3) && peer; i++) {
      const p = await peer();
      if (p !== null) peerRuns.push(p);
    }
  } else {
    for (let i = 0; i < reps; i++) {
      gpuRuns.push(await gpu());
      const p = peer ? await peer() : null;
      if (p !== null) peerRuns.push(p);
    }
  }
  const med = (runs: Timed[]): Timed => ({
    seconds: median(runs.map((r) => r.seconds)),
    cpuSeconds: median(runs.map((r) => r.cpuSeconds)),
  });
  return { gpu: med(gpuRuns), peer: peerRuns.length ? med(peerRuns) : null };
}

/**
 * How GPU and peer runs are ordered. Interleaved (default) suits a CPU-backed device that shares the cores with
 * the peer; `sequential` with a warm-up of `warmupSeconds` of GPU work suits a real GPU, whose clocks fall while it
 * waits for the peer.
 */
export interface PairingOptions {
  sequential?: boolean;
  warmupSeconds?: number;
}

/** Elapsed and CPU seconds of one run. */
export interface Timed {
  seconds: number;
  cpuSeconds: number;
}
