// Moments of the particle states w_p in R^D about a shift c, one invocation per (tile, slot), tiles of TILE
// particles, summed in float32 within a tile (the host adds tiles in float64 in tile order: deterministic):
//   slot a < D:          (sum_p (w_pa - c_a),  count of non-finite w_pa)
//   slot D + tri(a, b):  (sum_p e_pa e_pb,  sum_p (e_pa e_pb)^2),  e = w - c
// The second sums give the standard errors of the covariance entries from the sample's fourth moments.
#include "common/grid.wgsl"
#include "sgd/config.wgsl"

struct CovParams {
  particles: u32,
  tiles: u32,
}

@group(0) @binding(0) var<uniform> cov_params: CovParams;
@group(0) @binding(1) var<storage, read> states: array<f32>;
@group(0) @binding(2) var<storage, read> shift: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<vec2f>;

override WG_SIZE: u32 = 64u;
override TILE: u32 = 1024u;

fn finite(v: f32) -> bool {
  return (bitcast<u32>(v) & 0x7F800000u) != 0x7F800000u;
}

@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let t = flat_index(wid, nwg, lid, WG_SIZE);
  let slots = D + NP;
  if (t >= cov_params.tiles * slots) {
    return;
  }
  let tile = t / slots;
  let slot = t % slots;
  let lo = tile * TILE;
  let hi = min(lo + TILE, cov_params.particles);
  var acc = vec2f(0.0);
  if (slot < D) {
    for (var p = lo; p < hi; p++) {
      let v = states[p * D + slot];
      if (finite(v)) {
        acc.x += v - shift[slot];
      } else {
        acc.y += 1.0;
      }
    }
  } else {
    let s = slot - D;
    var a = 0u;
    while ((a + 1u) * (a + 2u) / 2u <= s) {
      a++;
    }
    let b = s - a * (a + 1u) / 2u;
    for (var p = lo; p < hi; p++) {
      let e = (states[p * D + a] - shift[a]) * (states[p * D + b] - shift[b]);
      if (finite(e)) {
        acc += vec2f(e, e * e);
      }
    }
  }
  out[t] = acc;
}
