// Per-tile minimum and maximum of each component over the finite particles of a chunk (for histogram ranges):
// workgroup (tile, c) writes (min, max); an empty tile writes (+inf, -inf) as (3.4e38, -3.4e38).
#include "engine/config.wgsl"

struct MinMaxParams {
  count: u32,
  capacity: u32,
  tiles: u32,
}

@group(0) @binding(0) var<uniform> params: MinMaxParams;
@group(0) @binding(1) var<storage, read> state: array<f32>;
@group(0) @binding(2) var<storage, read> status: array<u32>;
@group(0) @binding(3) var<storage, read_write> out_range: array<vec2f>;

override WG_SIZE: u32 = 256u;
override ITEMS: u32 = 16u;
const BIG: f32 = 3.4e38;

var<workgroup> wg_range: array<vec2f, WG_SIZE>;

@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let tile = wid.x;
  let c = wid.y;
  let base = tile * WG_SIZE * ITEMS;
  var r = vec2f(BIG, -BIG);
  for (var k = 0u; k < ITEMS; k++) {
    let i = base + k * WG_SIZE + lid;
    if (i < params.count && status[i] == 0u) {
      let v = state[c * params.capacity + i];
      r = vec2f(min(r.x, v), max(r.y, v));
    }
  }
  wg_range[lid] = r;
  workgroupBarrier();
  for (var stride = WG_SIZE / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride) {
      let o = wg_range[lid + stride];
      wg_range[lid] = vec2f(min(wg_range[lid].x, o.x), max(wg_range[lid].y, o.y));
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    out_range[c * params.tiles + tile] = wg_range[0];
  }
}
