// Lever record (bench/levers.ts): shaders/reduce/histogram.wgsl without workgroup memory: every value is added
// with an atomic straight to the global counts (same bindings and tile layout).
#include "common/grid.wgsl"

struct HistParams {
  count: u32,
  lo: f32,
  inv_width: f32,
  hi: f32,
}

@group(0) @binding(0) var<uniform> params: HistParams;
@group(0) @binding(1) var<storage, read> data: array<f32>;
@group(0) @binding(2) var<storage, read_write> hist: array<atomic<u32>>;

override WG_SIZE: u32 = 256u;
override ITEMS: u32 = 16u;
override BINS: u32 = 128u;

@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let tile = wid.y * nwg.x + wid.x;
  let base = tile * WG_SIZE * ITEMS;
  for (var j = 0u; j < ITEMS; j++) {
    let idx = base + j * WG_SIZE + lid;
    if (idx < params.count) {
      let v = data[idx];
      var slot: u32;
      if ((bitcast<u32>(v) & 0x7F800000u) == 0x7F800000u) {
        slot = BINS + 2u;
      } else if (v < params.lo) {
        slot = BINS;
      } else if (v >= params.hi) {
        slot = BINS + 1u;
      } else {
        slot = min(u32((v - params.lo) * params.inv_width), BINS - 1u);
      }
      atomicAdd(&hist[slot], 1u);
    }
  }
}
