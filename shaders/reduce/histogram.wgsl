// Fixed-range histogram of a float array. Bins [lo + b w, lo + (b+1) w), w = (hi - lo) / BINS; the last three
// slots count values below lo, at or above hi, and non-finite values. Each workgroup counts its tile in
// workgroup memory, then adds its counts to the global histogram: integer counts, independent of scheduling.
#include "common/grid.wgsl"

struct HistParams {
  count: u32,
  lo: f32,
  // BINS / (hi - lo)
  inv_width: f32,
  hi: f32,
}

@group(0) @binding(0) var<uniform> params: HistParams;
@group(0) @binding(1) var<storage, read> data: array<f32>;
@group(0) @binding(2) var<storage, read_write> hist: array<atomic<u32>>;

override WG_SIZE: u32 = 256u;
override ITEMS: u32 = 16u;
override BINS: u32 = 128u;


var<workgroup> local_hist: array<atomic<u32>, BINS + 3u>;

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
      atomicAdd(&local_hist[slot], 1u);
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
