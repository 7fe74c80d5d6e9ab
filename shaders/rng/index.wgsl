// A sequential per-thread word stream over Philox4x32-10 blocks, and unbiased integers in [0, n) drawn from it.
//
// Counter layout (docs/rng.md): a stream is the sequence of blocks
//   philox4x32_10((b_lo, b_hi, particle, stream), (seed_lo, seed_hi)),  b = b0, b0 + 1, ... (64-bit, with carry)
// read lane by lane (x, y, z, w). `rng_stream(seed, particle, stream, block)` starts it at b0 = block
// (block.x low word, block.y high word).
//
// Mini-batch convention (stream RNG_STREAM_BATCH_INDEX): the draws of particle i at step k read the stream that
// starts at block (0, k), i.e. b0 = k * 2^32, via `rng_stream_step`. Index j of step k is the j-th accepted
// value of that sequence, so it is a pure function of (seed, i, k, j) however particles and steps are split
// across threads, workgroups and dispatches; a rejection consumes the next word of the same sequence. Steps
// cannot overlap unless one step reads more than 2^34 words.
#include "rng/philox.wgsl"
#include "rng/streams.wgsl"

struct RngStream {
  key: vec2u,
  // Next block to generate: (b_lo, b_hi, particle, stream).
  ctr: vec4u,
  // Current block and the next lane to read from it (4: generate a new block first).
  buf: vec4u,
  lane: u32,
}

fn rng_stream(seed: vec2u, particle: u32, stream: u32, block: vec2u) -> RngStream {
  return RngStream(seed, vec4u(block.x, block.y, particle, stream), vec4u(0u), 4u);
}

// The stream of (particle, step) under the mini-batch convention: first block (0, step).
fn rng_stream_step(seed: vec2u, particle: u32, stream: u32, step: u32) -> RngStream {
  return rng_stream(seed, particle, stream, vec2u(0u, step));
}

// Next 32-bit word of the stream.
fn rng_next_u32(s: ptr<function, RngStream>) -> u32 {
  if ((*s).lane >= 4u) {
    (*s).buf = philox4x32_10((*s).ctr, (*s).key);
    (*s).ctr.x += 1u;
    if ((*s).ctr.x == 0u) {
      (*s).ctr.y += 1u;
    }
    (*s).lane = 0u;
  }
  let w = (*s).buf[(*s).lane];
  (*s).lane += 1u;
  return w;
}

// Uniform integer in [0, n), exactly unbiased: Lemire's multiply-shift with rejection (D. Lemire, "Fast random
// integer generation in an interval", ACM TOMACS 29(1), 2019, Algorithm 5). For a word x, x*n = hi*2^32 + lo;
// hi is accepted when lo >= 2^32 mod n, which leaves exactly floor(2^32 / n) words for every value. Rejection
// happens with probability (2^32 mod n) / 2^32 < n / 2^32. Precondition n >= 1 (n = 0 returns 0).
fn uniform_index(s: ptr<function, RngStream>, n: u32) -> u32 {
  // 2^32 mod n computed in 32 bits as (2^32 - n) mod n.
  let threshold = (0u - n) % max(n, 1u);
  var result = 0u;
  loop {
    let x = rng_next_u32(s);
    if (x * n >= threshold) {
      result = mulhi32(x, n);
      break;
    }
  }
  return result;
}
