/** SGD particles in headless Chromium (WebGPU on SwiftShader): the same WGSL as in Node, same exact law. */
import { describe } from 'vitest';
import { gpuIt, useGpu } from '../shared/gpu.js';
import { expectSgdMatchesLyapunov } from '../shared/sgd-checks.js';

describe('SGD particles in Chromium', () => {
  const gpu = useGpu();

  gpuIt(
    'quadratic, with replacement: covariance = discrete Lyapunov solution within 5 SE (2^13 particles)',
    gpu,
    async (ctx) => {
      await expectSgdMatchesLyapunov(ctx, { particles: 2 ** 13, lr: 0.2, sampling: 'with' });
    },
  );
});
