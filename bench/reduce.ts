/**
 * Reduction benchmarks in GB/s of float32 input read: the library's 1-D histogram and moment kernels
 * (`shaders/reduce/histogram.wgsl`, `moments.wgsl`, same pipelines and constants as `src/reduce/`), a 2-D
 * histogram (`shaders/bench/histogram2d.wgsl`), the library call `reduceMoments` end to end (buffer creation and
 * readback included), and a buffer copy as the memory roofline, each beside native C.
 */
import { createBuffer, workgroupGrid } from '../src/gpu/buffers.js';
import type { GpuContext } from '../src/gpu/device.js';
import { getComputePipeline } from '../src/gpu/pipelines.js';
import { reduceMoments } from '../src/reduce/moments.js';
import { makeFillVariates } from '../src/rng/fill.js';
import type { BenchModule, BenchRow } from './row.js';
import { benchGpu, pairedRow } from './shared.js';

const WG = 256;
const ITEMS = 16;

/** Encodes one pass of `pipeline` over `count` values in tiles of WG·ITEMS. */
function tilePass(
  device: GPUDevice,
  pipeline: GPUComputePipeline,
  bind: GPUBindGroup,
  count: number,
  label: string,
) {
  const enc = device.createCommandEncoder({ label });
  const pass = enc.beginComputePass({ label: `${label} pass` });
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bind);
  const tiles = Math.max(1, Math.ceil(count / (WG * ITEMS)));
  pass.dispatchWorkgroups(...workgroupGrid(tiles * WG, WG, device.limits.maxComputeWorkgroupsPerDimension));
  pass.end();
  return enc;
}

async function reductionRows(ctx: GpuContext, n: number, quick: boolean): Promise<BenchRow[]> {
  const { device } = ctx;
  const { timer } = await benchGpu();
  const data = createBuffer(device, {
    label: 'reduce bench data',
    size: n * 4,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
  });
  const copy = createBuffer(device, {
    label: 'reduce bench copy',
    size: n * 4,
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

  const hist1 = await getComputePipeline(device, {
    file: 'reduce/histogram.wgsl',
    constants: { WG_SIZE: WG, ITEMS, BINS: 100 },
    label: 'histogram',
  });
  const hist2 = await getComputePipeline(device, {
    file: 'bench/histogram2d.wgsl',
    constants: { WG_SIZE: WG, ITEMS },
    label: 'histogram 2-D',
  });
  const moments = await getComputePipeline(device, {
    file: 'reduce/moments.wgsl',
    constants: { WG_SIZE: WG, ITEMS },
    label: 'moments',
  });
  const tiles = Math.ceil(n / (WG * ITEMS));
  const params1 = new ArrayBuffer(16);
  new Uint32Array(params1, 0, 1)[0] = n;
  new Float32Array(params1, 4, 3).set([-4, 100 / 8, 4]);
  const params2 = new ArrayBuffer(16);
  new Uint32Array(params2, 0, 1)[0] = n / 2;
  new Float32Array(params2, 4, 2).set([-4, 64 / 8]);
  const paramsM = new ArrayBuffer(16);
  new Uint32Array(paramsM, 0, 1)[0] = n;
  new Float32Array(paramsM, 4, 1)[0] = 0;
  const u = (label: string, b: ArrayBuffer) =>
    createBuffer(device, { label, usage: GPUBufferUsage.UNIFORM, data: new Uint8Array(b) });
  const s = (label: string, size: number) =>
    createBuffer(device, { label, size, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  const owned = [u('hist1 params', params1), s('hist1 counts', 103 * 4), u('hist2 params', params2)];
  owned.push(s('hist2 counts', 4097 * 4), u('moments params', paramsM), s('moment sums', tiles * 16));
  owned.push(s('moment counts', tiles * 8));
  const [p1, c1, p2, c2, pm, sm, cm] = owned as [
    GPUBuffer,
    GPUBuffer,
    GPUBuffer,
    GPUBuffer,
    GPUBuffer,
    GPUBuffer,
    GPUBuffer,
  ];
  const bind = (pipeline: GPUComputePipeline, label: string, buffers: GPUBuffer[]) =>
    device.createBindGroup({
      label,
      layout: pipeline.getBindGroupLayout(0),
      entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
  const b1 = bind(hist1, 'hist1 bind group', [p1, data, c1]);
  const b2 = bind(hist2, 'hist2 bind group', [p2, data, c2]);
  const bm = bind(moments, 'moments bind group', [pm, data, sm, cm]);
  const bytes = n * 4;
  const common = { unit: 'GB/s', scale: 1e9, work: bytes, quick };
  const rows: BenchRow[] = [];
  try {
    rows.push(
      await pairedRow({
        ...common,
        name: 'buffer copy (read + write counted once)',
        gpuOnce: () =>
          timer.time(() => {
            const enc = device.createCommandEncoder({ label: 'copy' });
            enc.copyBufferToBuffer(data, 0, copy, 0, bytes);
            device.queue.submit([enc.finish()]);
          }),
        note: `${(bytes / 2 ** 20).toFixed(0)} MiB; the memory roofline for the rows below`,
      }),
    );
    rows.push(
      await pairedRow({
        ...common,
        name: 'histogram 1-D, 100 bins',
        gpuOnce: () =>
          timer.time(() => {
            const enc = tilePass(device, hist1, b1, n, 'hist1');
            device.queue.submit([enc.finish()]);
          }),
        program: 'reduce',
        args: ['hist1d', n],
        note: `N = ${n} float32 (kernel only)`,
      }),
    );
    rows.push(
      await pairedRow({
        ...common,
        name: 'histogram 2-D, 64 x 64 bins',
        gpuOnce: () =>
          timer.time(() => {
            const enc = tilePass(device, hist2, b2, n / 2, 'hist2');
            device.queue.submit([enc.finish()]);
          }),
        program: 'reduce',
        args: ['hist2d', n],
        note: `N = ${n / 2} (x, y) pairs (kernel only)`,
      }),
    );
    rows.push(
      await pairedRow({
        ...common,
        name: 'moments (shifted power sums 1-4)',
        gpuOnce: () =>
          timer.time(() => {
            const enc = tilePass(device, moments, bm, n, 'moments');
            device.queue.submit([enc.finish()]);
          }),
        program: 'reduce',
        args: ['moments', n],
        note: `N = ${n} float32 (kernel only)`,
      }),
    );
    rows.push(
      await pairedRow({
        ...common,
        name: 'moments, library call reduceMoments',
        gpuOnce: async () => {
          const t0 = performance.now();
          await reduceMoments(device, data, n, 0);
          return (performance.now() - t0) / 1000;
        },
        program: 'reduce',
        args: ['moments', n],
        note: `N = ${n}; wall clock incl. buffer creation and readback`,
      }),
    );
  } finally {
    for (const b of [...owned, data, copy]) b.destroy();
  }
  return rows;
}

/** Rows: copy, 1-D and 2-D histograms, moments. */
export const bench: BenchModule = async ({ quick }) => {
  const { ctx } = await benchGpu();
  return reductionRows(ctx, quick ? 2 ** 22 : 2 ** 24, quick);
};
