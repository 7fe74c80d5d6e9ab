/**
 * stationary: constant-step SGD on a quadratic loss settles into a stationary law whose variance along the i-th
 * eigendirection of the Hessian is, to first order in η, η C̃ᵢᵢ/(2Bλᵢ) (C̃ᵢᵢ = qᵢᵀCqᵢ the gradient-noise variance
 * along qᵢ; ησ²/(2Bλᵢ) for isotropic noise σ²I): flat directions spread most (Mandt, Hoffman & Blei 2017, eq. 13;
 * the SDE's continuous Lyapunov equation HS + SH = (η/B)C). The exact stationary covariance of the SGD chain
 * solves the discrete Lyapunov equation, whose diagonal in the eigenbasis is η C̃ᵢᵢ/(Bλᵢ(2 − ηλᵢ)).
 *
 * SGD particles with replacement on the quadratic problem of docs/sgd.md (∇ℓᵢ(w) = Hw − ξᵢ) run past burn-in; their
 * covariance (GPU reduction) is projected on the eigenvectors of H.
 *
 * The Gibbs half: on a non-convex loss with state-independent isotropic gradient noise of variance σ², the SGD-SDE
 * dW = −L'(W) dt + √(ησ²/B) dB has the stationary law exp(−L/T)/Z with T = ησ²/(2B) (detailed balance of the
 * Fokker–Planck equation); the SGD chain's stationary law differs from it by O(η) (Mattingly, Stuart & Tretyakov
 * 2010 for the Euler chain; Li, Tai & E 2019). Loss: the tilted double well ℓᵢ(w) = ¼(w² − 1)² − ξᵢw
 * (`shaders/experiments/tilted_double_well_loss.wgsl`), so L = ¼(w² − 1)² − ξ̄w and Σ = Var ξ.
 */
import type { GpuContext } from '../gpu/device.js';
import { shaderSources } from '../gpu/shader-source.js';
import { gibbs1d } from '../reference/gibbs.js';
import { quadraticForm, symmetricEigen } from '../reference/linalg.js';
import { type Dataset, makeHostRng, makeQuadraticDataset } from '../sgd/datasets.js';
import { runSgd } from '../sgd/ensemble.js';
import { sgdStationaryCovariance } from '../sgd/lyapunov.js';
import { chiSquareTest } from '../stats/chi-square.js';
import { histogramDistances } from '../stats/distances.js';
import { tvBound } from '../stats/tv-bound.js';
import { subSeed } from './engine-run.js';
import { fitLine } from './fit.js';
import { simulated } from './run.js';
import type { Check, Experiment, ExperimentOutcome, Figure, Row, RunOptions } from './types.js';
import { headline, intervalVerdict, normalQuantileTwoSided, pointCheck } from './verdict.js';

/** Problem and SGD settings. */
export const STATIONARY_SETUP = {
  dim: 4,
  eigenvalues: [0.5, 1, 2, 4],
  examples: 256,
  datasetSeed: 7,
  lr: 0.02,
  batch: 4,
  /** Steps: (1 − ηλ_min)^{2K} = e^{−20}: the start w = 0 is forgotten. */
  steps: 1000,
  /** Relative tolerance of the first-order (SDE) prediction; its own O(η) term is ηλᵢ/2 ≤ 4%. */
  tolerance: 0.1,
};

/** The Gibbs half: SGD with replacement on a tilted double well with isotropic additive gradient noise. */
export const GIBBS_SETUP = {
  examples: 256,
  datasetSeed: 11,
  /** ξ̄: L(w) = ¼(w² − 1)² − ξ̄w, two wells near ±1, the right one deeper by ≈ 2ξ̄. */
  tilt: 0.2,
  /** Target temperature T = ησ²/(2B) (the data's σ² = Var ξ is set to 2BT/η). */
  temperature: 0.5,
  lr: 0.01,
  batch: 4,
  /** Start in the shallower (left) well. */
  w0: -1,
  /**
   * SDE time Kη: the relaxation time of this L at T = 0.5 is 2.25 (1/spectral gap of the Fokker–Planck operator),
   * so 6.7 of them pass and the start is forgotten to about e^{−6.7} ≈ 1e-3 in TV.
   */
  horizon: 15,
  bins: 50,
  range: [-2.4, 2.6] as [number, number],
  /**
   * Allowed deviation of the binned TV from the Gibbs law beyond sampling noise: SGD at step η is O(η) off;
   * at η = 0.01 the Euler chain with Gaussian noise of the same variance is 0.004 off in binned TV, at 0.04
   * 0.016 (scripts/analysis/gibbs_chain_bias.py: its stationary law by a transfer operator on a fine grid).
   */
  tolerance: 0.01,
  /** Contrast runs at larger η, same T (σ² = 2BT/η): the O(η) deviation becomes visible. */
  contrastLrs: [0.04],
  /** Gibbs-half particles per particle of the quadratic half (2 · 2^14 at both sizes: about 40 s of CPU). */
  particleFactor: 2,
  /** Significance level of the chi-square test and of the TV bound. */
  alpha: 1e-3,
};

