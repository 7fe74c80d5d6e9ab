// Initial states of a chunk: kind 0 point x0, kind 1 Gaussian mean + L Z (L lower-triangular, Z ~ N(0, I)),
// kind 2 uniform box lo + (hi - lo) U. Random draws come from stream RNG_STREAM_ENGINE_INIT of the particle (draw j is
// component j), so they depend on (seed, particle) only. Resets status (and the first-passage step).
#include "engine/config.wgsl"
#include "common/grid.wgsl"
#include "engine/noise.wgsl"
#include "rng/streams.wgsl"

struct InitParams {
  count: u32,
  capacity: u32,
  particle0: u32,
  kind: u32,
  seed_lo: u32,
  seed_hi: u32,
  // First local particle of this dispatch (initialisation is split like stepping).
  offset: u32,
}


@group(0) @binding(0) var<uniform> ip: InitParams;
@group(0) @binding(1) var<storage, read_write> state: array<f32>;
@group(0) @binding(2) var<storage, read_write> status: array<u32>;
// point: x0; gaussian: mean then L (row-major DIM x DIM); uniform: lo then hi.
@group(0) @binding(3) var<storage, read> init_data: array<f32>;
#if FIRST_PASSAGE
@group(0) @binding(4) var<storage, read_write> passage: array<u32>;
#endif

override WG_SIZE: u32 = 64u;

@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = ip.offset + flat_index(wid, nwg, lid, WG_SIZE);
  if (i >= ip.count) {
    return;
  }
  rng_begin(vec2u(ip.seed_lo, ip.seed_hi), ip.particle0 + i, RNG_STREAM_ENGINE_INIT);
  var z: array<f32, DIM>;
  for (var c = 0u; c < DIM; c++) {
    if (ip.kind == 1u) {
      z[c] = draw_normal(0u, DIM, c);
    } else if (ip.kind == 2u) {
      z[c] = draw_uniform(0u, DIM, c);
    }
  }
  for (var c = 0u; c < DIM; c++) {
    var v = init_data[c];
    if (ip.kind == 1u) {
      for (var j = 0u; j <= c; j++) {
        v += init_data[DIM + c * DIM + j] * z[j];
      }
    } else if (ip.kind == 2u) {
      v += (init_data[DIM + c] - init_data[c]) * z[c];
    }
    state[c * ip.capacity + i] = v;
  }
  status[i] = 0u;
#if FIRST_PASSAGE
  passage[i] = 0xFFFFFFFFu;
#endif
}
