// Logistic regression with labels y_i in {0, 1}: z = x_i^T w,
//   l_i(w) = log(1 + e^z) - y_i z,  grad l_i = (s(z) - y_i) x_i,  Hessian s(z)(1 - s(z)) x_i x_i^T,
// with s the logistic function. Rows: (x_i (D values), y_i).

fn lg_dot(v: ptr<function, Vec>, i: u32) -> f32 {
  var s = 0.0;
  for (var j = 0u; j < D; j++) {
    s += example_value(i, j) * (*v)[j];
  }
  return s;
}

fn lg_sigmoid(z: f32) -> f32 {
  // exp of a non-positive argument only, so no overflow.
  let e = exp(-abs(z));
  return select(e / (1.0 + e), 1.0 / (1.0 + e), z >= 0.0);
}

fn example_loss(w: ptr<function, Vec>, i: u32) -> f32 {
  let z = lg_dot(w, i);
  // log(1 + e^z) = max(z, 0) + log(1 + e^{-|z|}).
  return max(z, 0.0) + log(1.0 + exp(-abs(z))) - example_value(i, D) * z;
}

fn example_grad_acc(w: ptr<function, Vec>, i: u32, scale: f32, g: ptr<function, Vec>) {
  let r = scale * (lg_sigmoid(lg_dot(w, i)) - example_value(i, D));
  for (var j = 0u; j < D; j++) {
    (*g)[j] += r * example_value(i, j);
  }
}

fn example_hvp_acc(w: ptr<function, Vec>, v: ptr<function, Vec>, i: u32, scale: f32, out: ptr<function, Vec>) {
  let s = lg_sigmoid(lg_dot(w, i));
  let c = scale * s * (1.0 - s) * lg_dot(v, i);
  for (var j = 0u; j < D; j++) {
    (*out)[j] += c * example_value(i, j);
  }
}
