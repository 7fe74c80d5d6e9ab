// Shifted power sums of a float array, one partial result per workgroup tile:
//   out[w] = (sum (x - c), sum (x - c)^2, sum (x - c)^3, sum (x - c)^4) over the finite x of tile w,
//   out_counts[w] = (finite count, non-finite count).
// The host adds the partials in float64 in tile order, so the result does not depend on scheduling; the shift c
// (close to the mean) keeps the float32 tile sums well conditioned.
#include "common/grid.wgsl"

struct MomentParams {
  count: u32,
  shift: f32,
}

@group(0) @binding(0) var<uniform> params: MomentParams;
@group(0) @binding(1) var<storage, read> data: array<f32>;
@group(0) @binding(2) var<storage, read_write> out_sums: array<vec4f>;
@group(0) @binding(3) var<storage, read_write> out_counts: array<vec2u>;

override WG_SIZE: u32 = 256u;
// Elements per invocation; a tile holds WG_SIZE * ITEMS elements.
override ITEMS: u32 = 16u;

var<workgroup> wg_sums: array<vec4f, WG_SIZE>;
var<workgroup> wg_counts: array<vec2u, WG_SIZE>;

fn is_finite(v: f32) -> bool {
  // Exponent bits all ones means Inf or NaN.
  return (bitcast<u32>(v) & 0x7F800000u) != 0x7F800000u;
}

@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let tile = wid.y * nwg.x + wid.x;
  let base = tile * WG_SIZE * ITEMS;
  // Surplus workgroups of a folded grid (uniform per workgroup, so the early return keeps barriers uniform).
  if (base >= max(params.count, 1u)) {
    return;
  }
  var acc = vec4f(0.0);
  var cnt = vec2u(0u);
  for (var j = 0u; j < ITEMS; j++) {
    let idx = base + j * WG_SIZE + lid;
    if (idx < params.count) {
      let v = data[idx];
      if (is_finite(v)) {
        let d = v - params.shift;
        let d2 = d * d;
        acc += vec4f(d, d2, d2 * d, d2 * d2);
        cnt.x += 1u;
      } else {
        cnt.y += 1u;
      }
    }
  }
  wg_sums[lid] = acc;
  wg_counts[lid] = cnt;
  workgroupBarrier();
  for (var stride = WG_SIZE / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride) {
      wg_sums[lid] += wg_sums[lid + stride];
      wg_counts[lid] += wg_counts[lid + stride];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    out_sums[tile] = wg_sums[0];
    out_counts[tile] = wg_counts[0];
  }
}