/**
 * The dataset ξᵢ = ξ̄ ± σzᵢ in antithetic pairs (z normalised to mean square 1), so the noise law is symmetric and
 * its mean and variance are ξ̄ and σ² up to float32 rounding; returns the float32 values' exact mean and variance.
 */
export function tiltedDoubleWellDataset(o: { examples: number; seed: number; tilt: number; sigma: number }): {
  dataset: Dataset;
  tilt: number;
  variance: number;
} {
  const half = o.examples / 2;
  if (!Number.isInteger(half) || half < 1) throw new RangeError('examples must be even and ≥ 2');
  const rng = makeHostRng(o.seed);
  const z = Array.from({ length: half }, () => rng.normal());
  const rms = Math.sqrt(z.reduce((a, v) => a + v * v, 0) / half);
  const rows = new Float32Array(o.examples);
  for (let k = 0; k < half; k++) {
    rows[2 * k] = o.tilt + (o.sigma * z[k]!) / rms;
    rows[2 * k + 1] = o.tilt - (o.sigma * z[k]!) / rms;
  }
  let mean = 0;
  for (const v of rows) mean += v / o.examples;
  let variance = 0;
  for (const v of rows) variance += (v - mean) ** 2 / o.examples;
  return {
    // `loss` is not used: the WGSL loss snippet replaces the built-in one.
    dataset: {
      kind: 'user',
      loss: 'squared',
      examples: o.examples,
      dim: 1,
      rowLength: 1,
      rows,
      params: new Float32Array(1),
    },
    tilt: mean,
    variance,
  };
}

/** One SGD ensemble on the tilted double well at step η, binned and compared with its Gibbs law. */
async function gibbsRun(ctx: GpuContext, lr: number, particles: number, seed: string) {
  const G = GIBBS_SETUP;
  const sigma = Math.sqrt((2 * G.batch * G.temperature) / lr);
  const data = tiltedDoubleWellDataset({ examples: G.examples, seed: G.datasetSeed, tilt: G.tilt, sigma });
  const T = (lr * data.variance) / (2 * G.batch);
  const steps = Math.round(G.horizon / lr);
  const r = await runSgd(ctx, {
    dataset: data.dataset,
    loss: { wgsl: shaderSources['experiments/tilted_double_well_loss.wgsl']!, hvp: true },
    lr,
    batch: G.batch,
    steps,
    particles,
    seed: BigInt(seed),
    sampling: 'with',
    w0: [G.w0],
    keepStates: true,
  });
  const [lo, hi] = G.range;
  const width = (hi - lo) / G.bins;
  const counts = new Array<number>(G.bins + 2).fill(0);
  let nonFinite = 0;
  for (const x of r.states!) {
    if (!Number.isFinite(x)) nonFinite++;
    else if (x < lo) counts[0]!++;
    else if (x >= hi) counts[G.bins + 1]!++;
    else counts[1 + Math.min(G.bins - 1, Math.floor((x - lo) / width))]!++;
  }
  const law = gibbs1d((x) => 0.25 * (x * x - 1) ** 2 - data.tilt * x, T);
  const edges = Array.from({ length: G.bins + 1 }, (_, b) => law.cdf(lo + b * width));
  const p = [edges[0]!, ...edges.slice(1).map((e, b) => e - edges[b]!), 1 - edges[G.bins]!];
  const distances = histogramDistances(counts, p, { confidence: 0.95, replicates: 200, seed: 1 });
  const chi = chiSquareTest(counts, p);
  const bound = tvBound(p, particles, G.alpha);
  return { lr, T, steps, sigma, tilt: data.tilt, counts, p, law, width, distances, chi, bound, nonFinite };
}

