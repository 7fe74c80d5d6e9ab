// Lever record (bench/levers.ts): rng/threefry.wgsl with the 20 rounds as a loop of 8-round bodies instead of
// fully unrolled. Same output. Replaces rng/threefry.wgsl through composeShader's `extra`.
// Threefry-4x32-20 (Salmon, Moraes, Dror, Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC 2011): the
// Threefish-256 mix/permute rounds of Skein on four 32-bit words, with the Skein key schedule injected every four
// rounds. Only adds, xors and rotations: no multiplies, so none of Philox's emulated mul-hi (see philox.wgsl).
// Fully unrolled, rotation constants R_32x4 of Random123 as literals.
//
// Counter layout (same as Philox, see docs/rng.md): counter = (block_lo, block_hi, particle, stream); the key is
// 128 bits, sgd-sde uses key = (seed_lo, seed_hi, 0, 0).

const SKEIN_KS_PARITY32: u32 = 0x1BD11BDAu;

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

// Extended key (k0, k1, k2, k3, parity ^ k0 ^ k1 ^ k2 ^ k3); callers stepping many blocks under one key compute
// it once.
struct ThreefryKey {
  a: vec4u,
  k4: u32,
}

fn threefry_key_schedule(key: vec4u) -> ThreefryKey {
  return ThreefryKey(key, SKEIN_KS_PARITY32 ^ key.x ^ key.y ^ key.z ^ key.w);
}

// Injection s (s = 1..5 after rounds 4s-1): X_i += ks[(s + i) mod 5], X_3 += s. The key words are rotated
// once per injection, so injection s adds the current (k0, k1, k2, k3 + s). Eight rounds per loop iteration:
// fully unrolled code runs slower on SwiftShader (docs/performance.md).
fn threefry4x32_20_ks(counter: vec4u, ks: ThreefryKey) -> vec4u {
  var k0 = ks.a.x;
  var k1 = ks.a.y;
  var k2 = ks.a.z;
  var k3 = ks.a.w;
  var k4 = ks.k4;
  var x = counter + ks.a;
  for (var s = 1u; s < 5u; s += 2u) {
    x = threefry_four_a(x) + vec4u(k1, k2, k3, k4 + s);
    x = threefry_four_b(x) + vec4u(k2, k3, k4, k0 + s + 1u);
    let t0 = k0;
    let t1 = k1;
    k0 = k2;
    k1 = k3;
    k2 = k4;
    k3 = t0;
    k4 = t1;
  }
  return threefry_four_a(x) + vec4u(k1, k2, k3, k4 + 5u);
}

fn threefry4x32_20(counter: vec4u, key: vec4u) -> vec4u {
  return threefry4x32_20_ks(counter, threefry_key_schedule(key));
}
