/**
 * Panel 2: the 2-D density of SGD particles and of SGD-SDE particles on the non-convex landscape of `src/sgd`
 * (`makeNonconvex2dDataset`), side by side. Both are live ensembles of the library (`createSgdEnsemble`): each
 * frame advances them on the GPU, counts them into 2-D histograms on the GPU (`createPairHistogram`) and draws
 * the histograms with a render pass that reads the histogram buffers directly (`heatmap.ts`): nothing is read
 * back to draw (on a CPU adapter, by default, the counts are read back and drawn on a 2-D canvas instead; see
 * `RENDERS` in state.ts). A canvas-2D overlay carries the axes and the contours of the loss. Counts are read back
 * only now and then, for the numbers the page shows.
 */
import type { GpuContext } from '../src/gpu/device.js';
import { createPairHistogram, type PairHistogram } from '../src/reduce/pair-histogram.js';
import { makeNonconvex2dDataset } from '../src/sgd/datasets.js';
import { createSgdEnsemble, type SgdEnsemble } from '../src/sgd/live.js';
import { type Box, contourSegments } from './contours.js';
import { createGpuHeatmap, createReadbackHeatmap, type HeatmapView } from './heatmap.js';
import { fitCanvas, niceTicks } from './plot.js';
import type { DemoState } from './state.js';

/** The landscape: data set, start, view box and histogram resolution. */
export const LANDSCAPE = Object.freeze({
  examples: 16,
  datasetSeed: 5,
  w0: [1.8, -1.6] as readonly number[],
  box: Object.freeze({ xlo: -2.2, xhi: 2.2, ylo: -2.2, yhi: 2.2 }) as Box,
  bins: 128,
  contourLevels: [0.02, 0.1, 0.25, 0.5, 1, 2, 4],
});

/** Pixels between the overlay's edge and the heat map (room for the axes). */
const PLOT_MARGIN = { left: 34, right: 8, top: 8, bottom: 26 };

/** Counts of one side at the last readback. */
export interface SideSummary {
  /** Particles inside the view box, outside it (or non-finite), and the largest cell count. */
  inside: number;
  outside: number;
  max: number;
  /** Mean of the cell centres weighted by the counts (a summary that moves with the density). */
  meanX: number;
  meanY: number;
}

/** The elements a panel draws into (a heat canvas is replaced by a fresh one for each panel: a canvas keeps the
 * kind of context it was first given). */
export interface LandscapeElements {
  sgd: { heat: HTMLCanvasElement; overlay: HTMLCanvasElement; title: HTMLElement };
  sde: { heat: HTMLCanvasElement; overlay: HTMLCanvasElement; title: HTMLElement };
}

/** Batch size B clamped to the landscape's data set. */
export function landscapeBatch(s: DemoState): number {
  return Math.min(s.batch, LANDSCAPE.examples);
}

/** Whether the heat maps are drawn by the render pass for this state on this adapter. */
export function drawsOnGpu(s: DemoState, adapterName: string): boolean {
  return (
    s.render === 'webgpu' || (s.render === 'auto' && !/swiftshader|llvmpipe|lavapipe/i.test(adapterName))
  );
}

/** Which SDE the right-hand side runs: the scheme's own, or the SGD-SDE (Euler–Maruyama) beside SGD. */
function sdeKind(s: DemoState): { scheme: 'em' | 'heun'; modified: boolean; name: string } {
  return s.scheme === 'msde'
    ? { scheme: 'heun', modified: true, name: `modified SDE (stochastic Heun, h = η/${s.substeps})` }
    : { scheme: 'em', modified: false, name: `SGD-SDE (Euler–Maruyama, h = η/${s.substeps})` };
}

/** L(w) of the data set: ¼(w₁² − 1)² + ¼(w₂² − 1)² − āᵀw + c̄ w₁w₂ with the means of the stored rows. */
function meanLoss(rows: Float32Array, n: number): (x: number, y: number) => number {
  const m = [0, 0, 0];
  for (let i = 0; i < n; i++) for (let j = 0; j < 3; j++) m[j]! += rows[i * 3 + j]! / n;
  return (x, y) => 0.25 * ((x * x - 1) ** 2 + (y * y - 1) ** 2) - m[0]! * x - m[1]! * y + m[2]! * x * y;
}

function summarize(h: { counts: Uint32Array; outside: number; max: number }): SideSummary {
  const b = LANDSCAPE.bins;
  const { xlo, xhi, ylo, yhi } = LANDSCAPE.box;
  let inside = 0;
  let sx = 0;
  let sy = 0;
  for (let c = 0; c < h.counts.length; c++) {
    const k = h.counts[c]!;
    if (!k) continue;
    inside += k;
    sx += k * (xlo + (((c % b) + 0.5) * (xhi - xlo)) / b);
    sy += k * (ylo + ((Math.floor(c / b) + 0.5) * (yhi - ylo)) / b);
  }
  return { inside, outside: h.outside, max: h.max, meanX: sx / inside, meanY: sy / inside };
}

