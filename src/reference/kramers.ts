/**
 * Escape from a potential well for the overdamped Langevin dynamics dX = −L'(X) dt + √(2T) dB: Kramers' rate for
 * a small temperature, and the exact mean first-passage time by quadrature for any barrier.
 */
import { integrate, integrateLine, type QuadratureOptions } from './quadrature.js';

/** Options of `kramersRate`. */
export interface KramersOptions {
  potential: (x: number) => number;
  temperature: number;
  /** The well's minimum a and the barrier's saddle (maximum in 1-D) b. */
  minimum: number;
  saddle: number;
  /** L''(a), L''(b); central differences with step 1e-4·max(1, |x|) when omitted. */
  curvatureAtMinimum?: number;
  curvatureAtSaddle?: number;
}

function secondDerivative(L: (x: number) => number, x: number): number {
  const h = 1e-4 * Math.max(1, Math.abs(x));
  return (L(x + h) - 2 * L(x) + L(x - h)) / (h * h);
}

/**
 * Kramers' escape rate k = √(L''(a)|L''(b)|)/(2π) · exp(−(L(b) − L(a))/T), the leading term as T/ΔL → 0
 * (Kramers 1940; Hänggi, Talkner & Borkovec 1990, eq. 4.5b). Its relative error is O(T/ΔL).
 *
 * @param o - the potential, its minimum a, the saddle b and the temperature
 * @returns the escape rate k
 * @throws RangeError for a non-positive temperature or curvatures of the wrong sign
 */
export function kramersRate(o: KramersOptions): number {
  const T = o.temperature;
  if (!(Number.isFinite(T) && T > 0)) throw new RangeError(`temperature must be finite and > 0, got ${T}`);
  const ka = o.curvatureAtMinimum ?? secondDerivative(o.potential, o.minimum);
  const kb = o.curvatureAtSaddle ?? secondDerivative(o.potential, o.saddle);
  if (!(ka > 0)) throw new RangeError(`L''(minimum) must be > 0, got ${ka}`);
  if (!(kb < 0)) throw new RangeError(`L''(saddle) must be < 0, got ${kb}`);
  const barrier = o.potential(o.saddle) - o.potential(o.minimum);
  if (!(barrier > 0)) throw new RangeError(`the barrier L(saddle) − L(minimum) must be > 0, got ${barrier}`);
  return (Math.sqrt(ka * -kb) / (2 * Math.PI)) * Math.exp(-barrier / T);
}

/** Options of `meanFirstPassageTime`. */
export interface MfptOptions {
  potential: (x: number) => number;
  temperature: number;
  /** Start x0 and absorbing target c. */
  from: number;
  to: number;
  /** Reflecting wall on the far side of x0 (default ∓∞: none). */
  reflectAt?: number;
  quadrature?: QuadratureOptions;
}

/**
 * Exact mean first-passage time from x0 to c for dX = −L' dt + √(2T) dB with a reflecting wall r on the other side
 * (Gardiner, Handbook of Stochastic Methods, §5.2.7): for x0 < c,
 * τ = (1/T) ∫_{x0}^{c} dy ∫_{r}^{y} exp((L(y) − L(z))/T) dz, and the mirror image for x0 > c.
 *
 * @param o - the potential, temperature, start x0, target c and reflecting wall r
 * @returns the exact mean first-passage time τ
 * @throws RangeError for a bad temperature or an ordering of x0, c and r that is not a passage
 */
export function meanFirstPassageTime(o: MfptOptions): number {
  const T = o.temperature;
  if (!(Number.isFinite(T) && T > 0)) throw new RangeError(`temperature must be finite and > 0, got ${T}`);
  const { from: x0, to: c, potential: L } = o;
  if (!(Number.isFinite(x0) && Number.isFinite(c))) throw new RangeError('from and to must be finite');
  if (x0 === c) return 0;
  const up = x0 < c;
  const r = o.reflectAt ?? (up ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY);
  if (up ? !(r <= x0) : !(r >= x0))
    throw new RangeError(`the reflecting wall ${r} must lie beyond the start ${x0}`);
  const opts = { relTol: 1e-11, panels: 8, ...o.quadrature };
  const inner = (y: number) => {
    const Ly = L(y);
    const f = (z: number) => Math.exp((Ly - L(z)) / T);
    return (up ? integrateLine(f, r, y, opts) : integrateLine(f, y, r, opts)).value;
  };
  const outer = integrate(inner, Math.min(x0, c), Math.max(x0, c), opts);
  return outer.value / T;
}
