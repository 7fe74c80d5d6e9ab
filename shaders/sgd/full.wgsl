// Full-dataset quantities of the loss snippet at one weight vector:
//   L(w) = (1/n) sum_i l_i(w),  grad L(w) = (1/n) sum_i grad l_i(w),  H(w) v = (1/n) sum_i H_i(w) v,
//   Sigma(w) = (1/n) sum_i (grad l_i(w) - grad L(w)) (grad l_i(w) - grad L(w))^T   (packed lower triangle).
// With CLOSED_FORM the snippet's full_loss / full_grad / full_hvp are used instead of the sums over examples.
// `n_examples` is the number of examples.

// Packed lower triangle of a symmetric D x D matrix: entry (a, b), b <= a, at a(a+1)/2 + b.
alias Packed = array<f32, NP>;

fn tri(a: u32, b: u32) -> u32 {
  return a * (a + 1u) / 2u + b;
}

fn vec_zero(v: ptr<function, Vec>) {
  for (var a = 0u; a < D; a++) {
    (*v)[a] = 0.0;
  }
}

fn loss_value(w: ptr<function, Vec>, n_examples: u32) -> f32 {
#if CLOSED_FORM
  return full_loss(w);
#else
  var s = 0.0;
  for (var i = 0u; i < n_examples; i++) {
    s += example_loss(w, i);
  }
  return s / f32(n_examples);
#endif
}

fn loss_gradient(w: ptr<function, Vec>, n_examples: u32, g: ptr<function, Vec>) {
#if CLOSED_FORM
  full_grad(w, g);
#else
  vec_zero(g);
  let inv = 1.0 / f32(n_examples);
  for (var i = 0u; i < n_examples; i++) {
    example_grad_acc(w, i, inv, g);
  }
#endif
}

#if HAS_HVP
fn loss_hvp(w: ptr<function, Vec>, v: ptr<function, Vec>, n_examples: u32, out: ptr<function, Vec>) {
#if CLOSED_FORM
  full_hvp(w, v, out);
#else
  vec_zero(out);
  let inv = 1.0 / f32(n_examples);
  for (var i = 0u; i < n_examples; i++) {
    example_hvp_acc(w, v, i, inv, out);
  }
#endif
}
#endif

fn packed_zero(m: ptr<function, Packed>) {
  for (var t = 0u; t < NP; t++) {
    (*m)[t] = 0.0;
  }
}

// m += scale (x - c)(x - c)^T on the packed lower triangle.
fn packed_add_outer(m: ptr<function, Packed>, x: ptr<function, Vec>, c: ptr<function, Vec>, scale: f32) {
  for (var a = 0u; a < D; a++) {
    let da = (*x)[a] - (*c)[a];
    for (var b = 0u; b <= a; b++) {
      (*m)[tri(a, b)] += scale * da * ((*x)[b] - (*c)[b]);
    }
  }
}

// Sigma(w) from the per-example gradients, centred at `gbar` = grad L(w) (two-pass form, no cancellation).
fn gradient_covariance(w: ptr<function, Vec>, gbar: ptr<function, Vec>, n_examples: u32,
                       sigma: ptr<function, Packed>) {
  packed_zero(sigma);
  let inv = 1.0 / f32(n_examples);
  var gi: Vec;
  for (var i = 0u; i < n_examples; i++) {
    vec_zero(&gi);
    example_grad_acc(w, i, 1.0, &gi);
    packed_add_outer(sigma, &gi, gbar, inv);
  }
}

// grad L(w) and Sigma(w) in one pass over the examples (what the SDE step needs at its start point): the per-example
// gradients are shifted by the first one, K = grad l_0(w), and Sigma = mean(d d^T) - mean(d) mean(d)^T with
// d_i = grad l_i - K, so the cancellation is of order |grad L - K|^2 (about tr Sigma) rather than |grad L|^2.
// With CLOSED_FORM the gradient is the snippet's and Sigma comes from `gradient_covariance`.
fn loss_gradient_covariance(w: ptr<function, Vec>, n_examples: u32, g: ptr<function, Vec>,
                            sigma: ptr<function, Packed>) {
#if CLOSED_FORM
  full_grad(w, g);
  gradient_covariance(w, g, n_examples, sigma);
#else
  packed_zero(sigma);
  var shift: Vec;
  vec_zero(&shift);
  example_grad_acc(w, 0u, 1.0, &shift);
  var mean_d: Vec;
  vec_zero(&mean_d);
  let inv = 1.0 / f32(n_examples);
  var gi: Vec;
  for (var i = 1u; i < n_examples; i++) {
    vec_zero(&gi);
    example_grad_acc(w, i, 1.0, &gi);
    for (var a = 0u; a < D; a++) {
      mean_d[a] += inv * (gi[a] - shift[a]);
    }
    packed_add_outer(sigma, &gi, &shift, inv);
  }
  var origin: Vec;
  vec_zero(&origin);
  packed_add_outer(sigma, &mean_d, &origin, -1.0);
  for (var a = 0u; a < D; a++) {
    (*g)[a] = shift[a] + mean_d[a];
  }
#endif
}
