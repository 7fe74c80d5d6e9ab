/**
 * weak-order: the weak error |E g(X_T^h) − E g(X_T)| of a time-stepping scheme falls like h^p: p = 1 for
 * Euler–Maruyama, p = 2 for Platen's explicit order-2.0 scheme (Kloeden & Platen 1992, Thm 14.5.2 and §15.1).
 * Measured the DiffEqDevTools way: independent ensembles at step sizes halving, weighted least squares of
 * log|error| on log h (delta-method errors, Birge-inflated), the slope with a 99% interval.
 *
 * Models (engine built-ins): OU dX = −θX dt + σ dB with E X_T² = (x₀e^{−θT})² + σ²(1 − e^{−2θT})/(2θ), and GBM
 * dX = μX dt + σX dB with E X_T² = x₀² e^{(2μ+σ²)T}. Parameters and ladders are chosen so that the errors at the
 * smallest h are several standard errors at the default N (see docs/experiments.md for the sizing).
 */
import type { GpuContext } from '../gpu/device.js';
import { ouEulerChainLaw, ouLaw } from '../stats/ou-exact.js';
import { observablesSnippet, runWithProgress, subSeed } from './engine-run.js';
import { fitLine } from './fit.js';
import type { Check, Experiment, ExperimentOutcome, Figure, Row, RunOptions, Series } from './types.js';
import { headline, intervalVerdict } from './verdict.js';

/** One measured convergence study: a model, a scheme, a ladder of step counts to horizon T. */
interface WeakCase {
  name: string;
  model: { builtin: string; params: Record<string, number> };
  scheme: 'em' | 'weak2';
  x0: number;
  horizon: number;
  steps: number[];
  order: number;
  tolerance: number;
  /** Exact E X_T². */
  exact: number;
  /** E X_T² of the scheme's own chain after k steps of h, when it has a closed form. */
  chain?: (h: number, k: number) => number;
}

// Parameters (scripted from the chains' exact E X_T², docs/experiments.md): on each ladder the exact chain's fitted
// slope is already within 0.02 (EM) or 0.14 (order 2) of p, and the smallest-h error is ≥ 3 SE at N = 2^17, so
// that the 99% interval of the fitted order fits inside p ± tolerance. The order-2 scheme's error is so small that
// independent ensembles resolve it only with little noise (σ = 0.02); larger σ needs the coupled estimator.
const ouP = { theta: 1, sigma: 0.5 };
const gbmEm = { mu: -1, sigma: 0.3 };
const gbmW2 = { mu: -1, sigma: 0.02 };

/** The convergence studies of the experiment (exported for the docs and tests). */
export const WEAK_CASES: WeakCase[] = [
  {
    name: 'EM on GBM',
    model: { builtin: 'gbm', params: gbmEm },
    scheme: 'em',
    x0: 1,
    horizon: 1,
    steps: [4, 8, 16, 32],
    order: 1,
    tolerance: 0.15,
    exact: Math.exp(2 * gbmEm.mu + gbmEm.sigma ** 2),
    // E X_{k+1}² = ((1 + μh)² + σ²h) E X_k² for X_{k+1} = X_k (1 + μh + σ ΔB).
    chain: (h, k) => ((1 + gbmEm.mu * h) ** 2 + gbmEm.sigma ** 2 * h) ** k,
  },
  {
    name: 'EM on OU',
    model: { builtin: 'ou', params: ouP },
    scheme: 'em',
    x0: 3,
    horizon: 1,
    steps: [4, 8, 16, 32],
    order: 1,
    tolerance: 0.15,
    exact: (() => {
      const l = ouLaw(ouP.theta, ouP.sigma, 1, 3);
      return l.mean ** 2 + l.variance;
    })(),
    chain: (h, k) => {
      const l = ouEulerChainLaw(ouP.theta, ouP.sigma, h, k, 3);
      return l.mean ** 2 + l.variance;
    },
  },
  {
    name: 'order-2 scheme on GBM',
    model: { builtin: 'gbm', params: gbmW2 },
    scheme: 'weak2',
    x0: 1,
    horizon: 1,
    steps: [4, 8, 16, 32],
    order: 2,
    tolerance: 0.3,
    exact: Math.exp(2 * gbmW2.mu + gbmW2.sigma ** 2),
    // For GBM the scheme (shaders/engine/schemes/weak2.wgsl) is X_{k+1} = X_k (A + B Z + C (Z² − 1)), Z ~ N(0, 1),
    // A = 1 + μh + μ²h²/2, B = σ√h (1 + μh), C = σ²h/2, so E X_{k+1}² = (A² + B² + 2C²) E X_k².
    chain: (h, k) => {
      const { mu, sigma } = gbmW2;
      const a = 1 + mu * h + 0.5 * mu * mu * h * h;
      const b = sigma * Math.sqrt(h) * (1 + mu * h);
      const c = 0.5 * sigma * sigma * h;
      return (a * a + b * b + 2 * c * c) ** k;
    },
  },
];

const G = observablesSnippet(['x[0] * x[0]']);

