/** GPU histogram of a float32 array over a fixed range. */
import { createBuffer, readBuffer, workgroupGrid } from '../gpu/buffers.js';
import { isCpuBackedDevice } from '../gpu/device-class.js';
import { getComputePipeline } from '../gpu/pipelines.js';
import type { ReductionOptions } from './moments.js';

const WG_SIZE = 256;
const ITEMS = 16;
/** Values per invocation of the barrier-free kernel used on CPU-backed devices (`histogram_flat.wgsl`). */
const FLAT_ITEMS = 256;
const FLAT_WG_SIZE = 64;
/** Bins a workgroup can hold in workgroup memory (see `shaders/reduce/histogram.wgsl`). */
export const MAX_HISTOGRAM_BINS = 4096;

/** Histogram counts with the out-of-range and non-finite tallies. */
export interface HistogramCounts {
  lo: number;
  hi: number;
  counts: Uint32Array;
  below: number;
  above: number;
  nonFinite: number;
}

/** Counts `data[0..count)` into `bins` equal bins over [lo, hi). */
export async function reduceHistogram(
  device: GPUDevice,
  data: GPUBuffer,
  count: number,
  range: { lo: number; hi: number; bins: number },
  options: ReductionOptions = {},
): Promise<HistogramCounts> {
  const { lo, hi, bins } = range;
  if (!(Number.isInteger(bins) && bins >= 1 && bins <= MAX_HISTOGRAM_BINS)) {
    throw new RangeError(`histogram bins must be an integer in [1, ${MAX_HISTOGRAM_BINS}], got ${bins}`);
  }
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) {
    throw new RangeError(`histogram range must be finite with hi > lo, got [${lo}, ${hi})`);
  }
  // On CPU-backed devices: global atomics from FLAT_ITEMS values per invocation, no barriers.
  const flat =
    count >= 4 &&
    (options.kernel === 'auto' || !options.kernel
      ? isCpuBackedDevice(device)
        ? 'flat'
        : 'tree'
      : options.kernel) === 'flat';
  const pipeline = await getComputePipeline(
    device,
    flat
      ? {
          file: 'reduce/histogram_flat.wgsl',
          constants: { WG_SIZE: FLAT_WG_SIZE, ITEMS: FLAT_ITEMS, BINS: bins },
          label: 'histogram (barrier-free)',
        }
      : { file: 'reduce/histogram.wgsl', constants: { WG_SIZE, ITEMS, BINS: bins }, label: 'histogram' },
  );
  const params = new ArrayBuffer(16);
  new Uint32Array(params, 0, 1)[0] = count;
  new Float32Array(params, 4, 3).set([lo, bins / (hi - lo), hi]);
  const paramBuf = createBuffer(device, {
    label: 'histogram params',
    usage: GPUBufferUsage.UNIFORM,
    data: new Uint8Array(params),
  });
  const hist = createBuffer(device, {
    label: 'histogram counts',
    size: (bins + 3) * 4,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
  });
  try {
    const bind = device.createBindGroup({
      label: 'histogram bind group',
      layout: pipeline.getBindGroupLayout(0),
      entries: (flat
        ? [paramBuf, { buffer: data, size: Math.floor(count / 4) * 16 }, data, hist]
        : [paramBuf, data, hist]
      ).map((r, binding) => ({ binding, resource: 'buffer' in r ? r : { buffer: r } })),
    });
    const encoder = device.createCommandEncoder({ label: 'histogram' });
    const pass = encoder.beginComputePass({ label: 'histogram pass' });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bind);
    const maxDim = device.limits.maxComputeWorkgroupsPerDimension;
    const tiles = Math.max(1, Math.ceil(count / (WG_SIZE * ITEMS)));
    const [gx, gy] = flat
      ? workgroupGrid(Math.ceil(count / FLAT_ITEMS), FLAT_WG_SIZE, maxDim)
      : workgroupGrid(tiles * WG_SIZE, WG_SIZE, maxDim);
    pass.dispatchWorkgroups(gx, gy);
    pass.end();
    device.queue.submit([encoder.finish()]);
    const all = new Uint32Array(await readBuffer(device, hist));
    return {
      lo,
      hi,
      counts: all.slice(0, bins),
      below: all[bins]!,
      above: all[bins + 1]!,
      nonFinite: all[bins + 2]!,
    };
  } finally {
    paramBuf.destroy();
    hist.destroy();
  }
}
