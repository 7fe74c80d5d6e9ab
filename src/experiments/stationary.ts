/**
 * stationary: constant-step SGD on a quadratic loss settles into a stationary law whose variance along the i-th
 * eigendirection of the Hessian is, to first order in η, η C̃ᵢᵢ/(2Bλᵢ) (C̃ᵢᵢ = qᵢᵀCqᵢ the gradient-noise variance
 * along qᵢ; ησ²/(2Bλᵢ) for isotropic noise σ²I): flat directions spread most (Mandt, Hoffman & Blei 2017, eq. 13;
 * the SDE's continuous Lyapunov equation HS + SH = (η/B)C). The exact stationary covariance of the SGD chain
 * solves the discrete Lyapunov equation, whose diagonal in the eigenbasis is η C̃ᵢᵢ/(Bλᵢ(2 − ηλᵢ)).
 *
 * SGD particles with replacement on the sgd issue's quadratic problem (∇ℓᵢ(w) = Hw − ξᵢ) run past burn-in; their
 * covariance (GPU reduction) is projected on the eigenvectors of H.
 */
import type { GpuContext } from '../gpu/device.js';
import { makeQuadraticDataset } from '../sgd/datasets.js';
import { runSgd } from '../sgd/ensemble.js';
import { sgdStationaryCovariance } from '../sgd/lyapunov.js';
import { quadraticForm, symmetricEigen } from './eigen.js';
import { subSeed } from './engine-run.js';
import { fitLine } from './fit.js';
import type { Check, Experiment, ExperimentOutcome, Figure, Row, RunOptions } from './types.js';
import { combineVerdicts, intervalVerdict } from './verdict.js';

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
  const r = await runSgd(ctx, {
    dataset,
    lr: S.lr,
    batch: S.batch,
    steps: S.steps,
    particles: o.particles,
    seed: BigInt(subSeed(o.seed, 0)),
    sampling: 'with',
  });
  o.onProgress?.(0.95, 'reductions');
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
    checks.push({
      name: `λ = ${l.toFixed(3)}: variance / (ηC̃ᵢᵢ/(2Bλᵢ))`,
      theory: 1,
      estimate: ratio,
      se: ratioSE,
      ci: vr.ci,
      tolerance: S.tolerance,
      verdict: vr.verdict,
    });
    const vc = intervalVerdict({ theory: chain, estimate: v, se, level: 0.99, tolerance: 0, particles: P });
    checks.push({
      name: `λ = ${l.toFixed(3)}: variance vs discrete Lyapunov`,
      theory: chain,
      estimate: v,
      se,
      ci: vc.ci,
      tolerance: 0,
      verdict: vc.verdict,
    });
    lam.push(l);
    measured.push(v);
    measuredSE.push(se);
    sde.push(first);
    cTilde.push(cii);
    chainV.push(chain);
    rows.push({
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
  checks.unshift({
    name: 'slope of log(variance/C̃ᵢᵢ) on log λ',
    theory: -1,
    estimate: slopeFit.slope,
    se: slopeFit.slopeSE,
    ci: vs.ci,
    tolerance: 0.1,
    verdict: vs.verdict,
  });
  const head = checks[0]!;
  const verdict = combineVerdicts(checks.map((c) => c.verdict));
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
  return {
    quantity: 'slope of log(variance per unit noise) on log λ',
    theory: head.theory,
    estimate: head.estimate,
    se: head.se,
    ci: head.ci,
    ciLevel: 0.99,
    tolerance: head.tolerance,
    verdict,
    verdictReason:
      verdict === 'pass'
        ? 'variance per unit noise falls like 1/λ (slope −1 ± 0.1), every direction matches ηC̃ᵢᵢ/(2Bλᵢ) within 10% and the exact SGD-chain variance within its 99% interval'
        : checks
            .filter((c) => c.verdict !== 'pass')
            .map((c) => `${c.name}: ${c.verdict}`)
            .join('; '),
    checks,
    settings: {
      ...STATIONARY_SETUP,
      sampling: 'with',
      nonFinite: r.moments.nonFinite,
      gibbs: 'not measured: needs per-particle histograms of SGD ensembles (src/sgd returns moments only)',
    },
    figures: [figure],
    rows,
  };
}

/** The stationary experiment. */
export const stationary: Experiment = {
  name: 'stationary',
  claim:
    'Constant-step SGD on a quadratic has per-eigendirection stationary variance ηC̃ᵢᵢ/(2Bλᵢ) (ησ²/(2Bλᵢ) for isotropic noise): flat directions spread most.',
  reference: 'Mandt, Hoffman & Blei (JMLR 2017), eq. 13; Li, Tai & E (2017, 2019)',
  method:
    'SGD particles with replacement (η = 0.02, B = 4, 1000 steps from w = 0) on a 4-D quadratic with λ = 0.5, 1, 2, 4 and 256 fixed ξᵢ; covariance on the GPU projected on the Hessian eigenvectors; slope of log(vᵢ/C̃ᵢᵢ) on log λᵢ = −1 ± 0.1 (99% CI); ratio to ηC̃ᵢᵢ/(2Bλᵢ) within 10% (99% CI) and z-test against the discrete Lyapunov solution at 99%.',
  defaults: { particles: 2 ** 14 },
  // 2^14: the first-order ratio at λ = 4 is 1/(1 − ηλ/2) = 1.042 for the exact chain; at 2^13 its 99% interval
  // (±0.043) reaches past 1 + 0.1 about one run in five (unresolved), at 2^14 (±0.030) about one in a hundred.
  quick: { particles: 2 ** 14 },
  run: runStationary,
};
