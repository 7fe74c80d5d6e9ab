// Fixed-range histograms of float data, 1-D or (TWO_D) 2-D. Data: component c of element i at c * stride + i
// (stride = count for a plain array). 1-D bins [lo + b w, lo + (b+1) w), w = (hi - lo) / BINS; 2-D bins are
// row-major (bin_a * bins_b + bin_b) over the product of two ranges. The last three slots count values below lo
// (2-D: outside the box on the low side of either axis), at or above hi (2-D: otherwise outside), and non-finite
// values (with MASKED: also particles whose status is not 0). Each workgroup counts its tile in workgroup memory,
// then adds its counts to the global histogram: integer counts, independent of scheduling.
#include "common/grid.wgsl"

struct HistParams {
  count: u32,
  stride: u32,
  comp_a: u32,
  comp_b: u32,
  lo_a: f32,
  // bins_a / (hi_a - lo_a)
  inv_width_a: f32,
  hi_a: f32,
  bins_b: u32,
  lo_b: f32,
  inv_width_b: f32,
  hi_b: f32,
}

@group(0) @binding(0) var<uniform> params: HistParams;
@group(0) @binding(1) var<storage, read> data: array<f32>;
@group(0) @binding(2) var<storage, read_write> hist: array<atomic<u32>>;
#if MASKED
@group(0) @binding(3) var<storage, read> status: array<u32>;
#endif

override WG_SIZE: u32 = 256u;
override ITEMS: u32 = 16u;
// Total bins (bins_a * bins_b for 2-D).
override BINS: u32 = 128u;

// Per-workgroup counts of the workgroup-memory kernel (not declared for FLAT).
#if FLAT
#else
var<workgroup> local_hist: array<atomic<u32>, BINS + 3u>;
#endif

fn non_finite(v: f32) -> bool {
  return (bitcast<u32>(v) & 0x7F800000u) == 0x7F800000u;
}

// Bin of v on one axis, or -1 below, -2 at or above the range.
fn axis_bin(v: f32, lo: f32, inv_width: f32, hi: f32, bins: u32) -> i32 {
  if (v < lo) {
    return -1;
  }
  if (v >= hi) {
    return -2;
  }
  return i32(min(u32((v - lo) * inv_width), bins - 1u));
}

// Slot of element idx: its cell, or BINS (below), BINS + 1 (above), BINS + 2 (non-finite or masked).
fn slot_of(idx: u32) -> u32 {
  let va = data[params.comp_a * params.stride + idx];
  var bad = non_finite(va);
#if MASKED
  bad = bad || status[idx] != 0u;
#endif
#if TWO_D
  let vb = data[params.comp_b * params.stride + idx];
  bad = bad || non_finite(vb);
#endif
  var slot: u32;
  if (bad) {
    slot = BINS + 2u;
  } else {
    let ba = axis_bin(va, params.lo_a, params.inv_width_a, params.hi_a, BINS / params.bins_b);
#if TWO_D
    let bb = axis_bin(vb, params.lo_b, params.inv_width_b, params.hi_b, params.bins_b);
    if (ba == -1 || bb == -1) {
      slot = BINS;
    } else if (ba < 0 || bb < 0) {
      slot = BINS + 1u;
    } else {
      slot = u32(ba) * params.bins_b + u32(bb);
    }
#else
    if (ba == -1) {
      slot = BINS;
    } else if (ba == -2) {
      slot = BINS + 1u;
    } else {
      slot = u32(ba);
    }
#endif
  }
  return slot;
}

#if FLAT
// CPU-backed devices (SwiftShader): workgroup memory and barriers cost far more there than contended global
// atomics, so each invocation counts ITEMS consecutive elements straight into the global histogram.
@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let first = flat_index(wid, nwg, lid, WG_SIZE) * ITEMS;
  for (var j = 0u; j < ITEMS; j++) {
    let idx = first + j;
    if (idx < params.count) {
      atomicAdd(&hist[slot_of(idx)], 1u);
    }
  }
}
#else
@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let slots = BINS + 3u;
  for (var b = lid; b < slots; b += WG_SIZE) {
    atomicStore(&local_hist[b], 0u);
  }
  workgroupBarrier();
  let tile = wid.y * nwg.x + wid.x;
  let base = tile * WG_SIZE * ITEMS;
  // Surplus workgroups of a folded grid (uniform per workgroup, so the early return keeps barriers uniform).
  if (base >= max(params.count, 1u)) {
    return;
  }
  for (var j = 0u; j < ITEMS; j++) {
    let idx = base + j * WG_SIZE + lid;
    if (idx < params.count) {
      atomicAdd(&local_hist[slot_of(idx)], 1u);
    }
  }
  workgroupBarrier();
  for (var b = lid; b < slots; b += WG_SIZE) {
    let c = atomicLoad(&local_hist[b]);
    if (c != 0u) {
      atomicAdd(&hist[b], c);
    }
  }
}
#endif
