/**
 * The histogram kernel, and both moment kernels (workgroup `tree` for GPUs, barrier-free `flat` for CPU-backed
 * devices), against a float64 host reference, over ragged sizes (not multiples of 4, of the 256-value chunk, or of a tile) and with values
 * out of range and non-finite.
 */
import { describe, expect } from 'vitest';
import { createBuffer } from '../../src/gpu/buffers.js';
import { isCpuBackedDevice } from '../../src/gpu/device-class.js';
import { reduceHistogram } from '../../src/reduce/histogram.js';
import { reducePowerSums } from '../../src/reduce/moments.js';
import { gpuIt, useGpu } from '../shared/gpu.js';

function sample(n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = 3 * Math.sin(0.37 * i) + 0.5 * Math.cos(1.9 * i);
  if (n > 10) {
    a[3] = Number.NaN;
    a[n - 1] = Number.POSITIVE_INFINITY;
    a[n >> 1] = -100;
  }
  return a;
}

describe('reductions: tree and flat kernels', () => {
  const gpu = useGpu();
  const sizes = [4, 7, 255, 257, 1001, 4099, 65536 + 3];

  gpuIt('SwiftShader is recognised as a CPU-backed device', gpu, async (ctx) => {
    if (/swiftshader/i.test(ctx.adapterName)) expect(isCpuBackedDevice(ctx.device)).toBe(true);
  });
  for (const kernel of ['workgroup', 'flat'] as const) {
    gpuIt(
      `${kernel}: histogram counts equal the host's exactly, sizes ${sizes.join(', ')}`,
      gpu,
      async (ctx) => {
        for (const n of sizes) {
          const a = sample(n);
          const buf = createBuffer(ctx.device, {
            label: 'reduce test data',
            usage: GPUBufferUsage.STORAGE,
            data: a,
          });
          const lo = -2;
          const hi = 2.5;
          const bins = 37;
          const h = await reduceHistogram(ctx.device, buf, n, { lo, hi, bins }, { kernel });
          buf.destroy();
          const want = new Array(bins + 3).fill(0);
          // Same float32 arithmetic as the kernels: (v - lo) * (bins / (hi - lo)), both rounded to float32.
          const inv = Math.fround(bins / (hi - lo));
          for (const v of a) {
            if (!Number.isFinite(v)) want[bins + 2]++;
            else if (v < lo) want[bins]++;
            else if (v >= hi) want[bins + 1]++;
            else want[Math.min(Math.floor(Math.fround(Math.fround(v - lo) * inv)), bins - 1)]++;
          }
          expect([...h.counts, h.below, h.above, h.nonFinite], `n = ${n}`).toEqual(want);
        }
      },
    );
  }

  for (const kernel of ['tree', 'flat'] as const) {
    gpuIt(`${kernel}: power sums match float64 within float32 accumulation error`, gpu, async (ctx) => {
      for (const n of sizes) {
        const a = sample(n);
        const buf = createBuffer(ctx.device, {
          label: 'reduce test data',
          usage: GPUBufferUsage.STORAGE,
          data: a,
        });
        const shift = 0.25;
        const s = await reducePowerSums(ctx.device, buf, n, shift, { kernel });
        buf.destroy();
        const want = [0, 0, 0, 0];
        const abs = [0, 0, 0, 0];
        let finite = 0;
        for (const v of a) {
          if (!Number.isFinite(v)) continue;
          finite++;
          const d = v - shift;
          for (let p = 0; p < 4; p++) {
            want[p]! += d ** (p + 1);
            abs[p]! += Math.abs(d) ** (p + 1);
          }
        }
        expect(s.n, `n = ${n}`).toBe(finite);
        expect(s.nonFinite, `n = ${n}`).toBe(n - finite);
        // Float32 sums of at most 256 terms per partial: |error| <= 256 · 2^-24 · Σ|term| (plus the term
        // rounding itself, 4 ulps for d^4), a loose but rigorous bound.
        const got = [s.s1, s.s2, s.s3, s.s4];
        for (let p = 0; p < 4; p++) {
          expect(Math.abs(got[p]! - want[p]!), `n = ${n}, power ${p + 1}`).toBeLessThanOrEqual(
            260 * 2 ** -24 * abs[p]!,
          );
        }
      }
    });
  }
});
