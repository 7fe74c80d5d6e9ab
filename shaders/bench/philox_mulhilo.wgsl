// Lever record (bench/levers.ts): Philox4x32-10 as rng/philox.wgsl, but the low word of each product is
// assembled from the 16-bit partial products that the high word needs anyway (4 multiplies per 32 x 32 -> 64
// product instead of 5). Same output. Replaces rng/philox.wgsl through composeShader's `extra`.
const PHILOX_M0: u32 = 0xD2511F53u;
const PHILOX_M1: u32 = 0xCD9E8D57u;
const PHILOX_W0: u32 = 0x9E3779B9u;
const PHILOX_W1: u32 = 0xBB67AE85u;

// (hi, lo) words of the 64-bit product a * b.
fn mulhilo32(a: u32, b: u32) -> vec2u {
  let a_lo = a & 0xFFFFu;
  let a_hi = a >> 16u;
  let b_lo = b & 0xFFFFu;
  let b_hi = b >> 16u;
  let lolo = a_lo * b_lo;
  let hilo = a_hi * b_lo;
  let lohi = a_lo * b_hi;
  let cross = (lolo >> 16u) + (hilo & 0xFFFFu) + lohi;
  return vec2u(a_hi * b_hi + (hilo >> 16u) + (cross >> 16u), (cross << 16u) | (lolo & 0xFFFFu));
}

fn philox_round(ctr: vec4u, key: vec2u) -> vec4u {
  let p0 = mulhilo32(PHILOX_M0, ctr.x);
  let p1 = mulhilo32(PHILOX_M1, ctr.z);
  return vec4u(p1.x ^ ctr.y ^ key.x, p1.y, p0.x ^ ctr.w ^ key.y, p0.y);
}

fn philox4x32_10(counter: vec4u, key: vec2u) -> vec4u {
  var c = counter;
  var k = key;
  for (var r = 0u; r < 9u; r++) {
    c = philox_round(c, k);
    k += vec2u(PHILOX_W0, PHILOX_W1);
  }
  return philox_round(c, k);
}
