// Full-dataset loss L(w_p) of every particle, for the loss statistics of an ensemble.
#include "common/grid.wgsl"
#include "sgd/config.wgsl"
#include "sgd/data.wgsl"
#include "sgd/loss.wgsl"
#include "sgd/full.wgsl"

struct EvalParams {
  particles: u32,
  examples: u32,
}

@group(0) @binding(0) var<uniform> eval_params: EvalParams;
@group(0) @binding(3) var<storage, read> points: array<f32>;
@group(0) @binding(4) var<storage, read_write> losses: array<f32>;

override WG_SIZE: u32 = 64u;

@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let p = flat_index(wid, nwg, lid, WG_SIZE);
  touch_dataset();
  if (p >= eval_params.particles) {
    return;
  }
  var w: Vec;
  for (var a = 0u; a < D; a++) {
    w[a] = points[p * D + a];
  }
  losses[p] = loss_value(&w, eval_params.examples);
}
