// Lever record (bench/levers.ts): the Threefry-4x32 rounds written on vec2 pairs instead of scalars. It replaces
// rng/threefry_rounds.wgsl through composeShader's `extra` in the lever comparison only.

fn threefry_rotl(x: vec2u, r: vec2u) -> vec2u {
  return (x << r) | (x >> (vec2u(32u) - r));
}

// Even round: (x0, x2) += (x1, x3); (x1, x3) = rotl((x1, x3), r) ^ (x0, x2).
fn threefry_even(x: vec4u, r: vec2u) -> vec4u {
  let s = x.xz + x.yw;
  let t = threefry_rotl(x.yw, r) ^ s;
  return vec4u(s.x, t.x, s.y, t.y);
}

// Odd round (words permuted): (x0, x2) += (x3, x1); (x3, x1) = rotl((x3, x1), r) ^ (x0, x2).
fn threefry_odd(x: vec4u, r: vec2u) -> vec4u {
  let s = x.xz + x.wy;
  let t = threefry_rotl(x.wy, r) ^ s;
  return vec4u(s.x, t.y, s.y, t.x);
}

// Four rounds with rotation pairs 0..3 (a) or 4..7 (b) of R_32x4.
fn threefry_four_a(x: vec4u) -> vec4u {
  return threefry_odd(threefry_even(threefry_odd(threefry_even(x, vec2u(10u, 26u)), vec2u(11u, 21u)),
                                    vec2u(13u, 27u)), vec2u(23u, 5u));
}

fn threefry_four_b(x: vec4u) -> vec4u {
  return threefry_odd(threefry_even(threefry_odd(threefry_even(x, vec2u(6u, 20u)), vec2u(17u, 11u)),
                                    vec2u(25u, 10u)), vec2u(18u, 20u));
}
