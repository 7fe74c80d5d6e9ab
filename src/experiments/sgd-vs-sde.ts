/**
 * sgd-vs-sde: SGD with step η is a weak order-1 approximation of the SGD-SDE dW = −∇L dt + √(ηΣ(W)/B) dB at
 * t = kη (Li, Tai & E 2017, Thm 1), and the second-order modified equation with drift −∇(L + (η/4)|∇L|²) a weak
 * order-2 one (their Thm 3): |E g(w_k) − E g(W_{kη})| = O(η) resp. O(η²) at a fixed horizon T.
 *
 * Problem: the sgd issue's non-convex 2-D loss (four minima, state-dependent noise). For each η: SGD particles
 * with replacement (K = T/η steps) and SDE particles (Heun, two substeps per η, Σ(w) from the dataset every
 * step), independent seeds; g = the loss L, the coordinate w₁ and the second moment w₁². Errors with SEs
 * √(SE²_SGD + SE²_SDE); fitted orders by the reference's `fitWeakOrder` (WLS on log|error|, levels whose error is
 * under 3 SE left out and reported).
 */
import type { GpuContext } from '../gpu/device.js';
import { makeNonconvex2dDataset } from '../sgd/datasets.js';
import { type EnsembleResult, runSde, runSgd } from '../sgd/ensemble.js';
import { fitWeakOrder, type WeakErrorPoint } from '../stats/weak-error.js';
import { subSeed } from './engine-run.js';
import type { Check, Experiment, ExperimentOutcome, Figure, Row, RunOptions, Series } from './types.js';
import { combineVerdicts, intervalVerdict } from './verdict.js';

/** Problem and step sizes. */
export const SGD_SDE_SETUP = {
  examples: 64,
  datasetSeed: 5,
  w0: [1.8, -1.6],
  horizon: 0.5,
  batch: 4,
  lrs: [1 / 8, 1 / 16, 1 / 32, 1 / 64],
  substeps: 2,
  tolerance: { sde: 0.25, modified: 0.5 },
};

type G = { name: string; value: (r: EnsembleResult) => { value: number; se: number } };

/** The test functions: loss, a coordinate, a second moment (SE of w₁² by the Gaussian approximation). */
const GS: G[] = [
  { name: 'loss L(w)', value: (r) => ({ value: r.loss.mean, se: r.loss.meanSE }) },
  { name: 'coordinate w₁', value: (r) => ({ value: r.moments.mean[0]!, se: r.moments.meanSE[0]! }) },
  {
    name: 'second moment w₁²',
    value: (r) => {
      const m = r.moments.mean[0]!;
      const v = r.moments.covariance[0]!;
      return { value: v + m * m, se: Math.sqrt((4 * m * m * v + 2 * v * v) / r.moments.particles) };
    },
  },
];

