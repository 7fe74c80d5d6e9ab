/** GPU histograms (1-D and 2-D) of float32 data over fixed ranges. */
import { createBuffer, readBuffer, workgroupGrid } from '../gpu/buffers.js';
import { isCpuBackedDevice } from '../gpu/device-class.js';
import { getComputePipeline } from '../gpu/pipelines.js';

/** Workgroup-memory kernel (GPUs): 256 invocations × 16 elements per tile. */
const WG_SIZE = 256;
const ITEMS = 16;
/** Global-atomics kernel (CPU-backed devices): 64 invocations × 256 consecutive elements each. */
const FLAT_WG_SIZE = 64;
const FLAT_ITEMS = 256;
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

/** One histogram axis: `bins` equal bins over [lo, hi). */
export interface HistogramAxis {
  lo: number;
  hi: number;
  bins: number;
}

/** Where the data lie: component c of element i at `c * stride + i`; `status` (u32, 0 = keep) masks elements. */
export interface HistogramLayout {
  stride?: number;
  status?: GPUBuffer;
  /**
   * `workgroup` (counts in workgroup memory, for GPUs), `flat` (global atomics, no barriers, for CPU-backed
   * devices) or `auto` (default: by {@link isCpuBackedDevice}). Both give the same integer counts.
   */
  kernel?: 'auto' | 'workgroup' | 'flat';
}

function checkAxis(axis: HistogramAxis, what: string): void {
  const { lo, hi, bins } = axis;
  if (!(Number.isInteger(bins) && bins >= 1 && bins <= MAX_HISTOGRAM_BINS)) {
    throw new RangeError(`${what} bins must be an integer in [1, ${MAX_HISTOGRAM_BINS}], got ${bins}`);
  }
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) {
    throw new RangeError(`${what} range must be finite with hi > lo, got [${lo}, ${hi})`);
  }
}

/** Slots of a histogram with these bins per axis: the cells, then below, above and non-finite (or masked). */
export function histogramSlotCount(bins: readonly number[]): number {
  return bins.reduce((a, b) => a * b, 1) + 3;
}

/** A histogram kernel bound to its data: encode it into any command encoder, then read its slots. */
export interface HistogramPass {
  /** Clears the counts and records the counting pass. */
  encode(encoder: GPUCommandEncoder): void;
  /** The `bins + 3` slots of the last submitted pass: cells, then below, above, non-finite (or masked). */
  read(): Promise<Uint32Array>;
  destroy(): void;
}

/**
 * Makes the histogram pass of component `a.component` or, with `b`, the 2-D histogram (row-major, `a.bins * b.bins`
 * cells) of `data[0..count)`, for repeated use without re-creating buffers (the demo's per-frame histograms, the
 * bench's kernel-only timing).
 *
 * @param device - the device owning `data`
 * @param data - float32 values
 * @param count - how many values to count
 * @param a - the first axis (bins, range, component)
 * @param b - the second axis, for a 2-D histogram
 * @param layout - the stride of the values and the kernel variant
 * @returns the reusable pass (encode, read back, destroy)
 * @throws RangeError for invalid bins, ranges or components
 */
