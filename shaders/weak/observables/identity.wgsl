// g(x) = x.
fn observable(x: f32) -> f32 {
  return x;
}
