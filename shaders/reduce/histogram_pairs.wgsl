// 2-D histogram of two components of elements stored interleaved: component c of element i at data[i * stride + c]
// (the SGD particle state layout, stride = D). Cells are bins_x × bins_y equal rectangles over
// [lo_x, hi_x) × [lo_y, hi_y), row-major from the lowest y: cell = by * bins_x + bx. Slot `cells` counts elements
// outside the box or non-finite (NaN fails every comparison); entry point `max_count` then writes the largest cell
// count to slot `cells + 1` (for scaling a heat map on the GPU). Every element adds one to a global counter with
// an atomic: integer counts, independent of scheduling. There is no workgroup-memory tile: the cells outnumber
// what workgroup memory holds, and flat atomics are the fast variant on CPU-backed devices (docs/performance.md).
#include "common/grid.wgsl"

struct PairHistParams {
  count: u32,
  stride: u32,
  comp_x: u32,
  comp_y: u32,
  bins_x: u32,
  bins_y: u32,
  lo_x: f32,
  lo_y: f32,
  // bins_x / (hi_x - lo_x), bins_y / (hi_y - lo_y)
  inv_width_x: f32,
  inv_width_y: f32,
  cells: u32,
}

@group(0) @binding(0) var<uniform> params: PairHistParams;
@group(0) @binding(2) var<storage, read_write> hist: array<atomic<u32>>;

override WG_SIZE: u32 = 256u;

#if COUNT
@group(0) @binding(1) var<storage, read> data: array<f32>;

@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = flat_index(wid, nwg, lid, WG_SIZE);
  if (i >= params.count) {
    return;
  }
  let x = data[i * params.stride + params.comp_x];
  let y = data[i * params.stride + params.comp_y];
  let c = floor((vec2f(x, y) - vec2f(params.lo_x, params.lo_y)) * vec2f(params.inv_width_x, params.inv_width_y));
  if (all(c >= vec2f(0.0)) && all(c < vec2f(f32(params.bins_x), f32(params.bins_y)))) {
    atomicAdd(&hist[u32(c.y) * params.bins_x + u32(c.x)], 1u);
  } else {
    atomicAdd(&hist[params.cells], 1u);
  }
}
#else
@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let c = flat_index(wid, nwg, lid, WG_SIZE);
  if (c >= params.cells) {
    return;
  }
  let v = atomicLoad(&hist[c]);
  if (v != 0u) {
    atomicMax(&hist[params.cells + 1u], v);
  }
}
#endif
