// Gradient-noise factor: out = scale * L(w) z with L(w) L(w)^T = Sigma(w).
// NOISE_FIXED: Sigma does not depend on w (declared by the problem, e.g. the quadratic one) and its factor L was
// computed once from the dataset and is read from `noise_factor` (packed lower triangle).
// Otherwise Sigma(w) is computed from the dataset at w (gbar = grad L(w)) and factored here by Cholesky.

#if NOISE_FIXED
@group(0) @binding(4) var<storage, read> noise_factor: array<f32>;

fn gradient_noise(w: ptr<function, Vec>, gbar: ptr<function, Vec>, z: ptr<function, Vec>, scale: f32,
                  out: ptr<function, Vec>) {
  for (var a = 0u; a < D; a++) {
    var s = 0.0;
    for (var b = 0u; b <= a; b++) {
      s += noise_factor[tri(a, b)] * (*z)[b];
    }
    (*out)[a] = scale * s;
  }
}
#else
fn gradient_noise(w: ptr<function, Vec>, gbar: ptr<function, Vec>, z: ptr<function, Vec>, scale: f32,
                  out: ptr<function, Vec>) {
  var sigma: Packed;
  gradient_covariance(w, gbar, params.examples, &sigma);
  noise_from_covariance(&sigma, z, scale, out);
}

// out = scale * L z with L L^T = sigma (factored in place).
fn noise_from_covariance(sigma: ptr<function, Packed>, z: ptr<function, Vec>, scale: f32, out: ptr<function, Vec>) {
  cholesky_psd(sigma);
  lower_mul(sigma, z, scale, out);
}
#endif
