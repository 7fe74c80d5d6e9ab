// Shifted power sums for CPU-hosted WebGPU (SwiftShader): the same sums as moments.wgsl, but with no workgroup
// memory and no barrier, which SwiftShader executes very slowly (docs/performance.md: 16-38x), and with vec4f
// loads (each load instruction is costly there). Invocation t sums values [t ITEMS, (t + 1) ITEMS) in order and
// writes its own partial; the host adds the partials in float64 in index order, so the result does not depend
// on scheduling. ITEMS is a multiple of 4; `data4` and `data` alias the same buffer (vec4f view for the whole
// quadruples, f32 view for the last count % 4 values).
#include "common/grid.wgsl"

struct MomentParams {
  count: u32,
  shift: f32,
}

@group(0) @binding(0) var<uniform> params: MomentParams;
@group(0) @binding(1) var<storage, read> data4: array<vec4f>;
@group(0) @binding(2) var<storage, read> data: array<f32>;
@group(0) @binding(3) var<storage, read_write> out_sums: array<vec4f>;
@group(0) @binding(4) var<storage, read_write> out_counts: array<vec2u>;

override WG_SIZE: u32 = 64u;
override ITEMS: u32 = 256u;

fn add_value(v: f32, acc: ptr<function, vec4f>, cnt: ptr<function, vec2u>) {
  if ((bitcast<u32>(v) & 0x7F800000u) != 0x7F800000u) {
    let d = v - params.shift;
    let d2 = d * d;
    *acc += vec4f(d, d2, d2 * d, d2 * d2);
    (*cnt).x += 1u;
  } else {
    (*cnt).y += 1u;
  }
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
  var acc = vec4f(0.0);
  var cnt = vec2u(0u);
  let shift = vec4f(params.shift);
  let whole = end / 4u;
  for (var q = base / 4u; q < whole; q++) {
    let v = data4[q];
    let finite = (bitcast<vec4u>(v) & vec4u(0x7F800000u)) != vec4u(0x7F800000u);
    let d = select(vec4f(0.0), v - shift, finite);
    let d2 = d * d;
    acc += vec4f(dot(d, vec4f(1.0)), dot(d2, vec4f(1.0)), dot(d2, d), dot(d2, d2));
    let f = dot(select(vec4u(0u), vec4u(1u), finite), vec4u(1u));
    cnt += vec2u(f, 4u - f);
  }
  for (var i = max(whole * 4u, base); i < end; i++) {
    add_value(data[i], &acc, &cnt);
  }
  out_sums[t] = acc;
  out_counts[t] = cnt;
}
