/**
 * Philox4x32-10 TypeScript reference against Random123's known-answer vectors (tests/kat_vectors, rows
 * "philox4x32 10"): counter (4 words), key (2 words) -> output (4 words).
 */
import { describe, expect, it } from 'vitest';
import { philox4x32 } from '../../src/rng/philox.js';
import { PHILOX4X32_10_KAT } from '../kat.js';

describe('philox4x32-10 TypeScript reference', () => {
  it.each(PHILOX4X32_10_KAT)('reproduces Random123 KAT for ctr $ctr', ({ ctr, key, out }) => {
    expect(Array.from(philox4x32(ctr, key))).toEqual(out);
  });
});
