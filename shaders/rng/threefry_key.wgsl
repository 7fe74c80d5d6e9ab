// The Skein key schedule of Threefry-4x32: the extended key (k0..k3, parity) injected every four rounds.

const SKEIN_KS_PARITY32: u32 = 0x1BD11BDAu;

// Extended key (k0, k1, k2, k3, parity ^ k0 ^ k1 ^ k2 ^ k3); callers stepping many blocks under one key compute
// it once.
struct ThreefryKey {
  a: vec4u,
  k4: u32,
}

fn threefry_key_schedule(key: vec4u) -> ThreefryKey {
  return ThreefryKey(key, SKEIN_KS_PARITY32 ^ key.x ^ key.y ^ key.z ^ key.w);
}
