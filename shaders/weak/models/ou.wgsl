// Ornstein–Uhlenbeck dX = −θ (X − m) dt + σ dB, p = (θ, σ, m, ·).
fn sde_drift(x: f32, p: vec4f) -> f32 {
  return -p.x * (x - p.z);
}
fn sde_diffusion(x: f32, p: vec4f) -> f32 {
  return p.y;
}
