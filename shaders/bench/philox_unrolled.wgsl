// Lever record (bench/levers.ts): Philox4x32-10 exactly as rng/philox.wgsl (same mulhi32 emulation, same output),
// with the ten rounds unrolled and the round keys as literals added to the key, to see whether the loop or the
// multiplies cost on SwiftShader. Replaces rng/philox.wgsl through composeShader's `extra`.
const PHILOX_M0: u32 = 0xD2511F53u;
const PHILOX_M1: u32 = 0xCD9E8D57u;

fn mulhi32(a: u32, b: u32) -> u32 {
  let a_lo = a & 0xFFFFu;
  let a_hi = a >> 16u;
  let b_lo = b & 0xFFFFu;
  let b_hi = b >> 16u;
  let lolo = a_lo * b_lo;
  let hilo = a_hi * b_lo;
  let lohi = a_lo * b_hi;
  let cross = (lolo >> 16u) + (hilo & 0xFFFFu) + lohi;
  return a_hi * b_hi + (hilo >> 16u) + (cross >> 16u);
}

fn philox_round(c: vec4u, k: vec2u) -> vec4u {
  return vec4u(mulhi32(PHILOX_M1, c.z) ^ c.y ^ k.x, PHILOX_M1 * c.z, mulhi32(PHILOX_M0, c.x) ^ c.w ^ k.y,
               PHILOX_M0 * c.x);
}

fn philox4x32_10(counter: vec4u, key: vec2u) -> vec4u {
  var c = philox_round(counter, key);
  c = philox_round(c, key + vec2u(0x9E3779B9u, 0xBB67AE85u));
  c = philox_round(c, key + vec2u(0x3C6EF372u, 0x76CF5D0Au));
  c = philox_round(c, key + vec2u(0xDAA66D2Bu, 0x32370B8Fu));
  c = philox_round(c, key + vec2u(0x78DDE6E4u, 0xED9EBA14u));
  c = philox_round(c, key + vec2u(0x1715609Du, 0xA9066899u));
  c = philox_round(c, key + vec2u(0xB54CDA56u, 0x646E171Eu));
  c = philox_round(c, key + vec2u(0x5384540Fu, 0x1FD5C5A3u));
  c = philox_round(c, key + vec2u(0xF1BBCDC8u, 0xDB3D7428u));
  return philox_round(c, key + vec2u(0x8FF34781u, 0x96A522ADu));
}
