/**
 * Straight-line fits for scaling exponents (escape time vs barrier or noise scale, distance vs k): weighted least
 * squares y = a + b x with weights 1/σᵢ². The slope's standard error is the model one, sqrt((XᵀWX)⁻¹₁₁), inflated by
 * sqrt(χ²/(n−2)) when the points scatter more than their error bars say (Birge ratio), so an ill-fitting line is
 * never reported with a falsely small error.
 */

/** A fitted line y = intercept + slope·x with standard errors. */
export interface LineFit {
  slope: number;
  intercept: number;
  slopeSE: number;
  interceptSE: number;
  /** χ² of the residuals in units of the given errors, and its degrees of freedom. */
  chiSquare: number;
  dof: number;
}

/** Weighted least squares line through (x, y) with standard errors `sy` (all > 0); needs ≥ 2 points. */
export function fitLine(x: number[], y: number[], sy: number[]): LineFit {
  const n = x.length;
  if (n < 2 || y.length !== n || sy.length !== n)
    throw new RangeError('fitLine needs ≥ 2 points with errors');
  let s = 0;
  let sx = 0;
  let syy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const e = sy[i]!;
    if (!(e > 0) || !Number.isFinite(x[i]!) || !Number.isFinite(y[i]!)) {
      throw new RangeError(`fitLine: point ${i} has a non-finite value or an error ≤ 0`);
    }
    const w = 1 / (e * e);
    s += w;
    sx += w * x[i]!;
    syy += w * y[i]!;
    sxx += w * x[i]! * x[i]!;
    sxy += w * x[i]! * y[i]!;
  }
  const det = s * sxx - sx * sx;
  const slope = (s * sxy - sx * syy) / det;
  const intercept = (sxx * syy - sx * sxy) / det;
  let chi = 0;
  for (let i = 0; i < n; i++) chi += ((y[i]! - intercept - slope * x[i]!) / sy[i]!) ** 2;
  const dof = n - 2;
  const inflate = dof > 0 ? Math.sqrt(Math.max(1, chi / dof)) : 1;
  return {
    slope,
    intercept,
    slopeSE: Math.sqrt(s / det) * inflate,
    interceptSE: Math.sqrt(sxx / det) * inflate,
    chiSquare: chi,
    dof,
  };
}