async function runSgdVsSde(ctx: GpuContext, o: RunOptions): Promise<ExperimentOutcome> {
  const S = SGD_SDE_SETUP;
  const dataset = makeNonconvex2dDataset({ examples: S.examples, seed: S.datasetSeed });
  const base = { dataset, batch: S.batch, particles: o.particles, w0: S.w0 };
  const errors: Record<string, Record<'sde' | 'modified', WeakErrorPoint[]>> = {};
  for (const g of GS) errors[g.name] = { sde: [], modified: [] };
  const rows: Row[] = [];
  let k = 0;
  for (const [i, lr] of S.lrs.entries()) {
    const steps = Math.round(S.horizon / lr);
    const f = (j: number) => (i * 3 + j) / (S.lrs.length * 3);
    o.onProgress?.(f(0), `SGD, η = ${lr}`);
    const sgd = await runSgd(ctx, {
      ...base,
      lr,
      steps,
      seed: BigInt(subSeed(o.seed, k++)),
      sampling: 'with',
    });
    o.onProgress?.(f(1), `SDE, η = ${lr}`);
    const sde = await runSde(ctx, {
      ...base,
      lr,
      steps,
      seed: BigInt(subSeed(o.seed, k++)),
      scheme: 'heun',
      substeps: S.substeps,
    });
    o.onProgress?.(f(2), `modified SDE, η = ${lr}`);
    const mod = await runSde(ctx, {
      ...base,
      lr,
      steps,
      seed: BigInt(subSeed(o.seed, k++)),
      scheme: 'heun',
      substeps: S.substeps,
      modified: true,
    });
    for (const g of GS) {
      const a = g.value(sgd);
      for (const [kind, r] of [
        ['sde', sde],
        ['modified', mod],
      ] as const) {
        const b = g.value(r);
        const e = { h: lr, value: a.value - b.value, se: Math.hypot(a.se, b.se), n: o.particles };
        errors[g.name]![kind].push(e);
        rows.push({
          g: g.name,
          η: lr,
          vs: kind === 'sde' ? 'SDE' : 'modified SDE',
          'E g SGD': a.value,
          'E g SDE': b.value,
          error: e.value,
          SE: e.se,
          'error / SE': e.value / e.se,
        });
      }
    }
  }
  o.onProgress?.(0.99, 'fits');
  const checks: Check[] = [];
  const figures: Figure[] = [];
  let particlesNeeded = 0;
  for (const g of GS) {
    const series: Series[] = [];
    for (const kind of ['sde', 'modified'] as const) {
      const pts = errors[g.name]![kind];
      const fit = fitWeakOrder(pts, { confidence: 0.99 });
      const order = kind === 'sde' ? 1 : 2;
      const tol = S.tolerance[kind];
      const label = `${g.name}: order vs ${kind === 'sde' ? 'SGD-SDE' : 'modified SDE'}`;
      if (Number.isFinite(fit.order)) {
        const v = intervalVerdict({
          theory: order,
          estimate: fit.order,
          ci: [fit.lower, fit.upper],
          level: 0.99,
          tolerance: tol,
          particles: o.particles,
        });
        // Levels left out of the fit (error under 3 SE) make the claim unresolved at this N, not failed.
        const verdict = v.verdict === 'pass' && fit.verdict === 'unresolved' ? 'unresolved' : v.verdict;
        if (verdict === 'unresolved')
          particlesNeeded = Math.max(particlesNeeded, fit.particlesToResolve, v.particlesNeeded ?? 0);
        checks.push({
          name: label,
          theory: order,
          estimate: fit.order,
          se: fit.orderSE,
          ci: [fit.lower, fit.upper],
          tolerance: tol,
          verdict,
        });
      } else {
        particlesNeeded = Math.max(particlesNeeded, fit.particlesToResolve);
        checks.push({
          name: label,
          theory: order,
          estimate: Number.NaN,
          se: null,
          ci: [Number.NaN, Number.NaN],
          tolerance: tol,
          verdict: 'unresolved',
        });
      }
      series.push({
        label: `vs ${kind === 'sde' ? 'SGD-SDE' : 'modified SDE'} ± 1 SE`,
        style: 'points',
        x: pts.map((p) => p.h),
        y: pts.map((p) => Math.abs(p.value)),
        yErr: pts.map((p) => p.se),
      });
      if (Number.isFinite(fit.order)) {
        series.push({
          label: `fit slope ${fit.order.toFixed(2)}`,
          style: 'line',
          x: pts.map((p) => p.h),
          y: pts.map((p) => fit.constant * p.h ** fit.order),
        });
      }
    }
    figures.push({
      id: `weak-error-${GS.indexOf(g) + 1}`,
      title: `|E g(w_k) − E g(W_kη)| at T = ${S.horizon}, g = ${g.name}`,
      xLabel: 'step size η',
      yLabel: '|weak error|',
      xScale: 'log',
      yScale: 'log',
      series,
    });
  }
  const verdict = combineVerdicts(checks.map((c) => c.verdict));
  const head = checks[0]!;
  return {
    quantity: 'weak order of SGD vs its SDE, g = loss',
    theory: head.theory,
    estimate: head.estimate,
    se: head.se,
    ci: head.ci,
    ciLevel: 0.99,
    tolerance: head.tolerance,
    verdict,
    verdictReason:
      verdict === 'pass'
        ? 'every fitted order’s 99% interval overlaps 1 ± 0.25 (SGD-SDE) or 2 ± 0.5 (modified SDE)'
        : checks
            .filter((c) => c.verdict !== 'pass')
            .map((c) => `${c.name}: ${c.verdict}`)
            .join('; ') +
          (particlesNeeded ? `; about ${particlesNeeded} particles per level would resolve every level` : ''),
    ...(particlesNeeded ? { particlesNeeded } : {}),
    checks,
    settings: { ...SGD_SDE_SETUP, problem: 'nonconvex2d', sampling: 'with', scheme: 'heun' },
    figures,
    rows,
  };
}

/** The sgd-vs-sde experiment. */
export const sgdVsSde: Experiment = {
  name: 'sgd-vs-sde',
  claim:
    'SGD with step η is a weak order-1 approximation of dW = −∇L dt + √(ηΣ/B) dB at t = kη; the modified-equation SDE improves it to order 2.',
  reference:
    'Li, Tai & E, Stochastic modified equations and adaptive SGD (ICML 2017; JMLR 2019), Thms 1 and 3',
  method:
    'Non-convex 2-D problem (64 examples, state-dependent noise), w₀ = (1.8, −1.6), B = 4, T = 0.5, η = 1/8…1/64: SGD particles with replacement vs SDE particles (Heun, h = η/2, Σ(w) every step) and modified-equation SDE particles; g = loss, w₁, w₁²; fitted weak orders (reference fitWeakOrder, 99% interval) vs 1 ± 0.25 and 2 ± 0.5.',
  defaults: { particles: 2 ** 12 },
  quick: { particles: 2 ** 11 },
  run: runSgdVsSde,
};
