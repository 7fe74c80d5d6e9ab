/// <reference types="@webgpu/types" preserve="true" />
/**
 * What `sgd-sde` resolves to under Node's `node` export condition: the main entry, with Dawn installed as
 * `createGpuContext`'s adapter finder (src/node.ts).
 */
import './node.js';

export * from './index.js';