export async function makeHistogramPass(
  device: GPUDevice,
  data: GPUBuffer,
  count: number,
  a: HistogramAxis & { component?: number },
  b?: HistogramAxis & { component?: number },
  layout: HistogramLayout = {},
): Promise<HistogramPass> {
  checkAxis(a, 'histogram');
  if (b) checkAxis(b, 'histogram (second axis)');
  const bins = a.bins * (b?.bins ?? 1);
  if (bins > MAX_HISTOGRAM_BINS) {
    throw new RangeError(`a 2-D histogram holds at most ${MAX_HISTOGRAM_BINS} cells, got ${bins}`);
  }
  // SwiftShader runs workgroup barriers and workgroup memory so slowly that global atomics win there (3.9–11× in
  // `npm run bench -- --levers`), while on a GPU the workgroup-memory kernel is 6× faster (docs/performance.md).
  const flat =
    layout.kernel === 'flat' || ((layout.kernel ?? 'auto') === 'auto' && isCpuBackedDevice(device));
  const wg = flat ? FLAT_WG_SIZE : WG_SIZE;
  const items = flat ? FLAT_ITEMS : ITEMS;
  const pipeline = await getComputePipeline(device, {
    file: 'reduce/histogram.wgsl',
    constants: { WG_SIZE: wg, ITEMS: items, BINS: bins },
    defines: { MASKED: !!layout.status, TWO_D: !!b, FLAT: flat },
    label: b ? 'histogram 2-D' : 'histogram',
  });
  const params = new ArrayBuffer(48);
  const u = new Uint32Array(params);
  const f = new Float32Array(params);
  u.set([count, layout.stride ?? count, a.component ?? 0, b?.component ?? 0]);
  f.set([a.lo, a.bins / (a.hi - a.lo), a.hi], 4);
  u[7] = b?.bins ?? 1;
  if (b) f.set([b.lo, b.bins / (b.hi - b.lo), b.hi], 8);
  const paramBuf = createBuffer(device, {
    label: 'histogram params',
    usage: GPUBufferUsage.UNIFORM,
    data: new Uint8Array(params),
  });
  const hist = createBuffer(device, {
    label: 'histogram counts',
    size: (bins + 3) * 4,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
  });
  const entries: GPUBindGroupEntry[] = [
    { binding: 0, resource: { buffer: paramBuf } },
    { binding: 1, resource: { buffer: data } },
    { binding: 2, resource: { buffer: hist } },
  ];
  if (layout.status) entries.push({ binding: 3, resource: { buffer: layout.status } });
  const bind = device.createBindGroup({
    label: 'histogram bind group',
    layout: pipeline.getBindGroupLayout(0),
    entries,
  });
  const tiles = Math.max(1, Math.ceil(count / (wg * items)));
  const [gx, gy] = workgroupGrid(tiles * wg, wg, device.limits.maxComputeWorkgroupsPerDimension);
  return {
    encode(encoder) {
      encoder.clearBuffer(hist);
      const pass = encoder.beginComputePass({ label: 'histogram pass' });
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bind);
      pass.dispatchWorkgroups(gx, gy);
      pass.end();
    },
    async read() {
      return new Uint32Array(await readBuffer(device, hist));
    },
    destroy() {
      paramBuf.destroy();
      hist.destroy();
    },
  };
}

/**
 * Counts elements into a 1-D histogram of component `a.component` or, with `b`, a 2-D histogram (row-major,
 * `a.bins * b.bins` cells). Returns all `bins + 3` slots: cells, then below, above, non-finite (or masked).
 */
export async function histogramSlots(
  device: GPUDevice,
  data: GPUBuffer,
  count: number,
  a: HistogramAxis & { component?: number },
  b?: HistogramAxis & { component?: number },
  layout: HistogramLayout = {},
): Promise<Uint32Array> {
  const h = await makeHistogramPass(device, data, count, a, b, layout);
  try {
    const encoder = device.createCommandEncoder({ label: 'histogram' });
    h.encode(encoder);
    device.queue.submit([encoder.finish()]);
    return await h.read();
  } finally {
    h.destroy();
  }
}

/**
 * Counts `data[0..count)` into `bins` equal bins over [lo, hi).
 *
 * @param device - the device owning `data`
 * @param data - float32 values
 * @param count - how many values to count
 * @param range - bins and the range [lo, hi)
 * @param options - the kernel variant
 * @returns the counts per bin, below, above and non-finite
 * @throws RangeError for invalid bins or range
 */
export async function reduceHistogram(
  device: GPUDevice,
  data: GPUBuffer,
  count: number,
  range: { lo: number; hi: number; bins: number },
  options: Pick<HistogramLayout, 'kernel'> = {},
): Promise<HistogramCounts> {
  const { lo, hi, bins } = range;
  const all = await histogramSlots(device, data, count, range, undefined, options);
  return {
    lo,
    hi,
    counts: all.slice(0, bins),
    below: all[bins]!,
    above: all[bins + 1]!,
    nonFinite: all[bins + 2]!,
  };
}
