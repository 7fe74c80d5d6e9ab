/**
 * Adaptive Gauss–Legendre quadrature on finite intervals and on half-lines (by panels of doubling width, which
 * also detects divergent integrals such as the partition function of a non-confining potential).
 */

/** Gauss–Legendre nodes and weights on [−1, 1] by Newton's method on P_n (Golub–Welsch gives the same). */
export function gaussLegendre(n: number): { nodes: Float64Array; weights: Float64Array } {
  if (!(Number.isInteger(n) && n >= 1 && n <= 200)) throw new RangeError(`n must be in [1, 200], got ${n}`);
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      // Three-term recurrence (k+1) P_{k+1} = (2k+1) x P_k − k P_{k−1}; P'_n = n (x P_n − P_{n−1}) / (x² − 1).
      let p0 = 1;
      let p1 = x;
      for (let k = 1; k < n; k++) {
        const p2 = ((2 * k + 1) * x * p1 - k * p0) / (k + 1);
        p0 = p1;
        p1 = p2;
      }
      if (n === 1) p0 = 1;
      dp = (n * (x * p1 - p0)) / (x * x - 1);
      const dx = p1 / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    weights[i] = weights[n - 1 - i] = 2 / ((1 - x * x) * dp * dp);
  }
  return { nodes, weights };
}

const GL = gaussLegendre(12);

function glPanel(f: (x: number) => number, a: number, b: number): number {
  const c = 0.5 * (a + b);
  const r = 0.5 * (b - a);
  let s = 0;
  for (let k = 0; k < GL.nodes.length; k++) s += GL.weights[k]! * f(c + r * GL.nodes[k]!);
  return s * r;
}

/** Tolerances of the adaptive rules. */
export interface QuadratureOptions {
  /** Relative tolerance (default 1e-12). */
  relTol?: number;
  /** Absolute tolerance (default 0). */
  absTol?: number;
  /** Largest bisection depth (default 30). */
  maxDepth?: number;
  /** Equal panels to start from (default 16). */
  panels?: number;
  /** Evaluations after which no panel is refined further (default 2e6); the error estimate then says so. */
  maxEvaluations?: number;
}

/** Result of a quadrature with its (a posteriori) error estimate. */
export interface QuadratureResult {
  value: number;
  errorEstimate: number;
  evaluations: number;
}

/**
 * ∫_a^b f by adaptive bisection of 12-point Gauss–Legendre panels: a panel is accepted when it agrees with the
 * sum of its halves to within its share of the tolerance. Throws if f is not finite on the interval.
 */
export function integrate(
  f: (x: number) => number,
  a: number,
  b: number,
  options: QuadratureOptions = {},
): QuadratureResult {
  if (!(Number.isFinite(a) && Number.isFinite(b))) {
    throw new RangeError(`integrate needs finite limits, got [${a}, ${b}]; use integrateHalfLine for tails`);
  }
  const relTol = options.relTol ?? 1e-12;
  const absTol = options.absTol ?? 0;
  const maxDepth = options.maxDepth ?? 30;
  let evaluations = 0;
  const g = (x: number) => {
    evaluations++;
    const v = f(x);
    if (!Number.isFinite(v)) throw new RangeError(`integrand is not finite (${v}) at x = ${x}`);
    return v;
  };
  if (a === b) return { value: 0, errorEstimate: 0, evaluations };
  // Start from `panels` equal panels so that a narrow peak is not missed by a single coarse panel.
  const panels = options.panels ?? 16;
  const starts = Array.from({ length: panels + 1 }, (_, k) =>
    k === panels ? b : a + ((b - a) * k) / panels,
  );
  const first = starts.slice(0, panels).map((lo, k) => glPanel(g, lo, starts[k + 1]!));
  let errorEstimate = 0;
  // The tolerance is relative to a first estimate of ∫|f|, fixed up front so that the recursion is deterministic.
  let scale = 0;
  for (let k = 0; k < panels; k++) scale += glPanel((x) => Math.abs(g(x)), starts[k]!, starts[k + 1]!);
  // The 1e-280 floor keeps panels where the integrand is (sub)normal-small from refining on rounding noise.
  const tol = Math.max(absTol, relTol * scale, 1e-280);
  const budget = options.maxEvaluations ?? 2_000_000;
  const recurse = (lo: number, hi: number, est: number, depth: number): number => {
    const mid = 0.5 * (lo + hi);
    const left = glPanel(g, lo, mid);
    const right = glPanel(g, mid, hi);
    const err = Math.abs(left + right - est);
    const stop = depth >= maxDepth || mid === lo || mid === hi || evaluations > budget;
    if (err <= (tol * (hi - lo)) / Math.abs(b - a) || stop) {
      errorEstimate += err;
      return left + right;
    }
    return recurse(lo, mid, left, depth + 1) + recurse(mid, hi, right, depth + 1);
  };
  let value = 0;
  for (let k = 0; k < panels; k++) value += recurse(starts[k]!, starts[k + 1]!, first[k]!, 0);
  return { value, errorEstimate, evaluations };
}

