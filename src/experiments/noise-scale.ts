/**
 * noise-scale: McCandlish, Kaplan, Amodei et al. (2018), "An empirical model of large-batch training". At a point
 * with gradient G, Hessian H and per-example gradient covariance Σ, one SGD step of size ε with batch B lowers
 * the loss on average by ε|G|² − ½ε²(GᵀHG + tr(HΣ)/B); the best step makes the progress ΔL_max/(1 + B_noise/B)
 * with B_noise = tr(HΣ)/(GᵀHG) (B_simple = tr Σ/|G|² when H ∝ I). Summed over training, the steps and examples
 * needed to reach a loss target follow S/S_min = 1 + B_crit/B and E/E_min = 1 + B/B_crit, where B_crit is the
 * average of B_noise over the large-batch path: below B_crit doubling B halves the steps (linear scaling pays),
 * above it the steps barely fall.
 *
 * Measured: for each B, SGD particles with the step size that minimises the steps to the target (tuned on the
 * exact chain law of the quadratic), the expected loss at the steps around the crossing (GPU reductions of a
 * live ensemble), hence S(B) with a delta-method SE; a weighted fit of S = S_min + S_min·B_crit/B; B_noise along
 * the deterministic large-batch path from the GPU probe (exact L, ∇L, Σ over the dataset at each point).
 */
import type { GpuContext } from '../gpu/device.js';
import type { Dataset } from '../sgd/datasets.js';
import { createGpuDataset } from '../sgd/gpu-dataset.js';
import { createSgdEnsemble } from '../sgd/live.js';
import { probeDataset } from '../sgd/probe.js';
import { subSeed } from './engine-run.js';
import { simulated } from './run.js';
import { makeDiagonalQuadraticDataset } from './sgd-laws.js';
import type { Check, Experiment, ExperimentOutcome, Figure, Row, RunOptions } from './types.js';
import { headline, intervalVerdict, pointCheck } from './verdict.js';

/** Problem and SGD settings. */
export const NOISE_SCALE_SETUP = {
  /** H = diag(0.05, 1): condition number 20, so even the large-batch limit needs about 9 optimal steps. */
  eigenvalues: [0.05, 1],
  noiseScales: [1, 1],
  examples: 256,
  datasetSeed: 3,
  w0: [3, 3],
  /** Target: excess loss L − L* = (L(w₀) − L*)/100. */
  reduction: 100,
  batches: [1, 2, 4, 8, 16, 32, 64, 128],
  /**
   * The claim B_crit ≈ B_noise is a model (optimal step at every point, B_noise averaged over the path); it is
   * checked as agreement within a factor 2 (|log₂(B_crit/B̄_noise)| ≤ 1).
   */
  factorTolerance: 1,
};

/**
 * Excess loss x_k = E L(w_k) − L* of the exact SGD chain on a quadratic with diagonal H, until it falls below
 * `target` or k passes `maxSteps`: e ← (I − ηH)e, S ← (I − ηH)S(I − ηH) + η²C/B, x = ½ tr(H(S + eeᵀ)).
 * Returns [] at once when the chain's stationary excess loss is not below the target (it never gets there).
 */
function chainExcessLoss(
  dataset: Dataset,
  lr: number,
  batch: number,
  w0: number[],
  target: number,
  maxSteps: number,
  stopAtTarget = true,
): number[] {
  const d = dataset.dim;
  const H = dataset.hessian!;
  const C = dataset.noiseCovariance!;
  const xi = dataset.noiseMean!;
  const lam = Array.from({ length: d }, (_, i) => H[i * d + i]!);
  const a = lam.map((l) => 1 - lr * l);
  const q = (lr * lr) / batch;
  let floor = 0;
  for (let i = 0; i < d; i++) floor += (0.5 * lam[i]! * q * C[i * d + i]!) / (1 - a[i]! * a[i]!);
  if ((stopAtTarget && !(floor < target)) || a.some((v) => Math.abs(v) >= 1)) return [];
  const e = w0.map((v, i) => v - xi[i]! / lam[i]!);
  const S = new Float64Array(d * d);
  const out: number[] = [];
  for (let k = 0; k <= maxSteps; k++) {
    let x = 0;
    for (let i = 0; i < d; i++) x += 0.5 * lam[i]! * (S[i * d + i]! + e[i]! * e[i]!);
    out.push(x);
    if (stopAtTarget && x <= target) break;
    for (let i = 0; i < d; i++) {
      e[i]! *= a[i]!;
      for (let j = 0; j < d; j++) S[i * d + j] = a[i]! * a[j]! * S[i * d + j]! + q * C[i * d + j]!;
    }
  }
  return out;
}

