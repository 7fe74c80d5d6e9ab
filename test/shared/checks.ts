/** Test bodies that run the same real WGSL in Node (Dawn) and in Chromium. */
import { expect } from 'vitest';
import { createBuffer, readBuffer } from '../../src/gpu/buffers.js';
import type { GpuContext } from '../../src/gpu/device.js';
import { getComputePipeline } from '../../src/gpu/pipelines.js';
import { type Ou1dGenerator, runOu1d } from '../../src/ou/ou1d.js';

/**
 * Runs the test kernel `testing/<generator>_kat.wgsl` (out[i] = generator(ctr[i], key[i]); inputs are 8 words:
 * counter, then key padded to 4 words) on (counter, key) pairs and returns the output words.
 */
export async function counterRngOnGpu(
  ctx: GpuContext,
  generator: 'philox' | 'threefry',
  cases: { ctr: number[]; key: number[] }[],
): Promise<Uint32Array> {
  const { device } = ctx;
  const label = `${generator} kat`;
  const pipeline = await getComputePipeline(device, { file: `testing/${generator}_kat.wgsl`, label });
  const input = new Uint32Array(cases.length * 8);
  cases.forEach((c, i) => {
    input.set(c.ctr, 8 * i);
    input.set(c.key, 8 * i + 4);
  });
  const inBuf = createBuffer(device, {
    label: `${label} inputs`,
    usage: GPUBufferUsage.STORAGE,
    data: input,
  });
  const outBuf = createBuffer(device, {
    label: `${label} outputs`,
    size: cases.length * 16,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
  });
  try {
    const enc = device.createCommandEncoder({ label });
    const pass = enc.beginComputePass({ label: `${label} pass` });
    pass.setPipeline(pipeline);
    pass.setBindGroup(
      0,
      device.createBindGroup({
        label: `${label} bind group`,
        layout: pipeline.getBindGroupLayout(0),
        entries: [
          { binding: 0, resource: { buffer: inBuf } },
          { binding: 1, resource: { buffer: outBuf } },
        ],
      }),
    );
    pass.dispatchWorkgroups(Math.ceil(cases.length / 64));
    pass.end();
    device.queue.submit([enc.finish()]);
    return new Uint32Array(await readBuffer(device, outBuf));
  } finally {
    inBuf.destroy();
    outBuf.destroy();
  }
}

/** Philox4x32-10 on the GPU for (counter, key) pairs (`testing/philox_kat.wgsl`). */
export function philoxOnGpu(
  ctx: GpuContext,
  cases: { ctr: number[]; key: number[] }[],
): Promise<Uint32Array> {
  return counterRngOnGpu(ctx, 'philox', cases);
}

/**
 * Runs a 1-D OU ensemble and asserts that its mean, variance and histogram agree with the exact law of the
 * Euler–Maruyama chain: moments within 5 standard errors, histogram chi-square p-value above 1e-4.
 */
export async function expectOuMatchesEulerChain(
  ctx: GpuContext,
  options: {
    particles: number;
    steps: number;
    dt: number;
    theta?: number;
    sigma?: number;
    x0?: number;
    seed?: number;
    generator?: Ou1dGenerator;
  },
) {
  const r = await runOu1d(ctx, { theta: 1, sigma: 1, x0: 1, seed: 7, ...options });
  const msg = (what: string, c: { measured: number; expected: number; se: number; z: number }) =>
    `${what}: measured ${c.measured}, exact ${c.expected}, SE ${c.se}, z ${c.z.toFixed(2)} (tolerance 5 SE)`;
  expect(r.moments.nonFinite).toBe(0);
  expect(r.moments.n).toBe(options.particles);
  expect(Math.abs(r.vsChain.mean.z), msg('mean', r.vsChain.mean)).toBeLessThanOrEqual(5);
  expect(Math.abs(r.vsChain.variance.z), msg('variance', r.vsChain.variance)).toBeLessThanOrEqual(5);
  expect(
    r.vsChain.histogram.pValue,
    `histogram chi-square ${r.vsChain.histogram.chiSquare}`,
  ).toBeGreaterThanOrEqual(1e-4);
  return r;
}
