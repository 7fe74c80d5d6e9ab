// SGD-SDE particles  dW = b(W) dt + sqrt(eta Sigma(W) / B) dB_t,  time t = k eta, with
//   b(w) = -grad L(w)                                  (first-order SDE), or
//   b(w) = -grad (L + eta/4 |grad L|^2) = -(grad L + eta/2 H(w) grad L)   (MODIFIED: the modified-equation drift),
// advanced with `substeps` steps of h = eta / substeps per SGD step by
//   Euler-Maruyama:  W' = W + h b(W) + sqrt(h) G(W) Z, or
//   HEUN (stochastic Heun):  V = W + h b(W) + sqrt(h) G(W) Z,  W' = W + h/2 (b(W) + b(V)) + sqrt(h) G(W) Z,
// with G(w) = sqrt(eta / B) L(w) and Z ~ N(0, I_D). HEUN has weak order 2 when Sigma does not depend on w
// (additive noise; Kloeden & Platen 1992, sec. 15.1), and keeps the noise term of Euler-Maruyama otherwise.
// Substep s of step k uses normal block index k * substeps + s of stream RNG_STREAM_SGD_NOISE.
#include "common/grid.wgsl"
#include "rng/philox.wgsl"
#include "rng/normal.wgsl"
#include "rng/streams.wgsl"
#include "sgd/config.wgsl"
#include "sgd/data.wgsl"
#include "sgd/loss.wgsl"
#include "sgd/full.wgsl"
#include "sgd/cholesky.wgsl"
#include "sgd/params.wgsl"
#include "sgd/diffusion.wgsl"
#include "sgd/noise.wgsl"

override WG_SIZE: u32 = 64u;

// out = b(w); also returns grad L(w) in g.
fn sde_drift(w: ptr<function, Vec>, g: ptr<function, Vec>, out: ptr<function, Vec>) {
  loss_gradient(w, params.examples, g);
  drift_from_gradient(w, g, out);
}

// out = b(w) given g = grad L(w).
fn drift_from_gradient(w: ptr<function, Vec>, g: ptr<function, Vec>, out: ptr<function, Vec>) {
#if MODIFIED
  var hg: Vec;
  loss_hvp(w, g, params.examples, &hg);
  for (var a = 0u; a < D; a++) {
    (*out)[a] = -((*g)[a] + 0.5 * params.lr * hg[a]);
  }
#else
  for (var a = 0u; a < D; a++) {
    (*out)[a] = -(*g)[a];
  }
#endif
}

@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let p = flat_index(wid, nwg, lid, WG_SIZE);
  touch_dataset();
  if (p >= params.particles) {
    return;
  }
  let key = vec2u(params.seed_lo, params.seed_hi);
  let h = params.lr / f32(params.substeps);
  // sqrt(h) * sqrt(eta / B)
  let noise_scale = sqrt(h * params.lr / f32(params.batch));
  var w: Vec;
  var g: Vec;
  var b0: Vec;
  var z: Vec;
  var noise: Vec;
  load_state(p, &w);
  for (var s = 0u; s < params.steps; s++) {
    for (var m = 0u; m < params.substeps; m++) {
      let k = (params.step0 + s) * params.substeps + m;
      step_normals(key, k, p, RNG_STREAM_SGD_NOISE, &z);
#if NOISE_FIXED
      sde_drift(&w, &g, &b0);
      gradient_noise(&w, &g, &z, noise_scale, &noise);
#else
      // Sigma(w) needs the per-example gradients that grad L(w) sums: one pass for both.
      var sigma: Packed;
      loss_gradient_covariance(&w, params.examples, &g, &sigma);
      drift_from_gradient(&w, &g, &b0);
      noise_from_covariance(&sigma, &z, noise_scale, &noise);
#endif
#if HEUN
      var v: Vec;
      var b1: Vec;
      var g1: Vec;
      for (var a = 0u; a < D; a++) {
        v[a] = w[a] + h * b0[a] + noise[a];
      }
      sde_drift(&v, &g1, &b1);
      for (var a = 0u; a < D; a++) {
        w[a] += 0.5 * h * (b0[a] + b1[a]) + noise[a];
      }
#else
      for (var a = 0u; a < D; a++) {
        w[a] += h * b0[a] + noise[a];
      }
#endif
    }
  }
  store_state(p, &w);
}
