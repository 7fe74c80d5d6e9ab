// Benchmark kernel: independent mini-batch SGD runs ("particles") on one shared data set of `examples` examples
// in d = 8: w_{k+1} = w_k - (lr / B) sum_{b < B} g(x_{i_b}, y_{i_b}; w_k), with
//   g = (x.w - y) x             (linear regression, squared loss / 2), or
//   g = (sigmoid(x.w) - y) x    (logistic regression, LOGISTIC).
// Batch index i_b (sampled with replacement) = word b % 4 of Philox block (k B / 4 + b / 4, 0, particle, RNG_STREAM_BENCH_BATCH)
// modulo `examples` (a mask when POW2_EXAMPLES: the same index when examples is a power of two, without the
// integer division that CPU SIMD lacks). B must be a multiple of 4.
#include "common/grid.wgsl"
#include "rng/philox.wgsl"
#include "rng/streams.wgsl"


struct Params {
  count: u32,
  step0: u32,
  steps: u32,
  examples: u32,
  seed_lo: u32,
  seed_hi: u32,
  batch: u32,
  lr_over_batch: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
// Example i: features xs[2 i], xs[2 i + 1]; label ys[i].
@group(0) @binding(1) var<storage, read> xs: array<vec4f>;
@group(0) @binding(2) var<storage, read> ys: array<f32>;
// Particle p: weights w[2 p], w[2 p + 1].
@group(0) @binding(3) var<storage, read_write> w: array<vec4f>;

override WG_SIZE: u32 = 64u;

@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let p = flat_index(wid, nwg, lid, WG_SIZE);
  if (p >= params.count) {
    return;
  }
  let key = vec2u(params.seed_lo, params.seed_hi);
  let blocks = params.batch / 4u;
  var w1 = w[2u * p];
  var w2 = w[2u * p + 1u];
  let end = params.step0 + params.steps;
  for (var k = params.step0; k < end; k++) {
    var g1 = vec4f(0.0);
    var g2 = vec4f(0.0);
    for (var q = 0u; q < blocks; q++) {
      let bits = philox4x32_10(vec4u(k * blocks + q, 0u, p, RNG_STREAM_BENCH_BATCH), key);
      for (var l = 0u; l < 4u; l++) {
#if POW2_EXAMPLES
        let i = bits[l] & (params.examples - 1u);
#else
        let i = bits[l] % params.examples;
#endif
        let x1 = xs[2u * i];
        let x2 = xs[2u * i + 1u];
        let s = dot(x1, w1) + dot(x2, w2);
#if LOGISTIC
        let r = 1.0 / (1.0 + exp(-s)) - ys[i];
#else
        let r = s - ys[i];
#endif
        g1 += r * x1;
        g2 += r * x2;
      }
    }
    w1 -= params.lr_over_batch * g1;
    w2 -= params.lr_over_batch * g2;
  }
  w[2u * p] = w1;
  w[2u * p + 1u] = w2;
}
