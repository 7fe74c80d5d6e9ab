// Lever record (bench/levers.ts): shaders/reduce/moments.wgsl with the workgroup tree replaced by subgroupAdd
// (one barrier instead of log2(WG_SIZE)); same bindings and tile layout. Needs the `subgroups` feature.
enable subgroups;
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
override ITEMS: u32 = 16u;

// One slot per subgroup (subgroup size >= 4 on every implementation).
var<workgroup> sg_sums: array<vec4f, 64>;
var<workgroup> sg_counts: array<vec2u, 64>;

@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32, @builtin(subgroup_invocation_id) sid: u32,
        @builtin(subgroup_size) sg_size: u32) {
  let tile = wid.y * nwg.x + wid.x;
  let base = tile * WG_SIZE * ITEMS;
  if (base >= max(params.count, 1u)) {
    return;
  }
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
  let s = subgroupAdd(acc);
  let c = subgroupAdd(cnt);
  let groups = WG_SIZE / sg_size;
  if (sid == 0u) {
    sg_sums[lid / sg_size] = s;
    sg_counts[lid / sg_size] = c;
  }
  workgroupBarrier();
  if (lid == 0u) {
    var ts = vec4f(0.0);
    var tc = vec2u(0u);
    for (var g = 0u; g < groups; g++) {
      ts += sg_sums[g];
      tc += sg_counts[g];
    }
    out_sums[tile] = ts;
    out_counts[tile] = tc;
  }
}
