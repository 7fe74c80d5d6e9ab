// Mini-batch SGD particles: one invocation = one SGD run w <- w - lr * g(w) on the shared dataset, with
//   SAMPLING_WITH      g = (1/B) sum_b grad l_{I_b}(w), I_b iid uniform on [0, n) (uniform_index, stream
//                      RNG_STREAM_BATCH_INDEX, the draws of step k from rng_stream_step(seed, particle, k));
//   SAMPLING_WITHOUT   the batches of epoch e = k / S (S = ceil(n / B)) are consecutive blocks of a per-particle,
//                      per-epoch permutation: batch k mod S holds positions [(k mod S) B, min(n, (k mod S + 1) B));
//   SAMPLING_GAUSSIAN  g = grad L(w) + L(w) Z / sqrt(B), L L^T = Sigma(w), Z ~ N(0, I) (stream RNG_STREAM_SGD_NOISE):
//                      gradient descent with Gaussian noise of the mini-batch covariance;
//   SAMPLING_SVAG      g = a g_1 + b g_2 with two independent with-replacement batches, a, b = (1 +- sqrt(2l - 1))/2
//                      (Li, Malladi & Arora 2021), run with lr = eta / l for l times as many steps.
// COUNT_USES adds one to counts[particle * n + i] for every example i a particle uses (without-replacement check).
#include "common/grid.wgsl"
#include "rng/philox.wgsl"
#include "rng/normal.wgsl"
#include "rng/index.wgsl"
#include "rng/permutation.wgsl"
#include "sgd/config.wgsl"
#include "sgd/data.wgsl"
#include "sgd/loss.wgsl"
#include "sgd/full.wgsl"
#include "sgd/cholesky.wgsl"
#include "sgd/params.wgsl"
#include "sgd/diffusion.wgsl"
#include "sgd/noise.wgsl"

override WG_SIZE: u32 = 64u;

#if COUNT_USES
@group(0) @binding(5) var<storage, read_write> counts: array<atomic<u32>>;
#endif

// g += scale * sum of the gradients of B with-replacement draws from `stream` at step k.
fn batch_gradient_with(w: ptr<function, Vec>, key: vec2u, p: u32, k: u32, stream: u32, scale: f32,
                       g: ptr<function, Vec>) {
  var rs = rng_stream_step(key, p, stream, k);
  for (var b = 0u; b < params.batch; b++) {
    let i = uniform_index(&rs, params.examples);
#if COUNT_USES
    atomicAdd(&counts[p * params.examples + i], 1u);
#endif
    example_grad_acc(w, i, scale, g);
  }
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
  let n = params.examples;
  let inv_b = 1.0 / f32(params.batch);
  var w: Vec;
  var g: Vec;
  load_state(p, &w);
  for (var s = 0u; s < params.steps; s++) {
    let k = params.step0 + s;
    vec_zero(&g);
#if SAMPLING_WITH
    batch_gradient_with(&w, key, p, k, RNG_STREAM_BATCH_INDEX, inv_b, &g);
#elif SAMPLING_WITHOUT
    let epoch = k / params.steps_per_epoch;
    let first = (k % params.steps_per_epoch) * params.batch;
    let size = min(params.batch, n - first);
    let pkey = permutation_key(key, p, epoch);
    let inv = 1.0 / f32(size);
    for (var b = 0u; b < size; b++) {
      let i = permute_index(pkey, n, first + b);
#if COUNT_USES
      atomicAdd(&counts[p * n + i], 1u);
#endif
      example_grad_acc(&w, i, inv, &g);
    }
#elif SAMPLING_GAUSSIAN
    loss_gradient(&w, n, &g);
    var z: Vec;
    var noise: Vec;
    step_normals(key, k, p, RNG_STREAM_SGD_NOISE, &z);
    gradient_noise(&w, &g, &z, sqrt(inv_b), &noise);
    for (var a = 0u; a < D; a++) {
      g[a] += noise[a];
    }
#elif SAMPLING_SVAG
    batch_gradient_with(&w, key, p, k, RNG_STREAM_BATCH_INDEX, params.svag_a * inv_b, &g);
    batch_gradient_with(&w, key, p, k, RNG_STREAM_SGD_BATCH2, params.svag_b * inv_b, &g);
#endif
    for (var a = 0u; a < D; a++) {
      w[a] -= params.lr * g[a];
    }
  }
  store_state(p, &w);
}
