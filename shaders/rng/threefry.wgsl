// Threefry-4x32-20 (Salmon, Moraes, Dror, Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC 2011): the
// Threefish-256 mix/permute rounds of Skein on four 32-bit words, with the Skein key schedule injected every four
// rounds. Only adds, xors and rotations: no multiplies, so none of Philox's emulated mul-hi (see philox.wgsl).
// Fully unrolled, rotation constants R_32x4 of Random123 as literals.
//
// Counter layout (same as Philox, see docs/rng.md): counter = (block_lo, block_hi, particle, stream); the key is
// 128 bits, sgd-sde uses key = (seed_lo, seed_hi, 0, 0).
#include "rng/threefry_key.wgsl"
#include "rng/threefry_rounds.wgsl"

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
