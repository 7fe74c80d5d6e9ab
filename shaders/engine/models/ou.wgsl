// Ornstein-Uhlenbeck process with full matrices: dX = -A (X - mu) dt + B dW, B of shape DIM x NOISE_DIM.
// Parameter block: A (row-major DIM x DIM) at PARAM_A, mu at PARAM_MU, B (row-major) at PARAM_B, and for the
// exact scheme the host's e^{-Ah} at PARAM_E, c = mu - e^{-Ah} mu at PARAM_C and the Cholesky factor L of the
// transition covariance at PARAM_L (see src/engine/models.ts).

fn drift(x: State, t: f32) -> State {
  var b: State;
  for (var i = 0u; i < DIM; i++) {
    var acc = 0.0;
    for (var j = 0u; j < DIM; j++) {
      acc -= param(PARAM_A + i * DIM + j) * (x[j] - param(PARAM_MU + j));
    }
    b[i] = acc;
  }
  return b;
}

fn diffusion(x: State, t: f32) -> NoiseMatrix {
  var s: NoiseMatrix;
  for (var i = 0u; i < DIM * NOISE_DIM; i++) {
    s[i] = param(PARAM_B + i);
  }
  return s;
}

fn exact_transition(x: State, t: f32, h: f32, z: State) -> State {
  var y: State;
  for (var i = 0u; i < DIM; i++) {
    var acc = param(PARAM_C + i);
    for (var j = 0u; j < DIM; j++) {
      acc += param(PARAM_E + i * DIM + j) * x[j] + param(PARAM_L + i * DIM + j) * z[j];
    }
    y[i] = acc;
  }
  return y;
}
