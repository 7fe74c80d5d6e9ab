/**
 * GPU test harness shared by the Node (Dawn) and browser (Chromium) projects: one device per test file, every
 * GPU test body inside validation / out-of-memory / internal error scopes, and no uncaptured error left behind.
 */
import { afterAll, beforeAll, it } from 'vitest';
import { createGpuContext, type GpuContext } from '../../src/gpu/device.js';
import { withErrorScope } from '../../src/gpu/errors.js';

/** Creates a device before the file's tests and destroys it after; returns a getter. */
export function useGpu(): () => GpuContext {
  let ctx: GpuContext | undefined;
  beforeAll(async () => {
    ctx = await createGpuContext();
  });
  afterAll(() => {
    ctx?.destroy();
  });
  return () => {
    if (!ctx) throw new Error('GPU context not ready');
    return ctx;
  };
}

/** A test whose body runs inside GPU error scopes and must leave no uncaptured error. */
export function gpuIt(name: string, gpu: () => GpuContext, body: (ctx: GpuContext) => Promise<void>): void {
  it(name, async () => {
    const ctx = gpu();
    await withErrorScope(ctx.device, name, () => body(ctx));
    ctx.check();
  });
}