/** First (fractional) step at which x_k ≤ target: log-linear interpolation between the bracketing steps. */
function crossing(steps: number[], x: number[], target: number): number {
  for (let i = 1; i < x.length; i++) {
    if (x[i]! <= target) {
      const a = Math.log(x[i - 1]!);
      const b = Math.log(x[i]!);
      return steps[i - 1]! + ((steps[i]! - steps[i - 1]!) * (a - Math.log(target))) / (a - b);
    }
  }
  return Number.POSITIVE_INFINITY;
}

/**
 * Crossing of a falling excess loss with the target from a least-squares line ln x = α + βk through the points
 * (k, x): k* = (ln target − α)/β. Returns k*, β and the centre and spread of the ks (for the SE).
 */
function lineCrossing(ks: number[], xs: number[], target: number) {
  const lx = xs.map(Math.log);
  const kBar = ks.reduce((s, k) => s + k, 0) / ks.length;
  const lBar = lx.reduce((s, v) => s + v, 0) / lx.length;
  let sxx = 0;
  let sxy = 0;
  for (let j = 0; j < ks.length; j++) {
    sxx += (ks[j]! - kBar) ** 2;
    sxy += (ks[j]! - kBar) * (lx[j]! - lBar);
  }
  const beta = sxy / sxx;
  return { steps: kBar + (Math.log(target) - lBar) / beta, beta, kBar, sxx };
}

/** Steps to the target of the exact chain, and the step size in (0, 2/λ_max) that minimises them. */
function optimalStep(dataset: Dataset, batch: number, w0: number[], target: number) {
  const d = dataset.dim;
  const lamMax = Math.max(...Array.from({ length: d }, (_, i) => dataset.hessian![i * d + i]!));
  let cap = 20000;
  const stepsAt = (lr: number) => {
    // Stop a trial once it is past the best count found so far (it cannot win).
    const x = chainExcessLoss(dataset, lr, batch, w0, target, cap);
    return crossing(
      x.map((_, k) => k),
      x,
      target,
    );
  };
  // Log grid, then golden-section refinement around the best grid point.
  const grid = 120;
  let best = { lr: 0, steps: Number.POSITIVE_INFINITY };
  const lo = 1e-3;
  const hi = 1.999 / lamMax;
  const at = (g: number) => lo * (hi / lo) ** (g / grid);
  let gBest = 0;
  for (let g = 0; g <= grid; g++) {
    const s = stepsAt(at(g));
    if (s < best.steps) {
      best = { lr: at(g), steps: s };
      gBest = g;
      cap = Math.ceil(s) + 2;
    }
  }
  cap = Math.ceil(best.steps) + 50;
  let a = Math.log(at(Math.max(0, gBest - 1)));
  let b = Math.log(at(Math.min(grid, gBest + 1)));
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 40; it++) {
    const c = b - phi * (b - a);
    const e = a + phi * (b - a);
    if (stepsAt(Math.exp(c)) <= stepsAt(Math.exp(e))) b = e;
    else a = c;
  }
  const lr = Math.exp((a + b) / 2);
  const steps = stepsAt(lr);
  return steps < best.steps ? { lr, steps } : best;
}

/** Weighted least squares y = a + b x with the covariance of (a, b), inflated by the Birge ratio when χ²/dof > 1. */
function fitWithCovariance(x: number[], y: number[], sy: number[]) {
  let s = 0;
  let sx = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i++) {
    const w = 1 / sy[i]! ** 2;
    s += w;
    sx += w * x[i]!;
    sxx += w * x[i]! ** 2;
    syy += w * y[i]!;
    sxy += w * x[i]! * y[i]!;
  }
  const det = s * sxx - sx * sx;
  const a = (sxx * syy - sx * sxy) / det;
  const b = (s * sxy - sx * syy) / det;
  let chi = 0;
  for (let i = 0; i < x.length; i++) chi += ((y[i]! - a - b * x[i]!) / sy[i]!) ** 2;
  const dof = x.length - 2;
  const inflate = dof > 0 ? Math.max(1, chi / dof) : 1;
  return {
    a,
    b,
    varA: (sxx / det) * inflate,
    varB: (s / det) * inflate,
    covAB: (-sx / det) * inflate,
    chi,
    dof,
  };
}

