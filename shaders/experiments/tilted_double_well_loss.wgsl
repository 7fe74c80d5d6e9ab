// Tilted double well with additive per-example gradient noise (D = 1), the loss of the stationary experiment's
// Gibbs half:
//   l_i(w) = 1/4 (w^2 - 1)^2 - xi_i w,   grad l_i = w^3 - w - xi_i,   Hessian 3 w^2 - 1.
// Rows: (xi_i). The mean of l_i is L(w) = 1/4 (w^2 - 1)^2 - mean(xi) w and the gradient noise -(xi_i - mean(xi))
// does not depend on w: Sigma = the empirical variance of xi.

fn example_loss(w: ptr<function, Vec>, i: u32) -> f32 {
  let u = (*w)[0];
  let p = u * u - 1.0;
  return 0.25 * p * p - example_value(i, 0u) * u;
}

fn example_grad_acc(w: ptr<function, Vec>, i: u32, scale: f32, g: ptr<function, Vec>) {
  let u = (*w)[0];
  (*g)[0] += scale * (u * u * u - u - example_value(i, 0u));
}

fn example_hvp_acc(w: ptr<function, Vec>, v: ptr<function, Vec>, i: u32, scale: f32, out: ptr<function, Vec>) {
  let u = (*w)[0];
  (*out)[0] += scale * (3.0 * u * u - 1.0) * (*v)[0];
}
