/**
 * Weak order measured as DiffEqDevTools does it — the weak error at step sizes halving, each
 * against the analytic solution driven by the same Brownian path, and the fitted slope of log|error| on log h.
 * Model: geometric Brownian motion dX = μX dt + σX dW with W carried as a second component (scalar noise: one
 * Brownian motion drives both), so the exact solution x₀ exp((μ − σ²/2)t + σW_t) is known per particle and the
 * error estimate mean(X_h(T)² − X(T)²) has the small variance of a strong error.
 *
 * Expected slopes from the exact per-step moment recursions (python, at these μ, σ, h): EM 0.918 (pre-asymptotic
 * 1 − O(h)), Platen's order-2 scheme 1.947; the pass windows are 1 ± 0.15 and 2 ± 0.3. With 2^16 particles
 * the standard error of each error estimate is below 15% of the error at the finest h (checked below), so
 * Monte Carlo noise moves the slope by well under the window.
 */
import { describe, expect } from 'vitest';
import { runEnsemble } from '../../src/engine/run.js';
import type { SimulationSpec } from '../../src/engine/spec.js';
import { gpuIt, useGpu } from '../shared/gpu.js';

const MU = 1;
const SIGMA = 0.5;
const X0 = 1;
const T = 1;

const model = `
fn drift(x: State, t: f32) -> State {
  return State(param(PARAM_MU) * x[0], 0.0);
}
fn diffusion(x: State, t: f32) -> State {
  return State(param(PARAM_SIGMA) * x[0], 1.0);
}`;

// g(x, t) = X² − X_exact², X_exact = x0 exp((μ − σ²/2) t + σ W_t).
const observables = `
fn observable(k: u32, x: State, t: f32) -> f32 {
  let mu = param(PARAM_MU);
  let s = param(PARAM_SIGMA);
  let exact = param(PARAM_X0) * exp((mu - 0.5 * s * s) * t + s * x[1]);
  return x[0] * x[0] - exact * exact;
}`;

function spec(scheme: string, h: number): SimulationSpec {
  return {
    model: { wgsl: model, dim: 2, noise: 'scalar', params: { mu: MU, sigma: SIGMA, x0: X0 } },
    scheme: scheme as SimulationSpec['scheme'],
    dt: h,
    horizon: T,
    particles: 2 ** 16,
    seed: 2024,
    init: { point: [X0, 0] },
    outputs: { observables: { wgsl: observables, count: 1 } },
  };
}

/** Least-squares slope of log|e| on log h. */
function slope(hs: number[], es: number[]): number {
  const x = hs.map(Math.log);
  const y = es.map((e) => Math.log(Math.abs(e)));
  const mx = x.reduce((a, b) => a + b) / x.length;
  const my = y.reduce((a, b) => a + b) / y.length;
  return x.reduce((a, xi, i) => a + (xi - mx) * (y[i]! - my), 0) / x.reduce((a, xi) => a + (xi - mx) ** 2, 0);
}

describe('engine: weak order on geometric Brownian motion', () => {
  const gpu = useGpu();
  const hs = [1 / 8, 1 / 16, 1 / 32, 1 / 64];

  for (const [scheme, order, tol] of [
    ['em', 1, 0.15],
    ['weak2', 2, 0.3],
  ] as const) {
    gpuIt(`${scheme}: fitted weak order of E[X_T²] within ${order} ± ${tol}`, gpu, async (ctx) => {
      const errors: number[] = [];
      const ses: number[] = [];
      for (const h of hs) {
        const r = await runEnsemble(ctx, spec(scheme, h));
        expect(r.nonFinite).toBe(0);
        errors.push(r.snapshots[0]!.expectations[0]!.mean);
        ses.push(r.snapshots[0]!.expectations[0]!.se);
      }
      const p = slope(hs, errors);
      const detail = `errors ${errors.map((e) => e.toExponential(3))} ± ${ses.map((s) => s.toExponential(2))}, slope ${p}`;
      console.info(`${scheme}: ${detail}`);
      for (let i = 0; i < hs.length; i++) expect(ses[i]!, detail).toBeLessThan(0.15 * Math.abs(errors[i]!));
      expect(Math.abs(p - order), detail).toBeLessThanOrEqual(tol);
    });
  }
});
