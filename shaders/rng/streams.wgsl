// Stream ids: word 3 of every Philox counter. Declared once in src/rng/streams.ts (RNG_STREAM, with the counter
// layout of each); these constants mirror it, test/node/rng-streams.test.ts checks them and that no other WGSL file
// writes a stream id of its own. docs/rng.md, "Counter layout", lists the table.
const RNG_STREAM_DYNAMICS: u32 = 0u;
const RNG_STREAM_BATCH_INDEX: u32 = 1u;
const RNG_STREAM_PERMUTATION: u32 = 2u;
const RNG_STREAM_INIT: u32 = 3u;
const RNG_STREAM_STABLE: u32 = 4u;
const RNG_STREAM_WEAK_INDEPENDENT: u32 = 5u;
const RNG_STREAM_SGD_BATCH2: u32 = 6u;
const RNG_STREAM_SGD_NOISE: u32 = 7u;
const RNG_STREAM_ENGINE_INIT: u32 = 0x696E6974u;
const RNG_STREAM_BENCH_BATCH: u32 = 0x5Du;
