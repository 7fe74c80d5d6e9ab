/** Canvas-2D plotting for the panels: a histogram as a density with curves over it, axes and a legend. */

/** A curve drawn over the histogram. */
export interface Curve {
  label: string;
  color: string;
  dashed?: boolean;
  /** Density at x. */
  pdf: (x: number) => number;
}

/** Counts in equal bins over [lo, hi) out of `n` draws (draws outside the range count in `n` only). */
export interface BinnedCounts {
  lo: number;
  hi: number;
  counts: ArrayLike<number>;
  n: number;
}

const MARGIN = { left: 48, right: 12, top: 12, bottom: 34 };

/** Sizes the canvas backing store to its CSS size times the device pixel ratio; returns the 2-D context. */
export function fitCanvas(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const dpr = Math.min(3, window.devicePixelRatio || 1);
  const w = Math.max(1, Math.round(canvas.clientWidth * dpr));
  const h = Math.max(1, Math.round(canvas.clientHeight * dpr));
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const g = canvas.getContext('2d');
  if (!g) throw new Error('no 2-D canvas context');
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  return g;
}

/** Round tick positions covering [lo, hi] (1, 2 or 5 times a power of ten apart). */
export function niceTicks(lo: number, hi: number, target = 6): number[] {
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return [lo];
  const raw = span / target;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
    out.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return out;
}

function formatTick(t: number): string {
  return Math.abs(t) >= 1e4 || (Math.abs(t) < 1e-3 && t !== 0)
    ? t.toExponential(0)
    : String(Number(t.toPrecision(6)));
}

/** Draws `hist` as a density (count / (n · bin width)) with `curves` over it. */
export function drawDensity(
  canvas: HTMLCanvasElement,
  hist: BinnedCounts,
  curves: Curve[],
  xLabel: string,
): void {
  const g = fitCanvas(canvas);
  const W = canvas.clientWidth;
  const H = canvas.clientHeight;
  g.font = '12px system-ui, sans-serif';
  const pw = W - MARGIN.left - MARGIN.right;
  const legend = layoutLegend(
    g,
    [
      { label: 'GPU histogram', color: '#8fb3de', dashed: false, box: true },
      ...curves.map((c) => ({ label: c.label, color: c.color, dashed: !!c.dashed, box: false })),
    ],
    MARGIN.left,
    pw,
  );
  const top = legend.height + MARGIN.top;
  const ph = H - top - MARGIN.bottom;
  const bins = hist.counts.length;
  const width = (hist.hi - hist.lo) / bins;
  const dens = Array.from(hist.counts, (c) => c / (Math.max(1, hist.n) * width));
  const samples = 240;
  const xs = Array.from({ length: samples + 1 }, (_, i) => hist.lo + ((hist.hi - hist.lo) * i) / samples);
  const ys = curves.map((c) => xs.map((x) => c.pdf(x)));
  const yMax = 1.08 * Math.max(1e-12, ...dens, ...ys.flat().filter(Number.isFinite));
  const X = (x: number) => MARGIN.left + ((x - hist.lo) / (hist.hi - hist.lo)) * pw;
  const Y = (y: number) => top + ph - (Math.min(y, yMax) / yMax) * ph;

  g.clearRect(0, 0, W, H);
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, W, H);
  g.font = '12px system-ui, sans-serif';
  g.strokeStyle = '#e3e3e8';
  g.fillStyle = '#444';
  g.lineWidth = 1;
  g.textAlign = 'center';
  for (const t of niceTicks(hist.lo, hist.hi)) {
    g.beginPath();
    g.moveTo(X(t), top);
    g.lineTo(X(t), top + ph);
    g.stroke();
    g.fillText(formatTick(t), X(t), top + ph + 14);
  }
  g.textAlign = 'right';
  for (const t of niceTicks(0, yMax, 4)) {
    g.beginPath();
    g.moveTo(MARGIN.left, Y(t));
    g.lineTo(MARGIN.left + pw, Y(t));
    g.stroke();
    g.fillText(formatTick(t), MARGIN.left - 4, Y(t) + 4);
  }
  g.textAlign = 'center';
  g.fillText(xLabel, MARGIN.left + pw / 2, H - 4);

  g.fillStyle = '#8fb3de';
  const bw = pw / bins;
  dens.forEach((d, b) => {
    const y = Y(d);
    g.fillRect(MARGIN.left + b * bw, y, Math.max(1, bw - 0.5), top + ph - y);
  });

  curves.forEach((c, i) => {
    g.strokeStyle = c.color;
    g.lineWidth = 2;
    g.setLineDash(c.dashed ? [6, 4] : []);
    g.beginPath();
    xs.forEach((x, j) => {
      const y = ys[i]![j]!;
      if (j === 0) g.moveTo(X(x), Y(y));
      else g.lineTo(X(x), Y(y));
    });
    g.stroke();
  });
  g.setLineDash([]);

  drawLegend(g, legend.items);
}

