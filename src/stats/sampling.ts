/**
 * Fast deterministic CPU random numbers for statistics on the host (bootstrap resampling, null ensembles for
 * calibrating tests): xoshiro128** (Blackman & Vigna 2018) seeded through SplitMix32. The GPU's Philox streams
 * (src/rng/philox.ts) are counter-based and bit-exact with the shaders, but ~50× slower in JavaScript (64-bit
 * products through BigInt), so they are not used here.
 */

/** A stream of uniforms on the open interval (0, 1) with 32 random bits each. */
export function uniformStream(seed: number, stream = 0): () => number {
  // SplitMix32 (Steele, Lea & Flood 2014, 32-bit variant) expands (seed, stream) into the four state words.
  let x = (Math.imul(seed | 0, 0x9e3779b9) ^ Math.imul(stream | 0, 0x85ebca6b) ^ 0x5eed1234) | 0;
  const next = () => {
    x = (x + 0x9e3779b9) | 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let s0 = next();
  let s1 = next();
  let s2 = next();
  let s3 = next();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  return () => {
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return (r + 0.5) * 2 ** -32;
  };
}

function rotl(v: number, k: number): number {
  return (v << k) | (v >>> (32 - k));
}

/** A stream of standard normals (Box–Muller on the uniform stream). */
export function normalStream(seed: number, stream = 0): () => number {
  const u = uniformStream(seed, stream);
  let spare = Number.NaN;
  return () => {
    if (!Number.isNaN(spare)) {
      const v = spare;
      spare = Number.NaN;
      return v;
    }
    const r = Math.sqrt(-2 * Math.log(u()));
    const a = 2 * Math.PI * u();
    spare = r * Math.sin(a);
    return r * Math.cos(a);
  };
}
