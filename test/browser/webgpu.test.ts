/**
 * The same WGSL in headless Chromium (WebGPU on SwiftShader): Philox known answers and the 1-D OU ensemble
 * against the exact law of its Euler–Maruyama chain.
 */
import { describe, expect, it } from 'vitest';
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

describe('createGpuContext in Chromium: an adapter that expired before requestDevice', () => {
  it('is replaced by a fresh requestAdapter once, and the device runs a real kernel', async () => {
    // Fault injection around the real navigator.gpu: the first adapter's requestDevice rejects the way Chromium
    // does after its GPU process restarted; the second (a real adapter) is untouched.
    const gpu = navigator.gpu;
    const real = gpu.requestAdapter.bind(gpu);
    let calls = 0;
    gpu.requestAdapter = async (o?: GPURequestAdapterOptions) => {
      const a = await real(o);
      if (calls++ === 0 && a) {
        return new Proxy(a, {
          get(t, k) {
            if (k === 'requestDevice')
              return () =>
                Promise.reject(
                  new DOMException('A valid external Instance reference no longer exists.', 'OperationError'),
                );
            const v = Reflect.get(t, k, t);
            return typeof v === 'function' ? v.bind(t) : v;
          },
        });
      }
      return a;
    };
    try {
      const { createGpuContext } = await import('../../src/gpu/device.js');
      const ctx = await createGpuContext({ label: 'expired-adapter test' });
      try {
        expect(calls).toBe(2);
        const out = await philoxOnGpu(ctx, PHILOX4X32_10_KAT);
        expect(Array.from(out)).toEqual(PHILOX4X32_10_KAT.flatMap((k) => k.out));
        ctx.check();
      } finally {
        ctx.destroy();
      }
    } finally {
      gpu.requestAdapter = real;
    }
  });
});

describe('createGpuContext in Chromium: requestAdapter answers null once', () => {
  it('asks again once, and the device runs a real kernel', async () => {
    // Fault injection around the real navigator.gpu: the first requestAdapter answers null, as Chromium's does
    // while the page's WebGPU instance belongs to a GPU process that is being replaced.
    const gpu = navigator.gpu;
    const real = gpu.requestAdapter.bind(gpu);
    let calls = 0;
    gpu.requestAdapter = async (o?: GPURequestAdapterOptions) => (calls++ === 0 ? null : real(o));
    try {
      const { createGpuContext } = await import('../../src/gpu/device.js');
      const ctx = await createGpuContext({ label: 'null-adapter test' });
      try {
        expect(calls).toBe(2);
        const out = await philoxOnGpu(ctx, PHILOX4X32_10_KAT);
        expect(Array.from(out)).toEqual(PHILOX4X32_10_KAT.flatMap((k) => k.out));
        ctx.check();
      } finally {
        ctx.destroy();
      }
    } finally {
      gpu.requestAdapter = real;
    }
  });

  it('still says why when the second answer is null too', async () => {
    const gpu = navigator.gpu;
    const real = gpu.requestAdapter.bind(gpu);
    let calls = 0;
    gpu.requestAdapter = async () => {
      calls++;
      return null;
    };
    try {
      const { createGpuContext } = await import('../../src/gpu/device.js');
      await expect(createGpuContext({ label: 'no-adapter test' })).rejects.toThrow(/no adapter was found/);
      expect(calls).toBe(2);
    } finally {
      gpu.requestAdapter = real;
    }
  });
});
