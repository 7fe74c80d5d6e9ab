/**
 * Chunked and unchunked runs, runs with other dispatch splits, shards merged, and a run paused and
 * resumed from a JSON checkpoint give bit-identical accumulators (exact sums, counts, histograms, first-passage
 * tallies) and therefore identical statistics. Also: a lost device is reported with the steps completed.
 */
import { describe, expect, it } from 'vitest';
import { mergeResults } from '../../src/engine/merge.js';
import { EnsembleInterruptedError, type EnsembleResult, runEnsemble } from '../../src/engine/run.js';
import type { SimulationSpec } from '../../src/engine/spec.js';
import { createGpuContext } from '../../src/gpu/device.js';
import { gpuIt, useGpu } from '../shared/gpu.js';

const spec: SimulationSpec = {
  model: {
    builtin: 'ou',
    params: {
      A: [
        [1.0, 0.6],
        [-0.4, 0.7],
      ],
      B: [
        [0.7, 0.0],
        [0.5, 0.4],
      ],
      mu: [0.5, -0.2],
    },
  },
  dt: 0.1,
  steps: 12,
  particles: 5 * 4096 + 123,
  seed: 99,
  init: {
    gaussian: {
      mean: [1, -1],
      cov: [
        [0.2, 0.05],
        [0.05, 0.1],
      ],
    },
  },
  outputs: {
    snapshots: [5],
    histograms: [
      { components: [0], bins: 40, range: [-2, 3] },
      {
        components: [0, 1],
        bins: [8, 8],
        range: [
          [-2, 3],
          [-3, 2],
        ],
      },
    ],
    observables: {
      wgsl: 'fn observable(k: u32, x: State, t: f32) -> f32 { return select(x[0] * x[1], cos(x[0]), k == 1u); }',
      count: 2,
    },
    firstPassage: { wgsl: 'fn in_region(x: State, t: f32) -> bool { return x[0] < 1.5; }', bins: 6 },
  },
};

const essence = (r: EnsembleResult) => JSON.stringify({ sums: r.sums, snapshots: r.snapshots });

describe('engine: results do not depend on chunks, dispatches, shards or pauses', () => {
  const gpu = useGpu();
  let reference: EnsembleResult;

  gpuIt(
    'single chunk vs 4096-particle chunks vs 8192-particle chunks with other dispatch splits',
    gpu,
    async (ctx) => {
      reference = await runEnsemble(ctx, spec);
      expect(reference.chunks).toBe(1);
      expect(reference.n).toBe(spec.particles);
      expect(reference.snapshots[1]!.firstPassage!.exited).toBeGreaterThan(0);
      const small = await runEnsemble(ctx, spec, { maxChunkParticles: 4096, stepsPerDispatch: 5 });
      expect(small.chunks).toBe(6);
      expect(essence(small)).toBe(essence(reference));
      const mid = await runEnsemble(ctx, spec, { maxChunkParticles: 8192, stepsPerDispatch: 1 });
      expect(mid.chunks).toBe(3);
      expect(essence(mid)).toBe(essence(reference));
    },
  );

  gpuIt('three shards merged equal the single run bit for bit, in any order', gpu, async (ctx) => {
    const parts: EnsembleResult[] = [];
    for (const index of [2, 0, 1])
      parts.push(await runEnsemble(ctx, spec, { shard: { index, count: 3 }, maxChunkParticles: 4096 }));
    expect(parts.map((p) => p.shard.end - p.shard.first).reduce((a, b) => a + b)).toBe(spec.particles);
    expect(essence(mergeResults(parts))).toBe(essence(reference));
    expect(() => mergeResults(parts.slice(1))).toThrow(/missing shard\(s\) 2\/3/);
  });

  gpuIt(
    'any split into 2…9 shards, empty shards included, merges to the single run bit for bit, n included',
    gpu,
    async (ctx) => {
      // More shards than 4096-particle tiles leaves some shards without particles: they must count none.
      for (const particles of [1, 100, 4095, 4096, 4097, 20_000]) {
        const small: SimulationSpec = {
          ...spec,
          particles,
          steps: 6,
          outputs: { ...spec.outputs, snapshots: [3] },
        };
        const single = await runEnsemble(ctx, small);
        expect(single.n).toBe(particles);
        for (let count = 2; count <= 9; count++) {
          const parts: EnsembleResult[] = [];
          for (let index = 0; index < count; index++) {
            const part = await runEnsemble(ctx, small, { shard: { index, count } });
            expect(part.n).toBe(part.shard.end - part.shard.first);
            if (part.shard.end === part.shard.first) expect(part.chunks).toBe(0);
            parts.push(part);
          }
          const merged = mergeResults(parts);
          expect(merged.n, `N = ${particles}, ${count} shards`).toBe(particles);
          expect(essence(merged), `N = ${particles}, ${count} shards`).toBe(essence(single));
        }
      }
    },
  );

  gpuIt(
    'a run paused mid-chunk and resumed from its JSON checkpoint equals the uninterrupted run',
    gpu,
    async (ctx) => {
      let calls = 0;
      const paused = await runEnsemble(ctx, spec, {
        maxChunkParticles: 8192,
        stepsPerDispatch: 2,
        shouldPause: () => ++calls === 5,
      });
      expect(paused.status).toBe('paused');
      const cp = JSON.parse(JSON.stringify(paused.checkpoint));
      expect(cp.chunk).toBe(0);
      expect(cp.step).toBeGreaterThan(0);
      const resumed = await runEnsemble(ctx, spec, { resume: cp, stepsPerDispatch: 3 });
      expect(resumed.status).toBe('complete');
      expect(essence(resumed)).toBe(essence(reference));
    },
  );

  gpuIt('auto histogram ranges (a min/max pass) agree between one chunk and many', gpu, async (ctx) => {
    const auto = {
      ...spec,
      outputs: { histograms: [{ components: [1], bins: 30, range: 'auto' as const }] },
    };
    const one = await runEnsemble(ctx, auto);
    const many = await runEnsemble(ctx, auto, { maxChunkParticles: 4096 });
    expect(many.chunks).toBe(6);
    expect(JSON.stringify(many.sums)).toBe(JSON.stringify(one.sums));
    const h = one.snapshots[0]!.histograms[0]!;
    expect(h.below + h.above + h.excluded).toBe(0);
    expect(h.counts.reduce((a, b) => a + b)).toBe(spec.particles);
  });
});

describe('engine: device loss', () => {
  it('a device lost mid-run is reported with the chunk and steps completed', async () => {
    // Its own device: this test destroys it.
    const ctx = await createGpuContext();
    let calls = 0;
    // A small 1-D spec: a fresh device compiles its kernels again.
    const run = runEnsemble(
      ctx,
      { model: 'ou', dt: 0.1, steps: 12, particles: 5 * 4096 + 123, seed: 1 },
      {
        maxChunkParticles: 4096,
        stepsPerDispatch: 2,
        shouldPause: () => {
          if (++calls === 9) ctx.device.destroy();
          return false;
        },
      },
    );
    const err = await run.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(EnsembleInterruptedError);
    const e = err as EnsembleInterruptedError;
    expect(e.progress.chunk).toBe(1);
    expect(e.message).toMatch(/completed chunk 1 of 6 up to step \d+ of 12/);
  });
});
