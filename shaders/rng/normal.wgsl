// Derived variates from 32-bit random words.

const TWO_NEG_24: f32 = 5.9604644775390625e-8;
const PI_F32: f32 = 3.14159265358979;

// Uniform on the open interval (0, 1) from the top 24 bits: (m + 0.5) / 2^24, m in [0, 2^24).
fn uniform_open01(u: u32) -> f32 {
  return (f32(u >> 8u) + 0.5) * TWO_NEG_24;
}

// Two standard normals by Box-Muller. The angle is kept in (-pi, pi), where GPU sin/cos are accurate; a shift of
// the angle by pi only flips the sign of both outputs, so the pair is still independent N(0, 1).
fn box_muller(u0: u32, u1: u32) -> vec2f {
  let r = sqrt(-2.0 * log(uniform_open01(u0)));
  let angle = PI_F32 * (2.0 * uniform_open01(u1) - 1.0);
  return r * vec2f(cos(angle), sin(angle));
}

// Four standard normals from one Philox block.
fn normal4(bits: vec4u) -> vec4f {
  return vec4f(box_muller(bits.x, bits.y), box_muller(bits.z, bits.w));
}
