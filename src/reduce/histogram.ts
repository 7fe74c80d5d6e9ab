/** GPU histogram of a float32 array over a fixed range. */
import { createBuffer, readBuffer, workgroupGrid } from '../gpu/buffers.js';
import { getComputePipeline } from '../gpu/pipelines.js';

const WG_SIZE = 256;
const ITEMS = 16;
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
): Promise<HistogramCounts> {
  const { lo, hi, bins } = range;
  if (!(Number.isInteger(bins) && bins >= 1 && bins <= MAX_HISTOGRAM_BINS)) {
    throw new RangeError(`histogram bins must be an integer in [1, ${MAX_HISTOGRAM_BINS}], got ${bins}`);
  }
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) {
    throw new RangeError(`histogram range must be finite with hi > lo, got [${lo}, ${hi})`);
  }
  const pipeline = await getComputePipeline(device, {
    file: 'reduce/histogram.wgsl',
    constants: { WG_SIZE, ITEMS, BINS: bins },
    label: 'histogram',
  });
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
      entries: [
        { binding: 0, resource: { buffer: paramBuf } },
        { binding: 1, resource: { buffer: data } },
        { binding: 2, resource: { buffer: hist } },
      ],
    });
    const encoder = device.createCommandEncoder({ label: 'histogram' });
    const pass = encoder.beginComputePass({ label: 'histogram pass' });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bind);
    const tiles = Math.max(1, Math.ceil(count / (WG_SIZE * ITEMS)));
    const [gx, gy] = workgroupGrid(tiles * WG_SIZE, WG_SIZE, device.limits.maxComputeWorkgroupsPerDimension);
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