/** Draws axes, loss contours and the start point over the plot area of a heat map. */
function drawOverlay(canvas: HTMLCanvasElement, loss: (x: number, y: number) => number): void {
  const g = fitCanvas(canvas);
  const W = canvas.clientWidth;
  const H = canvas.clientHeight;
  g.clearRect(0, 0, W, H);
  const { xlo, xhi, ylo, yhi } = LANDSCAPE.box;
  const pw = W - PLOT_MARGIN.left - PLOT_MARGIN.right;
  const ph = H - PLOT_MARGIN.top - PLOT_MARGIN.bottom;
  const X = (x: number) => PLOT_MARGIN.left + ((x - xlo) / (xhi - xlo)) * pw;
  const Y = (y: number) => PLOT_MARGIN.top + ph - ((y - ylo) / (yhi - ylo)) * ph;
  const segments = LANDSCAPE.contourLevels.map((l) => contourSegments(loss, LANDSCAPE.box, l, 80));
  // A white halo under a dark line keeps the contours readable on light and dark cells alike.
  for (const [stroke, width] of [
    ['rgba(255, 255, 255, 0.8)', 2.5],
    ['rgba(40, 40, 60, 0.85)', 1],
  ] as const) {
    g.strokeStyle = stroke;
    g.lineWidth = width;
    g.beginPath();
    for (const segs of segments) {
      for (const [x0, y0, x1, y1] of segs) {
        g.moveTo(X(x0), Y(y0));
        g.lineTo(X(x1), Y(y1));
      }
    }
    g.stroke();
  }
  g.fillStyle = '#c0392b';
  g.beginPath();
  g.arc(X(LANDSCAPE.w0[0]!), Y(LANDSCAPE.w0[1]!), 4, 0, 2 * Math.PI);
  g.fill();
  g.font = '11px system-ui, sans-serif';
  g.fillStyle = '#444';
  g.strokeStyle = '#999';
  g.lineWidth = 1;
  g.strokeRect(PLOT_MARGIN.left, PLOT_MARGIN.top, pw, ph);
  g.textAlign = 'center';
  for (const t of niceTicks(xlo, xhi, 4)) g.fillText(String(t), X(t), H - PLOT_MARGIN.bottom + 13);
  g.fillText('w₁', PLOT_MARGIN.left + pw / 2, H - 2);
  g.textAlign = 'right';
  for (const t of niceTicks(ylo, yhi, 4)) g.fillText(String(t), PLOT_MARGIN.left - 4, Y(t) + 4);
  g.save();
  g.translate(10, PLOT_MARGIN.top + ph / 2);
  g.rotate(-Math.PI / 2);
  g.textAlign = 'center';
  g.fillText('w₂', 0, 0);
  g.restore();
}

interface Side {
  ensemble: SgdEnsemble;
  hist: PairHistogram;
  view: HeatmapView;
}

/** A running panel 2 on one device: an SGD ensemble and an SDE ensemble of the same size and seed. */
export class LandscapePanel {
  private constructor(
    private readonly ctx: GpuContext,
    private readonly els: LandscapeElements,
    private state: DemoState,
    private readonly sides: [Side, Side],
    private readonly loss: (x: number, y: number) => number,
  ) {}

