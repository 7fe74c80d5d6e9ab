/**
 * One way to get a `GPUDevice` in a browser (`navigator.gpu`) and in Node.js (Dawn through the `webgpu`
 * package, with a SwiftShader fallback), with errors that say what failed. This module never loads Node code
 * itself: the Node entry (src/node.ts) installs the Dawn adapter finder with {@link setNodeAdapterProvider}, so a
 * browser bundle of the library holds no Node built-ins.
 */
import { DeviceLostError, GpuError } from './errors.js';

/** Optional features sgd-sde can use when the adapter has them. */
export const OPTIONAL_FEATURES: readonly GPUFeatureName[] = ['timestamp-query', 'subgroups', 'shader-f16'];

/** A device with the facts about it that results report, and its error state. */
export interface GpuContext {
  readonly device: GPUDevice;
  readonly adapterInfo: GPUAdapterInfo;
  /** Human-readable adapter name, e.g. `google swiftshader (SwiftShader driver)`. */
  readonly adapterName: string;
  /** `browser`, `node` or `node-swiftshader-fallback`. */
  readonly backend: string;
  readonly features: ReadonlySet<string>;
  readonly limits: GPUSupportedLimits;
  /** Throws the first uncaptured GPU error or the device loss recorded so far. */
  check(): void;
  /** Rejects with a {@link DeviceLostError} when the device is lost for any reason but `destroy()`. */
  readonly lost: Promise<never>;
  /** Destroys the device; the context must not be used afterwards. */
  destroy(): void;
}

/** Options for {@link createGpuContext}. */
export interface GpuContextOptions {
  powerPreference?: GPUPowerPreference;
  /** Optional features to enable when present (default: {@link OPTIONAL_FEATURES}). */
  optionalFeatures?: readonly GPUFeatureName[];
  /** Ask for the adapter's maximum buffer limits (default true). */
  maxLimits?: boolean;
  label?: string;
}

function describeAdapter(info: GPUAdapterInfo): string {
  const name = [info.vendor, info.architecture].filter(Boolean).join(' ') || 'unknown adapter';
  const extra = [info.description, info.device].filter(Boolean).join(', ');
  return extra ? `${name} (${extra})` : name;
}

function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

/** An adapter found in Node, plus the objects that must stay referenced while its devices live. */
export interface NodeAdapter {
  adapter: GPUAdapter;
  keepAlive: unknown[];
  /** `default` (the system's drivers) or `swiftshader-fallback`. */
  how: string;
}

/** Finds a WebGPU adapter in Node (the Node entry's is `requestNodeAdapter`, Dawn with a SwiftShader fallback). */
export type NodeAdapterProvider = (options: GPURequestAdapterOptions) => Promise<NodeAdapter>;

let nodeAdapterProvider: NodeAdapterProvider | undefined;

/**
 * Sets how {@link createGpuContext} finds an adapter in Node. The Node entry (`sgd-sde` under Node's `node` export
 * condition, or `sgd-sde/node`) calls this with its Dawn adapter finder when it is loaded.
 *
 * @param provider - the adapter finder, or `undefined` to remove it
 */
export function setNodeAdapterProvider(provider: NodeAdapterProvider | undefined): void {
  if (provider !== undefined && typeof provider !== 'function') {
    throw new TypeError(`setNodeAdapterProvider: expected a function, got ${typeof provider}`);
  }
  nodeAdapterProvider = provider;
}

/** Wait before the one repeated `requestAdapter` in a browser (see createGpuContext). */
const ADAPTER_RETRY_MS = 250;

/**
 * Requests an adapter and a device. In a browser it uses `navigator.gpu`; in Node it loads Dawn and, when no
 * hardware adapter exists, the SwiftShader Vulkan driver. Optional features are enabled only where present.
 *
 * @param options - power preference, optional features, limits and the device label
 * @returns the device with its adapter facts and error state
 * @throws Error when WebGPU or an adapter is unavailable (the message says what to enable or install), or, in Node,
 *   when the Node entry is not loaded or the `webgpu` package is missing
 * @example
 * ```ts
 * import { createGpuContext } from 'sgd-sde';
 *
 * const ctx = await createGpuContext();
 * console.log(ctx.adapterName, ctx.backend); // e.g. "google swiftshader (SwiftShader driver)", "node"
 * // ... run ensembles on ctx ...
 * ctx.check(); // throws the first uncaptured GPU error, if any
 * ctx.destroy();
 * ```
 */