/** Draws legend entries placed by {@link layoutLegend}. */
function drawLegend(
  g: CanvasRenderingContext2D,
  items: { label: string; color: string; dashed: boolean; box: boolean; x: number; y: number }[],
): void {
  g.textAlign = 'left';
  for (const e of items) {
    if (e.box) {
      g.fillStyle = e.color;
      g.fillRect(e.x, e.y - 8, 14, 10);
    } else {
      g.strokeStyle = e.color;
      g.lineWidth = 2;
      g.setLineDash(e.dashed ? [4, 3] : []);
      g.beginPath();
      g.moveTo(e.x, e.y - 3);
      g.lineTo(e.x + 14, e.y - 3);
      g.stroke();
      g.setLineDash([]);
    }
    g.fillStyle = '#222';
    g.fillText(e.label, e.x + 18, e.y + 1);
  }
}

/** Places legend entries in rows from the top left, wrapping at `width`; returns them and the band's height. */
function layoutLegend(
  g: CanvasRenderingContext2D,
  entries: { label: string; color: string; dashed: boolean; box: boolean }[],
  left: number,
  width: number,
): {
  items: { label: string; color: string; dashed: boolean; box: boolean; x: number; y: number }[];
  height: number;
} {
  const items = [];
  let x = left;
  let y = 14;
  for (const e of entries) {
    const w = 18 + g.measureText(e.label).width + 16;
    if (x > left && x + w > left + width) {
      x = left;
      y += 17;
    }
    items.push({ ...e, x, y });
    x += w;
  }
  return { items, height: y + 8 };
}

/** Normal density with the given mean and variance (a zero variance gives a zero curve). */
export function gaussianPdf(mean: number, variance: number): (x: number) => number {
  if (!(variance > 0)) return () => 0;
  const c = 1 / Math.sqrt(2 * Math.PI * variance);
  return (x) => c * Math.exp(-((x - mean) ** 2) / (2 * variance));
}

/** A series of an experiment figure (same shape as the experiments module's `Series`). */
export interface FigureSeries {
  label: string;
  style: 'points' | 'line' | 'steps';
  x: number[];
  y: number[];
  yErr?: number[];
}

/** An experiment figure (same shape as the experiments module's `Figure`). */
export interface FigureSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  xScale: 'linear' | 'log';
  yScale: 'linear' | 'log';
  series: FigureSeries[];
}

const SERIES_COLORS = ['#1f5fa8', '#c0392b', '#1e8449', '#8e44ad', '#d35400'];

