/**
 * Threefry-4x32-20: the TypeScript reference and the WGSL kernel reproduce Random123's known answers and agree
 * bit for bit; its Box–Muller normals pass Kolmogorov–Smirnov and moment tests; the 1-D OU kernel driven by it
 * follows the exact law of the Euler–Maruyama chain and stays invariant to how the work is split.
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { describe, expect, it } from 'vitest';
import { createBuffer, readBuffer } from '../../src/gpu/buffers.js';
import { runOu1d } from '../../src/ou/ou1d.js';
import { makeFillVariates } from '../../src/rng/fill.js';
import { threefry4x32 } from '../../src/rng/threefry.js';
import { ksTest } from '../../src/stats/ks.js';
import { THREEFRY4X32_KAT } from '../kat.js';
import { counterRngOnGpu, expectOuMatchesEulerChain } from '../shared/checks.js';
import { gpuIt, useGpu } from '../shared/gpu.js';

describe('threefry4x32-20', () => {
  it('TypeScript reference reproduces the Random123 known-answer vectors (20 and 13 rounds)', () => {
    for (const k of THREEFRY4X32_KAT) {
      expect(Array.from(threefry4x32(k.ctr, k.key, k.rounds))).toEqual(k.out);
    }
  });

  const gpu = useGpu();

  gpuIt(
    'WGSL reproduces the Random123 known answers and agrees with TypeScript on 2^14 blocks',
    gpu,
    async (ctx) => {
      const kat = THREEFRY4X32_KAT.filter((k) => k.rounds === 20);
      let s = 777;
      const next = () => {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        return s;
      };
      const cases = [
        ...kat,
        ...Array.from({ length: 2 ** 14 }, () => ({
          ctr: [next(), next(), next(), next()],
          key: [next(), next(), next(), next()],
        })),
      ];
      const out = await counterRngOnGpu(ctx, 'threefry', cases);
      kat.forEach((k, i) => {
        expect(Array.from(out.slice(4 * i, 4 * i + 4))).toEqual(k.out);
      });
      let mismatches = 0;
      cases.forEach((c, i) => {
        const ref = threefry4x32(c.ctr, c.key);
        for (let j = 0; j < 4; j++) if (ref[j] !== out[4 * i + j]) mismatches++;
      });
      expect(mismatches).toBe(0);
    },
  );

  gpuIt('2^20 Box–Muller normals: KS p > 1e-4 and first four moments within 5 SE', gpu, async (ctx) => {
    const { device } = ctx;
    const n = 2 ** 20;
    const buf = createBuffer(device, {
      label: 'threefry normals',
      size: n * 4,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
    });
    const fill = await makeFillVariates(device, buf, n / 4, {
      generator: 'threefry',
      variate: 'normal',
      seed: 0x5eed_1234_abcdn,
      stream: 0,
    });
    const enc = device.createCommandEncoder({ label: 'threefry normals' });
    fill.encode(enc);
    device.queue.submit([enc.finish()]);
    const z = Float64Array.from(new Float32Array(await readBuffer(device, buf)));
    fill.destroy();
    buf.destroy();
    // Raw moments of N(0, 1): E z = 0, E z² = 1, E z³ = 0, E z⁴ = 3; Var of z^p is E z^{2p} − (E z^p)²
    // with E z^6 = 15, E z^8 = 105.
    const sums = [0, 0, 0, 0];
    for (const v of z) {
      const v2 = v * v;
      sums[0]! += v;
      sums[1]! += v2;
      sums[2]! += v2 * v;
      sums[3]! += v2 * v2;
    }
    const expected = [0, 1, 0, 3];
    const variance = [1, 2, 15, 96];
    sums.forEach((s, p) => {
      expect(Math.abs(s / n - expected[p]!)).toBeLessThanOrEqual(5 * Math.sqrt(variance[p]! / n));
    });
    const ks = ksTest(z, (x) => normalCdf(x, 0, 1));
    expect(ks.pValue, `D = ${ks.statistic}`).toBeGreaterThan(1e-4);
  });

  gpuIt('OU driven by Threefry matches the EM chain within 5 SE (2^18 particles)', gpu, async (ctx) => {
    await expectOuMatchesEulerChain(ctx, {
      particles: 2 ** 18,
      steps: 40,
      dt: 0.05,
      x0: 2,
      generator: 'threefry',
    });
  });

  gpuIt('OU with Threefry: bit-identical across workgroup sizes and steps per dispatch', gpu, async (ctx) => {
    const splits = [
      { workgroupSize: 64, stepsPerDispatch: 37 },
      { workgroupSize: 32, stepsPerDispatch: 3 },
      { workgroupSize: 256, stepsPerDispatch: 1 },
    ];
    const results = [];
    for (const split of splits) {
      const r = await runOu1d(ctx, {
        particles: 3000,
        steps: 37,
        dt: 0.1,
        theta: 1,
        sigma: 1,
        x0: 1,
        seed: 3,
        generator: 'threefry',
        ...split,
      });
      results.push([r.moments.mean, r.moments.variance, Array.from(r.histogram.counts)]);
    }
    for (const r of results.slice(1)) expect(r).toEqual(results[0]);
  });
});
