/**
 * Philox stream ids (word 3 of every counter), mirrored from `shaders/rng/streams.wgsl`; docs/rng.md has the
 * counter layout of each.
 */
export const RNG_STREAM = Object.freeze({
  /** Dynamics noise: draw n = k·m + j of a particle is lane n % 4 of block n / 4. */
  dynamics: 0,
  /** Mini-batch indices with replacement: the {@link RngStream} of (particle, step) starts at block (0, step). */
  batchIndex: 1,
  /** Permutation round keys: block (epoch, 0, particle, 2). */
  permutation: 2,
  /** Initial conditions: like dynamics. */
  init: 3,
  /** α-stable (heavy-tailed) noise: two words per variate. */
  stable: 4,
});
