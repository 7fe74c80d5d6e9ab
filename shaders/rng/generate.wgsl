// Bulk generation of one random sequence (the `sgd-sde rng` command and the RNG tests). Thread g writes values
// 4g .. 4g+3 of the sequence; g is a 64-bit index (g_lo, g_hi) = g0 + flat index, so a value depends only on
// (seed, particle, stream, its position t), never on chunking, workgroup size or dispatch shape:
//   uint32, uniform, normal: block g of (particle, stream), counter (g_lo, g_hi, particle, stream);
//   stable: blocks 2g and 2g+1 (stable2 on each: two variates per block);
//   index:  the RngStream of (particle, step = g) (rng_stream_step), four uniform_index(n) draws;
//   permutation: value t is position t mod n of the permutation of epoch t div n (the chunk's first value sits at
//            (epoch0, pos0)), key permutation_key_stream(seed, particle, epoch, stream).
#include "common/grid.wgsl"
#include "rng/philox.wgsl"
#include "rng/normal.wgsl"
#include "rng/index.wgsl"
#include "rng/permutation.wgsl"
#include "rng/stable.wgsl"

struct Params {
  seed: vec2u,
  // First thread index of this dispatch (64-bit) and number of values to write.
  g0: vec2u,
  count: u32,
  particle: u32,
  stream: u32,
  n: u32,
  alpha: f32,
  beta: f32,
  epoch0: u32,
  pos0: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> out: array<u32>;

override WG_SIZE: u32 = 64u;

fn block_ctr(g: vec2u) -> vec4u {
  return vec4u(g.x, g.y, params.particle, params.stream);
}

@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = flat_index(wid, nwg, lid, WG_SIZE);
  let base = 4u * i;
  if (base >= params.count) {
    return;
  }
  let g_lo = params.g0.x + i;
  let g = vec2u(g_lo, params.g0.y + select(0u, 1u, g_lo < i));
  var v = vec4u(0u);
#if KIND_UINT32
  v = philox4x32_10(block_ctr(g), params.seed);
#elif KIND_UNIFORM
  let b = philox4x32_10(block_ctr(g), params.seed);
  v = bitcast<vec4u>(vec4f(uniform_open01(b.x), uniform_open01(b.y), uniform_open01(b.z), uniform_open01(b.w)));
#elif KIND_NORMAL
  v = bitcast<vec4u>(normal4(philox4x32_10(block_ctr(g), params.seed)));
#elif KIND_STABLE
  let g2 = vec2u(g.x << 1u, (g.y << 1u) | (g.x >> 31u));
  let s0 = stable2(philox4x32_10(block_ctr(g2), params.seed), params.alpha, params.beta);
  let s1 = stable2(philox4x32_10(block_ctr(g2 + vec2u(1u, 0u)), params.seed), params.alpha, params.beta);
  v = bitcast<vec4u>(vec4f(s0, s1));
#elif KIND_INDEX
  var s = rng_stream_step(params.seed, params.particle, params.stream, g.x);
  for (var j = 0u; j < 4u; j++) {
    v[j] = uniform_index(&s, params.n);
  }
#elif KIND_PERMUTATION
  let n = params.n;
  for (var j = 0u; j < 4u; j++) {
    // Offset of this value from the chunk's first value (epoch0, pos0), without 32-bit overflow.
    let off = base + j;
    var epoch = params.epoch0;
    var pos = params.pos0 + off;
    if (off >= n - params.pos0) {
      let rem = off - (n - params.pos0);
      epoch = params.epoch0 + 1u + rem / n;
      pos = rem % n;
    }
    v[j] = permute_index(permutation_key_stream(params.seed, params.particle, epoch, params.stream), n, pos);
  }
#endif
  for (var j = 0u; j < 4u; j++) {
    if (base + j < params.count) {
      out[base + j] = v[j];
    }
  }
}
