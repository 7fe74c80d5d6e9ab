// Lever record (bench/levers.ts): rng/threefry.wgsl with the 20 rounds as a loop of 8-round bodies instead of
// fully unrolled. Same output. Replaces rng/threefry.wgsl through composeShader's `extra`.
#include "rng/threefry_key.wgsl"
#include "rng/threefry_rounds.wgsl"

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
