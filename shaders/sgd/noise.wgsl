// D standard normals per step for one particle. Counter layout (see docs/sgd.md): key = (seed_lo, seed_hi),
// counter = ((k << 4) | q, k >> 28, particle, stream) for Philox block q < ceil(D / 4) <= 16 of step k, so a
// step owns 16 blocks (64 normals) and the draws do not depend on how steps are split across dispatches.
// Needs rng/philox.wgsl and rng/normal.wgsl.

fn step_normals(key: vec2u, k: u32, particle: u32, stream: u32, z: ptr<function, Vec>) {
  for (var q = 0u; q < (D + 3u) / 4u; q++) {
    let v = normal4(philox4x32_10(vec4u((k << 4u) | q, k >> 28u, particle, stream), key));
    for (var lane = 0u; lane < 4u; lane++) {
      let a = 4u * q + lane;
      if (a < D) {
        (*z)[a] = v[lane];
      }
    }
  }
}
