// Lever record (bench/levers.ts): power sums with no workgroup memory and no barrier. Invocation t sums the
// ITEMS consecutive values of its own chunk and writes its own partial; the host adds the partials in order
// (same bindings as shaders/reduce/moments.wgsl, one partial per invocation instead of per workgroup).
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
override ITEMS: u32 = 256u;

@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let t = flat_index(wid, nwg, lid, WG_SIZE);
  let base = t * ITEMS;
  if (base >= params.count) {
    return;
  }
  var acc = vec4f(0.0);
  var cnt = vec2u(0u);
  let end = min(base + ITEMS, params.count);
  for (var idx = base; idx < end; idx++) {
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
  out_sums[t] = acc;
  out_counts[t] = cnt;
}
