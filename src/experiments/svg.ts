/**
 * Figures as standalone SVG (no scripts, no external resources): linear or log axes with ticks, points with error
 * bars, polylines and histogram steps, and a legend. The same string is inlined in the HTML report and written as
 * an .svg file.
 */
import type { Figure, Series } from './types.js';

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];

/** Escapes text for XML content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const num = (v: number) => (Math.abs(v) < 1e-9 ? '0' : v.toFixed(2));

/** Tick label: short, with exponent notation for very small or large values. */
function tickLabel(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) {
    const e = Math.floor(Math.log10(a) + 1e-9);
    const m = v / 10 ** e;
    return Math.abs(Math.abs(m) - 1) < 1e-9
      ? `${m < 0 ? '-' : ''}1e${e}`
      : `${Number(m.toPrecision(2))}e${e}`;
  }
  return String(Number(v.toPrecision(3)));
}

/** Tick positions: 1-2-5 steps on a linear axis, decades (or 1-2-5 within a decade) on a log axis. */
export function ticks(lo: number, hi: number, scale: 'linear' | 'log'): number[] {
  if (scale === 'log') {
    const e0 = Math.floor(Math.log10(lo));
    const e1 = Math.ceil(Math.log10(hi));
    const mult = e1 - e0 <= 2 ? [1, 2, 5] : [1];
    const out: number[] = [];
    const step = Math.max(1, Math.ceil((e1 - e0) / 8));
    for (let e = e0; e <= e1; e += step) {
      for (const m of mult) {
        const v = m * 10 ** e;
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
      }
    }
    return out;
  }
  const span = hi - lo;
  const raw = span / 6;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => span / s <= 7) ?? 10 * p;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

/** Data range over all finite (and, on log axes, positive) values, error bars included. */
function range(series: Series[], axis: 'x' | 'y', scale: 'linear' | 'log'): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const s of series) {
    const vs = axis === 'x' ? s.x : s.y;
    vs.forEach((v, i) => {
      const e = axis === 'y' ? (s.yErr?.[i] ?? 0) : 0;
      for (const w of [v - e, v + e, v]) {
        if (!Number.isFinite(w) || (scale === 'log' && w <= 0)) continue;
        lo = Math.min(lo, w);
        hi = Math.max(hi, w);
      }
    });
  }
  if (!Number.isFinite(lo)) return scale === 'log' ? [0.1, 10] : [0, 1];
  if (scale === 'log') {
    if (hi / lo < 1.5) return [lo / 1.5, hi * 1.5];
    const pad = (hi / lo) ** 0.04;
    return [lo / pad, hi * pad];
  }
  if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) return [lo - 1, hi + 1];
  const pad = 0.04 * (hi - lo);
  return [lo - pad, hi + pad];
}

