// Fixed-range histogram for CPU-hosted WebGPU (SwiftShader): the same counts as histogram.wgsl, without
// workgroup memory or barriers (slow there, see docs/performance.md): invocation t bins values
// [t ITEMS, (t + 1) ITEMS), read as vec4f, with atomics straight to the global counts. Integer counts, so the
// result does not depend on scheduling. `data4` and `data` alias the same buffer.
#include "common/grid.wgsl"

struct HistParams {
  count: u32,
  lo: f32,
  // BINS / (hi - lo)
  inv_width: f32,
  hi: f32,
}

@group(0) @binding(0) var<uniform> params: HistParams;
@group(0) @binding(1) var<storage, read> data4: array<vec4f>;
@group(0) @binding(2) var<storage, read> data: array<f32>;
@group(0) @binding(3) var<storage, read_write> hist: array<atomic<u32>>;

override WG_SIZE: u32 = 64u;
override ITEMS: u32 = 256u;
override BINS: u32 = 128u;

fn slot_of(v: f32) -> u32 {
  if ((bitcast<u32>(v) & 0x7F800000u) == 0x7F800000u) {
    return BINS + 2u;
  }
  if (v < params.lo) {
    return BINS;
  }
  if (v >= params.hi) {
    return BINS + 1u;
  }
  return min(u32((v - params.lo) * params.inv_width), BINS - 1u);
}

@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let t = flat_index(wid, nwg, lid, WG_SIZE);
  let base = t * ITEMS;
  if (base >= params.count) {
    return;
  }
  let end = min(base + ITEMS, params.count);
  let whole = end / 4u;
  for (var q = base / 4u; q < whole; q++) {
    let v = data4[q];
    atomicAdd(&hist[slot_of(v.x)], 1u);
    atomicAdd(&hist[slot_of(v.y)], 1u);
    atomicAdd(&hist[slot_of(v.z)], 1u);
    atomicAdd(&hist[slot_of(v.w)], 1u);
  }
  for (var i = max(whole * 4u, base); i < end; i++) {
    atomicAdd(&hist[slot_of(data[i])], 1u);
  }
}
