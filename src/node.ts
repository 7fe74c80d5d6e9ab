/// <reference types="@webgpu/types" preserve="true" />
/**
 * The Node entry of sgd-sde (`sgd-sde` under Node's `node` export condition, and `sgd-sde/node`): everything the
 * main entry exports, plus WebGPU through Dawn. Loading it makes `createGpuContext` find its adapter with
 * {@link requestNodeAdapter}: the system's Vulkan drivers when the machine has a GPU, else the SwiftShader driver
 * that Debian's `chromium` package ships. Dawn is the npm package `webgpu`, an optional peer dependency that a
 * Node project installs itself (`npm install webgpu`).
 *
 * @packageDocumentation
 */
// Importing gpu/node-gpu.js installs requestNodeAdapter as createGpuContext's Node adapter finder.

export type { NodeAdapter } from './gpu/device.js';
export { type NodeGpu, requestNodeAdapter, SWIFTSHADER_ICDS } from './gpu/node-gpu.js';
export * from './index.js';
