// Explicit weak order 2.0 scheme of Platen (Kloeden & Platen, Numerical Solution of SDEs, 1992, eqs. 15.1.1 and
// 15.1.3), derivative-free:
//   Ybar = Y + a h + b dW,   R+- = Y + a h +- b sqrt(h),
//   Y'   = Y + (a(Ybar) + a) h / 2 + (b(R+) + b(R-) + 2 b) dW / 4 + (b(R+) - b(R-)) (dW^2 - h) / (4 sqrt(h)),
// with a(Ybar), b(R+-) evaluated at t + h. Valid for scalar noise (one Brownian motion), for diagonal noise whose
// sigma_i depends on x_i and t only (the cross terms of 15.1.3 vanish), and for additive full noise, where it
// reduces to Y' = Y + (a(Ybar) + a) h / 2 + B dW with B taken at t + h/2.
// Increments dW: N(0, h), or with INCREMENTS_THREE_POINT P(dW = +-sqrt(3h)) = 1/6, P(dW = 0) = 2/3.
const DRAWS_PER_STEP: u32 = NOISE_DIM;

fn weak2_increment(k: u32, j: u32, h: f32) -> f32 {
#if INCREMENTS_THREE_POINT
  let u = draw_uniform(k, DRAWS_PER_STEP, j);
  let s = sqrt(3.0 * h);
  return select(select(0.0, s, u > 5.0 / 6.0), -s, u < 1.0 / 6.0);
#else
  return sqrt(h) * draw_normal(k, DRAWS_PER_STEP, j);
#endif
}

fn scheme_step(x: State, t: f32, h: f32, k: u32) -> State {
  let a: State = drift(x, t);
  var y: State;
#if NOISE_FULL
  let s: NoiseMatrix = diffusion(x, t + 0.5 * h);
  var dw: array<f32, NOISE_DIM>;
  for (var j = 0u; j < NOISE_DIM; j++) {
    dw[j] = weak2_increment(k, j, h);
  }
  var noise: State;
  var ybar: State;
  for (var i = 0u; i < DIM; i++) {
    var acc = 0.0;
    for (var j = 0u; j < NOISE_DIM; j++) {
      acc += s[i * NOISE_DIM + j] * dw[j];
    }
    noise[i] = acc;
    ybar[i] = x[i] + a[i] * h + acc;
  }
  let abar = drift(ybar, t + h);
  for (var i = 0u; i < DIM; i++) {
    y[i] = x[i] + 0.5 * (abar[i] + a[i]) * h + noise[i];
  }
#else
  let b: State = diffusion(x, t);
  let sh = sqrt(h);
  var dw: State;
  var ybar: State;
  var rp: State;
  var rm: State;
  for (var i = 0u; i < DIM; i++) {
#if NOISE_SCALAR
    dw[i] = weak2_increment(k, 0u, h);
#else
    dw[i] = weak2_increment(k, i, h);
#endif
    ybar[i] = x[i] + a[i] * h + b[i] * dw[i];
    rp[i] = x[i] + a[i] * h + b[i] * sh;
    rm[i] = x[i] + a[i] * h - b[i] * sh;
  }
  let abar = drift(ybar, t + h);
  let bp = diffusion(rp, t + h);
  let bm = diffusion(rm, t + h);
  for (var i = 0u; i < DIM; i++) {
    y[i] = x[i] + 0.5 * (abar[i] + a[i]) * h + 0.25 * (bp[i] + bm[i] + 2.0 * b[i]) * dw[i] +
      0.25 * (bp[i] - bm[i]) * (dw[i] * dw[i] - h) / sh;
  }
#endif
  return y;
}
