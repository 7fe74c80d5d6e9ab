// Geometric Brownian motion dX = μ X dt + σ X dB, p = (μ, σ, ·, ·).
fn sde_drift(x: f32, p: vec4f) -> f32 {
  return p.x * x;
}
fn sde_diffusion(x: f32, p: vec4f) -> f32 {
  return p.y * x;
}
