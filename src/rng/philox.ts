/**
 * TypeScript reference of Philox4x32-10 (Salmon et al., SC 2011), bit-identical to `shaders/rng/philox.wgsl`,
 * and of the derived variates in `shaders/rng/normal.wgsl`.
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High word of the 64-bit product of two uint32, from 16-bit halves (every partial product is exact in f64). */
export function mulhi32(a: number, b: number): number {
  const aLo = a & 0xffff;
  const aHi = a >>> 16;
  const bLo = b & 0xffff;
  const bHi = b >>> 16;
  const cross = ((aLo * bLo) >>> 16) + ((aHi * bLo) & 0xffff) + aLo * bHi;
  return (aHi * bHi + ((aHi * bLo) >>> 16) + Math.floor(cross / 65536)) >>> 0;
}

/** [hi, lo] words of the 64-bit product of two uint32. */
export function mulhilo32(a: number, b: number): [number, number] {
  return [mulhi32(a >>> 0, b >>> 0), Math.imul(a, b) >>> 0];
}

/**
 * Philox4x32-10 of counter (c0, c1, c2, c3) under key (k0, k1), written into `out` (no allocation): the fast
 * path used by the references of the derived variates.
 */
export function philox4x32_10Into(
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  k0: number,
  k1: number,
  out: Uint32Array,
): Uint32Array {
  let x0 = c0 >>> 0;
  let x1 = c1 >>> 0;
  let x2 = c2 >>> 0;
  let x3 = c3 >>> 0;
  let key0 = k0 >>> 0;
  let key1 = k1 >>> 0;
  for (let r = 0; r < 10; r++) {
    if (r > 0) {
      key0 = (key0 + W0) >>> 0;
      key1 = (key1 + W1) >>> 0;
    }
    const hi0 = mulhi32(M0, x0);
    const lo0 = Math.imul(M0, x0) >>> 0;
    const hi1 = mulhi32(M1, x2);
    const lo1 = Math.imul(M1, x2) >>> 0;
    x0 = (hi1 ^ x1 ^ key0) >>> 0;
    x1 = lo1;
    x2 = (hi0 ^ x3 ^ key1) >>> 0;
    x3 = lo0;
  }
  out[0] = x0;
  out[1] = x1;
  out[2] = x2;
  out[3] = x3;
  return out;
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

/**
 * Uniform on the open interval (0, 1) from the top 24 bits m of a word (`uniform_open01`): (m + ½)/2^24 rounded
 * toward zero to float32, i.e. (m + ½)/2^24 for m < 2^23 and m/2^24 above. The result is a float32 value, exact.
 */
export function uniformOpen01(u: number): number {
  const m = u >>> 8;
  return m >= 0x800000 ? m * 2 ** -24 : (m + 0.5) * 2 ** -24;
}

/** Box–Muller pair with the angle in (-π, π), as in the WGSL `box_muller`. */
export function boxMuller(u0: number, u1: number): [number, number] {
  const r = Math.sqrt(-2 * Math.log(uniformOpen01(u0)));
  const angle = Math.PI * (2 * uniformOpen01(u1) - 1);
  return [r * Math.cos(angle), r * Math.sin(angle)];
}
