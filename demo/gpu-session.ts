/**
 * The page's WebGPU device: detection with a plain-words message when WebGPU is missing, and a fresh device on
 * reset after the old one was lost.
 */
import { createGpuContext, type GpuContext } from '../src/gpu/device.js';
import { DeviceLostError } from '../src/gpu/errors.js';

/** Why the page cannot run, in words for the reader, with how to fix it. */
export function noWebGpuMessage(userAgent: string): string {
  const how = /Firefox\//.test(userAgent)
    ? 'In Firefox, use version 141 or later on Windows, or enable dom.webgpu.enabled in about:config.'
    : /Safari\//.test(userAgent) && !/Chrome\//.test(userAgent)
      ? 'In Safari, use Safari 26 or later, or enable the WebGPU feature flag (Develop → Feature Flags).'
      : 'In Chrome or Edge 113 or later WebGPU is on by default; on Linux enable chrome://flags/#enable-unsafe-webgpu ' +
        'and chrome://flags/#enable-vulkan, and make sure hardware acceleration is on in the settings.';
  return `This browser does not offer WebGPU, which this page needs to run the particles on the GPU. ${how}`;
}

/** True when the browser exposes `navigator.gpu`. */
export function hasWebGpu(): boolean {
  return typeof navigator !== 'undefined' && !!(navigator as Navigator & { gpu?: GPU }).gpu;
}

/** Holds the current device and replaces it when it has been lost. */
export class GpuSession {
  private ctx: GpuContext | undefined;
  /** The page destroyed the current device itself ({@link loseDevice}). */
  private destroyedHere = false;

  /** The current context; throws if `acquire` has not succeeded yet. */
  get context(): GpuContext {
    if (!this.ctx) throw new Error('no GPU device yet');
    return this.ctx;
  }

  /** True when the device has been lost or recorded an uncaptured error. */
  get broken(): boolean {
    if (!this.ctx) return true;
    try {
      this.ctx.check();
      return false;
    } catch {
      return true;
    }
  }

  /** Returns a working context: the current one, or a new device when there is none or it was lost. */
  async acquire(): Promise<GpuContext> {
    if (this.ctx && !this.broken) return this.ctx;
    this.discard();
    this.destroyedHere = false;
    this.ctx = await createGpuContext({ label: 'sgd-sde demo device' });
    return this.ctx;
  }

  /** Waits up to `ms` for the device's loss to be recorded (a loss often surfaces first as a failed call). */
  async settle(ms: number): Promise<void> {
    const lost = this.ctx?.lost.catch(() => {});
    await Promise.race([lost, new Promise((r) => setTimeout(r, ms))]);
  }

  /**
   * True when the current device was lost with reason `destroyed` although the page never destroyed it: the
   * browser did. Chromium does so when it cannot back a WebGPU canvas's swap-chain textures (its GPU process has
   * no shared-image backing for them: headless without a display surface, or ANGLE without a Vulkan driver that
   * offers VK_KHR_surface), at the first frame presented to such a canvas (docs/demo.md).
   */
  get destroyedByBrowser(): boolean {
    if (!this.ctx || this.destroyedHere) return false;
    try {
      this.ctx.check();
      return false;
    } catch (e) {
      return e instanceof DeviceLostError && e.reason === 'destroyed';
    }
  }

  /** Drops the current device (destroyed if it still can be), so that the next {@link acquire} makes a new one. */
  discard(): void {
    try {
      this.ctx?.destroy();
    } catch {
      // A lost device may refuse destroy(); it is dropped either way.
    }
    this.ctx = undefined;
  }

  /** Loses the device on purpose (for tests of the recovery path): the next frame fails, reset recovers. */
  loseDevice(): void {
    this.destroyedHere = true;
    this.ctx?.device.destroy();
  }
}
