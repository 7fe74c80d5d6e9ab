/**
 * Host-side parts of the SGD particles (no GPU): the Lyapunov solvers against SciPy fixtures, the dataset
 * generators' exact facts, and strict input validation that must fail before any GPU work.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { GpuContext } from '../../src/gpu/device.js';
import {
  DatasetError,
  datasetFromArrays,
  datasetFromCsv,
  makeQuadraticDataset,
  parseNumericCsv,
} from '../../src/sgd/datasets.js';
import { runSde, runSgd } from '../../src/sgd/ensemble.js';
import { lyapunovContinuous, lyapunovDiscrete, sgdStationaryCovariance } from '../../src/sgd/lyapunov.js';

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/sgd/lyapunov.json', import.meta.url), 'utf8'),
) as {
  cases: {
    d: number;
    H: number[];
    C: number[];
    lr: number;
    batch: number;
    discrete: number[];
    continuous: number[];
    A: number[];
    continuousGeneral: number[];
  }[];
};

/** Tolerance rule of test/fixtures/sgd/lyapunov.py: 1e-10 relative to the largest entry. */
function expectClose(got: ArrayLike<number>, want: number[]): void {
  const scale = Math.max(...want.map(Math.abs));
  want.forEach((w, i) => {
    expect(Math.abs(got[i]! - w)).toBeLessThanOrEqual(1e-10 * scale);
  });
}

describe('Lyapunov solvers vs scipy.linalg', () => {
  for (const c of fixture.cases) {
    it(`d = ${c.d}: discrete (SGD), continuous (SDE) and a non-symmetric continuous case`, () => {
      expectClose(sgdStationaryCovariance(c.H, c.C, c.d, c.lr, c.batch), c.discrete);
      expectClose(
        lyapunovContinuous(
          c.H,
          c.C.map((v) => (c.lr * v) / c.batch),
          c.d,
        ),
        c.continuous,
      );
      expectClose(lyapunovContinuous(c.A, c.C, c.d), c.continuousGeneral);
    });
  }
  it('rejects an unstable discrete equation (eigenvalue 1 of A⊗A)', () => {
    expect(() => lyapunovDiscrete([1], [1], 1)).toThrow(/singular/);
  });
});

describe('quadratic dataset', () => {
  it('stores centred ξ_i whose float64 covariance is the recorded C, and H with the requested spectrum', () => {
    const ds = makeQuadraticDataset({ examples: 500, dim: 4, eigenvalues: [0.5, 1, 2, 3], seed: 9 });
    const d = 4;
    for (let j = 0; j < d; j++) expect(Math.abs(ds.noiseMean![j]!)).toBeLessThan(1e-6);
    // tr H = sum of eigenvalues, tr H² = sum of squares (float32 storage: 1e-5 relative).
    let tr = 0;
    let tr2 = 0;
    for (let i = 0; i < d; i++) {
      tr += ds.hessian![i * d + i]!;
      for (let j = 0; j < d; j++) tr2 += ds.hessian![i * d + j]! ** 2;
    }
    expect(tr).toBeCloseTo(6.5, 5);
    expect(tr2).toBeCloseTo(14.25, 4);
    // C from the rows, recomputed independently.
    const c = new Float64Array(d * d);
    for (let e = 0; e < 500; e++)
      for (let a = 0; a < d; a++)
        for (let b = 0; b < d; b++)
          c[a * d + b]! +=
            ((ds.rows[e * d + a]! - ds.noiseMean![a]!) * (ds.rows[e * d + b]! - ds.noiseMean![b]!)) / 500;
    c.forEach((v, k) => {
      expect(v).toBeCloseTo(ds.noiseCovariance![k]!, 12);
    });
  });
});

describe('input validation (before any GPU work)', () => {
  // A context whose every property throws: a run that touches the GPU before validating fails differently.
  const noGpu = new Proxy({} as GpuContext, {
    get() {
      throw new Error('GPU touched before validation');
    },
  });
  const ds = makeQuadraticDataset({ examples: 10, dim: 4 });
  const base = { dataset: ds, lr: 0.1, batch: 2, steps: 5, particles: 4, seed: 1 } as const;

  it('batch larger than the dataset', async () => {
    await expect(runSgd(noGpu, { ...base, batch: 11, sampling: 'with' })).rejects.toThrow(
      /batch 11 is larger than the dataset \(10 examples\)/,
    );
    await expect(runSde(noGpu, { ...base, batch: 11 })).rejects.toThrow(DatasetError);
  });
  for (const lr of [0, -0.1, Number.NaN, Number.POSITIVE_INFINITY]) {
    it(`η = ${lr}`, async () => {
      await expect(runSgd(noGpu, { ...base, lr, sampling: 'without' })).rejects.toThrow(
        /learning rate η must be a finite number > 0/,
      );
      await expect(runSde(noGpu, { ...base, lr })).rejects.toThrow(/learning rate/);
    });
  }
  it('other bad options', async () => {
    await expect(runSgd(noGpu, { ...base, sampling: 'bogus' as 'with' })).rejects.toThrow(/sampling must be/);
    await expect(runSgd(noGpu, { ...base, sampling: 'svag', svagL: 0 })).rejects.toThrow(/svagL/);
    await expect(runSgd(noGpu, { ...base, particles: 0, sampling: 'with' })).rejects.toThrow(/particles/);
    await expect(runSgd(noGpu, { ...base, w0: [1, 2], sampling: 'with' })).rejects.toThrow(/w0/);
  });
  it('ragged CSV rows', () => {
    expect(() => datasetFromCsv('1,2,3\n4,5,6\n7,8\n', { loss: 'squared' })).toThrow(
      /CSV line 3 has 2 fields, expected 3 \(ragged rows\)/,
    );
  });
  it('non-numbers in CSV, with line and column', () => {
    expect(() => datasetFromCsv('1,2,3\n4,abc,6\n', { loss: 'squared' })).toThrow(
      /CSV line 2, column 2: "abc" is not a number/,
    );
    expect(() => datasetFromCsv('1,2,3\n4,,6\n', { loss: 'squared' })).toThrow(
      /column 2: "" is not a number/,
    );
    expect(() => datasetFromCsv('1,2,3\n4,NaN,6\n', { loss: 'squared' })).toThrow(/"NaN" is not a number/);
    expect(() => datasetFromCsv('x,y,t\n4,5,6\n', { loss: 'squared' })).toThrow(/header/);
  });
  it('accepts a header, CRLF and a trailing blank line; checks logistic labels', () => {
    const ds = datasetFromCsv('x1,x2,y\r\n1,2,0\r\n3,4.5e-1,1\r\n\r\n', { loss: 'logistic', header: true });
    expect(ds.examples).toBe(2);
    expect(ds.dim).toBe(2);
    expect(Array.from(ds.rows)).toEqual([1, 2, 0, 3, Math.fround(0.45), 1]);
    expect(() => datasetFromCsv('1,2,0.5\n', { loss: 'logistic' })).toThrow(/must be 0 or 1/);
    expect(parseNumericCsv('1,2\n3,4')).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
  it('arrays: ragged rows, non-finite values, length mismatch', () => {
    expect(() => datasetFromArrays({ features: [[1, 2], [3]], targets: [0, 1], loss: 'squared' })).toThrow(
      /row 2 has 1 features, expected 2/,
    );
    expect(() => datasetFromArrays({ features: [[1, Number.NaN]], targets: [0], loss: 'squared' })).toThrow(
      /not a finite number/,
    );
    expect(() => datasetFromArrays({ features: [[1]], targets: [0, 1], loss: 'squared' })).toThrow(/targets/);
  });
});