/** The Gibbs half's checks, rows and figure. */
async function runGibbs(ctx: GpuContext, o: RunOptions, particles: number) {
  const G = GIBBS_SETUP;
  const main = await gibbsRun(ctx, G.lr, particles, subSeed(o.seed, 1));
  o.onProgress?.(0.85, 'SGD particles on the double well, larger η (contrast)');
  const contrast = [];
  for (const [i, lr] of G.contrastLrs.entries())
    contrast.push(await gibbsRun(ctx, lr, particles, subSeed(o.seed, 2 + i)));
  const tv = main.distances.totalVariation;
  const excess = tv.estimate - tv.nullMean;
  // SE of the excess from the width of the 95% bootstrap interval (as in fokker-planck).
  const se = (tv.upper - tv.lower) / (2 * normalQuantileTwoSided(0.95));
  const ve = intervalVerdict({
    theory: 0,
    estimate: excess,
    se,
    level: 0.95,
    tolerance: G.tolerance,
    particles,
  });
  // In units of the experiment's N (the Gibbs half runs particleFactor·N).
  const particlesNeeded = ve.particlesNeeded ? Math.ceil(ve.particlesNeeded / G.particleFactor) : 0;
  const eta = `η = ${G.lr}`;
  const checks: Check[] = [
    {
      kind: 'equivalence',
      ciLevel: 0.95,
      name: `Gibbs (${eta}): TV − its null mean`,
      theory: 0,
      estimate: excess,
      se,
      ci: ve.ci,
      tolerance: G.tolerance,
      verdict: ve.verdict,
    },
  ];
  // The chi-square test and the finite-N TV bound test "exactly Gibbs"; SGD at finite η is Gibbs only to O(η)
  // (binned TV 0.0040 at η = 0.01 from the chain's exact stationary law, scripts/analysis/gibbs_chain_bias.py), which
  // a chi-square test detects once N is large enough (on an H200 at 2N = 524,288: χ²/dof 2.2 and 2.9, p < 0.001).
  // So they are reported in the rows, and the claim is the equivalence check above (excess TV within ± 0.01).
  const rows: Row[] = [main, ...contrast].map((g) => ({
    η: g.lr,
    'T = ησ²/(2B)': g.T,
    steps: g.steps,
    N: particles,
    TV: g.distances.totalVariation.estimate,
    'TV 95% CI': `[${g.distances.totalVariation.lower.toPrecision(3)}, ${g.distances.totalVariation.upper.toPrecision(3)}]`,
    'TV null mean': g.distances.totalVariation.nullMean,
    'TV bound (α = 1e-3)': g.bound.bound,
    'chi-square': g.chi.statistic,
    dof: g.chi.dof,
    'chi-square p': g.chi.pValue,
    'mass outside range': (g.counts[0]! + g.counts[G.bins + 1]!) / particles,
    'non-finite': g.nonFinite,
    role: g === main ? 'claim' : 'contrast (O(η) deviation)',
  }));
  const centers = Array.from({ length: G.bins }, (_, b) => G.range[0] + (b + 0.5) * main.width);
  const dense = Array.from({ length: 201 }, (_, k) => G.range[0] + ((G.range[1] - G.range[0]) * k) / 200);
  const figure: Figure = {
    id: 'gibbs-density',
    title: `Tilted double well: SGD particles (N = ${particles}) vs Gibbs exp(−L/T)/Z, T = ησ²/(2B) = ${G.temperature}`,
    xLabel: 'w',
    yLabel: 'density',
    xScale: 'linear',
    yScale: 'linear',
    series: [
      ...[main, ...contrast].map((g) => ({
        label: `SGD η = ${g.lr}`,
        style: 'steps' as const,
        x: centers,
        y: g.counts.slice(1, G.bins + 1).map((c) => c / (particles * g.width)),
      })),
      { label: 'Gibbs exp(−L/T)/Z', style: 'line', x: dense, y: dense.map((x) => main.law.density(x)) },
    ],
  };
  const settings = {
    ...GIBBS_SETUP,
    particles,
    loss: '¼(w² − 1)² − ξᵢw (shaders/experiments/tilted_double_well_loss.wgsl)',
    sigma: main.sigma,
    tiltFloat32: main.tilt,
    temperatureFloat32: main.T,
    steps: main.steps,
    nonFinite: main.nonFinite,
  };
  return { checks, rows, figure, settings, particlesNeeded };
}

