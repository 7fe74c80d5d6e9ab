// Fills out[4 b + j], b < blocks, with lane j of block b of one stream: counter (b + block0, 0, 0, stream),
// key (seed_lo, seed_hi[, 0, 0]). Philox4x32-10 by default, Threefry-4x32-20 with THREEFRY; standard normals
// by Box-Muller (normal4), or with UNIFORM uniforms on (0, 1) (uniform_open01). Used by the generator tests and
// the generator benchmarks.
#include "common/grid.wgsl"
#include "rng/normal.wgsl"
#if THREEFRY
#include "rng/threefry.wgsl"
#else
#include "rng/philox.wgsl"
#endif

struct FillParams {
  blocks: u32,
  block0: u32,
  stream: u32,
  seed_lo: u32,
  seed_hi: u32,
}

@group(0) @binding(0) var<uniform> params: FillParams;
@group(0) @binding(1) var<storage, read_write> out: array<vec4f>;

override WG_SIZE: u32 = 64u;

@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let b = flat_index(wid, nwg, lid, WG_SIZE);
  if (b >= params.blocks) {
    return;
  }
  let ctr = vec4u(params.block0 + b, 0u, 0u, params.stream);
#if THREEFRY
  let bits = threefry4x32_20(ctr, vec4u(params.seed_lo, params.seed_hi, 0u, 0u));
#else
  let bits = philox4x32_10(ctr, vec2u(params.seed_lo, params.seed_hi));
#endif
#if UNIFORM
  out[b] = vec4f(uniform_open01(bits.x), uniform_open01(bits.y), uniform_open01(bits.z), uniform_open01(bits.w));
#else
  out[b] = normal4(bits);
#endif
}
