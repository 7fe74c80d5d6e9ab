/**
 * `navigator.gpu` for Node.js through Dawn (npm package `webgpu`). On a machine without a hardware Vulkan
 * driver, falls back to the SwiftShader Vulkan driver that Debian's `chromium` package ships. Importing this
 * module installs {@link requestNodeAdapter} as `createGpuContext`'s Node adapter finder.
 */

/** Vulkan driver manifests tried when no other adapter is found. */
export const SWIFTSHADER_ICDS = [
  '/usr/lib/chromium/vk_swiftshader_icd.json',
  '/usr/lib/chromium-browser/vk_swiftshader_icd.json',
];

interface DawnModule {
  create(options: string[]): GPU;
  globals: Record<string, unknown>;
}

import { type NodeAdapter, setNodeAdapterProvider } from './device.js';

/** A GPU entry point plus everything that must stay referenced while its devices live. */
export interface NodeGpu extends NodeAdapter {
  /** The Dawn instance the adapter came from. */
  gpu: GPU;
  /** Dawn aborts if a `create()` result is garbage collected while its device is in use: keep it here. */
  keepAlive: unknown[];
}

// Dawn instances stay referenced for the life of the process (see NodeGpu.keepAlive).
const instances: unknown[] = [];

async function importDawn(): Promise<DawnModule> {
  const name = 'webgpu';
  try {
    return (await import(/* @vite-ignore */ name)) as DawnModule;
  } catch (e) {
    throw new Error(
      'sgd-sde needs the npm package "webgpu" (Dawn, WebGPU for Node), an optional peer dependency: install it ' +
        `with \`npm install webgpu\` (${(e as Error).message})`,
    );
  }
}

async function nodeFs(): Promise<typeof import('node:fs')> {
  const name = 'node:fs';
  return (await import(/* @vite-ignore */ name)) as typeof import('node:fs');
}

/**
 * Finds a WebGPU adapter in Node. Tries the system's drivers first when the machine has a GPU device node or a
 * driver is named by `VK_ICD_FILENAMES` / `VK_DRIVER_FILES`, then SwiftShader. `SGD_SDE_ADAPTER=swiftshader`
 * skips straight to SwiftShader. Sets Dawn's WebGPU globals (`GPUBufferUsage`, ...) on `globalThis`.
 *
 * @param options - passed to `GPU.requestAdapter` (e.g. `powerPreference`)
 * @returns the Dawn instance, the adapter, what must stay referenced, and which path found it
 * @throws Error when the `webgpu` package cannot be loaded, or no adapter is found even with SwiftShader
 *
 * @example
 * ```ts
 * import { requestNodeAdapter } from 'sgd-sde/node';
 *
 * const { adapter, how } = await requestNodeAdapter({ powerPreference: 'high-performance' });
 * console.log(adapter.info.vendor, how); // "default" or "swiftshader-fallback"
 * ```
 */
export async function requestNodeAdapter(options: GPURequestAdapterOptions = {}): Promise<NodeGpu> {
  const dawn = await importDawn();
  Object.assign(globalThis, dawn.globals);
  const fs = await nodeFs();
  const env = process.env;
  // Vulkan's window-system probing complains on stderr when this is unset; no window is ever used.
  if (!env.XDG_RUNTIME_DIR) env.XDG_RUNTIME_DIR = (await import(/* @vite-ignore */ 'node:os')).tmpdir();
  const forced = env.SGD_SDE_ADAPTER;
  const namedDriver = Boolean(env.VK_ICD_FILENAMES || env.VK_DRIVER_FILES);
  // A hardware adapter needs a GPU device node; without one, asking the system's Vulkan drivers only prints
  // their complaints (Mesa's lavapipe, for one, is rejected by Dawn), so go straight to SwiftShader.
  const gpuNode =
    fs.existsSync('/dev/nvidia0') ||
    (fs.existsSync('/dev/dri') && fs.readdirSync('/dev/dri').some((f) => f.startsWith('renderD')));

  if (forced !== 'swiftshader' && (namedDriver || gpuNode)) {
    const gpu = dawn.create([]);
    instances.push(gpu);
    const adapter = await gpu.requestAdapter(options);
    if (adapter) return { gpu, adapter, keepAlive: [gpu, adapter], how: 'default' };
  }
  const icd = SWIFTSHADER_ICDS.find((p) => fs.existsSync(p));
  if (!icd) {
    throw new Error(
      'no WebGPU adapter found, and no SwiftShader Vulkan driver to fall back to: install a Vulkan driver, or ' +
        "Debian's chromium and libvulkan1 (apt-get install chromium libvulkan1)",
    );
  }
  env.VK_ICD_FILENAMES = icd;
  delete env.VK_DRIVER_FILES;
  const gpu = dawn.create([]);
  instances.push(gpu);
  const adapter = await gpu.requestAdapter(options);
  if (!adapter) {
    throw new Error(
      `no WebGPU adapter found, even with SwiftShader (${icd}); is the Vulkan loader libvulkan.so.1 installed ` +
        '(apt-get install libvulkan1)?',
    );
  }
  return { gpu, adapter, keepAlive: [gpu, adapter], how: 'swiftshader-fallback' };
}

setNodeAdapterProvider(requestNodeAdapter);