async function runStationary(ctx: GpuContext, o: RunOptions): Promise<ExperimentOutcome> {
  const S = STATIONARY_SETUP;
  const dataset = makeQuadraticDataset({
    examples: S.examples,
    dim: S.dim,
    eigenvalues: S.eigenvalues,
    seed: S.datasetSeed,
  });
  const H = dataset.hessian!;
  const C = dataset.noiseCovariance!;
  const d = S.dim;
  o.onProgress?.(0.02, 'SGD particles (with replacement)');
  const sim = simulated(o);
  const r = await runSgd(ctx, {
    dataset,
    lr: sim.lr(S.lr),
    batch: sim.batch(S.batch),
    steps: S.steps,
    particles: o.particles,
    seed: BigInt(subSeed(o.seed, 0)),
    sampling: sim.sampling('with'),
  });
  o.onProgress?.(0.3, 'SGD particles on the tilted double well (Gibbs half)');
  const eig = symmetricEigen(H, d);
  const exact = sgdStationaryCovariance(H, C, d, S.lr, S.batch);
  const P = r.moments.particles;
  const rows: Row[] = [];
  const checks: Check[] = [];
  const lam: number[] = [];
  const measured: number[] = [];
  const measuredSE: number[] = [];
  const sde: number[] = [];
  const cTilde: number[] = [];
  const chainV: number[] = [];
  let particlesNeeded = 0;
  for (let i = 0; i < d; i++) {
    const q = eig.vectors[i]!;
    const l = eig.values[i]!;
    const cii = quadraticForm(C, q);
    const v = quadraticForm(r.moments.covariance, q);
    // SE of a sample variance of a near-Gaussian variable: v √(2/(P − 1)) (the stationary law of SGD on a
    // quadratic with many examples is close to Gaussian; its 4th cumulant is O(η)).
    const se = v * Math.sqrt(2 / (P - 1));
    const first = (S.lr * cii) / (2 * S.batch * l);
    const chain = quadraticForm(exact, q);
    const ratio = v / first;
    const ratioSE = se / first;
    const vr = intervalVerdict({
      theory: 1,
      estimate: ratio,
      se: ratioSE,
      level: 0.99,
      tolerance: S.tolerance,
      particles: P,
    });
    particlesNeeded = Math.max(particlesNeeded, vr.particlesNeeded ?? 0);
    checks.push({
      kind: 'equivalence',
      ciLevel: 0.99,
      name: `λ = ${l.toFixed(3)}: variance / (ηC̃ᵢᵢ/(2Bλᵢ))`,
      theory: 1,
      estimate: ratio,
      se: ratioSE,
      ci: vr.ci,
      tolerance: S.tolerance,
      verdict: vr.verdict,
    });
    // A point claim per direction: a z-test, its level set by the run's family-wise rule.
    checks.push(pointCheck(`λ = ${l.toFixed(3)}: variance vs discrete Lyapunov (exact chain)`, chain, v, se));
    lam.push(l);
    measured.push(v);
    measuredSE.push(se);
    sde.push(first);
    cTilde.push(cii);
    chainV.push(chain);
    rows.push({
      part: 'quadratic',
      'eigenvalue λ': l,
      'noise C̃ᵢᵢ': cii,
      'variance measured': v,
      SE: se,
      'SDE ηC̃/(2Bλ)': first,
      'SGD chain (discrete Lyapunov)': chain,
      'z vs chain': (v - chain) / se,
      'ratio to SDE': ratio,
    });
  }
  // "Flat directions spread most": the variance per unit noise, vᵢ/C̃ᵢᵢ = η/(2Bλᵢ), falls like 1/λ: the slope of
  // log(vᵢ/C̃ᵢᵢ) on log λᵢ is −1 (−1 + O(ηλ) for the SGD chain).
  const perNoise = measured.map((v, i) => v / cTilde[i]!);
  const slopeFit = fitLine(
    lam.map(Math.log),
    perNoise.map(Math.log),
    measured.map((v, i) => measuredSE[i]! / v),
  );
  const vs = intervalVerdict({
    theory: -1,
    estimate: slopeFit.slope,
    se: slopeFit.slopeSE,
    level: 0.99,
    tolerance: 0.1,
    particles: P,
  });
  particlesNeeded = Math.max(particlesNeeded, vs.particlesNeeded ?? 0);
  checks.unshift({
    kind: 'equivalence',
    ciLevel: 0.99,
    name: 'slope of log(variance/C̃ᵢᵢ) on log λ',
    theory: -1,
    estimate: slopeFit.slope,
    se: slopeFit.slopeSE,
    ci: vs.ci,
    tolerance: 0.1,
    verdict: vs.verdict,
  });
  const gibbs = await runGibbs(ctx, o, P * GIBBS_SETUP.particleFactor);
  checks.push(...gibbs.checks);
  particlesNeeded = Math.max(particlesNeeded, gibbs.particlesNeeded);
  rows.push(...gibbs.rows.map((r) => ({ part: 'Gibbs', ...r })));
  const figure: Figure = {
    id: 'variance-vs-eigenvalue',
    title: 'SGD stationary variance per unit noise along Hessian eigendirections',
    xLabel: 'eigenvalue λᵢ',
    yLabel: 'variance along qᵢ / C̃ᵢᵢ',
    xScale: 'log',
    yScale: 'log',
    series: [
      {
        label: 'SGD particles ± 1 SE',
        style: 'points',
        x: lam,
        y: perNoise,
        yErr: measuredSE.map((se, i) => se / cTilde[i]!),
      },
      { label: 'SDE: η/(2Bλ)', style: 'line', x: lam, y: sde.map((v, i) => v / cTilde[i]!) },
      {
        label: 'SGD chain: discrete Lyapunov',
        style: 'line',
        x: lam,
        y: chainV.map((v, i) => v / cTilde[i]!),
      },
    ],
  };
  const h = headline(
    checks,
    'variance per unit noise falls like 1/λ (slope −1 ± 0.1), every direction matches ηC̃ᵢᵢ/(2Bλᵢ) within 10% and the exact SGD-chain variance within its 99% interval; on the tilted double well the SGD histogram matches the Gibbs density exp(−L/T)/Z, T = ησ²/(2B) (excess TV within 0 ± 0.01; its chi-square p and finite-N TV bound are reported, not required, since SGD is Gibbs only to O(η))',
    {
      reasonSuffix: particlesNeeded
        ? { unresolved: `; about ${particlesNeeded} particles (as --particles) would resolve every check` }
        : {},
    },
  );
  return {
    quantity: 'slope of log(variance per unit noise) on log λ',
    ...h,
    ...(h.verdict === 'unresolved' && particlesNeeded ? { particlesNeeded } : {}),
    checks,
    settings: {
      ...STATIONARY_SETUP,
      sampling: 'with',
      nonFinite: r.moments.nonFinite,
      gibbs: gibbs.settings,
    },
    figures: [figure, gibbs.figure],
    rows,
  };
}

