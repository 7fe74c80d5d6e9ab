// Lever diagnostic (bench/levers.ts): replaces rng/normal.wgsl with centred uniforms (no log, sqrt, cos, sin), to
// measure what share of the OU step Box-Muller costs. Not normal: for timing only.
fn normal4(bits: vec4u) -> vec4f {
  return vec4f(bits >> vec4u(8u)) * 5.9604644775390625e-8 - 0.5;
}
