// Lever record (bench/levers.ts): power sums with the library's coalesced tile layout and one partial per
// invocation: no workgroup memory, no barrier, no subgroups.
#include "common/grid.wgsl"

struct MomentParams {
  count: u32,
  shift: f32,
}

@group(0) @binding(0) var<uniform> params: MomentParams;
@group(0) @binding(1) var<storage, read> data: array<f32>;
@group(0) @binding(2) var<storage, read_write> out_sums: array<vec4f>;
@group(0) @binding(3) var<storage, read_write> out_counts: array<vec2u>;

override WG_SIZE: u32 = 64u;
override ITEMS: u32 = 16u;

@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let tile = wid.y * nwg.x + wid.x;
  let base = tile * WG_SIZE * ITEMS;
  var acc = vec4f(0.0);
  var cnt = vec2u(0u);
  for (var j = 0u; j < ITEMS; j++) {
    let idx = base + j * WG_SIZE + lid;
    if (idx < params.count) {
      let v = data[idx];
      if ((bitcast<u32>(v) & 0x7F800000u) != 0x7F800000u) {
        let d = v - params.shift;
        let d2 = d * d;
        acc += vec4f(d, d2, d2 * d, d2 * d2);
        cnt.x += 1u;
      } else {
        cnt.y += 1u;
      }
    }
  }
  out_sums[tile * WG_SIZE + lid] = acc;
  out_counts[tile * WG_SIZE + lid] = cnt;
}
