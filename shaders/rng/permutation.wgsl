// Random permutations of [0, n) as a keyed bijection, with no memory per particle: position p of the permutation
// of particle i in epoch e is permute_index(permutation_key(seed, i, e), n, p).
//
// Construction: an alternating unbalanced Feistel network on b = max(6, ceil(log2 n)) bits, split into a left
// half of floor(b/2) bits and a right half of ceil(b/2) bits; round r replaces one half by itself XOR a keyed
// hash of the other (right half on even rounds, left half on odd rounds). Each round is a bijection of
// [0, 2^b), hence so is the network. Cycle walking (Black & Rogaway, "Ciphers with arbitrary finite domains",
// CT-RSA 2002) re-applies the network until the value falls in [0, n): this restricts the permutation of
// [0, 2^b) to a permutation of [0, n), taking fewer than 2^b / n < 2 applications on average (n > 32).
// The round function is the top bits of Wellons' lowbias32 integer hash of (half XOR round key) (its low bits
// are nearly linear in low input bits); the 4 key words come from one Philox block, so permutations of different
// (seed, particle, epoch) are independent draws of the network.
// Measured choices (docs/rng.md): with 12 rounds, low hash bits or a 3-bit network, the 120 orders of n = 5 were
// far from equally likely (chi-square 600-2000 on 119 dof over 2^17 keys); 16 rounds on >= 6 bits with top
// bits pass that and the (pi(0), pi(1)) pair tables for n = 2, 5, 6, 64, 100.
#include "rng/philox.wgsl"
#include "rng/streams.wgsl"

const FEISTEL_ROUNDS: u32 = 16u;
const PERMUTATION_MIN_BITS: u32 = 6u;

// Round keys of the permutation of `particle` in `epoch`: Philox block (epoch, 0, particle, stream).
fn permutation_key_stream(seed: vec2u, particle: u32, epoch: u32, stream: u32) -> vec4u {
  return philox4x32_10(vec4u(epoch, 0u, particle, stream), seed);
}

// Round keys under the project's permutation stream id (RNG_STREAM_PERMUTATION).
fn permutation_key(seed: vec2u, particle: u32, epoch: u32) -> vec4u {
  return permutation_key_stream(seed, particle, epoch, RNG_STREAM_PERMUTATION);
}

// lowbias32 (C. Wellons, "Prospecting for hash functions", 2018): a bijective 32-bit mixer.
fn lowbias32(v: u32) -> u32 {
  var h = v;
  h ^= h >> 16u;
  h *= 0x7feb352du;
  h ^= h >> 15u;
  h *= 0x846ca68bu;
  h ^= h >> 16u;
  return h;
}

// One pass of the Feistel network over [0, 2^(lb + rb)).
fn feistel_pass(x: u32, key: vec4u, lb: u32, rb: u32) -> u32 {
  let lmask = (1u << lb) - 1u;
  let rmask = (1u << rb) - 1u;
  var l = (x >> rb) & lmask;
  var r = x & rmask;
  for (var i = 0u; i < FEISTEL_ROUNDS; i++) {
    // Round keys: the 4 key words, each offset by a distinct multiple of the golden-ratio constant per round.
    let k = key[i & 3u] + i * 0x9E3779B9u;
    if ((i & 1u) == 0u) {
      r ^= lowbias32(l ^ k) >> (32u - rb);
    } else {
      l ^= lowbias32(r ^ k) >> (32u - lb);
    }
  }
  return (l << rb) | r;
}

// Element at `position` of the permutation of [0, n) keyed by `key`. A bijection of [0, n) in `position` for
// every key. Preconditions: 1 <= n, position < n (out-of-range positions are returned unchanged).
fn permute_index(key: vec4u, n: u32, position: u32) -> u32 {
  if (position >= n || n <= 1u) {
    return position;
  }
  let bits = max(32u - countLeadingZeros(n - 1u), PERMUTATION_MIN_BITS);
  let rb = (bits + 1u) / 2u;
  let lb = bits - rb;
  var x = position;
  loop {
    x = feistel_pass(x, key, lb, rb);
    if (x < n) {
      break;
    }
  }
  return x;
}
