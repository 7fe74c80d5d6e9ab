// Lever record (bench/levers.ts): as moments_flat.wgsl, reading vec4f (count must be a multiple of 4). Invocation t sums the
// ITEMS consecutive values of its own chunk and writes its own partial; the host adds the partials in order
// (same bindings as shaders/reduce/moments.wgsl, one partial per invocation instead of per workgroup).
#include "common/grid.wgsl"

struct MomentParams {
  count: u32,
  shift: f32,
}

@group(0) @binding(0) var<uniform> params: MomentParams;
@group(0) @binding(1) var<storage, read> data: array<vec4f>;
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
  let end = min(base + ITEMS, params.count) / 4u;
  let shift = vec4f(params.shift);
  for (var idx = base / 4u; idx < end; idx++) {
    let v = data[idx];
    let finite = (bitcast<vec4u>(v) & vec4u(0x7F800000u)) != vec4u(0x7F800000u);
    let d = select(vec4f(0.0), v - shift, finite);
    let d2 = d * d;
    acc += vec4f(dot(d, vec4f(1.0)), dot(d2, vec4f(1.0)), dot(d2, d), dot(d2, d2));
    let f = dot(select(vec4u(0u), vec4u(1u), finite), vec4u(1u));
    cnt += vec2u(f, 4u - f);
  }
  out_sums[t] = acc;
  out_counts[t] = cnt;
}
