/**
 * The one table of Philox stream ids: word w (lane 3) of every counter (x, y, z, w), key = the 64-bit seed,
 * z = particle id. Each id has exactly one counter layout, so two uses of randomness never share a counter.
 * `shaders/rng/streams.wgsl` holds the same ids as `RNG_STREAM_<NAME>` constants (NAME = the key below in upper
 * snake case); test/node/rng-streams.test.ts checks that file against this table and that no other WGSL file
 * writes a stream id of its own. docs/rng.md lists the table with its users.
 */
export const RNG_STREAM = Object.freeze({
  /**
   * Dynamics noise (normals) of the engine, the 1-D OU kernel and the fine path of the weak-error estimator:
   * counter (⌊n/4⌋ lo, ⌊n/4⌋ hi, particle, 0); draw n = k·m + j (step k, draw j of m per step) is lane n mod 4.
   */
  dynamics: 0,
  /**
   * Mini-batch indices with replacement (SGD, SVAG's first batch): counter (b, k, particle, 1); the
   * {@link RngStream} of (particle, step k) starts at block (0, k) and reads words in order (Lemire rejection).
   */
  batchIndex: 1,
  /** Permutation round keys (SGD without replacement): counter (epoch, 0, particle, 2), one block = 4 round keys. */
  permutation: 2,
  /** Initial conditions, layout as `dynamics`; reserved (the engine draws its initial states from `engineInit`). */
  init: 3,
  /**
   * α-stable noise: counter (⌊n/2⌋ lo, ⌊n/2⌋ hi, particle, 4), variate n = stable2(block ⌊n/2⌋)[n mod 2];
   * reserved (the engine's Lévy scheme draws its uniforms from `dynamics`).
   */
  stable: 4,
  /** The independent coarse path of the uncoupled weak-error estimator (shaders/weak/coupled_em.wgsl): as `dynamics`. */
  weakIndependent: 5,
  /** SVAG's second mini-batch (shaders/sgd/sgd_step.wgsl): as `batchIndex`. */
  sgdBatch2: 6,
  /**
   * Gaussian noise of Gaussian GD and of the SGD-SDE (shaders/sgd/noise.wgsl `step_normals`): counter
   * ((k << 4) | q, k >> 28, particle, 7), block q < ⌈d/4⌉ of (sub)step k.
   */
  sgdNoise: 7,
  /** The engine's initial-state draws ('init' in ASCII; shaders/engine/init.wgsl): as `dynamics` at step 0, draw j = component j. */
  engineInit: 0x696e6974,
  /**
   * Batch indices of the benchmark kernel shaders/bench/sgd_particles.wgsl: word b mod 4 of block
   * (⌊k·B/4⌋ + ⌊b/4⌋, 0, particle, 0x5D).
   */
  benchBatch: 0x5d,
});

/** A name of {@link RNG_STREAM}. */
export type RngStreamName = keyof typeof RNG_STREAM;

/** The WGSL constant of a stream: `RNG_STREAM_` and the name in upper snake case (`batchIndex` → `RNG_STREAM_BATCH_INDEX`). */
export function wgslStreamConstant(name: RngStreamName): string {
  return `RNG_STREAM_${name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}
