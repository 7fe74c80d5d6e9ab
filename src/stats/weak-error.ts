/**
 * Weak-error estimation: Monte Carlo estimates of E g(X) with standard errors, and the weak order fitted by
 * weighted least squares on log |error| against log h, with a confidence interval and a verdict that refuses to
 * fit ("unresolved") when the Monte Carlo noise is comparable to the bias being measured.
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/** A Monte Carlo estimate. */
export interface Estimate {
  value: number;
  se: number;
  /** Samples (particles or particle pairs) behind it. */
  n: number;
}

/** Mean and standard error of a sample of g values (float64, two-pass). */
export function estimateMean(values: ArrayLike<number>): Estimate {
  const n = values.length;
  if (n < 2) throw new RangeError(`need at least 2 values, got ${n}`);
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i]!;
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i]! - mean) ** 2;
  return { value: mean, se: Math.sqrt(ss / (n - 1) / n), n };
}

/** The measured weak error (or coupled difference E g(X^h) − E g(X^{h/2})) at one step size. */
export interface WeakErrorPoint extends Estimate {
  h: number;
}

/** Fitted weak order and verdict. */
export interface WeakOrderFit {
  /** 'resolved': every level's error is at least `resolveZ` standard errors from 0; otherwise 'unresolved'. */
  verdict: 'resolved' | 'unresolved';
  /** Fitted order p in |error| ≈ C h^p (NaN when fewer than two levels are resolved). */
  order: number;
  orderSE: number;
  /** Confidence interval of the order. */
  lower: number;
  upper: number;
  confidence: number;
  /** C in |error| ≈ C h^p. */
  constant: number;
  /** χ² of the weighted fit and its degrees of freedom; the SE is inflated by √(χ²/dof) when that exceeds 1. */
  chiSquare: number;
  dof: number;
  /** Levels used in the fit (the resolved ones). */
  used: number[];
  /** Smallest particle count (per level, scaling as (z·SE/|error|)² · n) that would resolve every level. */
  particlesToResolve: number;
  message: string;
}

/**
 * Fits log |e| = log C + p log h by weighted least squares with weights (e/SE)² (the delta-method variance of
 * log |e|), over the levels whose error is resolved (|e| ≥ resolveZ·SE, default 3). The interval uses the normal
 * quantile, or Student's t with n − 2 dof when the fit's χ²/dof > 1 and the SE is inflated by its square root.
 */
export function fitWeakOrder(
  points: WeakErrorPoint[],
  options: { confidence?: number; resolveZ?: number } = {},
): WeakOrderFit {
  const confidence = options.confidence ?? 0.95;
  const z = options.resolveZ ?? 3;
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  if (points.length < 2) throw new RangeError('need at least two step sizes');
  for (const p of points) {
    if (!(p.h > 0 && Number.isFinite(p.h))) throw new RangeError(`step sizes must be > 0, got ${p.h}`);
    if (!Number.isFinite(p.value) || !(p.se >= 0) || !(p.n >= 1)) {
      throw new RangeError(`each point needs a finite value, SE ≥ 0 and n ≥ 1, got ${JSON.stringify(p)}`);
    }
  }
  const resolved = points.map((p) => Math.abs(p.value) >= z * p.se && p.value !== 0);
  let particlesToResolve = 0;
  for (const p of points) {
    const need = p.value === 0 ? Number.POSITIVE_INFINITY : p.n * ((z * p.se) / Math.abs(p.value)) ** 2;
    particlesToResolve = Math.max(particlesToResolve, Math.ceil(need));
  }
  const used = points.flatMap((_, i) => (resolved[i] ? [i] : []));
  const verdict = used.length === points.length ? 'resolved' : 'unresolved';
  const base = {
    verdict,
    confidence,
    used,
    particlesToResolve: Math.max(particlesToResolve, Math.max(...points.map((p) => p.n))),
  } as const;
  if (used.length < 2) {
    return {
      ...base,
      order: Number.NaN,
      orderSE: Number.NaN,
      lower: Number.NaN,
      upper: Number.NaN,
      constant: Number.NaN,
      chiSquare: Number.NaN,
      dof: 0,
      message: `unresolved: Monte Carlo noise exceeds the bias at ${points.length - used.length} of ${points.length} step sizes; about ${particlesToResolve} particles per level would resolve them`,
    };
  }
  const xs = used.map((i) => Math.log(points[i]!.h));
  const ys = used.map((i) => Math.log(Math.abs(points[i]!.value)));
  const ws = used.map((i) => (points[i]!.se > 0 ? (points[i]!.value / points[i]!.se) ** 2 : 1e30));
  const W = ws.reduce((a, b) => a + b, 0);
  const xm = ws.reduce((a, w, k) => a + w * xs[k]!, 0) / W;
  const ym = ws.reduce((a, w, k) => a + w * ys[k]!, 0) / W;
  const sxx = ws.reduce((a, w, k) => a + w * (xs[k]! - xm) ** 2, 0);
  if (!(sxx > 0)) throw new RangeError('step sizes must differ');
  const slope = ws.reduce((a, w, k) => a + w * (xs[k]! - xm) * (ys[k]! - ym), 0) / sxx;
  const intercept = ym - slope * xm;
  const chiSquare = ws.reduce((a, w, k) => a + w * (ys[k]! - intercept - slope * xs[k]!) ** 2, 0);
  const dof = used.length - 2;
  const inflate = dof > 0 && chiSquare / dof > 1;
  const se = Math.sqrt(1 / sxx) * (inflate ? Math.sqrt(chiSquare / dof) : 1);
  const q = inflate ? tQuantile(0.5 + confidence / 2, dof) : normalQuantile(0.5 + confidence / 2, 0, 1);
  const lower = slope - q * se;
  const upper = slope + q * se;
  return {
    ...base,
    order: slope,
    orderSE: se,
    lower,
    upper,
    constant: Math.exp(intercept),
    chiSquare,
    dof,
    message:
      verdict === 'resolved'
        ? `weak order ${slope.toFixed(3)} ± ${(q * se).toFixed(3)} (${Math.round(confidence * 100)}% CI)`
        : `unresolved at ${points.length - used.length} of ${points.length} step sizes (order ${slope.toFixed(3)} from the rest); about ${particlesToResolve} particles per level would resolve them`,
  };
}
