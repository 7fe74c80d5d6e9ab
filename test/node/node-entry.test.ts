/**
 * createGpuContext in Node finds its adapter through the finder the Node entry installs (src/gpu/node-gpu.ts,
 * loaded by test/node/setup-dawn.ts as by src/node.ts): without one it says what to import, and the setter
 * refuses what is not a function.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createGpuContext, setNodeAdapterProvider } from '../../src/gpu/device.js';
import { requestNodeAdapter } from '../../src/gpu/node-gpu.js';

describe('the Node adapter finder', () => {
  afterEach(() => {
    setNodeAdapterProvider(requestNodeAdapter);
  });

  it('is missing: createGpuContext names the Node entry to import', async () => {
    setNodeAdapterProvider(undefined);
    await expect(createGpuContext()).rejects.toThrow(
      /import 'sgd-sde\/node' once before calling createGpuContext/,
    );
  });

  it('is not a function: the setter throws a TypeError', () => {
    expect(() => setNodeAdapterProvider('dawn' as never)).toThrow(TypeError);
  });

  it('is called with the adapter options', async () => {
    const seen: GPURequestAdapterOptions[] = [];
    setNodeAdapterProvider(async (options) => {
      seen.push(options);
      throw new Error('no adapter here');
    });
    await expect(createGpuContext({ powerPreference: 'low-power' })).rejects.toThrow('no adapter here');
    expect(seen).toEqual([{ powerPreference: 'low-power' }]);
  });
});
