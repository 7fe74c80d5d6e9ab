// Exact full-dataset quantities at a few points w_q, split over chunks of CHUNK examples (one invocation per
// (point, chunk); the host adds the chunks in float64):
//   first pass (default):  out[(q, c)] = (sum_i l_i(w_q), sum_i grad l_i(w_q))            (1 + D values)
//   CENTRED pass:          out[(q, c)] = packed sum_i (grad l_i - gbar_q)(grad l_i - gbar_q)^T   (NP values)
// with gbar_q = grad L(w_q) from the first pass, so Sigma(w_q) is formed without cancellation.
#include "common/grid.wgsl"
#include "sgd/config.wgsl"
#include "sgd/data.wgsl"
#include "sgd/loss.wgsl"
#include "sgd/full.wgsl"

struct ProbeParams {
  points: u32,
  examples: u32,
  chunks: u32,
  chunk: u32,
}

@group(0) @binding(0) var<uniform> probe_params: ProbeParams;
@group(0) @binding(3) var<storage, read> points: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;
#if CENTRED
@group(0) @binding(5) var<storage, read> gbar: array<f32>;
#endif

override WG_SIZE: u32 = 64u;

@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let t = flat_index(wid, nwg, lid, WG_SIZE);
  touch_dataset();
  if (t >= probe_params.points * probe_params.chunks) {
    return;
  }
  let q = t / probe_params.chunks;
  let c = t % probe_params.chunks;
  let lo = c * probe_params.chunk;
  let hi = min(lo + probe_params.chunk, probe_params.examples);
  var w: Vec;
  for (var a = 0u; a < D; a++) {
    w[a] = points[q * D + a];
  }
  var gi: Vec;
#if CENTRED
  let base = t * NP;
  for (var s = 0u; s < NP; s++) {
    out[base + s] = 0.0;
  }
  for (var i = lo; i < hi; i++) {
    vec_zero(&gi);
    example_grad_acc(&w, i, 1.0, &gi);
    for (var a = 0u; a < D; a++) {
      let da = gi[a] - gbar[q * D + a];
      for (var b = 0u; b <= a; b++) {
        out[base + tri(a, b)] += da * (gi[b] - gbar[q * D + b]);
      }
    }
  }
#else
  var g: Vec;
  vec_zero(&g);
  var l = 0.0;
  for (var i = lo; i < hi; i++) {
    l += example_loss(&w, i);
    example_grad_acc(&w, i, 1.0, &g);
  }
  let base = t * (D + 1u);
  out[base] = l;
  for (var a = 0u; a < D; a++) {
    out[base + 1u + a] = g[a];
  }
#endif
}