export async function createGpuContext(options: GpuContextOptions = {}): Promise<GpuContext> {
  const adapterOptions: GPURequestAdapterOptions = {};
  if (options.powerPreference) adapterOptions.powerPreference = options.powerPreference;
  let adapter: GPUAdapter | null;
  let backend: string;
  let keepAlive: unknown[] = [];
  const nav = (globalThis as { navigator?: Navigator }).navigator;
  if (nav?.gpu && !isNode()) {
    adapter = await nav.gpu.requestAdapter(adapterOptions);
    backend = 'browser';
    if (!adapter) {
      // Chromium answers null while the page's WebGPU instance belongs to a GPU process that has just been
      // replaced ("A valid external Instance reference no longer exists" on the console); a request made after
      // the new one is up gets an adapter. Once, after a short wait.
      await new Promise((ok) => setTimeout(ok, ADAPTER_RETRY_MS));
      adapter = await nav.gpu.requestAdapter(adapterOptions);
    }
    if (!adapter) {
      throw new Error(
        'WebGPU is available but no adapter was found: enable hardware acceleration, or start Chromium with ' +
          '--enable-unsafe-webgpu',
      );
    }
  } else if (isNode()) {
    if (!nodeAdapterProvider) {
      throw new Error(
        'createGpuContext in Node needs the Node entry of sgd-sde, which loads Dawn (npm package "webgpu"): this ' +
          'copy was resolved without Node\'s "node" export condition (a bundler targeting browsers?); import ' +
          "'sgd-sde/node' once before calling createGpuContext",
      );
    }
    const found = await nodeAdapterProvider(adapterOptions);
    adapter = found.adapter;
    keepAlive = found.keepAlive;
    backend = found.how === 'default' ? 'node' : 'node-swiftshader-fallback';
  } else {
    throw new Error(
      'WebGPU is not available in this browser: use a recent Chrome, Edge or Firefox with WebGPU enabled ' +
        '(chrome://flags/#enable-unsafe-webgpu on Linux)',
    );
  }

  const wanted = options.optionalFeatures ?? OPTIONAL_FEATURES;
  const deviceFrom = (a: GPUAdapter) => {
    const requiredFeatures = wanted.filter((f) => a.features.has(f));
    const requiredLimits: Record<string, number> = {};
    if (options.maxLimits !== false) {
      for (const name of [
        'maxStorageBufferBindingSize',
        'maxBufferSize',
        'maxComputeWorkgroupStorageSize',
        'maxComputeInvocationsPerWorkgroup',
        'maxComputeWorkgroupSizeX',
        'maxStorageBuffersPerShaderStage',
      ] as const) {
        requiredLimits[name] = a.limits[name];
      }
    }
    return a.requestDevice({ label: options.label ?? 'sgd-sde device', requiredFeatures, requiredLimits });
  };
  let device: GPUDevice;
  try {
    device = await deviceFrom(adapter);
  } catch (err) {
    // A browser's adapter can expire before requestDevice (its GPU process restarted: Chromium says "A valid
    // external Instance reference no longer exists"); the WebGPU spec's remedy is a fresh requestAdapter. Once.
    if (backend !== 'browser' || !nav?.gpu) throw err;
    const again = await nav.gpu.requestAdapter(adapterOptions);
    if (!again) throw err;
    adapter = again;
    device = await deviceFrom(adapter);
  }
  const info = adapter.info ?? device.adapterInfo;

  let failure: Error | null = null;
  let destroyed = false;
  device.addEventListener('uncapturederror', (event) => {
    const e = (event as GPUUncapturedErrorEvent).error;
    failure ??= new GpuError(`uncaptured GPU error: ${e.message}`, 'uncaptured');
  });
  const lost = device.lost.then((info): never => {
    const err = new DeviceLostError(`GPU device lost (${info.reason}): ${info.message}`, info.reason);
    if (!destroyed) failure ??= err;
    throw err;
  });
  // A loss nobody awaits must not become an unhandled rejection.
  lost.catch(() => {});

  return {
    device,
    adapterInfo: info,
    adapterName: describeAdapter(info),
    backend,
    features: new Set([...device.features]),
    limits: device.limits,
    lost,
    check() {
      if (failure) throw failure;
    },
    destroy() {
      destroyed = true;
      device.destroy();
      keepAlive.length = 0;
    },
  };
}
