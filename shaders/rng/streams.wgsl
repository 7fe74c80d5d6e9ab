// Stream ids: word 3 of every Philox counter (docs/rng.md, "Counter layout"). Each id has exactly one counter layout,
// so two uses of randomness in one particle never share a counter.
//
//   id  use                                   counter (x, y, z, w)                    layout
//   0   dynamics noise (normals)              (n/4 lo, n/4 hi, particle, 0)          draw n = k*m + j, lane n%4
//   1   mini-batch indices with replacement   (b, step, particle, 1)                 RngStream of (particle, step)
//   2   permutation keys (w/o replacement)    (epoch, 0, particle, 2)                one block = 4 round keys
//   3   initial conditions                    (n/4 lo, n/4 hi, particle, 3)          draw n, lane n%4
//   4   heavy-tailed (alpha-stable) noise     (n/2 lo, n/2 hi, particle, 4)          variate n = stable2(block n/2)[n%2]
//   5   weak-error estimator, independent     as 0                                   as 0
//       coarse path (weak/coupled_em.wgsl)
const RNG_STREAM_DYNAMICS: u32 = 0u;
const RNG_STREAM_BATCH_INDEX: u32 = 1u;
const RNG_STREAM_PERMUTATION: u32 = 2u;
const RNG_STREAM_INIT: u32 = 3u;
const RNG_STREAM_STABLE: u32 = 4u;
const RNG_STREAM_WEAK_INDEPENDENT: u32 = 5u;
