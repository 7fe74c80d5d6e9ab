// Least squares: l_i(w) = 1/2 (x_i^T w - y_i)^2, grad l_i = (x_i^T w - y_i) x_i, Hessian x_i x_i^T.
// Rows: (x_i (D values), y_i).

fn sq_dot(v: ptr<function, Vec>, i: u32) -> f32 {
  var s = 0.0;
  for (var j = 0u; j < D; j++) {
    s += example_value(i, j) * (*v)[j];
  }
  return s;
}

fn example_loss(w: ptr<function, Vec>, i: u32) -> f32 {
  let r = sq_dot(w, i) - example_value(i, D);
  return 0.5 * r * r;
}

fn example_grad_acc(w: ptr<function, Vec>, i: u32, scale: f32, g: ptr<function, Vec>) {
  let r = scale * (sq_dot(w, i) - example_value(i, D));
  for (var j = 0u; j < D; j++) {
    (*g)[j] += r * example_value(i, j);
  }
}

fn example_hvp_acc(w: ptr<function, Vec>, v: ptr<function, Vec>, i: u32, scale: f32, out: ptr<function, Vec>) {
  let xv = scale * sq_dot(v, i);
  for (var j = 0u; j < D; j++) {
    (*out)[j] += xv * example_value(i, j);
  }
}
