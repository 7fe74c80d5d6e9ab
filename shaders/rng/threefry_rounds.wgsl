// Threefry-4x32 mix/permute rounds (Threefish-256 on four 32-bit words, rotation constants R_32x4 of Random123),
// four at a time, on scalars. Included by rng/threefry.wgsl; a lever variant can replace this file alone.

fn threefry_rotl(x: u32, r: u32) -> u32 {
  return (x << r) | (x >> (32u - r));
}

// Even round: x0 += x1; x1 = rotl(x1, ra) ^ x0; x2 += x3; x3 = rotl(x3, rb) ^ x2.
// Odd round (words permuted): x0 += x3; x3 = rotl(x3, ra) ^ x0; x2 += x1; x1 = rotl(x1, rb) ^ x2.
// Four rounds with rotation pairs 0..3 (a) or 4..7 (b) of R_32x4, on scalars so that no vector shuffles are
// generated.
fn threefry_four_a(x: vec4u) -> vec4u {
  var x0 = x.x;
  var x1 = x.y;
  var x2 = x.z;
  var x3 = x.w;
  x0 += x1; x1 = threefry_rotl(x1, 10u) ^ x0; x2 += x3; x3 = threefry_rotl(x3, 26u) ^ x2;
  x0 += x3; x3 = threefry_rotl(x3, 11u) ^ x0; x2 += x1; x1 = threefry_rotl(x1, 21u) ^ x2;
  x0 += x1; x1 = threefry_rotl(x1, 13u) ^ x0; x2 += x3; x3 = threefry_rotl(x3, 27u) ^ x2;
  x0 += x3; x3 = threefry_rotl(x3, 23u) ^ x0; x2 += x1; x1 = threefry_rotl(x1, 5u) ^ x2;
  return vec4u(x0, x1, x2, x3);
}

fn threefry_four_b(x: vec4u) -> vec4u {
  var x0 = x.x;
  var x1 = x.y;
  var x2 = x.z;
  var x3 = x.w;
  x0 += x1; x1 = threefry_rotl(x1, 6u) ^ x0; x2 += x3; x3 = threefry_rotl(x3, 20u) ^ x2;
  x0 += x3; x3 = threefry_rotl(x3, 17u) ^ x0; x2 += x1; x1 = threefry_rotl(x1, 11u) ^ x2;
  x0 += x1; x1 = threefry_rotl(x1, 25u) ^ x0; x2 += x3; x3 = threefry_rotl(x3, 10u) ^ x2;
  x0 += x3; x3 = threefry_rotl(x3, 18u) ^ x0; x2 += x1; x1 = threefry_rotl(x1, 20u) ^ x2;
  return vec4u(x0, x1, x2, x3);
}