async function runWeakOrder(ctx: GpuContext, o: RunOptions): Promise<ExperimentOutcome> {
  const rows: Row[] = [];
  const checks: Check[] = [];
  const figures: Figure[] = [];
  const total = WEAK_CASES.reduce((a, c) => a + c.steps.reduce((x, y) => x + y, 0), 0);
  let done = 0;
  for (const [ci, c] of WEAK_CASES.entries()) {
    const hs: number[] = [];
    const errs: number[] = [];
    const ses: number[] = [];
    for (const [l, k] of c.steps.entries()) {
      const h = c.horizon / k;
      const r = await runWithProgress(
        ctx,
        {
          model: { ...c.model, params: { ...c.model.params }, dim: 1 },
          scheme: c.scheme,
          dt: h,
          steps: k,
          particles: o.particles,
          // Independent ensembles per (case, step size): the fit's points have independent errors.
          seed: subSeed(o.seed, ci * 8 + l),
          init: { point: c.x0 },
          outputs: { observables: { ...G, names: ['x^2'] } },
        },
        o.onProgress,
        done / total,
        k / total,
        `${c.name}, h = 1/${k}`,
      );
      done += k;
      const g = r.snapshots[r.snapshots.length - 1]!.expectations[0]!;
      const err = g.mean - c.exact;
      hs.push(h);
      errs.push(err);
      ses.push(g.se);
      rows.push({
        case: c.name,
        h,
        'E X_T^2': g.mean,
        SE: g.se,
        'weak error': err,
        'chain error (exact recursion)': c.chain ? c.chain(h, k) - c.exact : null,
        nonFinite: r.nonFinite,
      });
    }
    const fit = fitLine(
      hs.map(Math.log),
      errs.map((e) => Math.log(Math.abs(e))),
      errs.map((e, i) => ses[i]! / Math.abs(e)),
    );
    const v = intervalVerdict({
      theory: c.order,
      estimate: fit.slope,
      se: fit.slopeSE,
      level: 0.99,
      tolerance: c.tolerance,
      particles: o.particles,
    });
    // The same fit through the scheme chain's exact errors (weights: the measured SEs relative to those errors):
    // the slope this ladder gives without sampling noise.
    const chainErrs = c.chain ? hs.map((h, i) => Math.abs(c.chain!(h, c.steps[i]!) - c.exact)) : null;
    const chainSlope = chainErrs
      ? fitLine(
          hs.map(Math.log),
          chainErrs.map(Math.log),
          chainErrs.map((e, i) => ses[i]! / e),
        ).slope
      : null;
    checks.push({
      kind: 'equivalence',
      ciLevel: 0.99,
      name: `${c.name}: weak order${chainSlope !== null ? ` (exact chain: ${chainSlope.toFixed(2)})` : ''}`,
      theory: c.order,
      estimate: fit.slope,
      se: fit.slopeSE,
      ci: v.ci,
      tolerance: c.tolerance,
      verdict: v.verdict,
    });
    const series: Series[] = [
      { label: 'measured |error| ± 1 SE', style: 'points', x: hs, y: errs.map(Math.abs), yErr: ses },
      {
        label: `fit: slope ${fit.slope.toFixed(3)} ± ${fit.slopeSE.toFixed(3)}`,
        style: 'line',
        x: hs,
        y: hs.map((h) => Math.exp(fit.intercept + fit.slope * Math.log(h))),
      },
    ];
    if (c.chain) {
      const chain = c.chain;
      series.push({
        label: 'scheme chain (exact recursion)',
        style: 'line',
        x: hs,
        y: hs.map((h, i) => Math.abs(chain(h, c.steps[i]!) - c.exact)),
      });
    }
    figures.push({
      id: `weak-error-${ci + 1}`,
      title: `${c.name}: weak error of E X_T² vs h (order ${c.order})`,
      xLabel: 'step size h',
      yLabel: '|E X_T² − exact|',
      xScale: 'log',
      yScale: 'log',
      series,
    });
  }
  const head = checks[0]!;
  const headV = intervalVerdict({
    theory: head.theory,
    estimate: head.estimate,
    ci: head.ci,
    level: 0.99,
    tolerance: head.tolerance,
    particles: o.particles,
  });
  const h = headline(
    checks,
    `every fitted order's 99% interval lies inside its theory ± tolerance (${checks.map((c) => `${c.name} ${c.estimate.toFixed(3)}`).join('; ')})`,
    { reasonSuffix: { fail: `; headline: ${headV.reason}`, unresolved: `; headline: ${headV.reason}` } },
  );
  return {
    quantity: 'weak order of EM on GBM (g = x²)',
    ...h,
    ...(headV.particlesNeeded ? { particlesNeeded: headV.particlesNeeded } : {}),
    checks,
    settings: {
      cases: WEAK_CASES.map((c) => ({
        name: c.name,
        model: c.model,
        scheme: c.scheme,
        x0: c.x0,
        horizon: c.horizon,
        steps: c.steps,
        order: c.order,
        tolerance: c.tolerance,
        exact: c.exact,
      })),
      g: 'x^2',
    },
    figures,
    rows,
  };
}

/** The weak-order experiment. */
export const weakOrder: Experiment = {
  name: 'weak-order',
  claim:
    'Euler–Maruyama has weak order 1 and Platen’s explicit order-2.0 scheme weak order 2: |E g(X_T^h) − E g(X_T)| ∝ h^p.',
  reference:
    'Kloeden & Platen, Numerical Solution of SDEs (1992), Thm 14.5.2 and §15.1; Talay & Tubaro (1990); DiffEqDevTools convergence tests',
  method:
    'Independent ensembles of GBM (μ = −1, σ = 0.3) and OU (θ = 1, σ = 0.5, x₀ = 3) by EM, and of GBM (μ = −1, σ = 0.02) by the order-2 scheme, h = 1/4…1/32, to T = 1; E X_T² against its exact value; weighted least-squares slope of log|error| on log h with a 99% interval; pass when the interval lies inside p ± 0.15 (EM) or p ± 0.3 (order 2). On these ladders the exact chains’ slopes (closed-form recursions, in the check names) are 1.01, 1.02 and 2.14.',
  defaults: { particles: 2 ** 18 },
  quick: { particles: 2 ** 17 },
  run: runWeakOrder,
};