/** Renders a figure as an SVG document of the given size in pixels. */
export function renderSvg(fig: Figure, width = 600, height = 400): string {
  const m = { left: 72, right: 16, top: 30, bottom: 48 };
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const [x0, x1] = range(fig.series, 'x', fig.xScale);
  const [y0, y1] = range(fig.series, 'y', fig.yScale);
  const tx = (v: number) => (fig.xScale === 'log' ? Math.log10(v) : v);
  const ty = (v: number) => (fig.yScale === 'log' ? Math.log10(v) : v);
  const X = (v: number) => m.left + ((tx(v) - tx(x0)) / (tx(x1) - tx(x0))) * pw;
  const Y = (v: number) => m.top + ph - ((ty(v) - ty(y0)) / (ty(y1) - ty(y0))) * ph;
  const ok = (v: number, scale: 'linear' | 'log') => Number.isFinite(v) && (scale === 'linear' || v > 0);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(fig.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="18" text-anchor="middle" font-size="14">${escapeXml(fig.title)}</text>`,
    `<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#444"/>`,
  );
  for (const t of ticks(x0, x1, fig.xScale)) {
    const x = num(X(t));
    out.push(
      `<line x1="${x}" y1="${m.top}" x2="${x}" y2="${m.top + ph}" stroke="#e4e4e4"/>`,
      `<text x="${x}" y="${m.top + ph + 16}" text-anchor="middle">${escapeXml(tickLabel(t))}</text>`,
    );
  }
  for (const t of ticks(y0, y1, fig.yScale)) {
    const y = num(Y(t));
    out.push(
      `<line x1="${m.left}" y1="${y}" x2="${m.left + pw}" y2="${y}" stroke="#e4e4e4"/>`,
      `<text x="${m.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${escapeXml(tickLabel(t))}</text>`,
    );
  }
  out.push(
    `<text x="${m.left + pw / 2}" y="${height - 10}" text-anchor="middle">${escapeXml(fig.xLabel)}</text>`,
    `<text transform="translate(16 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle">${escapeXml(fig.yLabel)}</text>`,
    `<clipPath id="plot-${escapeXml(fig.id)}"><rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}"/></clipPath>`,
    `<g clip-path="url(#plot-${escapeXml(fig.id)})">`,
  );
  fig.series.forEach((s, k) => {
    const c = COLORS[k % COLORS.length]!;
    const pts = s.x
      .map((x, i) => [x, s.y[i]!, s.yErr?.[i] ?? 0] as const)
      .filter(([x, y]) => ok(x, fig.xScale) && ok(y, fig.yScale));
    if (s.style === 'points') {
      out.push(`<g class="series" data-label="${escapeXml(s.label)}" fill="${c}" stroke="${c}">`);
      for (const [x, y, e] of pts) {
        if (e > 0) {
          const lo = fig.yScale === 'log' && y - e <= 0 ? y0 : y - e;
          out.push(
            `<line x1="${num(X(x))}" y1="${num(Y(lo))}" x2="${num(X(x))}" y2="${num(Y(y + e))}" stroke-width="1.2"/>`,
          );
        }
        out.push(`<circle cx="${num(X(x))}" cy="${num(Y(y))}" r="3.2"/>`);
      }
      out.push('</g>');
    } else {
      let d = '';
      // Histogram steps: bin centres with equal widths, each bin drawn as a flat segment of that width.
      const w = pts.length > 1 ? (pts[pts.length - 1]![0] - pts[0]![0]) / (pts.length - 1) : 1;
      pts.forEach(([x, y], i) => {
        if (s.style === 'steps') {
          d += `${i === 0 ? 'M' : 'L'}${num(X(x - w / 2))} ${num(Y(y))}L${num(X(x + w / 2))} ${num(Y(y))}`;
        } else d += `${i === 0 ? 'M' : 'L'}${num(X(x))} ${num(Y(y))}`;
      });
      out.push(
        `<path class="series" data-label="${escapeXml(s.label)}" d="${d}" fill="none" stroke="${c}" stroke-width="${s.style === 'line' ? 2 : 1.5}"/>`,
      );
    }
  });
  out.push('</g>');
  // Legend, top right inside the plot.
  const lw = Math.max(...fig.series.map((s) => s.label.length), 4) * 6.5 + 34;
  const lx = m.left + pw - lw - 6;
  out.push(
    `<rect x="${lx}" y="${m.top + 6}" width="${lw}" height="${fig.series.length * 16 + 8}" fill="#fff" fill-opacity="0.85" stroke="#bbb"/>`,
  );
  fig.series.forEach((s, k) => {
    const c = COLORS[k % COLORS.length]!;
    const y = m.top + 18 + k * 16;
    out.push(
      s.style === 'points'
        ? `<circle cx="${lx + 14}" cy="${y}" r="3.2" fill="${c}"/>`
        : `<line x1="${lx + 4}" y1="${y}" x2="${lx + 24}" y2="${y}" stroke="${c}" stroke-width="2"/>`,
      `<text x="${lx + 30}" y="${y}" dominant-baseline="middle">${escapeXml(s.label)}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('\n');
}
