// g(x) = x².
fn observable(x: f32) -> f32 {
  return x * x;
}
