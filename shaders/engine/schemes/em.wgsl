// Euler-Maruyama (weak order 1): X' = X + b(X, t) h + sigma(X, t) dW, dW ~ N(0, h I_m).
// Noise kinds: NOISE_FULL (sigma is DIM x NOISE_DIM, row-major), NOISE_SCALAR (one Brownian motion, sigma a
// DIM-vector), otherwise diagonal (sigma_i dW_i, NOISE_DIM = DIM).
const DRAWS_PER_STEP: u32 = NOISE_DIM;

fn scheme_step(x: State, t: f32, h: f32, k: u32) -> State {
  // Typed lets: a model whose diffusion has the wrong shape for its noise kind fails to compile here.
  let b: State = drift(x, t);
  let sh = sqrt(h);
  var y: State;
#if NOISE_FULL
  let s: NoiseMatrix = diffusion(x, t);
  var dw: array<f32, NOISE_DIM>;
  for (var j = 0u; j < NOISE_DIM; j++) {
    dw[j] = sh * draw_normal(k, DRAWS_PER_STEP, j);
  }
  for (var i = 0u; i < DIM; i++) {
    var acc = 0.0;
    for (var j = 0u; j < NOISE_DIM; j++) {
      acc += s[i * NOISE_DIM + j] * dw[j];
    }
    y[i] = x[i] + b[i] * h + acc;
  }
#elif NOISE_SCALAR
  let s: State = diffusion(x, t);
  let dw = sh * draw_normal(k, DRAWS_PER_STEP, 0u);
  for (var i = 0u; i < DIM; i++) {
    y[i] = x[i] + b[i] * h + s[i] * dw;
  }
#else
  let s: State = diffusion(x, t);
  for (var i = 0u; i < DIM; i++) {
    y[i] = x[i] + b[i] * h + s[i] * sh * draw_normal(k, DRAWS_PER_STEP, i);
  }
#endif
  return y;
}
