/**
 * TypeScript reference of Threefry-4x32-20 (Salmon, Moraes, Dror, Shaw, "Parallel random numbers: as easy as
 * 1, 2, 3", SC 2011; the Threefish-256 round function of Skein on 32-bit words), bit-identical to
 * `shaders/rng/threefry.wgsl`.
 */

/** Skein key-schedule parity constant for 32-bit words. */
export const SKEIN_KS_PARITY32 = 0x1bd11bda;

/** Rotation constants R_32x4 of Random123, one pair per round modulo 8. */
export const THREEFRY4X32_ROTATIONS: readonly (readonly [number, number])[] = [
  [10, 26],
  [11, 21],
  [13, 27],
  [23, 5],
  [6, 20],
  [17, 11],
  [25, 10],
  [18, 20],
];

const rotl32 = (x: number, n: number) => ((x << n) | (x >>> (32 - n))) >>> 0;

/**
 * Threefry4x32 with `rounds` rounds (20 for Threefry-4x32-20) of counter `ctr` (4 words) under key `key`
 * (4 words). The key is injected before round 0 and after every 4 rounds: X_i += ks[(s + i) mod 5], X_3 += s.
 */
export function threefry4x32(ctr: readonly number[], key: readonly number[], rounds = 20): Uint32Array {
  const ks = [key[0]! >>> 0, key[1]! >>> 0, key[2]! >>> 0, key[3]! >>> 0, 0];
  ks[4] = (SKEIN_KS_PARITY32 ^ ks[0]! ^ ks[1]! ^ ks[2]! ^ ks[3]!) >>> 0;
  const x = [0, 1, 2, 3].map((i) => (ctr[i]! + ks[i]!) >>> 0) as [number, number, number, number];
  for (let r = 0; r < rounds; r++) {
    const [ra, rb] = THREEFRY4X32_ROTATIONS[r % 8]!;
    if (r % 2 === 0) {
      x[0] = (x[0] + x[1]) >>> 0;
      x[1] = (rotl32(x[1], ra) ^ x[0]) >>> 0;
      x[2] = (x[2] + x[3]) >>> 0;
      x[3] = (rotl32(x[3], rb) ^ x[2]) >>> 0;
    } else {
      x[0] = (x[0] + x[3]) >>> 0;
      x[3] = (rotl32(x[3], ra) ^ x[0]) >>> 0;
      x[2] = (x[2] + x[1]) >>> 0;
      x[1] = (rotl32(x[1], rb) ^ x[2]) >>> 0;
    }
    if (r % 4 === 3) {
      const s = (r + 1) / 4;
      for (let i = 0; i < 4; i++) x[i] = (x[i]! + ks[(s + i) % 5]!) >>> 0;
      x[3] = (x[3] + s) >>> 0;
    }
  }
  return Uint32Array.of(...x);
}
