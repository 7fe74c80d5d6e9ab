/** What the benchmark modules share in one `npm run bench`: one GPU context, the native peers, row helpers. */
import { createGpuContext, type GpuContext } from '../src/gpu/device.js';
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
  const { timer } = await benchGpu();
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
  const m = await pairedMedians(gpu, peer, reps(p.quick));
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
