// Philox4x32-10 (Salmon, Moraes, Dror, Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC 2011).
// WGSL has no 64-bit integers and no mul-hi: the high word of the 32x32 -> 64 product is built from 16-bit halves.
//
// Counter layout used across sgd-sde (see docs/rng.md): key = (seed_lo, seed_hi);
// counter = (block_lo, block_hi, particle, stream). Draw n = k * m + j (step k, draw j of m per step) of a
// particle's stream lives in lane n % 4 of block n / 4, so it is a pure function of (seed, particle, k, j).

const PHILOX_M0: u32 = 0xD2511F53u;
const PHILOX_M1: u32 = 0xCD9E8D57u;
const PHILOX_W0: u32 = 0x9E3779B9u;
const PHILOX_W1: u32 = 0xBB67AE85u;

// High 32 bits of the 64-bit product a * b.
fn mulhi32(a: u32, b: u32) -> u32 {
  let a_lo = a & 0xFFFFu;
  let a_hi = a >> 16u;
  let b_lo = b & 0xFFFFu;
  let b_hi = b >> 16u;
  let lolo = a_lo * b_lo;
  let hilo = a_hi * b_lo;
  let lohi = a_lo * b_hi;
  // At most 0xFFFF + 0xFFFF + 0xFFFE0001 = 0xFFFFFFFF: no overflow.
  let cross = (lolo >> 16u) + (hilo & 0xFFFFu) + lohi;
  return a_hi * b_hi + (hilo >> 16u) + (cross >> 16u);
}

fn philox_round(ctr: vec4u, key: vec2u) -> vec4u {
  let hi0 = mulhi32(PHILOX_M0, ctr.x);
  let lo0 = PHILOX_M0 * ctr.x;
  let hi1 = mulhi32(PHILOX_M1, ctr.z);
  let lo1 = PHILOX_M1 * ctr.z;
  return vec4u(hi1 ^ ctr.y ^ key.x, lo1, hi0 ^ ctr.w ^ key.y, lo0);
}

// Ten rounds with the Weyl key schedule.
fn philox4x32_10(counter: vec4u, key: vec2u) -> vec4u {
  var c = counter;
  var k = key;
  for (var r = 0u; r < 9u; r++) {
    c = philox_round(c, k);
    k += vec2u(PHILOX_W0, PHILOX_W1);
  }
  return philox_round(c, k);
}
