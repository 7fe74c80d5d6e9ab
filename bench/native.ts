/**
 * Native C peers of the benchmarks: `bench/native/*.c`, compiled at bench time into a temporary directory with
 * the system's gcc (-O3 -march=native -fopenmp, no fast-math) and run with OMP_NUM_THREADS = the machine's cores.
 * Each program times one run of the same algorithm as the WGSL kernel after its own warm-up and prints
 * `{"seconds", "cpu", "work", "threads", "check"}` (cpu: process CPU seconds of the timed run; OpenMP
 * threads wait passively so that spinning does not count).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

/** Flags the peers are built with. */
export const NATIVE_FLAGS = ['-O3', '-march=native', '-fopenmp'];

/** One timed run of a native peer. */
export interface NativeRun {
  seconds: number;
  /** Process CPU seconds (all threads) of the timed run. */
  cpuSeconds: number;
  work: number;
  threads: number;
}

/** The compiled peers, or why there are none. */
export interface NativePeers {
  /** e.g. `C gcc -O3 -march=native -fopenmp, 2 threads`. */
  name: string;
  available: boolean;
  reason?: string;
  run(program: string, args: (string | number)[]): NativeRun;
  cleanup(): void;
}

/** Compiles every `bench/native/*.c` (sharing `common.h`) with gcc; never throws. */
export function compileNativePeers(sourceDir = join(process.cwd(), 'bench', 'native')): NativePeers {
  const threads = availableParallelism();
  const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-bench-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  let version = 'gcc';
  try {
    version = execFileSync('gcc', ['-dumpfullversion'], { encoding: 'utf8' }).trim();
    for (const f of readdirSync(sourceDir).filter((f) => f.endsWith('.c'))) {
      execFileSync(
        'gcc',
        [...NATIVE_FLAGS, '-o', join(dir, f.replace(/\.c$/, '')), join(sourceDir, f), '-lm'],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
    }
  } catch (e) {
    cleanup();
    const reason = `native peers not built: ${(e as Error).message.split('\n')[0]}`;
    return {
      name: 'C (unavailable)',
      available: false,
      reason,
      run() {
        throw new Error(reason);
      },
      cleanup() {},
    };
  }
  return {
    name: `C gcc ${version} ${NATIVE_FLAGS.join(' ')}, ${threads} threads`,
    available: true,
    run(program, args) {
      const r = spawnSync(join(dir, program), args.map(String), {
        encoding: 'utf8',
        env: {
          ...process.env,
          OMP_NUM_THREADS: String(threads),
          OMP_PROC_BIND: 'false',
          OMP_WAIT_POLICY: 'passive',
        },
      });
      if (r.status !== 0) throw new Error(`native peer ${program} ${args.join(' ')} failed: ${r.stderr}`);
      const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as NativeRun & { cpu: number };
      return { ...out, cpuSeconds: out.cpu };
    },
    cleanup,
  };
}
