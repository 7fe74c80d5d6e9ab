/**
 * The device layer on Dawn: it reports which adapter is in use, surfaces uncaptured GPU errors and device loss as
 * exceptions that say what failed, and labels the objects it creates.
 */
import { describe, expect, it } from 'vitest';
import { createGpuContext } from '../../src/gpu/device.js';
import { DeviceLostError, GpuError } from '../../src/gpu/errors.js';

describe('createGpuContext on Dawn', () => {
  it('names the adapter and the way it was found', async () => {
    const ctx = await createGpuContext();
    try {
      expect(ctx.adapterName).toMatch(/\S/);
      expect(['node', 'node-swiftshader-fallback']).toContain(ctx.backend);
      // Optional features are enabled exactly when the adapter has them.
      expect(ctx.features.has('shader-f16')).toBe(ctx.device.features.has('shader-f16'));
      expect(ctx.device.label).toBe('sgd-sde device');
    } finally {
      ctx.destroy();
    }
  });

  it('an error outside any scope is raised by check() as an uncaptured GpuError', async () => {
    const ctx = await createGpuContext();
    try {
      ctx.device.createBuffer({
        label: 'invalid usage',
        size: 4,
        usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.MAP_READ,
      });
      await ctx.device.queue.onSubmittedWorkDone();
      // The event is delivered asynchronously after the error is generated.
      for (let i = 0; i < 50; i++) {
        try {
          ctx.check();
        } catch {
          break;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(() => ctx.check()).toThrow(GpuError);
      expect(() => ctx.check()).toThrow(/uncaptured GPU error: [\s\S]*"invalid usage"/);
    } finally {
      ctx.destroy();
    }
  });

  it('device loss rejects `lost` with a DeviceLostError giving the reason', async () => {
    const ctx = await createGpuContext();
    ctx.destroy();
    const err = await ctx.lost.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeviceLostError);
    expect((err as DeviceLostError).reason).toBe('destroyed');
    expect((err as Error).message).toMatch(/^GPU device lost \(destroyed\)/);
    // A deliberate destroy() is not a failure of later checks.
    expect(() => ctx.check()).not.toThrow();
  });
});
