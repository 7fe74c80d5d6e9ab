// Exact transition of a model that provides one (the built-in OU: X' = mu + e^{-Ah}(X - mu) + L Z with
// L L^T = integral_0^h e^{-As} B B^T e^{-A^T s} ds). DIM standard normals per step.
const DRAWS_PER_STEP: u32 = DIM;

fn scheme_step(x: State, t: f32, h: f32, k: u32) -> State {
  var z: State;
  for (var i = 0u; i < DIM; i++) {
    z[i] = draw_normal(k, DRAWS_PER_STEP, i);
  }
  return exact_transition(x, t, h, z);
}
