// Geometric Brownian motion, componentwise: dX_i = mu_i X_i dt + sigma_i X_i dW_i (diagonal noise).
// Exact transition: X_i' = X_i exp((mu_i - sigma_i^2 / 2) h + sigma_i sqrt(h) Z_i).

fn drift(x: State, t: f32) -> State {
  var b: State;
  for (var i = 0u; i < DIM; i++) {
    b[i] = param(PARAM_MU + i) * x[i];
  }
  return b;
}

fn diffusion(x: State, t: f32) -> State {
  var s: State;
  for (var i = 0u; i < DIM; i++) {
    s[i] = param(PARAM_SIGMA + i) * x[i];
  }
  return s;
}

fn exact_transition(x: State, t: f32, h: f32, z: State) -> State {
  var y: State;
  for (var i = 0u; i < DIM; i++) {
    let m = param(PARAM_MU + i);
    let s = param(PARAM_SIGMA + i);
    y[i] = x[i] * exp((m - 0.5 * s * s) * h + s * sqrt(h) * z[i]);
  }
  return y;
}
