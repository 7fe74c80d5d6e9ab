/**
 * `npm run bench` rows for the RNG: values per second generated on the GPU for each kind (wall clock from the
 * first dispatch to queue completion, no readback), and normals per second of the same Philox4x32-10 + Box–Muller
 * compiled natively (bench/native/philox_normals.c, gcc -O3 -fopenmp, built at bench time in a temp dir).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGpuContext } from '../src/gpu/device.js';
import { createRngGenerator, type RngSequenceOptions } from '../src/rng/generate.js';
import type { BenchModule, BenchRow } from './row.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Normals per second of the native build, or undefined when gcc/OpenMP is missing. */
function nativeNormalsPerSecond(
  count: number,
  repeats: number,
): { rate: number; threads: number } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-bench-rng-'));
  try {
    const src = fileURLToPath(new URL('./native/philox_normals.c', import.meta.url));
    const exe = join(dir, 'philox_normals');
    execFileSync('gcc', ['-O3', '-fopenmp', '-o', exe, src, '-lm'], { stdio: 'pipe' });
    const runs = Array.from({ length: repeats + 1 }, () =>
      JSON.parse(execFileSync(exe, [String(count)], { encoding: 'utf8' })),
    );
    const rates = runs.slice(1).map((r) => r.normals / r.seconds);
    return { rate: median(rates), threads: runs[0].threads };
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const bench: BenchModule = async ({ quick }) => {
  const ctx = await createGpuContext();
  const rows: BenchRow[] = [];
  const chunk = quick ? 1 << 21 : 1 << 22;
  const chunks = quick ? 1 : 16;
  const repeats = quick ? 2 : 5;
  const kinds: [string, Omit<RngSequenceOptions, 'seed'>][] = [
    ['uint32', { kind: 'uint32' }],
    ['uniform', { kind: 'uniform' }],
    ['normal', { kind: 'normal' }],
    ['index n=60000', { kind: 'index', n: 60_000 }],
    ['permutation n=60000', { kind: 'permutation', n: 60_000 }],
    ['stable alpha=1.5 beta=0.5', { kind: 'stable', alpha: 1.5, beta: 0.5 }],
  ];
  let normalRate = 0;
  try {
    for (const [name, o] of kinds) {
      const gen = await createRngGenerator(ctx, { ...o, seed: 1 }, { maxChunk: chunk });
      try {
        gen.dispatch(0, chunk);
        await ctx.device.queue.onSubmittedWorkDone();
        const rates: number[] = [];
        for (let r = 0; r < repeats; r++) {
          const t0 = performance.now();
          for (let c = 0; c < chunks; c++) gen.dispatch(c * chunk, chunk);
          await ctx.device.queue.onSubmittedWorkDone();
          rates.push((chunks * chunk) / ((performance.now() - t0) / 1000));
        }
        const rate = median(rates);
        if (o.kind === 'normal') normalRate = rate;
        rows.push({
          name: `rng ${name}, Philox4x32-10 (${ctx.adapterName})`,
          unit: 'G values/s',
          value: rate / 1e9,
          note: `${chunks} dispatches of ${chunk} values, median of ${repeats}, wall clock to onSubmittedWorkDone, no readback`,
        });
      } finally {
        gen.destroy();
      }
    }
  } finally {
    ctx.destroy();
  }
  const native = nativeNormalsPerSecond(quick ? 2e7 : 1e8, repeats);
  const normalRow = rows.find((r) => r.name.startsWith('rng normal,'))!;
  normalRow.unit = 'G normals/s';
  if (native) {
    normalRow.peer = `C -O3 OpenMP (${native.threads} threads), same algorithm`;
    normalRow.peerValue = native.rate / 1e9;
    normalRow.ratio = normalRate / native.rate;
  }
  return rows;
};
