// Advances a slice of a chunk of particles by `steps` steps of the selected scheme, each particle's state held in
// registers across the steps. Composed from: engine/config.wgsl (generated constants), the model snippet
// (engine/model.wgsl: drift, diffusion, optional in_region / exact_transition) and the scheme
// (engine/scheme.wgsl: scheme_step and DRAWS_PER_STEP), see docs/models.md.
//
// Divergence: a particle whose state becomes non-finite at step k + 1 gets status k + 1 (written at the end of the
// dispatch; the check is branch-free, which SwiftShader runs about 25% faster than an early exit) and later
// dispatches skip it; status 0 means finite. First passage (FIRST_PASSAGE): the first step k + 1 after which in_region(x, t) is false.
#include "engine/config.wgsl"
#include "common/grid.wgsl"
#include "rng/streams.wgsl"
#include "engine/state.wgsl"
#include "engine/noise.wgsl"
#include "engine/model.wgsl"
#include "engine/scheme.wgsl"

struct StepParams {
  // Particles in this dispatch, their first local index, and the chunk's capacity (component stride).
  count: u32,
  offset: u32,
  capacity: u32,
  // Global id of the chunk's local particle 0.
  particle0: u32,
  // First step (global step index) and number of steps.
  step0: u32,
  steps: u32,
  seed_lo: u32,
  seed_hi: u32,
  dt: f32,
  t0: f32,
  // Scheme parameters (alpha, beta for the Levy scheme).
  scheme_a: f32,
  scheme_b: f32,
}

@group(0) @binding(0) var<uniform> sp: StepParams;
@group(0) @binding(1) var<storage, read_write> state: array<f32>;
@group(0) @binding(2) var<storage, read_write> status: array<u32>;
#if FIRST_PASSAGE
@group(0) @binding(4) var<storage, read_write> passage: array<u32>;
#endif

override WG_SIZE: u32 = 64u;

@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let f = flat_index(wid, nwg, lid, WG_SIZE);
  // Keeps the parameter block in the layout when the snippets do not read it.
  _ = arrayLength(&model_params);
  if (f >= sp.count) {
    return;
  }
  let i = sp.offset + f;
  if (status[i] != 0u) {
    return;
  }
  rng_begin(vec2u(sp.seed_lo, sp.seed_hi), sp.particle0 + i, RNG_STREAM_DYNAMICS);
  var x: State;
  for (var c = 0u; c < DIM; c++) {
    x[c] = state[c * sp.capacity + i];
  }
#if FIRST_PASSAGE
  var exit_step = passage[i];
#endif
  let end = sp.step0 + sp.steps;
  var left = 0u;
  for (var k = sp.step0; k < end; k++) {
    // t_k = t0 + k h, in float32.
    let t = sp.t0 + f32(k) * sp.dt;
    let y = scheme_step(x, t, sp.dt, k);
    // Branch-free: the first non-finite step is kept; later steps only propagate inf/NaN.
    left = select(left, k + 1u, left == 0u && !state_is_finite(y));
    x = y;
#if FIRST_PASSAGE
    if (exit_step == 0xFFFFFFFFu && !in_region(x, t + sp.dt)) {
      exit_step = k + 1u;
    }
#endif
  }
  for (var c = 0u; c < DIM; c++) {
    state[c * sp.capacity + i] = x[c];
  }
  if (left != 0u) {
    status[i] = left;
  }
#if FIRST_PASSAGE
  passage[i] = exit_step;
#endif
}
