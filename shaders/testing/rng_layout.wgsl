// Test kernel for the counter layout (docs/rng.md): each invocation owns one particle and walks steps
// step0 .. step0+steps-1, drawing per step k
//   m normals       Z_{k,j}, j < m: draw n = k*m + j of stream RNG_STREAM_DYNAMICS, lane n%4 of block n/4
//                   (n is 64-bit; a block is fetched once and reused while consecutive draws stay in it),
//   batch indices   uniform_index(n_range) from rng_stream_step(seed, particle, RNG_STREAM_BATCH_INDEX, k),
//   one permutation element: position k mod n_range of epoch k div n_range (RNG_STREAM_PERMUTATION),
// and stores them at out[((particle - out_particle0) * total_steps + k - out_step0) * W + w], W = m + batch + 1.
// Results must not depend on the workgroup size, steps per dispatch, particles per dispatch or shard split.
#include "common/grid.wgsl"
#include "rng/philox.wgsl"
#include "rng/normal.wgsl"
#include "rng/index.wgsl"
#include "rng/permutation.wgsl"
#include "rng/streams.wgsl"

struct Params {
  seed: vec2u,
  count: u32,
  particle0: u32,
  step0: u32,
  steps: u32,
  total_steps: u32,
  out_particle0: u32,
  out_step0: u32,
  m: u32,
  batch: u32,
  n_range: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> out: array<u32>;

override WG_SIZE: u32 = 64u;

@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = flat_index(wid, nwg, lid, WG_SIZE);
  if (i >= params.count) {
    return;
  }
  let particle = params.particle0 + i;
  let key = params.seed;
  let w_count = params.m + params.batch + 1u;
  var have_block = false;
  var block_id = vec2u(0u);
  var block = vec4u(0u);
  for (var s = 0u; s < params.steps; s++) {
    let k = params.step0 + s;
    let row = ((particle - params.out_particle0) * params.total_steps + (k - params.out_step0)) * w_count;
    for (var j = 0u; j < params.m; j++) {
      // n = k*m + j as a 64-bit (lo, hi) pair.
      let prod_lo = k * params.m;
      let lo = prod_lo + j;
      let hi = mulhi32(k, params.m) + select(0u, 1u, lo < prod_lo);
      let b = vec2u((lo >> 2u) | (hi << 30u), hi >> 2u);
      if (!have_block || any(b != block_id)) {
        block = philox4x32_10(vec4u(b.x, b.y, particle, RNG_STREAM_DYNAMICS), key);
        block_id = b;
        have_block = true;
      }
      out[row + j] = bitcast<u32>(normal4(block)[lo & 3u]);
    }
    var st = rng_stream_step(key, particle, RNG_STREAM_BATCH_INDEX, k);
    for (var j = 0u; j < params.batch; j++) {
      out[row + params.m + j] = uniform_index(&st, params.n_range);
    }
    let epoch = k / params.n_range;
    out[row + params.m + params.batch] =
      permute_index(permutation_key(key, particle, epoch), params.n_range, k % params.n_range);
  }
}
