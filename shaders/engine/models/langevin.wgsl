// Overdamped Langevin dynamics of a user potential U: dX = -grad U(X, t) dt + sqrt(2 / beta) dW (additive
// diagonal noise). The user's snippet ("user potential") defines fn grad_potential(x: State, t: f32) -> State
// and may read its own parameters with param(PARAM_...); beta is at PARAM_BETA.
#include "user potential"

fn drift(x: State, t: f32) -> State {
  let g = grad_potential(x, t);
  var b: State;
  for (var i = 0u; i < DIM; i++) {
    b[i] = -g[i];
  }
  return b;
}

fn diffusion(x: State, t: f32) -> State {
  var s: State;
  for (var i = 0u; i < DIM; i++) {
    s[i] = sqrt(2.0 / param(PARAM_BETA));
  }
  return s;
}
