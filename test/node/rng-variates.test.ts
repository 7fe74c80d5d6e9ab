/**
 * Derived variates in WGSL (shaders/rng/generate.wgsl on Dawn) against their TypeScript references: integer kinds
 * bit for bit, float kinds within stated tolerances.
 */
import { describe, expect } from 'vitest';
import { createRngGenerator, type RngSequenceOptions, referenceSequence } from '../../src/rng/generate.js';
import { gpuIt, useGpu } from '../shared/gpu.js';

async function gpuSequence(
  ctx: Parameters<typeof createRngGenerator>[0],
  o: RngSequenceOptions,
  start: number,
  count: number,
) {
  const gen = await createRngGenerator(ctx, o, { maxChunk: count + (4 - (count % 4)) });
  try {
    return await gen.generate(start, count);
  } finally {
    gen.destroy();
  }
}

describe('derived variates: WGSL vs TypeScript reference', () => {
  const gpu = useGpu();
  const seed = 0x1234_5678_9abcn;

  for (const o of [
    { kind: 'uint32', seed, particle: 7, stream: 3 },
    { kind: 'uniform', seed, particle: 0xffffffff, stream: 0 },
    { kind: 'index', seed, n: 10 },
    { kind: 'index', seed, n: 3_000_000_019 % 2 ** 32, particle: 5 },
    { kind: 'index', seed, n: 1 },
    { kind: 'permutation', seed, n: 1000 },
    { kind: 'permutation', seed, n: 2 },
    { kind: 'permutation', seed, n: 5, particle: 9 },
    { kind: 'permutation', seed, n: 0xffffffff, particle: 3 },
  ] as RngSequenceOptions[]) {
    gpuIt(`${o.kind} n=${o.n ?? '-'} is bit-identical to the reference`, gpu, async (ctx) => {
      const count = 1 << 16;
      const start = 4 * 12345;
      const got = await gpuSequence(ctx, o, start, count);
      const ref = referenceSequence(o, start, count);
      const refWords = ref instanceof Float32Array ? new Uint32Array(ref.buffer) : ref;
      let mismatches = 0;
      for (let i = 0; i < count; i++) if (got[i] !== refWords[i]) mismatches++;
      expect(mismatches).toBe(0);
    });
  }
});

describe('float variates: WGSL (float32, SwiftShader transcendentals) vs float64 reference', () => {
  const gpu = useGpu();
  const count = 1 << 17;

  // Box–Muller: r = sqrt(2 W) <= 5.9 and sin/cos/log on SwiftShader are accurate to ~2e-4 absolute, so every normal
  // is within 5e-4 · max(1, |z|) of the float64 value of the same formula (measured worst: 1.9e-4).
  gpuIt('normal: every value within 5e-4·max(1,|z|)', gpu, async (ctx) => {
    const o: RngSequenceOptions = { kind: 'normal', seed: 99, particle: 12 };
    const got = new Float32Array((await gpuSequence(ctx, o, 0, count)).buffer);
    const ref = referenceSequence(o, 0, count);
    let worst = 0;
    for (let i = 0; i < count; i++)
      worst = Math.max(worst, Math.abs(got[i]! - ref[i]!) / Math.max(1, Math.abs(ref[i]!)));
    expect(worst).toBeLessThanOrEqual(5e-4);
  });

  // CMS multiplies up to five factors formed from log/exp/sin of float32 arguments, each with ~2e-4 absolute error
  // on SwiftShader and weighted by up to 1/alpha, and near alpha = 1 S1 itself is ill-conditioned (location of order
  // tan(pi alpha/2)). Rule: at least 99.9% of draws within 2e-3·max(1,|x|), all within 2e-2·max(1,|x|), and the
  // same draws non-finite (measured worst over these cases: 3.9e-3 at alpha = 0.999, below 1.3e-3 elsewhere).
  for (const [alpha, beta] of [
    [2, 0],
    [1, 0],
    [1, 0.7],
    [1, -1],
    [0.5, 1],
    [1.5, 0.5],
    [1.5, -1],
    [1.9, 1],
    [0.3, 0],
    [0.999, 0.5],
    [0.7, -0.3],
  ] as const) {
    gpuIt(`stable alpha=${alpha} beta=${beta}: within the stated tolerance`, gpu, async (ctx) => {
      const o: RngSequenceOptions = { kind: 'stable', seed: 5, alpha, beta };
      const got = new Float32Array((await gpuSequence(ctx, o, 0, count)).buffer);
      const ref = referenceSequence(o, 0, count);
      let over = 0;
      let worst = 0;
      let finiteMismatch = 0;
      for (let i = 0; i < count; i++) {
        const r = ref[i]!;
        const g = got[i]!;
        if (Number.isFinite(r) !== Number.isFinite(g)) {
          // float32 overflows at 3.4e38 where float64 does not.
          if (!(Math.abs(r) > 3e38)) finiteMismatch++;
          continue;
        }
        if (!Number.isFinite(r)) continue;
        const e = Math.abs(g - r) / Math.max(1, Math.abs(r));
        if (e > 2e-3) over++;
        worst = Math.max(worst, e);
      }
      expect(finiteMismatch).toBe(0);
      expect(over / count).toBeLessThanOrEqual(1e-3);
      expect(worst).toBeLessThanOrEqual(2e-2);
    });
  }
});

describe('permutations are permutations', () => {
  const gpu = useGpu();
  for (const n of [1, 2, 3, 7, 8, 9, 1000, 65_537, 1 << 20]) {
    gpuIt(`n=${n}: each of 3 epochs holds every element of [0, n) once (GPU)`, gpu, async (ctx) => {
      const o: RngSequenceOptions = { kind: 'permutation', seed: 2024, particle: n, n };
      const gen = await createRngGenerator(ctx, o, { maxChunk: 1 << 20 });
      try {
        const epochs = 3;
        const seen = new Uint8Array(n * epochs);
        let outside = 0;
        for (let start = 0; start < n * epochs; start += gen.maxChunk) {
          const values = await gen.generate(start, Math.min(gen.maxChunk, n * epochs - start));
          values.forEach((v, i) => {
            const t = start + i;
            if (v >= n) outside++;
            else seen[Math.floor(t / n) * n + v]!++;
          });
        }
        expect(outside).toBe(0);
        expect(seen.every((c) => c === 1)).toBe(true);
      } finally {
        gen.destroy();
      }
    });
  }
});
