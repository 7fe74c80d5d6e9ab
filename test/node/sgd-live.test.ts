/**
 * Live SGD / SGD-SDE ensembles (src/sgd/live.ts) and the pair histogram (src/reduce/pair-histogram.ts) on Dawn:
 *  - advancing a live ensemble K steps in uneven pieces gives bit-identical moments to runSgd / runSde with K
 *    steps and the same seed (same kernel, same random counters; the moment sums are deterministic);
 *  - reset repeats the run exactly;
 *  - the 2-D histogram of the interleaved state equals counts made on the host from the read-back weights
 *    (integer counts, same float32 cell arithmetic), for several bin shapes and particle counts;
 *  - bad arguments throw before GPU work.
 */
import { describe, expect } from 'vitest';
import { readBuffer } from '../../src/gpu/buffers.js';
import { createPairHistogram } from '../../src/reduce/pair-histogram.js';
import { makeNonconvex2dDataset, makeQuadraticDataset } from '../../src/sgd/datasets.js';
import { runSde, runSgd } from '../../src/sgd/ensemble.js';
import { createSgdEnsemble } from '../../src/sgd/live.js';
import { gpuIt, useGpu } from '../shared/gpu.js';

const dataset = makeNonconvex2dDataset({ examples: 32, seed: 5 });
const base = { dataset, batch: 4, lr: 0.05, particles: 3000, w0: [1.8, -1.6], seed: 11 };
const K = 23;
const PIECES = [1, 7, 0, 15];

/** Host counts with the kernel's float32 arithmetic: floor((v − lo) · bins/(hi − lo)). */
function hostPairCounts(
  w: Float32Array,
  stride: number,
  x: { lo: number; hi: number; bins: number },
  y: { lo: number; hi: number; bins: number },
) {
  const f = Math.fround;
  const counts = new Uint32Array(x.bins * y.bins);
  let outside = 0;
  const ix = f(x.bins / (x.hi - x.lo));
  const iy = f(y.bins / (y.hi - y.lo));
  for (let p = 0; p < w.length / stride; p++) {
    const cx = Math.floor(f(f(w[p * stride]! - f(x.lo)) * ix));
    const cy = Math.floor(f(f(w[p * stride + 1]! - f(y.lo)) * iy));
    if (cx >= 0 && cx < x.bins && cy >= 0 && cy < y.bins) counts[cy * x.bins + cx]!++;
    else outside++;
  }
  return { counts, outside, max: Math.max(...counts) };
}

describe('live SGD ensembles', () => {
  const gpu = useGpu();

  for (const sampling of ['with', 'without'] as const) {
    gpuIt(`SGD (${sampling}) advanced in pieces equals runSgd with the same seed`, gpu, async (ctx) => {
      const live = await createSgdEnsemble(ctx, { ...base, method: 'sgd', sampling, stepsPerDispatch: 4 });
      try {
        for (const s of PIECES) live.advance(s);
        expect(live.steps).toBe(K);
        expect(live.time).toBeCloseTo(K * base.lr, 12);
        const a = await live.moments();
        const b = await runSgd(ctx, { ...base, sampling, steps: K });
        expect(a.moments.mean).toEqual(b.moments.mean);
        expect(a.moments.covariance).toEqual(b.moments.covariance);
        expect(a.loss.mean).toBe(b.loss.mean);
        // Reset repeats the run exactly.
        live.reset();
        live.advance(K);
        expect((await live.moments()).moments.mean).toEqual(b.moments.mean);
      } finally {
        live.destroy();
      }
    });
  }

  for (const modified of [false, true]) {
    gpuIt(`SDE (Heun${modified ? ', modified' : ''}) advanced in pieces equals runSde`, gpu, async (ctx) => {
      const o = { ...base, scheme: 'heun' as const, substeps: 2, modified };
      const live = await createSgdEnsemble(ctx, { ...o, method: 'sde', stepsPerDispatch: 5 });
      try {
        for (const s of PIECES) live.advance(s);
        const a = await live.moments();
        const b = await runSde(ctx, { ...o, steps: K });
        expect(a.moments.mean).toEqual(b.moments.mean);
        expect(a.moments.covariance).toEqual(b.moments.covariance);
      } finally {
        live.destroy();
      }
    });
  }

  gpuIt(
    'η and B changes carry the particles on (a changed run differs from the unchanged one)',
    gpu,
    async (ctx) => {
      const mk = () => createSgdEnsemble(ctx, { ...base, method: 'sgd', sampling: 'without' });
      const [a, b] = await Promise.all([mk(), mk()]);
      try {
        a.advance(10);
        b.advance(10);
        b.setParameters({ lr: 0.1, batch: 8 });
        expect(b.lr).toBe(0.1);
        expect(b.batch).toBe(8);
        a.advance(10);
        b.advance(10);
        expect(b.time).toBeCloseTo(10 * 0.05 + 10 * 0.1, 12);
        const [ma, mb] = [await a.moments(), await b.moments()];
        expect(mb.moments.nonFinite).toBe(0);
        expect(mb.moments.mean).not.toEqual(ma.moments.mean);
        expect(() => b.setParameters({ batch: 33 })).toThrow(/batch/);
        expect(() => b.setParameters({ lr: -1 })).toThrow(/learning rate/);
      } finally {
        a.destroy();
        b.destroy();
      }
    },
  );

  for (const [particles, bx, by] of [
    [3000, 64, 64],
    [4097, 17, 130],
    [1, 128, 96],
  ] as const) {
    gpuIt(
      `2-D histogram of the interleaved state: ${particles} particles, ${bx}×${by} cells`,
      gpu,
      async (ctx) => {
        const live = await createSgdEnsemble(ctx, { ...base, particles, method: 'sgd', sampling: 'with' });
        const x = { lo: -2.2, hi: 2.2, bins: bx };
        const y = { lo: -2, hi: 1.5, bins: by };
        const hist = await createPairHistogram(ctx.device, x, y, 'test pair histogram');
        try {
          live.advance(12);
          for (let round = 0; round < 2; round++) {
            const enc = ctx.device.createCommandEncoder({ label: 'test pair histogram' });
            live.histogram2d(enc, hist);
            ctx.device.queue.submit([enc.finish()]);
            const got = await hist.read();
            const w = new Float32Array(await readBuffer(ctx.device, live.state));
            const want = hostPairCounts(w, 2, x, y);
            expect(got.outside).toBe(want.outside);
            expect(got.max).toBe(want.max);
            expect(Array.from(got.counts)).toEqual(Array.from(want.counts));
            expect(got.counts.reduce((s, c) => s + c, 0) + got.outside).toBe(particles);
            live.advance(3);
          }
        } finally {
          hist.destroy();
          live.destroy();
        }
      },
    );
  }

  gpuIt('bad options throw before GPU work', gpu, async (ctx) => {
    const quad = makeQuadraticDataset({ examples: 16, dim: 2, seed: 1 });
    await expect(
      createSgdEnsemble(ctx, { ...base, dataset: quad, batch: 17, method: 'sgd', sampling: 'with' }),
    ).rejects.toThrow(/batch 17 is larger/);
    await expect(createSgdEnsemble(ctx, { ...base, lr: 0, method: 'sde' })).rejects.toThrow(/learning rate/);
    await expect(
      createSgdEnsemble(ctx, { ...base, method: 'sgd', sampling: 'bogus' as 'with' }),
    ).rejects.toThrow(/sampling/);
    await expect(
      createPairHistogram(ctx.device, { lo: 1, hi: 0, bins: 4 }, { lo: 0, hi: 1, bins: 4 }),
    ).rejects.toThrow(/range/);
  });
});
