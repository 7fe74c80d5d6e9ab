// Double well, componentwise: dX_i = (X_i - X_i^3) dt + sigma dW_i, the overdamped Langevin dynamics of the
// potential V(x) = x^4 / 4 - x^2 / 2 (wells at +-1, barrier 1/4 at 0), with additive diagonal noise.

fn drift(x: State, t: f32) -> State {
  var b: State;
  for (var i = 0u; i < DIM; i++) {
    b[i] = x[i] - x[i] * x[i] * x[i];
  }
  return b;
}

fn diffusion(x: State, t: f32) -> State {
  var s: State;
  for (var i = 0u; i < DIM; i++) {
    s[i] = param(PARAM_SIGMA);
  }
  return s;
}
