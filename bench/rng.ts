/**
 * `npm run bench` rows for the RNG: values per second of the generator kernel for each kind of `sgd-sde rng`
 * (`createRngGenerator`, the values written to a GPU buffer, no readback), each beside the same algorithm in C
 * (`bench/native/rng_kinds.c`: Philox4x32-10 and the kind's transform in float32, OpenMP), paired run by run.
 */
import { createRngGenerator, type RngSequenceOptions } from '../src/rng/generate.js';
import type { BenchModule, BenchRow } from './row.js';
import { benchGpu, benchSizes, pairedRow } from './shared.js';

const KINDS: [string, Omit<RngSequenceOptions, 'seed'>, (string | number)[]][] = [
  ['uint32', { kind: 'uint32' }, []],
  ['uniform', { kind: 'uniform' }, []],
  ['normal', { kind: 'normal' }, []],
  ['index n=60000', { kind: 'index', n: 60_000 }, [60_000]],
  ['permutation n=60000', { kind: 'permutation', n: 60_000 }, [60_000]],
  ['stable alpha=1.5 beta=0.5', { kind: 'stable', alpha: 1.5, beta: 0.5 }, [1.5, 0.5]],
];

export const bench: BenchModule = async ({ quick }) => {
  const { ctx, timer } = await benchGpu();
  const { rngChunk: chunk, rngChunks: chunks, big } = benchSizes(ctx, quick);
  const count = chunk * chunks;
  // The C peer's rate does not depend on the count; 2^24 values keep it near a second on big sizes.
  const peerCount = big ? 2 ** 24 : count;
  const rows: BenchRow[] = [];
  for (const [name, o, args] of KINDS) {
    const gen = await createRngGenerator(ctx, { ...o, seed: 1 }, { maxChunk: chunk });
    try {
      rows.push(
        await pairedRow({
          name: `rng ${name}, Philox4x32-10`,
          unit: 'G values/s',
          scale: 1e9,
          work: count,
          quick,
          gpuOnce: () =>
            timer.time(() => {
              for (let c = 0; c < chunks; c++) gen.dispatch(c * chunk, chunk);
            }),
          program: 'rng_kinds',
          args: [o.kind, peerCount, ...args],
          note: `${chunks} dispatch${chunks > 1 ? 'es' : ''} of ${chunk} values, written to a buffer, no readback`,
        }),
      );
    } finally {
      gen.destroy();
    }
  }
  return rows;
};
