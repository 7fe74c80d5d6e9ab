/** SGD-particle checks that both the Node (Dawn) and browser (Chromium) projects run. */
import { expect } from 'vitest';
import type { GpuContext } from '../../src/gpu/device.js';
import { makeQuadraticDataset } from '../../src/sgd/datasets.js';
import { runSgd, type Sampling } from '../../src/sgd/ensemble.js';
import { sgdStationaryCovariance } from '../../src/sgd/lyapunov.js';

/**
 * SGD on the quadratic problem (d = 4, eigenvalues 1, 1.4, 1.8, 2.4) from w0 = 0 for t = Kη = 5 (transient
 * e^{-10}): every covariance entry within 5 SE of the discrete Lyapunov solution. `with` and `gaussian` share
 * this law exactly; returns the largest |z|.
 */
export async function expectSgdMatchesLyapunov(
  ctx: GpuContext,
  o: { particles: number; lr: number; sampling: Extract<Sampling, 'with' | 'gaussian'> },
): Promise<number> {
  const d = 4;
  const batch = 4;
  const ds = makeQuadraticDataset({ examples: 256, dim: d, eigenvalues: [1, 1.4, 1.8, 2.4], seed: 7 });
  const r = await runSgd(ctx, {
    dataset: ds,
    lr: o.lr,
    batch,
    steps: Math.round(5 / o.lr),
    particles: o.particles,
    seed: 17,
    sampling: o.sampling,
  });
  const exact = sgdStationaryCovariance(ds.hessian!, ds.noiseCovariance!, d, o.lr, batch);
  let z = 0;
  for (let k = 0; k < d * d; k++) {
    z = Math.max(z, Math.abs(r.moments.covariance[k]! - exact[k]!) / r.moments.covarianceSE[k]!);
  }
  expect(r.moments.nonFinite).toBe(0);
  expect(z).toBeLessThanOrEqual(5);
  return z;
}
