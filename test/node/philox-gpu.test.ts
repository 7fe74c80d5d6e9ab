/** Philox4x32-10 in WGSL, executed through Dawn: Random123 known answers and bit agreement with TypeScript. */
import { describe, expect } from 'vitest';
import { philox4x32 } from '../../src/rng/philox.js';
import { PHILOX4X32_10_KAT } from '../kat.js';
import { philoxOnGpu } from '../shared/checks.js';
import { gpuIt, useGpu } from '../shared/gpu.js';

describe('philox4x32-10 in WGSL on Dawn', () => {
  const gpu = useGpu();

  gpuIt('reproduces the Random123 known-answer vectors', gpu, async (ctx) => {
    const out = await philoxOnGpu(ctx, PHILOX4X32_10_KAT);
    PHILOX4X32_10_KAT.forEach((k, i) => {
      expect(Array.from(out.slice(4 * i, 4 * i + 4))).toEqual(k.out);
    });
  });

  gpuIt('agrees bit-for-bit with the TypeScript reference on 2^16 blocks (2^18 words)', gpu, async (ctx) => {
    // Counters and keys spread over the whole 32-bit range (a fixed LCG), so every mulhi path is exercised.
    let s = 12345;
    const next = () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s;
    };
    const cases = Array.from({ length: 2 ** 16 }, () => ({
      ctr: [next(), next(), next(), next()],
      key: [next(), next()],
    }));
    const out = await philoxOnGpu(ctx, cases);
    let mismatches = 0;
    cases.forEach((c, i) => {
      const ref = philox4x32(c.ctr, c.key);
      for (let j = 0; j < 4; j++) if (ref[j] !== out[4 * i + j]) mismatches++;
    });
    expect(mismatches).toBe(0);
  });
});
