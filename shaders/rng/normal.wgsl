// Derived variates from 32-bit random words.

const TWO_NEG_24: f32 = 5.9604644775390625e-8;
const PI_F32: f32 = 3.14159265358979;

// Uniform on the open interval (0, 1) from the top 24 bits m of a word: (m + 1/2) / 2^24 rounded toward zero to
// float32. Below 1/2 that is exact; in [1/2, 1) the half-step is not a float32 and the value is m / 2^24. So the
// 2^24 values are distinct, each has probability 2^-24, the smallest is 2^-25 and the largest 1 - 2^-24: never
// 0 or 1. (Rounding to nearest would map m = 2^24 - 1 to 1.0.)
fn uniform_open01(u: u32) -> f32 {
  let m = u >> 8u;
  return select((f32(m) + 0.5) * TWO_NEG_24, f32(m) * TWO_NEG_24, m >= 0x800000u);
}

// -log(u) for u in (0, 1), accurate relative to the result also near u = 1, where GPU log is only absolutely
// accurate: there e = 1 - u is exact (Sterbenz) and -log(1 - e) = e + e^2/2 + ... + e^6/6 (remainder < 1e-8
// relative for e < 1/16).
fn neg_log_open01(u: f32) -> f32 {
  let e = 1.0 - u;
  if (e < 0.0625) {
    return e * (1.0 + e * (0.5 + e * (1.0 / 3.0 + e * (0.25 + e * (0.2 + e / 6.0)))));
  }
  return -log(u);
}

// Two standard normals by Box-Muller. The angle is kept in (-pi, pi), where GPU sin/cos are accurate; a shift of
// the angle by pi only flips the sign of both outputs, so the pair is still independent N(0, 1).
fn box_muller(u0: u32, u1: u32) -> vec2f {
  let r = sqrt(2.0 * neg_log_open01(uniform_open01(u0)));
  let angle = PI_F32 * (2.0 * uniform_open01(u1) - 1.0);
  return r * vec2f(cos(angle), sin(angle));
}

// Four standard normals from one Philox block.
fn normal4(bits: vec4u) -> vec4f {
  return vec4f(box_muller(bits.x, bits.y), box_muller(bits.z, bits.w));
}
