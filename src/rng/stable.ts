/**
 * TypeScript reference of `shaders/rng/stable.wgsl` (Chambers–Mallows–Stuck, Nolan's S1 parameterisation with
 * scale 1 and location 0), evaluated in float64 from the same float32 uniforms as the GPU. GPU and reference agree
 * to the tolerance stated in the tests (SwiftShader's sin/cos/log are approximate), not bit for bit.
 */
import { uniformOpen01 } from './philox.js';

/** Validates α ∈ (0, 2] and β ∈ [−1, 1]; throws a RangeError naming the bad one. */
export function validateStableParameters(alpha: number, beta: number): void {
  if (!(Number.isFinite(alpha) && alpha > 0 && alpha <= 2)) {
    throw new RangeError(`alpha must be in (0, 2], got ${alpha}`);
  }
  if (!(Number.isFinite(beta) && beta >= -1 && beta <= 1)) {
    throw new RangeError(`beta must be in [-1, 1], got ${beta}`);
  }
}

/**
 * Standard S1 α-stable variate S(α, β, 1, 0) from uniforms u_angle, u_exp ∈ (0, 1) (`stable_cms`):
 * V = π(u_angle − ½), W = −log u_exp, and X = S sin(α(V+B)) / cos(V)^{1/α} · (cos(V − α(V+B))/W)^{(1−α)/α}
 * (α ≠ 1), X = (2/π)((π/2 + βV) tan V − β log((π/2) W cos V / (π/2 + βV))) (α = 1), X = 2√W sin V (α = 2).
 */
export function stableCms(uAngle: number, uExp: number, alpha: number, beta: number): number {
  const v = Math.PI * (uAngle - 0.5);
  const w = -Math.log(uExp);
  const cosV = Math.sin(Math.PI * Math.min(uAngle, 1 - uAngle));
  if (alpha === 2) return 2 * Math.sqrt(w) * Math.sin(v);
  if (alpha === 1) {
    const hp = (Math.PI / 2) * (1 - beta + 2 * beta * uAngle);
    const tanV = Math.sin(v) / cosV;
    if (beta === 0) return tanV;
    return (hp * tanV - beta * Math.log(((Math.PI / 2) * w * cosV) / hp)) / (Math.PI / 2);
  }
  const d = (Math.PI / 2) * (alpha - 1);
  const zeta = (-beta * Math.cos(d)) / Math.sin(d);
  const alphaB = Math.atan(zeta);
  const sinA = Math.sin(alpha * v + alphaB);
  const c = Math.max(Math.cos((1 - alpha) * v - alphaB), Number.MIN_VALUE);
  const logMag =
    (0.5 / alpha) * Math.log1p(zeta * zeta) +
    Math.log(Math.abs(sinA)) -
    Math.log(cosV) / alpha +
    ((1 - alpha) / alpha) * (Math.log(c) - Math.log(w));
  return Math.sign(sinA) * Math.exp(logMag);
}

/** Two S1 α-stable variates from one Philox block (`stable2`): lanes (0, 1) and (2, 3). */
export function stable2(bits: ArrayLike<number>, alpha: number, beta: number): [number, number] {
  return [
    stableCms(uniformOpen01(bits[0]!), uniformOpen01(bits[1]!), alpha, beta),
    stableCms(uniformOpen01(bits[2]!), uniformOpen01(bits[3]!), alpha, beta),
  ];
}
