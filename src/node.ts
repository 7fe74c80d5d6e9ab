/// <reference types="@webgpu/types" preserve="true" />
/**
 * `sgd-sde/node`: WebGPU in Node through Dawn. `sgd-sde` itself loads this under Node's `node` export condition
 * (src/index.node.ts), so Node programs need it only for what it exports. Loading it makes `createGpuContext`
 * find its adapter with {@link requestNodeAdapter}: the system's Vulkan drivers when the machine has a GPU, else
 * the SwiftShader driver that Debian's `chromium` package ships. Dawn is the npm package `webgpu`, an optional peer dependency that a
 * Node project installs itself (`npm install webgpu`).
 *
 * @packageDocumentation
 */
// Importing gpu/node-gpu.js installs requestNodeAdapter as createGpuContext's Node adapter finder.

export type { NodeAdapter } from './gpu/device.js';
export { type NodeGpu, requestNodeAdapter, SWIFTSHADER_ICDS } from './gpu/node-gpu.js';
