// Benchmark kernel: 2-D histogram of (x, y) pairs, 64 x 64 equal bins over [lo, hi)^2, counted per workgroup
// in workgroup memory (exactly the 16 KiB WebGPU guarantees) and added to the global counts; pairs outside the
// square (or non-finite) go straight to the global slot 4096. With FLAT (CPU-backed devices, where workgroup
// memory and barriers are slow: docs/performance.md), every pair goes to the global counts with an atomic.
#include "common/grid.wgsl"

const SIDE: u32 = 64u;

struct Hist2dParams {
  pairs: u32,
  lo: f32,
  // SIDE / (hi - lo)
  inv_width: f32,
}

@group(0) @binding(0) var<uniform> params: Hist2dParams;
@group(0) @binding(1) var<storage, read> data: array<vec2f>;
@group(0) @binding(2) var<storage, read_write> hist: array<atomic<u32>>;

override WG_SIZE: u32 = 256u;
override ITEMS: u32 = 16u;

#if FLAT
// Invocation t bins pairs [t ITEMS, (t + 1) ITEMS) straight into the global counts.
@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let t = flat_index(wid, nwg, lid, WG_SIZE);
  let end = min((t + 1u) * ITEMS, params.pairs);
  for (var idx = t * ITEMS; idx < end; idx++) {
    let c = floor((data[idx] - params.lo) * params.inv_width);
    if (all(c >= vec2f(0.0)) && all(c < vec2f(f32(SIDE)))) {
      atomicAdd(&hist[u32(c.y) * SIDE + u32(c.x)], 1u);
    } else {
      atomicAdd(&hist[SIDE * SIDE], 1u);
    }
  }
}
#else
var<workgroup> local_hist: array<atomic<u32>, 4096>;

@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  for (var b = lid; b < SIDE * SIDE; b += WG_SIZE) {
    atomicStore(&local_hist[b], 0u);
  }
  workgroupBarrier();
  let tile = wid.y * nwg.x + wid.x;
  let base = tile * WG_SIZE * ITEMS;
  if (base >= max(params.pairs, 1u)) {
    return;
  }
  for (var j = 0u; j < ITEMS; j++) {
    let idx = base + j * WG_SIZE + lid;
    if (idx < params.pairs) {
      let c = floor((data[idx] - params.lo) * params.inv_width);
      // NaN fails every comparison, so it lands outside.
      if (all(c >= vec2f(0.0)) && all(c < vec2f(f32(SIDE)))) {
        atomicAdd(&local_hist[u32(c.y) * SIDE + u32(c.x)], 1u);
      } else {
        atomicAdd(&hist[SIDE * SIDE], 1u);
      }
    }
  }
  workgroupBarrier();
  for (var b = lid; b < SIDE * SIDE; b += WG_SIZE) {
    let c = atomicLoad(&local_hist[b]);
    if (c != 0u) {
      atomicAdd(&hist[b], c);
    }
  }
}
#endif
