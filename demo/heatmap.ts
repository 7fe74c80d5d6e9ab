/**
 * Draws a {@link PairHistogram} as a heat map, in one of two ways:
 *  - `webgpu`: a render pass that reads the histogram's storage buffer directly (`shaders/demo/heatmap.wgsl`)
 *    into a WebGPU canvas: nothing is read back to draw;
 *  - `2d`: the counts are read back (cells × 4 bytes) and drawn into a 2-D canvas with the same colour map, for
 *    CPU adapters, where device memory is host memory anyway and a headless browser may not present WebGPU
 *    canvases (docs/demo.md).
 * Colour: t = √(count / largest count) through viridis; empty cells keep the background.
 */
import { createBuffer } from '../src/gpu/buffers.js';
import { createShaderModuleFromFile } from '../src/gpu/shader-module.js';
import type { PairHistogram, PairHistogramCounts } from '../src/reduce/pair-histogram.js';

/** A canvas drawing one histogram. */
export interface HeatmapView {
  readonly kind: 'webgpu' | '2d';
  /** Encodes what draws the histogram's counts once the encoder's earlier commands have run (webgpu). */
  encode(encoder: GPUCommandEncoder): void;
  /** After the submission: draws counts that were read back (2d); returns them, or undefined (webgpu). */
  afterSubmit(): Promise<PairHistogramCounts | undefined>;
  /** Follows a change of the canvas's CSS size (webgpu: a new backing size; 2d: one pixel per cell, kept). */
  resize(): void;
  destroy(): void;
}

const BACKGROUND = [0.97, 0.97, 0.98, 1] as const;

/** Sizes the canvas backing store to its CSS box (device pixels, at most 2×). */
function sizeCanvas(canvas: HTMLCanvasElement): void {
  const dpr = Math.min(2, window.devicePixelRatio || 1);
  canvas.width = Math.max(1, Math.round(canvas.clientWidth * dpr));
  canvas.height = Math.max(1, Math.round(canvas.clientHeight * dpr));
}

/** A heat map drawn by a WebGPU render pass straight from the histogram buffer. */
export async function createGpuHeatmap(
  device: GPUDevice,
  canvas: HTMLCanvasElement,
  hist: PairHistogram,
  label: string,
): Promise<HeatmapView> {
  sizeCanvas(canvas);
  const context = canvas.getContext('webgpu');
  if (!context) throw new Error('this canvas offers no WebGPU context');
  const format = navigator.gpu.getPreferredCanvasFormat();
  context.configure({ device, format, alphaMode: 'opaque' });
  const module = await createShaderModuleFromFile(device, 'demo/heatmap.wgsl', { label: 'heat map shader' });
  const pipeline = await device.createRenderPipelineAsync({
    label: `${label} heat map pipeline`,
    layout: 'auto',
    vertex: { module, entryPoint: 'vs' },
    fragment: { module, entryPoint: 'fs', targets: [{ format }] },
    primitive: { topology: 'triangle-list' },
  });
  const viewData = new ArrayBuffer(32);
  new Uint32Array(viewData).set([hist.x.bins, hist.y.bins, hist.cells, 0]);
  new Float32Array(viewData).set(BACKGROUND, 4);
  const uniform = createBuffer(device, {
    label: `${label} heat map view`,
    usage: GPUBufferUsage.UNIFORM,
    data: new Uint8Array(viewData),
  });
  const bind = device.createBindGroup({
    label: `${label} heat map bind group`,
    layout: pipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: uniform } },
      { binding: 1, resource: { buffer: hist.buffer } },
    ],
  });
  return {
    kind: 'webgpu',
    encode(encoder) {
      const pass = encoder.beginRenderPass({
        label: `${label} heat map pass`,
        colorAttachments: [
          {
            view: context.getCurrentTexture().createView({ label: `${label} canvas texture` }),
            loadOp: 'clear',
            storeOp: 'store',
            clearValue: { r: BACKGROUND[0], g: BACKGROUND[1], b: BACKGROUND[2], a: 1 },
          },
        ],
      });
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bind);
      pass.draw(3);
      pass.end();
    },
    afterSubmit: async () => undefined,
    resize: () => sizeCanvas(canvas),
    destroy() {
      uniform.destroy();
      context.unconfigure();
    },
  };
}

/**
 * Viridis (matplotlib) as the 6th-degree polynomial fit by Matt Zucker (Shadertoy WlfXRN); the same
 * coefficients as `viridis` in shaders/demo/heatmap.wgsl, so both renderers colour alike.
 */
const VIRIDIS = [
  [0.2777273272234177, 0.005407344544966578, 0.3340998053353061],
  [0.1050930431085774, 1.404613529898575, 1.384590162594685],
  [-0.3308618287255563, 0.214847559468213, 0.09509516302823659],
  [-4.634230498983486, -5.799100973351585, -19.33244095627987],
  [6.228269936347081, 14.17993336680509, 56.69055260068105],
  [4.776384997670288, -13.74514537774601, -65.35303263337234],
  [-5.435455855934631, 4.645852612178535, 26.3124352495832],
] as const;

/** Viridis at t ∈ [0, 1] as 8-bit RGB. */
export function viridisRgb(t: number): [number, number, number] {
  const out: [number, number, number] = [0, 0, 0];
  for (let ch = 0; ch < 3; ch++) {
    let v = 0;
    for (let k = VIRIDIS.length - 1; k >= 0; k--) v = v * t + VIRIDIS[k]![ch]!;
    out[ch] = Math.round(255 * Math.min(1, Math.max(0, v)));
  }
  return out;
}

/** A heat map drawn on a 2-D canvas from counts read back once per frame (one pixel per cell, scaled up). */
export function createReadbackHeatmap(canvas: HTMLCanvasElement, hist: PairHistogram): HeatmapView {
  const bx = hist.x.bins;
  const by = hist.y.bins;
  canvas.width = bx;
  canvas.height = by;
  const g = canvas.getContext('2d');
  if (!g) throw new Error('no 2-D canvas context');
  const image = g.createImageData(bx, by);
  const bg = BACKGROUND.map((v) => Math.round(255 * v));
  const lut = Array.from({ length: 256 }, (_, i) => viridisRgb(i / 255));
  return {
    kind: '2d',
    encode() {},
    async afterSubmit() {
      const h = await hist.read();
      const m = Math.max(1, h.max);
      const px = image.data;
      for (let y = 0; y < by; y++) {
        // Row 0 of the histogram is the lowest w₂: the bottom row of the image.
        const row = (by - 1 - y) * bx;
        for (let x = 0; x < bx; x++) {
          const c = h.counts[y * bx + x]!;
          const rgb = c === 0 ? bg : lut[Math.round(255 * Math.sqrt(c / m))]!;
          const o = 4 * (row + x);
          px[o] = rgb[0]!;
          px[o + 1] = rgb[1]!;
          px[o + 2] = rgb[2]!;
          px[o + 3] = 255;
        }
      }
      g.putImageData(image, 0, 0);
      return h;
    },
    resize() {},
    destroy() {},
  };
}