/** The stationary experiment. */
export const stationary: Experiment = {
  name: 'stationary',
  claim:
    'Constant-step SGD on a quadratic has per-eigendirection stationary variance ηC̃ᵢᵢ/(2Bλᵢ) (ησ²/(2Bλᵢ) for isotropic noise): flat directions spread most; on a non-convex loss with isotropic noise its stationary law is the Gibbs density ∝ exp(−L/T), T = ησ²/(2B), up to O(η).',
  reference:
    'Mandt, Hoffman & Blei (JMLR 2017), eq. 13; Li, Tai & E (2017, 2019); Mattingly, Stuart & Tretyakov (SINUM 2010)',
  method:
    'SGD particles with replacement (η = 0.02, B = 4, 1000 steps from w = 0) on a 4-D quadratic with λ = 0.5, 1, 2, 4 and 256 fixed ξᵢ; covariance on the GPU projected on the Hessian eigenvectors; slope of log(vᵢ/C̃ᵢᵢ) on log λᵢ = −1 ± 0.1 (99% CI); ratio to ηC̃ᵢᵢ/(2Bλᵢ) within 10% (99% CI) and a z-test per direction against the discrete Lyapunov solution (a point check at the run’s family-wise level). Gibbs half: 2N SGD particles with replacement on ℓᵢ(w) = ¼(w² − 1)² − ξᵢw (256 antithetic ξᵢ with mean 0.2 and σ² = 2BT/η), η = 0.01, B = 4, T = 0.5, 1500 steps from w = −1; final states read back and binned (50 bins on [−2.4, 2.6] plus tails) against the Gibbs law (Z by quadrature): TV − null mean within 0 ± 0.01 (95% bootstrap); the TV bound ½Σ√(p(1−p)/N) + √(ln(1/α)/2N) and the chi-square p are reported (they test exact Gibbs, which finite-η SGD is not: a chi-square test detects the O(η) deviation at N ≈ 5·10⁵); a contrast run at η = 0.04 shows the O(η) deviation.',
  defaults: { particles: 2 ** 14 },
  // 2^14: the first-order ratio at λ = 4 is 1/(1 − ηλ/2) = 1.042 for the exact chain; at 2^13 its 99% interval
  // (±0.043) reaches past 1 + 0.1 about one run in five (unresolved), at 2^14 (±0.030) about one in a hundred.
  quick: { particles: 2 ** 14 },
  // Applied to the quadratic half (the per-direction variances against the exact chain).
  mutations: ['lrFactor', 'batchDelta', 'withoutReplacement'],
  run: runStationary,
};
