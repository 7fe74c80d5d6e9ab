/**
 * Reduction benchmarks in GB/s of float32 input read: the library calls `reduceHistogram` and `reduceMoments`
 * (kernel chosen per device as in `src/reduce/`, buffer creation and readback included), a 2-D histogram
 * (`shaders/bench/histogram2d.wgsl`, barrier-free on CPU-backed devices), and a buffer copy as the memory
 * roofline, each beside native C.
 */
import { createBuffer, workgroupGrid } from '../src/gpu/buffers.js';
import { isCpuBackedDevice } from '../src/gpu/device-class.js';
import { getComputePipeline } from '../src/gpu/pipelines.js';
import { makeHistogramPass, reduceHistogram } from '../src/reduce/histogram.js';
import { reduceMoments } from '../src/reduce/moments.js';
import { makeFillVariates } from '../src/rng/fill.js';
import type { BenchModule, BenchRow } from './row.js';
import { benchGpu, benchSizes, pairedRow } from './shared.js';

/** Rows: copy, 1-D and 2-D histograms, moments. */
export const bench: BenchModule = async ({ quick }) => {
  const { ctx, timer } = await benchGpu();
  const { device } = ctx;
  const { reduceValues: n, inner } = benchSizes(ctx, quick);
  const bytes = n * 4;
  const data = createBuffer(device, {
    label: 'reduce bench data',
    size: bytes,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
  });
  const copy = createBuffer(device, {
    label: 'reduce bench copy',
    size: bytes,
    usage: GPUBufferUsage.COPY_DST,
  });
  const fill = await makeFillVariates(device, data, n / 4, {
    generator: 'philox',
    variate: 'normal',
    seed: 5,
    stream: 0,
  });
  const e = device.createCommandEncoder({ label: 'reduce bench fill' });
  fill.encode(e);
  device.queue.submit([e.finish()]);
  fill.destroy();

  const flat = isCpuBackedDevice(device);
  const wg = flat ? 64 : 256;
  const items = flat ? 256 : 16;
  const hist2 = await getComputePipeline(device, {
    file: 'bench/histogram2d.wgsl',
    constants: { WG_SIZE: wg, ITEMS: items },
    defines: { FLAT: flat },
    label: 'histogram 2-D',
  });
  const params2 = new ArrayBuffer(16);
  new Uint32Array(params2, 0, 1)[0] = n / 2;
  new Float32Array(params2, 4, 2).set([-4, 64 / 8]);
  const p2 = createBuffer(device, {
    label: 'hist2 params',
    usage: GPUBufferUsage.UNIFORM,
    data: new Uint8Array(params2),
  });
  const c2 = createBuffer(device, {
    label: 'hist2 counts',
    size: 4097 * 4,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
  });
  const b2 = device.createBindGroup({
    label: 'hist2 bind group',
    layout: hist2.getBindGroupLayout(0),
    entries: [p2, data, c2].map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const invocations = flat ? Math.ceil(n / 2 / items) : Math.ceil(n / 2 / (wg * items)) * wg;
  const grid2 = workgroupGrid(invocations, wg, device.limits.maxComputeWorkgroupsPerDimension);
  const common = { unit: 'GB/s', scale: 1e9, work: bytes, quick };
  // Kernel-only rows: `inner` passes in one command buffer per timed run.
  const kernelOnly = { ...common, work: bytes * inner };
  const times = inner > 1 ? `, ${inner} passes per timed run` : '';
  // A single 4 MiB copy takes ~0.3 ms on SwiftShader, less than waking its worker threads after the peer ran.
  const copies = Math.max(inner, 64);
  const kernels = flat ? 'barrier-free kernel (CPU-backed device)' : 'workgroup-memory kernel';
  const hist1 = await makeHistogramPass(device, data, n, { lo: -4, hi: 4, bins: 100 });
  const rows: BenchRow[] = [];
  try {
    rows.push(
      await pairedRow({
        ...common,
        work: bytes * copies,
        name: 'buffer copy',
        gpuOnce: () =>
          timer.time(() => {
            const enc = device.createCommandEncoder({ label: 'copy' });
            for (let r = 0; r < copies; r++) enc.copyBufferToBuffer(data, 0, copy, 0, bytes);
            device.queue.submit([enc.finish()]);
          }),
        program: 'reduce',
        args: ['copy', n],
        note: `${bytes / 2 ** 20} MiB read (and written), ${copies} copies per timed run; the memory roofline for the rows below; peer: a parallel C copy`,
      }),
    );
    rows.push(
      await pairedRow({
        ...common,
        name: 'histogram 1-D, 100 bins (reduceHistogram)',
        gpuOnce: () =>
          timer.time(() => reduceHistogram(device, data, n, { lo: -4, hi: 4, bins: 100 }).then(() => {})),
        program: 'reduce',
        args: ['hist1d', n],
        note: `N = ${n}; the library's ${flat ? 'global-atomics kernel (CPU-backed device)' : 'workgroup-memory kernel'}; incl. allocation and readback`,
      }),
    );
    rows.push(
      await pairedRow({
        ...kernelOnly,
        name: 'histogram 1-D, 100 bins, kernel only (makeHistogramPass)',
        gpuOnce: () =>
          timer.time(() => {
            const enc = device.createCommandEncoder({ label: 'hist1 kernel only' });
            for (let r = 0; r < inner; r++) hist1.encode(enc);
            device.queue.submit([enc.finish()]);
          }),
        program: 'reduce',
        args: ['hist1d', n],
        note: `N = ${n}; the library's kernel as above, buffers made once (as the demo uses it per frame); clear + count${times}`,
      }),
    );
    rows.push(
      await pairedRow({
        ...kernelOnly,
        name: 'histogram 2-D, 64 x 64 bins',
        gpuOnce: () =>
          timer.time(() => {
            const enc = device.createCommandEncoder({ label: 'hist2' });
            for (let r = 0; r < inner; r++) {
              enc.clearBuffer(c2);
              const pass = enc.beginComputePass({ label: 'hist2 pass' });
              pass.setPipeline(hist2);
              pass.setBindGroup(0, b2);
              pass.dispatchWorkgroups(...grid2);
              pass.end();
            }
            device.queue.submit([enc.finish()]);
          }),
        program: 'reduce',
        args: ['hist2d', n],
        note: `N = ${n / 2} (x, y) pairs; bench kernel, ${kernels}; kernel only${times}`,
      }),
    );
    rows.push(
      await pairedRow({
        ...common,
        name: 'moments, power sums 1-4 (reduceMoments)',
        gpuOnce: () => timer.time(() => reduceMoments(device, data, n, 0).then(() => {})),
        program: 'reduce',
        args: ['moments', n],
        note: `N = ${n}; ${kernels}; incl. allocation, readback and float64 host sum`,
      }),
    );
  } finally {
    hist1.destroy();
    for (const b of [data, copy, p2, c2]) b.destroy();
  }
  return rows;
};
