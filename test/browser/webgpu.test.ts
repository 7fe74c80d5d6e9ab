/**
 * The same WGSL in headless Chromium (WebGPU on SwiftShader): Philox known answers and the 1-D OU ensemble
 * against the exact law of its Euler–Maruyama chain.
 */
import { describe, expect } from 'vitest';
import { PHILOX4X32_10_KAT } from '../kat.js';
import { expectOuMatchesEulerChain, philoxOnGpu } from '../shared/checks.js';
import { gpuIt, useGpu } from '../shared/gpu.js';

describe('WebGPU in Chromium', () => {
  const gpu = useGpu();

  gpuIt('runs on a browser adapter', gpu, async (ctx) => {
    expect(ctx.backend).toBe('browser');
    expect(ctx.adapterName).toMatch(/\S/);
  });

  gpuIt('philox4x32-10 reproduces the Random123 known-answer vectors', gpu, async (ctx) => {
    const out = await philoxOnGpu(ctx, PHILOX4X32_10_KAT);
    expect(Array.from(out)).toEqual(PHILOX4X32_10_KAT.flatMap((k) => k.out));
  });

  gpuIt('the OU ensemble matches the EM chain within 5 SE (2^16 particles)', gpu, async (ctx) => {
    await expectOuMatchesEulerChain(ctx, { particles: 2 ** 16, steps: 60, dt: 0.05, x0: 1.5 });
  });
});
