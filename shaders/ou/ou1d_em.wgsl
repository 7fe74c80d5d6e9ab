// One-dimensional Ornstein-Uhlenbeck process dX = -theta X dt + sigma dB, advanced by Euler-Maruyama:
//   X_{k+1} = (1 - theta h) X_k + sigma sqrt(h) Z_k,   Z_k ~ N(0, 1).
// Each invocation owns one particle and keeps its state in a register for `steps` steps. Z_k is normal
// number k of the particle's stream (lane k % 4 of Philox block k / 4), so the path does not depend on how the
// steps are split across dispatches. The block generator is Philox4x32-10 (key (seed_lo, seed_hi)) or, with the
// define THREEFRY, Threefry-4x32-20 (key (seed_lo, seed_hi, 0, 0)); both take the same counter
// (block, 0, particle, stream).
#include "common/grid.wgsl"
#include "rng/normal.wgsl"
#include "rng/streams.wgsl"
#if THREEFRY
#include "rng/threefry.wgsl"
#else
#include "rng/philox.wgsl"
#endif

struct Params {
  theta: f32,
  sigma: f32,
  dt: f32,
  // Particles in this chunk, and the global id of its first particle.
  count: u32,
  particle0: u32,
  // First step of this dispatch (global step index) and number of steps to take.
  step0: u32,
  steps: u32,
  seed_lo: u32,
  seed_hi: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> state: array<f32>;

override WG_SIZE: u32 = 64u;

@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = flat_index(wid, nwg, lid, WG_SIZE);
  if (i >= params.count) {
    return;
  }
  let particle = params.particle0 + i;
#if THREEFRY
  let ks = threefry_key_schedule(vec4u(params.seed_lo, params.seed_hi, 0u, 0u));
#else
  let key = vec2u(params.seed_lo, params.seed_hi);
#endif
  let a = 1.0 - params.theta * params.dt;
  let b = params.sigma * sqrt(params.dt);
  var x = state[i];
  var k = params.step0;
  let end = params.step0 + params.steps;
  // Whole Philox blocks: four steps from one call, unrolled; the ragged ends of a dispatch go lane by lane.
  while (k < end) {
#if THREEFRY
    let z = normal4(threefry4x32_20_ks(vec4u(k >> 2u, 0u, particle, RNG_STREAM_DYNAMICS), ks));
#else
    let z = normal4(philox4x32_10(vec4u(k >> 2u, 0u, particle, RNG_STREAM_DYNAMICS), key));
#endif
    if ((k & 3u) == 0u && end - k >= 4u) {
      x = a * x + b * z.x;
      x = a * x + b * z.y;
      x = a * x + b * z.z;
      x = a * x + b * z.w;
      k += 4u;
    } else {
      for (var lane = k & 3u; lane < 4u && k < end; lane++) {
        x = a * x + b * z[lane];
        k += 1u;
      }
    }
  }
  state[i] = x;
}