  /** Builds both ensembles at w₀ for `state` (particles, seed, sampling, scheme and sub-steps fixed). */
  static async create(ctx: GpuContext, els: LandscapeElements, state: DemoState): Promise<LandscapePanel> {
    const { device } = ctx;
    const dataset = makeNonconvex2dDataset({ examples: LANDSCAPE.examples, seed: LANDSCAPE.datasetSeed });
    const common = {
      dataset,
      lr: state.eta,
      batch: landscapeBatch(state),
      particles: state.particles,
      seed: state.seed,
      w0: [...LANDSCAPE.w0],
      stepsPerDispatch: 25,
    };
    const kind = sdeKind(state);
    const axis = (lo: number, hi: number) => ({ lo, hi, bins: LANDSCAPE.bins });
    const { xlo, xhi, ylo, yhi } = LANDSCAPE.box;
    const made: (SgdEnsemble | PairHistogram | HeatmapView)[] = [];
    const gpuDrawn = drawsOnGpu(state, ctx.adapterName);
    try {
      const sides: Side[] = [];
      for (const [name, el] of [
        ['sgd', els.sgd],
        ['sde', els.sde],
      ] as const) {
        const ensemble = await createSgdEnsemble(
          ctx,
          name === 'sgd'
            ? { ...common, method: 'sgd', sampling: state.sampling }
            : {
                ...common,
                method: 'sde',
                scheme: kind.scheme,
                modified: kind.modified,
                substeps: state.substeps,
              },
        );
        made.push(ensemble);
        const hist = await createPairHistogram(
          device,
          axis(xlo, xhi),
          axis(ylo, yhi),
          `panel 2 ${name} histogram`,
        );
        made.push(hist);
        const fresh = el.heat.cloneNode(false) as HTMLCanvasElement;
        el.heat.replaceWith(fresh);
        el.heat = fresh;
        const view = gpuDrawn
          ? await createGpuHeatmap(device, fresh, hist, `panel 2 ${name}`)
          : createReadbackHeatmap(fresh, hist);
        made.push(view);
        sides.push({ ensemble, hist, view });
      }
      const panel = new LandscapePanel(
        ctx,
        els,
        state,
        sides as [Side, Side],
        meanLoss(dataset.rows, dataset.examples),
      );
      panel.drawStatic();
      return panel;
    } catch (e) {
      for (const m of made) m.destroy();
      throw e;
    }
  }

  /** Titles and overlays (axes, contours, start); they change only with the knobs or the canvas size. */
  drawStatic(): void {
    const s = this.state;
    const B = landscapeBatch(s);
    this.els.sgd.title.textContent = `SGD, ${s.sampling === 'with' ? 'with' : 'without'} replacement, η = ${s.eta}, B = ${B}`;
    this.els.sde.title.textContent = `${sdeKind(s).name}, η = ${s.eta}, B = ${B}`;
    drawOverlay(this.els.sgd.overlay, this.loss);
    drawOverlay(this.els.sde.overlay, this.loss);
  }

  get particles(): number {
    return this.sides[0].ensemble.particles;
  }

  /** Follows a resize of the heat-map boxes: canvas sizes and overlays. */
  resize(): void {
    for (const { view } of this.sides) view.resize();
    this.drawStatic();
  }

  /** How the heat maps are drawn. */
  get renderer(): 'webgpu' | '2d' {
    return this.sides[0].view.kind;
  }

  /** SGD steps taken and time reached since the panel started. */
  get steps(): number {
    return this.sides[0].ensemble.steps;
  }
  get time(): number {
    return this.sides[0].ensemble.time;
  }

  /** Takes η and B from the next frame on; both ensembles carry their particles on. */
  update(state: DemoState): void {
    this.state = state;
    for (const { ensemble } of this.sides)
      ensemble.setParameters({ lr: state.eta, batch: landscapeBatch(state) });
    this.drawStatic();
  }

  /**
   * Advances both ensembles by `speed` SGD steps, histograms and draws them in one submission, and waits for
   * the GPU; with `readback`, also reads the two histograms back for the summaries.
   */
  async frame(readback: boolean): Promise<{ sgd: SideSummary; sde: SideSummary } | undefined> {
    const { device } = this.ctx;
    for (const { ensemble } of this.sides) ensemble.advance(this.state.speed);
    const enc = device.createCommandEncoder({ label: 'panel 2 histograms and heat maps' });
    for (const { ensemble, hist } of this.sides) ensemble.histogram2d(enc, hist);
    for (const { view } of this.sides) view.encode(enc);
    device.queue.submit([enc.finish()]);
    const drawn = await Promise.all(this.sides.map((s) => s.view.afterSubmit()));
    await Promise.race([device.queue.onSubmittedWorkDone(), this.ctx.lost]);
    this.ctx.check();
    if (!readback) return undefined;
    const [a, b] = await Promise.all(this.sides.map((s, i) => drawn[i] ?? s.hist.read()));
    return { sgd: summarize(a!), sde: summarize(b!) };
  }

  /**
   * The `side` histogram as it stands, drawn by the 2-D canvas heat map into a canvas of its own (one pixel per
   * cell): what either renderer shows for these counts, for comparison with the render pass's pixels.
   */
  async referenceImage(side: 'sgd' | 'sde'): Promise<ImageData> {
    const { hist } = this.sides[side === 'sgd' ? 0 : 1];
    const canvas = document.createElement('canvas');
    await createReadbackHeatmap(canvas, hist).afterSubmit();
    const g = canvas.getContext('2d');
    if (!g) throw new Error('no 2-D canvas context');
    return g.getImageData(0, 0, canvas.width, canvas.height);
  }

  destroy(): void {
    for (const { ensemble, hist, view } of this.sides) {
      view.destroy();
      hist.destroy();
      ensemble.destroy();
    }
  }
}