/** B_crit = b/a of the fit S = a + b/B, with its delta-method SE. */
function criticalBatch(f: ReturnType<typeof fitWithCovariance>) {
  const r = f.b / f.a;
  const v = r * r * (f.varB / (f.b * f.b) + f.varA / (f.a * f.a) - (2 * f.covAB) / (f.a * f.b));
  return { sMin: f.a, sMinSE: Math.sqrt(f.varA), bCrit: r, bCritSE: Math.sqrt(Math.max(v, 0)) };
}

async function runNoiseScale(ctx: GpuContext, o: RunOptions): Promise<ExperimentOutcome> {
  const S = NOISE_SCALE_SETUP;
  const dataset = makeDiagonalQuadraticDataset({
    eigenvalues: S.eigenvalues,
    noiseScales: S.noiseScales,
    examples: S.examples,
    seed: S.datasetSeed,
  });
  const d = dataset.dim;
  const H = dataset.hessian!;
  const xi = dataset.noiseMean!;
  const lam = Array.from({ length: d }, (_, i) => H[i * d + i]!);
  const lStar = -0.5 * lam.reduce((s, l, i) => s + xi[i]! ** 2 / l, 0);
  const x0 = lam.reduce((s2, l, i) => s2 + 0.5 * l * (S.w0[i]! - xi[i]! / l) ** 2, 0);
  const target = x0 / S.reduction;
  // The large-batch path: gradient descent with the step that is optimal without noise.
  o.onProgress?.(0, 'step sizes tuned on the exact chain');
  const noiseless: Dataset = { ...dataset, noiseCovariance: new Float64Array(d * d) };
  const inf = optimalStep(noiseless, 1, S.w0, target);
  const path: number[][] = [];
  {
    let w = S.w0.slice();
    for (let k = 0; k < Math.ceil(inf.steps); k++) {
      path.push(w);
      w = w.map((v, i) => v - inf.lr * (lam[i]! * v - xi[i]!));
    }
  }
  const gpuData = createGpuDataset(ctx.device, dataset);
  let probes: Awaited<ReturnType<typeof probeDataset>>;
  try {
    probes = await probeDataset(ctx.device, gpuData, path);
  } finally {
    gpuData.destroy();
  }
  const bNoise = probes.map((p) => {
    let trHS = 0;
    let gHg = 0;
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        trHS += H[i * d + j]! * p.covariance[j * d + i]!;
        gHg += p.gradient[i]! * H[i * d + j]! * p.gradient[j]!;
      }
    }
    return trHS / gHg;
  });
  const meanBNoise = bNoise.reduce((s, v) => s + v, 0) / bNoise.length;
  const meanBSimple = probes.reduce((s, p) => s + p.noiseScale, 0) / probes.length;

  const P = o.particles;
  const sim = simulated(o);
  const rows: Row[] = [];
  const meas: { B: number; lr: number; steps: number; se: number; theory: number }[] = [];
  for (let bi = 0; bi < S.batches.length; bi++) {
    const B = S.batches[bi]!;
    o.onProgress?.(0.05 + (0.9 * bi) / S.batches.length, `batch ${B}: SGD particles to the target`);
    const opt = optimalStep(dataset, B, S.w0, target);
    // Five steps around the predicted crossing, 4% of S apart (at least one step).
    const gap = Math.max(1, Math.round(0.04 * opt.steps));
    const centre = Math.max(2 * gap + 1, Math.round(opt.steps));
    const ks = [-2, -1, 0, 1, 2].map((j) => centre + j * gap);
    const ens = await createSgdEnsemble(ctx, {
      method: 'sgd',
      dataset,
      lr: sim.lr(opt.lr),
      batch: sim.batch(B),
      particles: P,
      seed: BigInt(subSeed(o.seed, bi)),
      sampling: sim.sampling('with'),
      w0: S.w0,
    });
    const xs: number[] = [];
    const ses: number[] = [];
    try {
      for (const k of ks) {
        ens.advance(k - ens.steps);
        const { loss } = await ens.moments();
        if (loss.nonFinite > 0)
          throw new Error(`noise-scale: ${loss.nonFinite} non-finite losses at B = ${B}`);
        xs.push(loss.mean - lStar);
        ses.push(loss.meanSE);
      }
    } finally {
      ens.destroy();
    }
    // Crossing of the measured excess loss with the target (see `lineCrossing`). SE: the loss error at the
    // crossing moved along the slope (the five losses come from the same particles, so their errors are nearly
    // common: σ(ln x)/|β|), plus the slope's error (independent-error formula) times the distance of k* from the
    // points' centre.
    const { steps, beta, kBar, sxx } = lineCrossing(ks, xs, target);
    const relSE = Math.max(...ses.map((se2, j) => se2 / xs[j]!));
    const seCross = Math.hypot(relSE / beta, ((steps - kBar) * relSE) / Math.sqrt(sxx) / beta);
    if (!(beta < 0) || !Number.isFinite(steps)) {
      throw new Error(
        `noise-scale: the measured loss does not fall around the target at B = ${B} (slope ${beta})`,
      );
    }
    // What the measurement estimates: the same line fitted to the exact chain's E L − L* at the same five steps
    // (the line through five steps and the interpolation between the two bracketing steps differ by up to 0.5%
    // where S is small, because ln E L_k is not straight in k).
    const exactX = chainExcessLoss(dataset, opt.lr, B, S.w0, target, ks[ks.length - 1]!, false);
    const theory = lineCrossing(
      ks,
      ks.map((k) => exactX[k]!),
      target,
    ).steps;
    meas.push({ B, lr: opt.lr, steps, se: seCross, theory });
    rows.push({
      B,
      'η (tuned)': opt.lr,
      'steps measured S': steps,
      SE: seCross,
      'S exact chain (same 5-step line)': theory,
      'S exact chain (interpolated)': opt.steps,
      z: (steps - theory) / seCross,
      'examples E = S·B': steps * B,
      'E L − L* at bracketing steps': xs.map((x) => x.toPrecision(4)).join(', '),
      steps_bracket: ks.join(', '),
    });
  }
  o.onProgress?.(0.96, 'fit S = S_min (1 + B_crit/B)');
  const inv = meas.map((m) => 1 / m.B);
  const fitRaw = fitWithCovariance(
    inv,
    meas.map((m) => m.steps),
    meas.map((m) => m.se),
  );
  const fit = criticalBatch(fitRaw);
  // The same fit on the exact chain's steps with the same weights: the value the measurement estimates.
  const exactFit = criticalBatch(
    fitWithCovariance(
      inv,
      meas.map((m) => m.theory),
      meas.map((m) => m.se),
    ),
  );
  const checks: Check[] = [];
  const logRatio = Math.log2(fit.bCrit / meanBNoise);
  const logRatioSE = fit.bCritSE / fit.bCrit / Math.LN2;
  const vh = intervalVerdict({
    theory: 0,
    estimate: logRatio,
    se: logRatioSE,
    level: 0.99,
    tolerance: S.factorTolerance,
    particles: P,
  });
  checks.push({
    kind: 'equivalence',
    ciLevel: 0.99,
    name: 'log₂(B_crit / B̄_noise): fitted critical batch vs the mean noise scale on the large-batch path (within a factor 2)',
    theory: 0,
    estimate: logRatio,
    se: logRatioSE,
    ci: vh.ci,
    tolerance: S.factorTolerance,
    verdict: vh.verdict,
  });
  checks.push(
    pointCheck(
      'B_crit fitted to measured S(B) vs fitted to the exact chain',
      exactFit.bCrit,
      fit.bCrit,
      fit.bCritSE,
    ),
  );
  for (const m of meas) {
    checks.push(pointCheck(`B = ${m.B}: steps to target vs exact chain`, m.theory, m.steps, m.se));
  }
  rows.push({
    B: 'fit',
    S_min: fit.sMin,
    'S_min SE': fit.sMinSE,
    B_crit: fit.bCrit,
    'B_crit SE': fit.bCritSE,
    'E_min = S_min·B_crit': fit.sMin * fit.bCrit,
    'B_crit (exact chain, same fit)': exactFit.bCrit,
    'B̄_noise on the path': meanBNoise,
    'B̄_simple on the path': meanBSimple,
    'B_noise at w₀': bNoise[0]!,
    'B_noise at the last path point': bNoise[bNoise.length - 1]!,
    'large-batch steps (exact)': inf.steps,
  });
  const Bs = meas.map((m) => m.B);
  const fine = Array.from({ length: 41 }, (_, i) => 2 ** ((7 * i) / 40));
  const sAll = meas.map((m) => m.steps);
  const figures: Figure[] = [
    {
      id: 'steps-vs-batch',
      title: 'Steps to the target vs batch size (tuned η): S = S_min(1 + B_crit/B)',
      xLabel: 'batch size B',
      yLabel: 'steps to target S',
      xScale: 'log',
      yScale: 'log',
      series: [
        { label: 'SGD particles ± SE', style: 'points', x: Bs, y: sAll, yErr: meas.map((m) => m.se) },
        { label: 'exact chain', style: 'line', x: Bs, y: meas.map((m) => m.theory) },
        {
          label: `fit S_min(1 + B_crit/B), B_crit = ${fit.bCrit.toFixed(1)}`,
          style: 'line',
          x: fine,
          y: fine.map((b) => fit.sMin * (1 + fit.bCrit / b)),
        },
        {
          label: `mean B_noise on the path = ${meanBNoise.toFixed(1)}`,
          style: 'line',
          x: [meanBNoise, meanBNoise],
          y: [Math.min(...sAll) * 0.8, Math.max(...sAll) * 1.2],
        },
      ],
    },
    {
      id: 'steps-examples-tradeoff',
      title: 'Steps vs examples to the target: (S/S_min − 1)(E/E_min − 1) = 1',
      xLabel: 'steps S / S_min',
      yLabel: 'examples E / E_min',
      xScale: 'log',
      yScale: 'log',
      series: [
        {
          label: 'SGD particles',
          style: 'points',
          x: sAll.map((s) => s / fit.sMin),
          y: meas.map((m) => (m.steps * m.B) / (fit.sMin * fit.bCrit)),
        },
        {
          label: 'model: E/E_min = 1 + 1/(S/S_min − 1)',
          style: 'line',
          x: fine.map((b) => 1 + fit.bCrit / b),
          y: fine.map((b) => 1 + b / fit.bCrit),
        },
      ],
    },
  ];
  const h = headline(
    checks,
    `B_crit = ${fit.bCrit.toFixed(1)} ± ${fit.bCritSE.toFixed(1)} from the measured S(B) lies within a factor 2 of the mean B_noise ${meanBNoise.toFixed(1)} on the large-batch path (99% interval), and every S(B) matches the exact chain`,
  );
  return {
    quantity: 'log₂(B_crit / B̄_noise): fitted critical batch size over the mean gradient-noise scale',
    ...h,
    checks,
    settings: {
      ...NOISE_SCALE_SETUP,
      targetExcessLoss: target,
      initialExcessLoss: x0,
      largeBatchStep: inf.lr,
      sampling: 'with',
      fitChiSquare: fitRaw.chi,
      fitDof: fitRaw.dof,
    },
    figures,
    rows,
  };
}

/** The noise-scale experiment. */
export const noiseScale: Experiment = {
  name: 'noise-scale',
  claim:
    'The gradient-noise scale B_noise = tr(HΣ)/(GᵀHG) predicts the critical batch size B_crit of S/S_min = 1 + B_crit/B (steps to a target with tuned η): linear scaling pays below it and stops paying above it.',
  reference: 'McCandlish, Kaplan, Amodei et al., An Empirical Model of Large-Batch Training (2018)',
  method:
    'SGD particles on a 2-D quadratic (H = diag(0.05, 1), 256 examples) from w₀ = (3, 3) to 1/100 of the initial excess loss, B = 1…128, each with the step size that minimises the exact chain’s steps; the crossing step from GPU loss reductions around it (delta-method SE); weighted fit of S = S_min + S_min·B_crit/B; B_noise from the GPU probe at each point of the large-batch path; pass when log₂(B_crit/B̄_noise) lies within ±1 (99% CI) and every S(B) matches the exact chain (point checks at the run’s family-wise level).',
  defaults: { particles: 2 ** 13 },
  quick: { particles: 2 ** 12 },
  mutations: ['lrFactor', 'batchDelta', 'withoutReplacement'],
  run: runNoiseScale,
};
