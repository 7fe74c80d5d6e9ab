// Lever diagnostic (bench/levers.ts): replaces rng/philox.wgsl with a nearly free block "generator" (one
// multiply-xor of the counter), to measure what share of the OU step Philox costs. Not random enough for use.
fn philox4x32_10(counter: vec4u, key: vec2u) -> vec4u {
  let h = (counter ^ vec4u(key, key)) * 0x9E3779B9u;
  return h ^ (h >> vec4u(16u));
}
