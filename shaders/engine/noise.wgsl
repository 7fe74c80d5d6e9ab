// Random draws of one particle for the engine's schemes. Counter layout (docs/rng.md): key = (seed_lo, seed_hi),
// counter = (block_lo, block_hi, particle, stream). Draw n = k * DRAWS_PER_STEP + j (step k, draw j) is lane
// n % 4 of the 64-bit block n / 4, so every draw is a pure function of (seed, particle, step, draw) and a path
// does not depend on chunking, dispatch splitting or shards. Normal draw n is lane n % 4 of normal4(block).
#include "rng/philox.wgsl"
#include "rng/normal.wgsl"

var<private> rng_key: vec2u;
var<private> rng_particle: u32;
var<private> rng_stream: u32;
var<private> rng_words_block: vec2u = vec2u(0xFFFFFFFFu, 0xFFFFFFFFu);
var<private> rng_words: vec4u;
var<private> rng_normals_block: vec2u = vec2u(0xFFFFFFFFu, 0xFFFFFFFFu);
var<private> rng_normals: vec4f;

fn rng_begin(seed: vec2u, particle: u32, stream: u32) {
  rng_key = seed;
  rng_particle = particle;
  rng_stream = stream;
  rng_words_block = vec2u(0xFFFFFFFFu, 0xFFFFFFFFu);
  rng_normals_block = vec2u(0xFFFFFFFFu, 0xFFFFFFFFu);
}

// 64-bit draw index n = k * per_step + j as (block = n >> 2 as two words, lane = n & 3).
fn rng_locate(k: u32, per_step: u32, j: u32) -> vec3u {
  let prod_lo = k * per_step;
  let prod_hi = mulhi32(k, per_step);
  let lo = prod_lo + j;
  let hi = prod_hi + select(0u, 1u, lo < prod_lo);
  return vec3u((lo >> 2u) | (hi << 30u), hi >> 2u, lo & 3u);
}

fn rng_block(b: vec2u) -> vec4u {
  return philox4x32_10(vec4u(b.x, b.y, rng_particle, rng_stream), rng_key);
}

// Raw 32-bit word of draw (k, j).
fn draw_word(k: u32, per_step: u32, j: u32) -> u32 {
  let at = rng_locate(k, per_step, j);
  if (any(at.xy != rng_words_block)) {
    rng_words = rng_block(at.xy);
    rng_words_block = at.xy;
  }
  return rng_words[at.z];
}

// Uniform on (0, 1) from draw (k, j).
fn draw_uniform(k: u32, per_step: u32, j: u32) -> f32 {
  return uniform_open01(draw_word(k, per_step, j));
}

// Standard normal draw (k, j).
fn draw_normal(k: u32, per_step: u32, j: u32) -> f32 {
  let at = rng_locate(k, per_step, j);
  if (any(at.xy != rng_normals_block)) {
    rng_normals = normal4(rng_block(at.xy));
    rng_normals_block = at.xy;
  }
  return rng_normals[at.z];
}
