// Quadratic problem: l_i(w) = 1/2 w^T H w - xi_i^T w, grad l_i(w) = H w - xi_i, Hessian H.
// Rows: xi_i (D values). Params: H (D x D, row-major), then the mean xi_bar (D values), so that
// L(w) = 1/2 w^T H w - xi_bar^T w and grad L(w) = H w - xi_bar in closed form.

fn quad_hv(v: ptr<function, Vec>, a: u32) -> f32 {
  var s = 0.0;
  for (var b = 0u; b < D; b++) {
    s += problem_param(a * D + b) * (*v)[b];
  }
  return s;
}

fn example_loss(w: ptr<function, Vec>, i: u32) -> f32 {
  var s = 0.0;
  for (var a = 0u; a < D; a++) {
    s += (*w)[a] * (0.5 * quad_hv(w, a) - example_value(i, a));
  }
  return s;
}

fn example_grad_acc(w: ptr<function, Vec>, i: u32, scale: f32, g: ptr<function, Vec>) {
  for (var a = 0u; a < D; a++) {
    (*g)[a] += scale * (quad_hv(w, a) - example_value(i, a));
  }
}

fn example_hvp_acc(w: ptr<function, Vec>, v: ptr<function, Vec>, i: u32, scale: f32, out: ptr<function, Vec>) {
  for (var a = 0u; a < D; a++) {
    (*out)[a] += scale * quad_hv(v, a);
  }
}

fn full_loss(w: ptr<function, Vec>) -> f32 {
  var s = 0.0;
  for (var a = 0u; a < D; a++) {
    s += (*w)[a] * (0.5 * quad_hv(w, a) - problem_param(D * D + a));
  }
  return s;
}

fn full_grad(w: ptr<function, Vec>, g: ptr<function, Vec>) {
  for (var a = 0u; a < D; a++) {
    (*g)[a] = quad_hv(w, a) - problem_param(D * D + a);
  }
}

fn full_hvp(w: ptr<function, Vec>, v: ptr<function, Vec>, out: ptr<function, Vec>) {
  for (var a = 0u; a < D; a++) {
    (*out)[a] = quad_hv(v, a);
  }
}