/** Thrown when an integral over an unbounded interval does not converge. */
export class DivergentIntegralError extends RangeError {
  /**
   * @param message - which integral diverged
   */
  constructor(message: string) {
    super(message);
    this.name = 'DivergentIntegralError';
  }
}

/**
 * ∫ f over the half-line [a, ∞) (direction +1) or (−∞, a] (direction −1), for a non-negative f, as a sum of panels
 * of doubling width starting at `width`. Converges when a panel adds less than relTol of the total; throws a
 * DivergentIntegralError when 80 doublings (widths up to ~1e24) do not get there.
 */
export function integrateHalfLine(
  f: (x: number) => number,
  a: number,
  direction: 1 | -1,
  width = 1,
  options: QuadratureOptions = {},
): QuadratureResult {
  const relTol = options.relTol ?? 1e-12;
  let total = 0;
  let errorEstimate = 0;
  let evaluations = 0;
  let edge = a;
  let w = width;
  let small = 0;
  for (let k = 0; k < 80; k++) {
    const next = edge + direction * w;
    // Panels far out are judged against the total so far, not against their own (possibly underflowing) size.
    const absTol = Math.max(options.absTol ?? 0, relTol * Math.abs(total) * 0.01);
    const r = integrate(f, Math.min(edge, next), Math.max(edge, next), { ...options, absTol });
    total += r.value;
    errorEstimate += r.errorEstimate;
    evaluations += r.evaluations;
    if (!Number.isFinite(total)) break;
    // Two consecutive negligible panels (a single one may sit in a gap between bumps).
    small = Math.abs(r.value) <= relTol * Math.abs(total) * 0.01 ? small + 1 : 0;
    if (small >= 2 && k >= 3) return { value: total, errorEstimate, evaluations };
    edge = next;
    w *= 2;
  }
  const side = direction > 0 ? `[${a}, ∞)` : `(−∞, ${a}]`;
  throw new DivergentIntegralError(
    `the integral over ${side} does not converge (reached ${edge}, total ${total})`,
  );
}

/** ∫ f over [lo, hi] where either limit may be ±Infinity. */
export function integrateLine(
  f: (x: number) => number,
  lo: number,
  hi: number,
  options: QuadratureOptions = {},
): QuadratureResult {
  if (Number.isNaN(lo) || Number.isNaN(hi) || !(hi > lo)) {
    throw new RangeError(`need lo < hi, got [${lo}, ${hi}]`);
  }
  const a = Number.isFinite(lo) ? lo : Number.isFinite(hi) ? hi - 1 : -1;
  const b = Number.isFinite(hi) ? hi : a + 2;
  const core = integrate(f, a, b, options);
  const out = { ...core };
  if (!Number.isFinite(lo)) {
    const t = integrateHalfLine(f, a, -1, 1, options);
    out.value += t.value;
    out.errorEstimate += t.errorEstimate;
    out.evaluations += t.evaluations;
  }
  if (!Number.isFinite(hi)) {
    const t = integrateHalfLine(f, b, 1, 1, options);
    out.value += t.value;
    out.errorEstimate += t.errorEstimate;
    out.evaluations += t.evaluations;
  }
  return out;
}
