// Lever record (bench/levers.ts): the Threefry-4x32-20 rounds written on vec2 pairs instead of scalars. It
// replaces rng/threefry.wgsl through composeShader's `extra` in the lever comparison only.
// Threefry-4x32-20 (Salmon, Moraes, Dror, Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC 2011): the
// Threefish-256 mix/permute rounds of Skein on four 32-bit words, with the Skein key schedule injected every four
// rounds. Only adds, xors and rotations: no multiplies, so none of Philox's emulated mul-hi (see philox.wgsl).
// Fully unrolled, rotation constants R_32x4 of Random123 as literals.
//
// Counter layout (same as Philox, see docs/rng.md): counter = (block_lo, block_hi, particle, stream); the key is
// 128 bits, sgd-sde uses key = (seed_lo, seed_hi, 0, 0).

const SKEIN_KS_PARITY32: u32 = 0x1BD11BDAu;

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

// Extended key (k0, k1, k2, k3, parity ^ k0 ^ k1 ^ k2 ^ k3); callers stepping many blocks under one key compute
// it once.
struct ThreefryKey {
  a: vec4u,
  k4: u32,
}

fn threefry_key_schedule(key: vec4u) -> ThreefryKey {
  return ThreefryKey(key, SKEIN_KS_PARITY32 ^ key.x ^ key.y ^ key.z ^ key.w);
}

// Injection s (s = 1..5 after rounds 4s-1): X_i += ks[(s + i) mod 5], X_3 += s.
fn threefry4x32_20_ks(counter: vec4u, ks: ThreefryKey) -> vec4u {
  let k0 = ks.a.x;
  let k1 = ks.a.y;
  let k2 = ks.a.z;
  let k3 = ks.a.w;
  let k4 = ks.k4;
  var x = counter + ks.a;
  x = threefry_four_a(x) + vec4u(k1, k2, k3, k4 + 1u);
  x = threefry_four_b(x) + vec4u(k2, k3, k4, k0 + 2u);
  x = threefry_four_a(x) + vec4u(k3, k4, k0, k1 + 3u);
  x = threefry_four_b(x) + vec4u(k4, k0, k1, k2 + 4u);
  x = threefry_four_a(x) + vec4u(k0, k1, k2, k3 + 5u);
  return x;
}

fn threefry4x32_20(counter: vec4u, key: vec4u) -> vec4u {
  return threefry4x32_20_ks(counter, threefry_key_schedule(key));
}
