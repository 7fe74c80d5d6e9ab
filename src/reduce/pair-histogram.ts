/**
 * A persistent 2-D histogram of interleaved pairs (component c of element i at `i * stride + c`, the SGD particle
 * layout) on the GPU: the counts stay in a storage buffer that later passes (a render pass drawing a heat map)
 * read directly; reading them back is optional. Kernel: `shaders/reduce/histogram_pairs.wgsl`.
 */
import { createBuffer, readBuffer, workgroupGrid } from '../gpu/buffers.js';
import { getComputePipeline } from '../gpu/pipelines.js';
import type { HistogramAxis } from './histogram.js';

const WG_SIZE = 256;
/** Most cells a pair histogram may have (2048 × 2048). */
export const MAX_PAIR_HISTOGRAM_CELLS = 2048 * 2048;

/** Where the pair lies in each element: stride (floats per element) and the two component indices. */
export interface PairLayout {
  stride: number;
  x: number;
  y: number;
}

/** Counts read back from a {@link PairHistogram}. */
export interface PairHistogramCounts {
  /** `bins_x * bins_y` cells, row-major from the lowest y (cell = by * bins_x + bx). */
  counts: Uint32Array;
  /** Elements outside the box or non-finite. */
  outside: number;
  /** Largest cell count. */
  max: number;
}

/** A fixed-range 2-D histogram whose counts live in `buffer` (`cells` counts, outside, max; u32 each). */
export interface PairHistogram {
  readonly x: HistogramAxis;
  readonly y: HistogramAxis;
  readonly cells: number;
  /** Storage buffer of `cells + 2` u32: the cells, the outside count, the largest cell count. */
  readonly buffer: GPUBuffer;
  /**
   * Encodes: clear, count the first `count` elements of `data` laid out as `layout`, find the largest cell.
   * The counts are those of `data` when the encoder's commands have run.
   */
  encode(encoder: GPUCommandEncoder, data: GPUBuffer, count: number, layout: PairLayout): void;
  /** Reads the counts back (after the commands that filled them were submitted). */
  read(): Promise<PairHistogramCounts>;
  destroy(): void;
}

function checkAxis(a: HistogramAxis, what: string): void {
  if (!(Number.isInteger(a.bins) && a.bins >= 1)) {
    throw new RangeError(`${what} bins must be a positive integer, got ${a.bins}`);
  }
  if (!(Number.isFinite(a.lo) && Number.isFinite(a.hi) && a.hi > a.lo)) {
    throw new RangeError(`${what} range must be finite with hi > lo, got [${a.lo}, ${a.hi})`);
  }
}

/**
 * Creates a pair histogram with `x.bins × y.bins` cells over [x.lo, x.hi) × [y.lo, y.hi).
 *
 * @param device - the device to create the histogram on
 * @param x - bins and range of the first component
 * @param y - bins and range of the second component
 * @param label - the label of its GPU objects
 * @returns the histogram (count, read back, destroy)
 * @throws RangeError for invalid axes or more than {@link MAX_PAIR_HISTOGRAM_CELLS} cells
 */
export async function createPairHistogram(
  device: GPUDevice,
  x: HistogramAxis,
  y: HistogramAxis,
  label = 'pair histogram',
): Promise<PairHistogram> {
  checkAxis(x, `${label}: x`);
  checkAxis(y, `${label}: y`);
  const cells = x.bins * y.bins;
  if (cells > MAX_PAIR_HISTOGRAM_CELLS) {
    throw new RangeError(`${label}: at most ${MAX_PAIR_HISTOGRAM_CELLS} cells, got ${cells}`);
  }
  const [countPipeline, maxPipeline] = await Promise.all(
    [true, false].map((count) =>
      getComputePipeline(device, {
        file: 'reduce/histogram_pairs.wgsl',
        constants: { WG_SIZE },
        defines: { COUNT: count },
        label: count ? 'pair histogram count' : 'pair histogram max',
      }),
    ),
  );
  const params = createBuffer(device, {
    label: `${label} params`,
    size: 48,
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  });
  const buffer = createBuffer(device, {
    label: `${label} counts (${x.bins}×${y.bins} + outside + max)`,
    size: (cells + 2) * 4,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
  });
  const maxBind = device.createBindGroup({
    label: `${label} max bind group`,
    layout: maxPipeline!.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: params } },
      { binding: 2, resource: { buffer } },
    ],
  });
  const countBinds = new WeakMap<GPUBuffer, GPUBindGroup>();
  const raw = new ArrayBuffer(48);
  const u32 = new Uint32Array(raw);
  const f32 = new Float32Array(raw);
  const maxDim = device.limits.maxComputeWorkgroupsPerDimension;
  return {
    x,
    y,
    cells,
    buffer,
    encode(encoder, data, count, layout) {
      if (!(Number.isInteger(count) && count >= 0)) throw new RangeError(`count must be ≥ 0, got ${count}`);
      if (!(layout.x < layout.stride && layout.y < layout.stride)) {
        throw new RangeError(`components ${layout.x}, ${layout.y} must be below the stride ${layout.stride}`);
      }
      u32.set([count, layout.stride, layout.x, layout.y, x.bins, y.bins]);
      f32.set([x.lo, y.lo, x.bins / (x.hi - x.lo), y.bins / (y.hi - y.lo)], 6);
      u32[10] = cells;
      device.queue.writeBuffer(params, 0, raw);
      let bind = countBinds.get(data);
      if (!bind) {
        bind = device.createBindGroup({
          label: `${label} count bind group (${data.label})`,
          layout: countPipeline!.getBindGroupLayout(0),
          entries: [
            { binding: 0, resource: { buffer: params } },
            { binding: 1, resource: { buffer: data } },
            { binding: 2, resource: { buffer } },
          ],
        });
        countBinds.set(data, bind);
      }
      encoder.clearBuffer(buffer);
      const pass = encoder.beginComputePass({ label: `${label} pass` });
      pass.setPipeline(countPipeline!);
      pass.setBindGroup(0, bind);
      if (count > 0) pass.dispatchWorkgroups(...workgroupGrid(count, WG_SIZE, maxDim));
      pass.setPipeline(maxPipeline!);
      pass.setBindGroup(0, maxBind);
      pass.dispatchWorkgroups(...workgroupGrid(cells, WG_SIZE, maxDim));
      pass.end();
    },
    async read() {
      const all = new Uint32Array(await readBuffer(device, buffer));
      return { counts: all.slice(0, cells), outside: all[cells]!, max: all[cells + 1]! };
    },
    destroy() {
      params.destroy();
      buffer.destroy();
    },
  };
}
