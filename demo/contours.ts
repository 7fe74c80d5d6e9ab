/** Contour lines of a function on a rectangle by marching squares (segments, linear interpolation on edges). */

/** A line segment [x0, y0, x1, y1] in the function's coordinates. */
export type Segment = [number, number, number, number];

/** A rectangle [xlo, xhi] × [ylo, yhi]. */
export interface Box {
  xlo: number;
  xhi: number;
  ylo: number;
  yhi: number;
}

/**
 * Segments of the level set {f = level} on an n×n grid of squares over `box`. In each square the corners above
 * the level form one of 16 cases; saddle cases (two opposite corners above) are split by the square's mean.
 */
export function contourSegments(
  f: (x: number, y: number) => number,
  box: Box,
  level: number,
  n = 96,
): Segment[] {
  const hx = (box.xhi - box.xlo) / n;
  const hy = (box.yhi - box.ylo) / n;
  const v = new Float64Array((n + 1) * (n + 1));
  for (let j = 0; j <= n; j++)
    for (let i = 0; i <= n; i++) v[j * (n + 1) + i] = f(box.xlo + i * hx, box.ylo + j * hy) - level;
  const out: Segment[] = [];
  // Point on the edge between corners (xa, ya, a) and (xb, yb, b) where the interpolant crosses zero.
  const cross = (xa: number, ya: number, a: number, xb: number, yb: number, b: number): [number, number] => {
    const t = a / (a - b);
    return [xa + t * (xb - xa), ya + t * (yb - ya)];
  };
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const x0 = box.xlo + i * hx;
      const y0 = box.ylo + j * hy;
      const x1 = x0 + hx;
      const y1 = y0 + hy;
      const a = v[j * (n + 1) + i]!; // (x0, y0)
      const b = v[j * (n + 1) + i + 1]!; // (x1, y0)
      const c = v[(j + 1) * (n + 1) + i + 1]!; // (x1, y1)
      const d = v[(j + 1) * (n + 1) + i]!; // (x0, y1)
      const edges: [number, number][] = [];
      // Bottom, right, top, left edges, each crossed when its corners lie on opposite sides.
      if (a > 0 !== b > 0) edges.push(cross(x0, y0, a, x1, y0, b));
      if (b > 0 !== c > 0) edges.push(cross(x1, y0, b, x1, y1, c));
      if (c > 0 !== d > 0) edges.push(cross(x1, y1, c, x0, y1, d));
      if (d > 0 !== a > 0) edges.push(cross(x0, y1, d, x0, y0, a));
      if (edges.length === 2) {
        out.push([...edges[0]!, ...edges[1]!]);
      } else if (edges.length === 4) {
        // Saddle: pair the crossings so that the square's centre value (the mean) is on the correct side.
        const centreAbove = (a + b + c + d) / 4 > 0;
        const [e0, e1, e2, e3] = edges as [
          [number, number],
          [number, number],
          [number, number],
          [number, number],
        ];
        if (centreAbove === a > 0) {
          out.push([...e0, ...e1], [...e2, ...e3]);
        } else {
          out.push([...e0, ...e3], [...e1, ...e2]);
        }
      }
    }
  }
  return out;
}
