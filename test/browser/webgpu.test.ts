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

type RequestAdapter = (o?: GPURequestAdapterOptions) => Promise<GPUAdapter | null>;

/** Runs `body` with navigator.gpu.requestAdapter answered by `fake` (call numbers from 0); returns the calls. */
async function withRequestAdapter(
  fake: (real: RequestAdapter, call: number, o?: GPURequestAdapterOptions) => Promise<GPUAdapter | null>,
  body: () => Promise<void>,
): Promise<number> {
  const gpu = navigator.gpu;
  const real = gpu.requestAdapter.bind(gpu);
  let calls = 0;
  gpu.requestAdapter = (o?: GPURequestAdapterOptions) => fake(real, calls++, o);
  try {
    await body();
  } finally {
    gpu.requestAdapter = real;
  }
  return calls;
}

/** createGpuContext's device runs the Philox known answers without a recorded error. */
async function expectWorkingContext(label: string): Promise<void> {
  const { createGpuContext } = await import('../../src/gpu/device.js');
  const ctx = await createGpuContext({ label });
  try {
    const out = await philoxOnGpu(ctx, PHILOX4X32_10_KAT);
    expect(Array.from(out)).toEqual(PHILOX4X32_10_KAT.flatMap((k) => k.out));
    ctx.check();
  } finally {
    ctx.destroy();
  }
}

describe('createGpuContext in Chromium: an adapter that expired before requestDevice', () => {
  it('is replaced by a fresh requestAdapter once, and the device runs a real kernel', async () => {
    // Fault injection around the real navigator.gpu: the first adapter's requestDevice rejects the way Chromium
    // does after its GPU process restarted; the second (a real adapter) is untouched.
    const expired = (a: GPUAdapter) =>
      new Proxy(a, {
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
    const calls = await withRequestAdapter(
      async (real, call, o) => {
        const a = await real(o);
        return call === 0 && a ? expired(a) : a;
      },
      () => expectWorkingContext('expired-adapter test'),
    );
    expect(calls).toBe(2);
  });
});

describe('createGpuContext in Chromium: requestAdapter answers null once', () => {
  it('asks again once, and the device runs a real kernel', async () => {
    // The first requestAdapter answers null, as Chromium's does while the page's WebGPU instance belongs to a
    // GPU process that is being replaced.
    const calls = await withRequestAdapter(
      (real, call, o) => (call === 0 ? Promise.resolve(null) : real(o)),
      () => expectWorkingContext('null-adapter test'),
    );
    expect(calls).toBe(2);
  });

  it('still says why when the second answer is null too', async () => {
    const { createGpuContext } = await import('../../src/gpu/device.js');
    const calls = await withRequestAdapter(
      async () => null,
      () => expect(createGpuContext({ label: 'no-adapter test' })).rejects.toThrow(/no adapter was found/),
    );
    expect(calls).toBe(2);
  });
});
