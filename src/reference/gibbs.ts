/**
 * Gibbs densities exp(−L/T)/Z in 1-D and 2-D with the partition function Z by adaptive quadrature on bounded or
 * unbounded domains. A potential that does not confine (Z = ∞ on the domain) is reported as an error, never as a
 * density.
 */
import { DivergentIntegralError, integrate, integrateLine, type QuadratureOptions } from './quadrature.js';

/** A normalised 1-D Gibbs law. */
export interface Gibbs1d {
  temperature: number;
  lo: number;
  hi: number;
  /** log Z = log ∫ exp(−L/T) over [lo, hi]. */
  logZ: number;
  /** Relative error estimate of Z from the quadrature. */
  zRelativeError: number;
  density(x: number): number;
  /** P(X ≤ x) by quadrature from the nearer end. */
  cdf(x: number): number;
  /** E f(X) by quadrature. */
  expectation(f: (x: number) => number): number;
}

/** Thrown when exp(−L/T) is not integrable on the domain. */
export class NotNormalisableError extends RangeError {
  /**
   * @param message - which integral diverged
   */
  constructor(message: string) {
    super(message);
    this.name = 'NotNormalisableError';
  }
}

function checkTemperature(T: number): void {
  if (!(Number.isFinite(T) && T > 0)) throw new RangeError(`temperature must be finite and > 0, got ${T}`);
}

/** A reference point for the exponent shift: the smallest L among a few probes inside the domain. */
function referenceLevel(L: (x: number) => number, lo: number, hi: number): number {
  const a = Number.isFinite(lo) ? lo : Number.isFinite(hi) ? hi - 10 : -10;
  const b = Number.isFinite(hi) ? hi : a + 20;
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k <= 64; k++) {
    const v = L(a + ((b - a) * k) / 64);
    if (Number.isFinite(v)) best = Math.min(best, v);
  }
  if (!Number.isFinite(best)) throw new RangeError('the potential is not finite anywhere it was probed');
  return best;
}

/**
 * exp(−L/T)/Z on [lo, hi] (either end may be ±Infinity). Throws NotNormalisableError when Z = ∞ on the domain
 * (for example L = 0 on ℝ, or L(x) = −x²), and RangeError for a bad temperature or domain.
 *
 * @param potential - the potential L
 * @param temperature - T > 0
 * @param lo - lower end of the domain (default −∞)
 * @param hi - upper end of the domain (default +∞)
 * @param options - quadrature tolerances
 * @returns the normalised density with its moments and CDF
 * @throws {@link NotNormalisableError} when Z = ∞; RangeError for a bad temperature or domain
 * @example
 * ```ts
 * import { gibbs1d } from 'sgd-sde';
 *
 * const g = gibbs1d((x) => (x * x - 1) ** 2, 0.25);
 * console.log(g.density(1), g.logZ);
 * ```
 */
export function gibbs1d(
  potential: (x: number) => number,
  temperature: number,
  lo = Number.NEGATIVE_INFINITY,
  hi = Number.POSITIVE_INFINITY,
  options: QuadratureOptions = {},
): Gibbs1d {
  checkTemperature(temperature);
  if (Number.isNaN(lo) || Number.isNaN(hi) || !(hi > lo))
    throw new RangeError(`need lo < hi, got [${lo}, ${hi}]`);
  const T = temperature;
  const ref = referenceLevel(potential, lo, hi);
  const w = (x: number) => {
    const v = Math.exp(-(potential(x) - ref) / T);
    if (Number.isNaN(v)) throw new RangeError(`the potential is NaN at x = ${x}`);
    return v;
  };
  const opts = { relTol: 1e-13, ...options };
  let z: { value: number; errorEstimate: number };
  try {
    z = integrateLine(w, lo, hi, opts);
  } catch (e) {
    if (e instanceof DivergentIntegralError || (e instanceof RangeError && /not finite/.test(e.message))) {
      throw new NotNormalisableError(
        `exp(−L/T) is not normalisable on [${lo}, ${hi}] at T = ${T}: ${e.message}`,
      );
    }
    throw e;
  }
  if (!(z.value > 0 && Number.isFinite(z.value))) {
    throw new NotNormalisableError(`Z = ${z.value} on [${lo}, ${hi}]: not a normalisable density`);
  }
  const logZ = Math.log(z.value) - ref / T;
  const Z = z.value;
  const mass = (a: number, b: number) => (a >= b ? 0 : integrateLine(w, a, b, opts).value / Z);
  return {
    temperature: T,
    lo,
    hi,
    logZ,
    zRelativeError: z.errorEstimate / Z,
    density: (x) => (x < lo || x > hi ? 0 : Math.exp(-potential(x) / T - logZ)),
    cdf(x) {
      if (x <= lo) return 0;
      if (x >= hi) return 1;
      // From the nearer end, so that both tails keep their relative accuracy.
      const left = Number.isFinite(lo) ? x - lo : Number.POSITIVE_INFINITY;
      const right = Number.isFinite(hi) ? hi - x : Number.POSITIVE_INFINITY;
      return left <= right || x < 0 ? mass(lo, x) : 1 - mass(x, hi);
    },
    expectation: (f) => integrateLine((x) => f(x) * w(x), lo, hi, opts).value / Z,
  };
}

