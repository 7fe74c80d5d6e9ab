/**
 * TypeScript reference of `shaders/rng/permutation.wgsl`: keyed bijections of [0, n) by an alternating unbalanced
 * Feistel network with cycle walking. Bit-identical to the WGSL.
 */
import { philox4x32_10Into } from './philox.js';
import { RNG_STREAM } from './streams.js';

/** Rounds of the Feistel network (`FEISTEL_ROUNDS`). */
export const FEISTEL_ROUNDS = 16;
/** Smallest network width in bits (`PERMUTATION_MIN_BITS`). */
export const PERMUTATION_MIN_BITS = 6;

/** Round keys of the permutation of `particle` in `epoch`: Philox block (epoch, 0, particle, stream). */
export function permutationKey(
  seed: readonly [number, number],
  particle: number,
  epoch: number,
  stream: number = RNG_STREAM.permutation,
): Uint32Array {
  return philox4x32_10Into(epoch, 0, particle, stream, seed[0], seed[1], new Uint32Array(4));
}

/** Wellons' lowbias32 mixer. */
export function lowbias32(v: number): number {
  let h = v >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

function feistelPass(x: number, key: ArrayLike<number>, lb: number, rb: number): number {
  const lmask = 2 ** lb - 1;
  const rmask = 2 ** rb - 1;
  let l = (x >>> rb) & lmask;
  let r = x & rmask;
  for (let i = 0; i < FEISTEL_ROUNDS; i++) {
    const k = (key[i & 3]! + Math.imul(i, 0x9e3779b9)) >>> 0;
    if ((i & 1) === 0) r = (r ^ (lowbias32(l ^ k) >>> (32 - rb))) >>> 0;
    else l = (l ^ (lowbias32(r ^ k) >>> (32 - lb))) >>> 0;
  }
  return (l * 2 ** rb + r) >>> 0;
}

/**
 * Element at `position` of the permutation of [0, n) keyed by `key` (`permute_index`): a bijection of [0, n) in
 * `position`. Out-of-range positions (position >= n) are returned unchanged, as in the WGSL.
 */
export function permuteIndex(key: ArrayLike<number>, n: number, position: number): number {
  if (position >= n || n <= 1) return position >>> 0;
  const bits = Math.max(32 - Math.clz32(n - 1), PERMUTATION_MIN_BITS);
  const rb = (bits + 1) >> 1;
  const lb = bits - rb;
  let x = position >>> 0;
  do x = feistelPass(x, key, lb, rb);
  while (x >= n);
  return x;
}
