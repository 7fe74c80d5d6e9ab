/** Errors raised by sgd-sde's GPU layer, each naming what failed. */

/** A WebGPU validation, out-of-memory or internal error caught around a labelled operation. */
export class GpuError extends Error {
  override name = 'GpuError';
  /**
   * @param message - what failed
   * @param kind - the error class (`validation`, `out-of-memory`, `internal`, `uncaptured`, ...)
   */
  constructor(
    message: string,
    /** `validation`, `out-of-memory`, `internal`, `uncaptured` or `lost`. */
    readonly kind: string,
  ) {
    super(message);
  }
}

/**
 * The device was lost (driver reset, watchdog, `destroy()`); `reason` is `GPUDeviceLostInfo.reason` (`destroyed`
 * or `unknown`).
 */
export class DeviceLostError extends GpuError {
  override name = 'DeviceLostError';
  /**
   * @param message - what happened
   * @param reason - the device-loss reason
   */
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message, 'lost');
  }
}

/** A WGSL compilation error, located in the original `.wgsl` file. */
export class WgslCompileError extends Error {
  override name = 'WgslCompileError';
  /**
   * @param message - the first located compiler error
   * @param diagnostics - every compiler message, located in its file or snippet
   * @param userInput - true when the error is in a user snippet (bad input rather than a library bug)
   */
  constructor(
    message: string,
    /** Each compiler message as `file:line:column: type: text`. */
    readonly diagnostics: string[],
    /** True when the shader includes a user snippet (a model, potential, observable or region): bad input. */
    readonly userInput = false,
  ) {
    super(message);
  }
}

const SCOPES: GPUErrorFilter[] = ['validation', 'out-of-memory', 'internal'];

/**
 * Runs `fn` inside validation, out-of-memory and internal error scopes and throws a {@link GpuError} naming
 * `what` if any of them caught an error. `fn` may be async; the scopes are popped after it settles.
 */
export async function withErrorScope<T>(
  device: GPUDevice,
  what: string,
  fn: () => T | Promise<T>,
): Promise<T> {
  for (const filter of SCOPES) device.pushErrorScope(filter);
  let result: T;
  try {
    result = await fn();
  } finally {
    const errors = await Promise.all(SCOPES.map(() => device.popErrorScope()));
    // Scopes pop in reverse order of pushing.
    const caught = errors
      .map((e, i) => (e ? { filter: SCOPES[SCOPES.length - 1 - i]!, e } : null))
      .filter((x) => x !== null);
    if (caught.length > 0) {
      const { filter, e } = caught[0]!;
      // biome-ignore lint/correctness/noUnsafeFinally: a GPU error outranks whatever fn returned.
      throw new GpuError(`${what}: ${filter} error: ${e.message}`, filter);
    }
  }
  return result;
}
