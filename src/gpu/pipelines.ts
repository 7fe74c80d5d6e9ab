/** Compute pipelines built once per device and shader configuration. */
import { withErrorScope } from './errors.js';
import { createShaderModuleFromFile } from './shader-module.js';
import type { ShaderDefines } from './shader-source.js';

const cache = new WeakMap<GPUDevice, Map<string, Promise<GPUComputePipeline>>>();

/** Describes a compute pipeline made from one `.wgsl` entry file. */
export interface KernelSpec {
  /** Path under `shaders/`. */
  file: string;
  entryPoint?: string;
  /** Pipeline-overridable constants (`override` declarations). */
  constants?: Record<string, number>;
  defines?: ShaderDefines;
  /** Extra named WGSL sources (user snippets) available to `#include`. */
  extra?: Record<string, string>;
  label?: string;
}

/** Returns a cached compute pipeline for `spec`, compiling it on first use (layout `auto`). */
export function getComputePipeline(device: GPUDevice, spec: KernelSpec): Promise<GPUComputePipeline> {
  let perDevice = cache.get(device);
  if (!perDevice) {
    perDevice = new Map();
    cache.set(device, perDevice);
  }
  const key = JSON.stringify([spec.file, spec.entryPoint, spec.constants, spec.defines, spec.extra]);
  let pipeline = perDevice.get(key);
  if (!pipeline) {
    const label = spec.label ?? spec.file;
    pipeline = (async () => {
      const opts: Parameters<typeof createShaderModuleFromFile>[2] = { label };
      if (spec.defines) opts.defines = spec.defines;
      if (spec.extra) opts.extra = spec.extra;
      const module = await createShaderModuleFromFile(device, spec.file, opts);
      return withErrorScope(device, `creating pipeline ${label}`, () =>
        device.createComputePipelineAsync({
          label,
          layout: 'auto',
          compute: { module, entryPoint: spec.entryPoint ?? 'main', constants: spec.constants ?? {} },
        }),
      );
    })();
    perDevice.set(key, pipeline);
    pipeline.catch(() => perDevice.delete(key));
  }
  return pipeline;
}
