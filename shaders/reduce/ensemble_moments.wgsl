// Per-tile shifted first and second product sums of a chunk of d-dimensional particles (structure-of-arrays
// layout: component c of local particle i at c * capacity + i), over the particles whose status is 0 (finite).
// Workgroup (tile, job): job j < DIM gives (sum d_j, sum d_j^2); job DIM + p for the p-th pair a <= b in row
// order gives (sum d_a d_b, sum (d_a d_b)^2), with d_c = x_c - shift_c. A tile is WG_SIZE * ITEMS consecutive
// particles summed in a fixed order; the host adds tiles exactly (src/reduce/exact-sum.ts), so the totals do not
// depend on how the ensemble is split into chunks or shards as long as splits fall on tile boundaries.
#include "engine/config.wgsl"

struct MomentParams {
  count: u32,
  capacity: u32,
  tiles: u32,
}

@group(0) @binding(0) var<uniform> params: MomentParams;
@group(0) @binding(1) var<storage, read> state: array<f32>;
@group(0) @binding(2) var<storage, read> status: array<u32>;
@group(0) @binding(3) var<storage, read> shift: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_sums: array<vec2f>;

override WG_SIZE: u32 = 256u;
override ITEMS: u32 = 16u;

var<workgroup> wg_sums: array<vec2f, WG_SIZE>;

// Components (a, b) of job j.
fn job_components(j: u32) -> vec2u {
  if (j < DIM) {
    return vec2u(j, j);
  }
  var p = j - DIM;
  var a = 0u;
  loop {
    if (p < DIM - a) {
      break;
    }
    p -= DIM - a;
    a += 1u;
  }
  return vec2u(a, a + p);
}

@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let tile = wid.x;
  let job = wid.y;
  let ab = job_components(job);
  let sa = shift[ab.x];
  let sb = shift[ab.y];
  let base = tile * WG_SIZE * ITEMS;
  var acc = vec2f(0.0);
  for (var k = 0u; k < ITEMS; k++) {
    let i = base + k * WG_SIZE + lid;
    if (i < params.count && status[i] == 0u) {
      let da = state[ab.x * params.capacity + i] - sa;
      if (job < DIM) {
        acc += vec2f(da, da * da);
      } else {
        let p = da * (state[ab.y * params.capacity + i] - sb);
        acc += vec2f(p, p * p);
      }
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
