// Per-tile sums of user test functions g_k(x, t) (k < OBSERVABLES, from the snippet "user observables" via engine/observables.wgsl:
// fn observable(k: u32, x: State, t: f32) -> f32) over the finite particles of a chunk: workgroup (tile, k)
// writes (sum (g_k - s_k), sum (g_k - s_k)^2). Same tiling and fixed order as ensemble_moments.wgsl.
#include "engine/config.wgsl"
#include "engine/state.wgsl"
#include "engine/observables.wgsl"

struct ObservableParams {
  count: u32,
  capacity: u32,
  tiles: u32,
  t: f32,
}

@group(0) @binding(0) var<uniform> params: ObservableParams;
@group(0) @binding(1) var<storage, read> state: array<f32>;
@group(0) @binding(2) var<storage, read> status: array<u32>;
@group(0) @binding(4) var<storage, read> shift: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_sums: array<vec2f>;

override WG_SIZE: u32 = 256u;
override ITEMS: u32 = 16u;

var<workgroup> wg_sums: array<vec2f, WG_SIZE>;

@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let tile = wid.x;
  // Keeps the parameter block in the layout when the snippets do not read it.
  _ = arrayLength(&model_params);
  let job = wid.y;
  let s = shift[job];
  let base = tile * WG_SIZE * ITEMS;
  var acc = vec2f(0.0);
  for (var k = 0u; k < ITEMS; k++) {
    let i = base + k * WG_SIZE + lid;
    if (i < params.count && status[i] == 0u) {
      var x: State;
      for (var c = 0u; c < DIM; c++) {
        x[c] = state[c * params.capacity + i];
      }
      let g = observable(job, x, params.t) - s;
      acc += vec2f(g, g * g);
    }
  }
  wg_sums[lid] = acc;
  workgroupBarrier();
  for (var stride = WG_SIZE / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride) {
      wg_sums[lid] += wg_sums[lid + stride];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    out_sums[job * params.tiles + tile] = wg_sums[0];
  }
}
