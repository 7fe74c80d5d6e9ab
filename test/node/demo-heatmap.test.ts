/**
 * Panel 2's drawing pieces outside the browser:
 *  - the heat-map render pass (`shaders/demo/heatmap.wgsl`) on Dawn, rendering a known histogram into an
 *    offscreen texture: every pixel has its cell's colour, viridis(√(c / c_max)) as the 2-D canvas path computes
 *    it (`viridisRgb`), or the background for an empty cell; rows run from the lowest y at the bottom;
 *  - the marching-squares contours (`demo/contours.ts`) of x² + y² = 1: every endpoint on the circle to within
 *    the linear interpolation error, and the total length 2π to within 0.5%.
 * (Headless Chromium here cannot capture a WebGPU canvas: docs/demo.md, "Drawing on the GPU".)
 */
import { describe, expect, it } from 'vitest';
import { contourSegments } from '../../demo/contours.js';
import { viridisRgb } from '../../demo/heatmap.js';
import { createBuffer, readBuffer } from '../../src/gpu/buffers.js';
import { createShaderModuleFromFile } from '../../src/gpu/shader-module.js';
import { gpuIt, useGpu } from '../shared/gpu.js';

describe('heat map render pass', () => {
  const gpu = useGpu();

  gpuIt(
    'draws each cell in its colour, the lowest row at the bottom, empty cells as background',
    gpu,
    async (ctx) => {
      const { device } = ctx;
      const [bx, by] = [4, 3];
      // Cells row-major from the lowest y; then the outside count and the largest count.
      const counts = [0, 1, 4, 16, 2, 0, 8, 3, 9, 12, 0, 5];
      const cells = bx * by;
      const hist = createBuffer(device, {
        label: 'test heat-map counts',
        usage: GPUBufferUsage.STORAGE,
        data: new Uint32Array([...counts, 7, Math.max(...counts)]),
      });
      const background = [0.2, 0.4, 0.6, 1];
      const view = new ArrayBuffer(32);
      new Uint32Array(view).set([bx, by, cells, 0]);
      new Float32Array(view).set(background, 4);
      const uniform = createBuffer(device, {
        label: 'test heat-map view',
        usage: GPUBufferUsage.UNIFORM,
        data: new Uint8Array(view),
      });
      // Two pixels per cell in each direction: every pixel centre lies inside one cell.
      const [W, H] = [2 * bx, 2 * by];
      const target = device.createTexture({
        label: 'test heat-map target',
        size: [W, H],
        format: 'rgba8unorm',
        usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC,
      });
      const rowBytes = 256;
      const out = createBuffer(device, {
        label: 'test heat-map pixels',
        size: rowBytes * H,
        usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
      });
      try {
        const module = await createShaderModuleFromFile(device, 'demo/heatmap.wgsl');
        const pipeline = await device.createRenderPipelineAsync({
          label: 'test heat-map pipeline',
          layout: 'auto',
          vertex: { module, entryPoint: 'vs' },
          fragment: { module, entryPoint: 'fs', targets: [{ format: 'rgba8unorm' }] },
        });
        const bind = device.createBindGroup({
          label: 'test heat-map bind group',
          layout: pipeline.getBindGroupLayout(0),
          entries: [
            { binding: 0, resource: { buffer: uniform } },
            { binding: 1, resource: { buffer: hist } },
          ],
        });
        const enc = device.createCommandEncoder({ label: 'test heat map' });
        const pass = enc.beginRenderPass({
          label: 'test heat-map pass',
          colorAttachments: [
            { view: target.createView(), loadOp: 'clear', storeOp: 'store', clearValue: [1, 0, 1, 1] },
          ],
        });
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, bind);
        pass.draw(3);
        pass.end();
        enc.copyTextureToBuffer({ texture: target }, { buffer: out, bytesPerRow: rowBytes }, [W, H]);
        device.queue.submit([enc.finish()]);
        const px = new Uint8Array(await readBuffer(device, out));
        const max = Math.max(...counts);
        for (let y = 0; y < H; y++) {
          for (let x = 0; x < W; x++) {
            // Texture row 0 is the top of the image: the highest cell row.
            const cell = (by - 1 - Math.floor(y / 2)) * bx + Math.floor(x / 2);
            const c = counts[cell]!;
            const want =
              c === 0 ? background.slice(0, 3).map((v) => v * 255) : viridisRgb(Math.sqrt(c / max));
            const got = Array.from(px.subarray(y * rowBytes + 4 * x, y * rowBytes + 4 * x + 3));
            // 8-bit unorm rounding (±0.5) plus float32 evaluation of the polynomial: within 1.5 levels.
            for (let ch = 0; ch < 3; ch++) expect(Math.abs(got[ch]! - want[ch]!)).toBeLessThanOrEqual(1.5);
          }
        }
      } finally {
        hist.destroy();
        uniform.destroy();
        out.destroy();
        target.destroy();
      }
    },
  );
});

describe('marching-squares contours', () => {
  it('trace the unit circle of x² + y² on a 64 × 64 grid', () => {
    const box = { xlo: -2, xhi: 2, ylo: -2, yhi: 2 };
    const n = 64;
    const h = 4 / n;
    const segs = contourSegments((x, y) => x * x + y * y, box, 1, n);
    expect(segs.length).toBeGreaterThan(0);
    let length = 0;
    for (const [x0, y0, x1, y1] of segs) {
      // Linear interpolation of r² along a cell edge puts the crossing within h²/4 of the circle (|f''| = 2).
      for (const [x, y] of [
        [x0, y0],
        [x1, y1],
      ] as const) {
        expect(Math.abs(Math.hypot(x, y) - 1)).toBeLessThan(h * h);
      }
      length += Math.hypot(x1 - x0, y1 - y0);
    }
    expect(Math.abs(length / (2 * Math.PI) - 1)).toBeLessThan(0.005);
  });

  it('split saddle squares by the centre value', () => {
    // f = xy has a saddle at the centre of the single square [−1, 1]²; at level −0.1 two branches, not crossing.
    const segs = contourSegments((x, y) => x * y, { xlo: -1, xhi: 1, ylo: -1, yhi: 1 }, -0.1, 1);
    expect(segs).toHaveLength(2);
    // At the level −0.1 the centre (f = 0) lies above it, like the corners (±1, ±1) where f = 1: the two
    // segments cut off the corners (1, −1) and (−1, 1), so each stays within one half-plane x > 0 or x < 0.
    for (const [x0, , x1] of segs) expect(Math.sign(x0) * Math.sign(x1)).toBeGreaterThanOrEqual(0);
  });
});
