/**
 * TypeScript reference of Philox4x32-10 (Salmon et al., SC 2011), bit-identical to `shaders/rng/philox.wgsl`,
 * and of the derived variates in `shaders/rng/normal.wgsl`.
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** [hi, lo] words of the 64-bit product of two uint32. */
export function mulhilo32(a: number, b: number): [number, number] {
  const p = BigInt(a >>> 0) * BigInt(b >>> 0);
  return [Number(p >> 32n), Number(p & 0xffffffffn)];
}

/** Philox4x32 with `rounds` rounds (10 for Philox4x32-10) of counter `ctr` under key `key`. */
export function philox4x32(ctr: readonly number[], key: readonly number[], rounds = 10): Uint32Array {
  let [c0, c1, c2, c3] = ctr.map((v) => v >>> 0) as [number, number, number, number];
  let [k0, k1] = key.map((v) => v >>> 0) as [number, number];
  for (let r = 0; r < rounds; r++) {
    if (r > 0) {
      k0 = (k0 + W0) >>> 0;
      k1 = (k1 + W1) >>> 0;
    }
    const [hi0, lo0] = mulhilo32(M0, c0);
    const [hi1, lo1] = mulhilo32(M1, c2);
    [c0, c1, c2, c3] = [(hi1 ^ c1 ^ k0) >>> 0, lo1, (hi0 ^ c3 ^ k1) >>> 0, lo0];
  }
  return Uint32Array.of(c0, c1, c2, c3);
}

/** Uniform on (0, 1) from the top 24 bits of a word: (m + 0.5) / 2^24. Exact in float32. */
export function uniformOpen01(u: number): number {
  return ((u >>> 8) + 0.5) * 2 ** -24;
}

/** Box–Muller pair with the angle in (-π, π), as in the WGSL `box_muller`. */
export function boxMuller(u0: number, u1: number): [number, number] {
  const r = Math.sqrt(-2 * Math.log(uniformOpen01(u0)));
  const angle = Math.PI * (2 * uniformOpen01(u1) - 1);
  return [r * Math.cos(angle), r * Math.sin(angle)];
}
