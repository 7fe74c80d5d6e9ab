// Coupled Euler–Maruyama for a scalar SDE dX = a(X) dt + b(X) dB: each invocation advances one pair of paths, a
// fine one with step h/2 and a coarse one with step h, driven by the same Brownian path (the coarse increment is
// the sum of the two fine ones), so that g(X^h) − g(X^{h/2}) has variance O(h) instead of O(1) (Giles 2008,
// multilevel Monte Carlo). With COUPLED false the coarse path draws its own increments (independent ensembles),
// the baseline for the variance-reduction factor.
//
// Random numbers (docs/rng.md counter layout): fine step j uses draw j (m = 1) of the particle's stream 0, i.e.
// lane j % 4 of Philox block j / 4; coarse step k uses fine draws 2k and 2k + 1. The independent coarse path reads
// the same draw indices from stream RNG_STREAM_WEAK_INDEPENDENT.
//
// The model (weak/model.wgsl) provides sde_drift(x, p) and sde_diffusion(x, p) with parameters p: vec4f; the
// observable (weak/observable.wgsl) provides observable(x). Both are chosen on the host and passed as sources.
#include "common/grid.wgsl"
#include "rng/philox.wgsl"
#include "rng/normal.wgsl"
#include "rng/streams.wgsl"
#include "weak/model.wgsl"
#include "weak/observable.wgsl"


struct Params {
  model: vec4f,
  // Coarse step h.
  h: f32,
  count: u32,
  particle0: u32,
  // First coarse step of this dispatch and number of coarse steps to take.
  step0: u32,
  steps: u32,
  seed_lo: u32,
  seed_hi: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> fine: array<f32>;
@group(0) @binding(2) var<storage, read_write> coarse: array<f32>;

override WG_SIZE: u32 = 64u;

fn em_step(x: f32, dt: f32, dw: f32) -> f32 {
  return x + sde_drift(x, params.model) * dt + sde_diffusion(x, params.model) * dw;
}

@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = flat_index(wid, nwg, lid, WG_SIZE);
  if (i >= params.count) {
    return;
  }
  let particle = params.particle0 + i;
  let key = vec2u(params.seed_lo, params.seed_hi);
  let hf = 0.5 * params.h;
  let sf = sqrt(hf);
  var xf = fine[i];
  var xc = coarse[i];
  var k = params.step0;
  let end = params.step0 + params.steps;
  // One Philox block holds the four fine draws of coarse steps 2b and 2b + 1.
  while (k < end) {
    let b = k >> 1u;
    let z = normal4(philox4x32_10(vec4u(b, 0u, particle, RNG_STREAM_DYNAMICS), key));
#if COUPLED
    let zc = z;
#else
    let zc = normal4(philox4x32_10(vec4u(b, 0u, particle, RNG_STREAM_WEAK_INDEPENDENT), key));
#endif
    if ((k & 1u) == 0u) {
      xf = em_step(xf, hf, sf * z.x);
      xf = em_step(xf, hf, sf * z.y);
      xc = em_step(xc, params.h, sf * (zc.x + zc.y));
      k += 1u;
    }
    if (k < end) {
      xf = em_step(xf, hf, sf * z.z);
      xf = em_step(xf, hf, sf * z.w);
      xc = em_step(xc, params.h, sf * (zc.z + zc.w));
      k += 1u;
    }
  }
  fine[i] = xf;
  coarse[i] = xc;
}

// g(X^h) − g(X^{h/2}) per pair into `fine` and g(X^{h/2}) into `coarse` (the states are no longer needed).
@compute @workgroup_size(WG_SIZE)
fn observe(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
           @builtin(local_invocation_index) lid: u32) {
  let i = flat_index(wid, nwg, lid, WG_SIZE);
  if (i >= params.count) {
    return;
  }
  let gf = observable(fine[i]);
  let gc = observable(coarse[i]);
  fine[i] = gc - gf;
  coarse[i] = gf;
}