/** Draws an experiment figure: points with ±error bars, lines and steps, on linear or log axes. */
export function drawFigure(canvas: HTMLCanvasElement, fig: FigureSpec): void {
  const g = fitCanvas(canvas);
  const W = canvas.clientWidth;
  const H = canvas.clientHeight;
  g.font = '12px system-ui, sans-serif';
  const pw = W - 70 - MARGIN.right;
  const legend = layoutLegend(
    g,
    fig.series.map((s, i) => ({
      label: s.label,
      color: SERIES_COLORS[i % SERIES_COLORS.length]!,
      dashed: s.style !== 'points' && i > 1,
      box: s.style === 'points',
    })),
    70,
    pw,
  );
  const top = legend.height + MARGIN.top;
  const ph = H - top - MARGIN.bottom;
  const tx = (v: number) => (fig.xScale === 'log' ? Math.log10(v) : v);
  const ty = (v: number) => (fig.yScale === 'log' ? Math.log10(v) : v);
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of fig.series) {
    s.x.forEach((x, i) => {
      const y = s.y[i]!;
      const e = s.yErr?.[i] ?? 0;
      xs.push(tx(x));
      for (const v of [y - e, y, y + e]) if (fig.yScale !== 'log' || v > 0) ys.push(ty(v));
    });
  }
  const finite = (a: number[]) => a.filter(Number.isFinite);
  let [x0, x1] = [Math.min(...finite(xs)), Math.max(...finite(xs))];
  let [y0, y1] = [Math.min(...finite(ys)), Math.max(...finite(ys))];
  if (!(x1 > x0)) [x0, x1] = [x0 - 1, x0 + 1];
  if (!(y1 > y0)) [y0, y1] = [y0 - 1, y0 + 1];
  const padX = 0.05 * (x1 - x0);
  const padY = 0.08 * (y1 - y0);
  [x0, x1, y0, y1] = [x0 - padX, x1 + padX, y0 - padY, y1 + padY];
  const X = (v: number) => 70 + ((tx(v) - x0) / (x1 - x0)) * pw;
  const Y = (v: number) => top + ph - ((ty(v) - y0) / (y1 - y0)) * ph;

  g.fillStyle = '#fff';
  g.fillRect(0, 0, W, H);
  g.font = '12px system-ui, sans-serif';
  drawLegend(g, legend.items);
  g.strokeStyle = '#e3e3e8';
  g.lineWidth = 1;
  g.fillStyle = '#444';
  const label = (v: number, log: boolean) => (log ? `1e${Math.round(v)}` : formatTick(v));
  g.textAlign = 'center';
  for (const t of niceTicks(x0, x1, 5)) {
    if (fig.xScale === 'log' && Math.abs(t - Math.round(t)) > 1e-9) continue;
    const px = 70 + ((t - x0) / (x1 - x0)) * pw;
    g.beginPath();
    g.moveTo(px, top);
    g.lineTo(px, top + ph);
    g.stroke();
    g.fillText(label(t, fig.xScale === 'log'), px, top + ph + 14);
  }
  g.textAlign = 'right';
  for (const t of niceTicks(y0, y1, 4)) {
    if (fig.yScale === 'log' && Math.abs(t - Math.round(t)) > 1e-9) continue;
    const py = top + ph - ((t - y0) / (y1 - y0)) * ph;
    g.beginPath();
    g.moveTo(70, py);
    g.lineTo(70 + pw, py);
    g.stroke();
    g.fillText(label(t, fig.yScale === 'log'), 66, py + 4);
  }
  g.textAlign = 'center';
  g.fillText(fig.xLabel, 70 + pw / 2, H - 4);
  g.save();
  g.translate(12, top + ph / 2);
  g.rotate(-Math.PI / 2);
  g.fillText(fig.yLabel, 0, 0);
  g.restore();

  fig.series.forEach((s, si) => {
    const color = SERIES_COLORS[si % SERIES_COLORS.length]!;
    g.strokeStyle = color;
    g.fillStyle = color;
    g.lineWidth = 1.5;
    const ok = (x: number, y: number) => Number.isFinite(tx(x)) && Number.isFinite(ty(y));
    if (s.style === 'points') {
      s.x.forEach((x, i) => {
        const y = s.y[i]!;
        if (!ok(x, y)) return;
        const e = s.yErr?.[i] ?? 0;
        if (e > 0) {
          // On a log axis a bar reaching zero or below runs to the bottom of the plot.
          g.beginPath();
          g.moveTo(X(x), fig.yScale === 'log' && y - e <= 0 ? top + ph : Y(y - e));
          g.lineTo(X(x), Y(y + e));
          g.stroke();
        }
        g.beginPath();
        g.arc(X(x), Y(y), 3.5, 0, 2 * Math.PI);
        g.fill();
      });
    } else {
      g.setLineDash(si > 1 ? [5, 4] : []);
      g.beginPath();
      let started = false;
      s.x.forEach((x, i) => {
        const y = s.y[i]!;
        if (!ok(x, y)) return;
        if (!started) g.moveTo(X(x), Y(y));
        else if (s.style === 'steps') {
          g.lineTo(X(x), Y(s.y[i - 1]!));
          g.lineTo(X(x), Y(y));
        } else g.lineTo(X(x), Y(y));
        started = true;
      });
      g.stroke();
      g.setLineDash([]);
    }
  });
}