/** A normalised 2-D Gibbs law on a rectangle (ends may be infinite). */
export interface Gibbs2d {
  temperature: number;
  logZ: number;
  density(x: number, y: number): number;
  /** Probability of the box [x0, x1] × [y0, y1]. */
  boxProbability(x0: number, x1: number, y0: number, y1: number): number;
}

/**
 * exp(−L/T)/Z on [xlo, xhi] × [ylo, yhi] with Z by nested quadrature; errors as in gibbs1d.
 *
 * @param potential - the potential L(x, y)
 * @param temperature - T > 0
 * @param domain - the rectangle (default ℝ²; either end of either axis may be infinite)
 * @param options - quadrature tolerances
 * @returns the normalised density with its moments
 * @throws {@link NotNormalisableError} when Z = ∞; RangeError for a bad temperature or domain
 */
export function gibbs2d(
  potential: (x: number, y: number) => number,
  temperature: number,
  domain: { x: [number, number]; y: [number, number] } = {
    x: [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
    y: [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
  },
  options: QuadratureOptions = {},
): Gibbs2d {
  checkTemperature(temperature);
  const T = temperature;
  const [xlo, xhi] = domain.x;
  const [ylo, yhi] = domain.y;
  for (const [a, b] of [domain.x, domain.y]) {
    if (Number.isNaN(a) || Number.isNaN(b) || !(b > a))
      throw new RangeError(`need lo < hi, got [${a}, ${b}]`);
  }
  const ref = referenceLevel((x) => referenceLevel((y) => potential(x, y), ylo, yhi), xlo, xhi);
  const opts = { relTol: 1e-11, panels: 8, ...options };
  const w = (x: number, y: number) => Math.exp(-(potential(x, y) - ref) / T);
  const inner = (x: number, a: number, b: number) => integrateLine((y) => w(x, y), a, b, opts).value;
  const outer = (a: number, b: number, c: number, d: number) =>
    Number.isFinite(a) && Number.isFinite(b)
      ? integrate((x) => inner(x, c, d), a, b, opts).value
      : integrateLine((x) => inner(x, c, d), a, b, opts).value;
  let Z: number;
  try {
    Z = outer(xlo, xhi, ylo, yhi);
  } catch (e) {
    if (e instanceof DivergentIntegralError || (e instanceof RangeError && /not finite/.test(e.message))) {
      throw new NotNormalisableError(`exp(−L/T) is not normalisable on the domain at T = ${T}: ${e.message}`);
    }
    throw e;
  }
  if (!(Z > 0 && Number.isFinite(Z))) throw new NotNormalisableError(`Z = ${Z}: not a normalisable density`);
  const logZ = Math.log(Z) - ref / T;
  return {
    temperature: T,
    logZ,
    density: (x, y) => (x < xlo || x > xhi || y < ylo || y > yhi ? 0 : Math.exp(-potential(x, y) / T - logZ)),
    boxProbability: (x0, x1, y0, y1) =>
      outer(Math.max(x0, xlo), Math.min(x1, xhi), Math.max(y0, ylo), Math.min(y1, yhi)) / Z,
  };
}
