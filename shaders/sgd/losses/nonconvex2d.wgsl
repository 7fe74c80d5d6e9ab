// Two-dimensional non-convex problem (D = 2) with four minima near (+-1, +-1):
//   l_i(w) = 1/4 (w1^2 - 1)^2 + 1/4 (w2^2 - 1)^2 - a_i^T w + c_i w1 w2,
//   grad l_i = (w1^3 - w1 - a_i1 + c_i w2, w2^3 - w2 - a_i2 + c_i w1),
//   Hessian [[3 w1^2 - 1, c_i], [c_i, 3 w2^2 - 1]].
// Rows: (a_i1, a_i2, c_i), zero mean over the dataset.

fn example_loss(w: ptr<function, Vec>, i: u32) -> f32 {
  let u = (*w)[0];
  let v = (*w)[1];
  let p = u * u - 1.0;
  let q = v * v - 1.0;
  return 0.25 * (p * p + q * q) - example_value(i, 0u) * u - example_value(i, 1u) * v
    + example_value(i, 2u) * u * v;
}

fn example_grad_acc(w: ptr<function, Vec>, i: u32, scale: f32, g: ptr<function, Vec>) {
  let u = (*w)[0];
  let v = (*w)[1];
  let c = example_value(i, 2u);
  (*g)[0] += scale * (u * u * u - u - example_value(i, 0u) + c * v);
  (*g)[1] += scale * (v * v * v - v - example_value(i, 1u) + c * u);
}

fn example_hvp_acc(w: ptr<function, Vec>, v: ptr<function, Vec>, i: u32, scale: f32, out: ptr<function, Vec>) {
  let u = (*w)[0];
  let t = (*w)[1];
  let c = example_value(i, 2u);
  (*out)[0] += scale * ((3.0 * u * u - 1.0) * (*v)[0] + c * (*v)[1]);
  (*out)[1] += scale * (c * (*v)[0] + (3.0 * t * t - 1.0) * (*v)[1]);
}
