// Euler scheme for SDEs driven by symmetric or skewed alpha-stable Levy noise:
//   X' = X + b(X, t) h + sigma(X, t) h^{1/alpha} S,   S ~ S1(alpha, beta) standard (rng/stable.wgsl),
// since an increment of the standard alpha-stable Levy process over time h is h^{1/alpha} S in law (alpha != 1, or
// beta = 0). Diagonal noise: one S per component (draws 2i, 2i + 1 are its two uniforms); scalar noise: one S.
// alpha and beta come from the step parameters (scheme_a, scheme_b).
#include "rng/stable.wgsl"

#if NOISE_SCALAR
const DRAWS_PER_STEP: u32 = 2u;
#else
const DRAWS_PER_STEP: u32 = 2u * DIM;
#endif

fn levy_increment(k: u32, j: u32, scale: f32) -> f32 {
  let u_angle = draw_uniform(k, DRAWS_PER_STEP, 2u * j);
  let u_exp = draw_uniform(k, DRAWS_PER_STEP, 2u * j + 1u);
  return scale * stable_cms(u_angle, u_exp, sp.scheme_a, sp.scheme_b);
}

fn scheme_step(x: State, t: f32, h: f32, k: u32) -> State {
  let b: State = drift(x, t);
  let s: State = diffusion(x, t);
  let scale = pow(h, 1.0 / sp.scheme_a);
  var y: State;
#if NOISE_SCALAR
  let dl = levy_increment(k, 0u, scale);
#endif
  for (var i = 0u; i < DIM; i++) {
#if NOISE_SCALAR
    y[i] = x[i] + b[i] * h + s[i] * dl;
#else
    y[i] = x[i] + b[i] * h + s[i] * levy_increment(k, i, scale);
#endif
  }
  return y;
}
