/**
 * replacement: sampling without replacement (a fresh permutation per epoch, consecutive batches) makes the
 * gradient noise of an epoch sum to zero, so the stationary spread of SGD is far below what the Markov
 * (with-replacement) SDE dW = −∇L dt + √(ηC/B) dB predicts; with replacement it matches the Markov prediction
 * (Gürbüzbalaban, Ozdaglar & Parrilo 2021; Safran & Shamir 2020; Smith, Dherin, Barrett & De 2021).
 *
 * SGD particles on the quadratic problem (∇ℓᵢ = Hw − ξᵢ) with and without replacement, read at the end of an
 * epoch after burn-in; tr Cov against the discrete Lyapunov solution (with replacement, exact for the chain) and
 * against the SDE's continuous Lyapunov solution (the Markov prediction). SEs of tr Ŝ from the Gaussian
 * approximation Var tr Ŝ = 2 tr(S²)/(P − 1).
 */
import type { GpuContext } from '../gpu/device.js';
import { makeQuadraticDataset } from '../sgd/datasets.js';
import { runSgd } from '../sgd/ensemble.js';
import { sdeStationaryCovariance, sgdStationaryCovariance } from '../sgd/lyapunov.js';
import { subSeed } from './engine-run.js';
import { simulated } from './run.js';
import type { Check, Experiment, ExperimentOutcome, Figure, Row, RunOptions } from './types.js';
import { headline, intervalVerdict, oneSidedCheck, pointCheck } from './verdict.js';

/** Problem and SGD settings. */
export const REPLACEMENT_SETUP = {
  dim: 4,
  eigenvalues: [0.5, 1, 2, 4],
  examples: 64,
  datasetSeed: 11,
  lr: 0.05,
  batch: 4,
  /** 32 epochs of 16 steps: ends on an epoch boundary; (1 − ηλ_min)^{2K} ≈ e^{−26}. */
  steps: 512,
};

const trace = (a: ArrayLike<number>, d: number) => {
  let s = 0;
  for (let i = 0; i < d; i++) s += a[i * d + i]!;
  return s;
};
/** SE of tr Ŝ for a Gaussian sample of size P with covariance S: √(2 Σᵢⱼ Sᵢⱼ² / (P − 1)). */
const traceSE = (s: ArrayLike<number>, p: number) => {
  let f = 0;
  for (let i = 0; i < s.length; i++) f += s[i]! ** 2;
  return Math.sqrt((2 * f) / (p - 1));
};

async function runReplacement(ctx: GpuContext, o: RunOptions): Promise<ExperimentOutcome> {
  const S = REPLACEMENT_SETUP;
  const d = S.dim;
  const dataset = makeQuadraticDataset({
    examples: S.examples,
    dim: d,
    eigenvalues: S.eigenvalues,
    seed: S.datasetSeed,
  });
  const H = dataset.hessian!;
  const C = dataset.noiseCovariance!;
  const chain = sgdStationaryCovariance(H, C, d, S.lr, S.batch);
  const markov = sdeStationaryCovariance(H, C, d, S.lr, S.batch);
  const trChain = trace(chain, d);
  const trMarkov = trace(markov, d);
  const sim = simulated(o);
  const run = async (sampling: 'with' | 'without', k: number, f: number) => {
    o.onProgress?.(f, `SGD ${sampling} replacement`);
    return runSgd(ctx, {
      dataset,
      lr: sim.lr(S.lr),
      batch: sim.batch(S.batch),
      steps: S.steps,
      particles: o.particles,
      seed: BigInt(subSeed(o.seed, k)),
      sampling: sim.sampling(sampling),
    });
  };
  const withR = await run('with', 0, 0);
  const without = await run('without', 1, 0.5);
  o.onProgress?.(0.98, 'reductions');
  const P = o.particles;
  const trWith = trace(withR.moments.covariance, d);
  const trWithout = trace(without.moments.covariance, d);
  const seWith = traceSE(withR.moments.covariance, P);
  const seWithout = traceSE(without.moments.covariance, P);
  const checks: Check[] = [];
  // Headline: without replacement vs the Markov SDE prediction; the claim is that the ratio is below 1.
  const ratio = trWithout / trMarkov;
  const ratioSE = seWithout / trMarkov;
  checks.push(
    oneSidedCheck('without replacement: tr Cov / Markov-SDE prediction', {
      estimate: ratio,
      se: ratioSE,
      side: 'below',
      bound: 1,
    }),
  );
  checks.push(
    pointCheck('with replacement: tr Cov vs discrete Lyapunov (exact chain)', trChain, trWith, seWith),
  );
  const rw = trWith / trMarkov;
  const vm = intervalVerdict({
    theory: 1,
    estimate: rw,
    se: seWith / trMarkov,
    level: 0.99,
    tolerance: 0.1,
    particles: P,
  });
  checks.push({
    kind: 'equivalence',
    ciLevel: 0.99,
    name: 'with replacement: tr Cov / Markov-SDE prediction',
    theory: 1,
    estimate: rw,
    se: seWith / trMarkov,
    ci: vm.ci,
    tolerance: 0.1,
    verdict: vm.verdict,
  });
  const rows: Row[] = [
    {
      sampling: 'with replacement',
      'tr Cov measured': trWith,
      SE: seWith,
      'discrete Lyapunov': trChain,
      'Markov SDE': trMarkov,
      'ratio to SDE': rw,
      nonFinite: withR.moments.nonFinite,
    },
    {
      sampling: 'without replacement',
      'tr Cov measured': trWithout,
      SE: seWithout,
      'discrete Lyapunov': null,
      'Markov SDE': trMarkov,
      'ratio to SDE': ratio,
      nonFinite: without.moments.nonFinite,
    },
  ];
  const diag = (c: ArrayLike<number>) => Array.from({ length: d }, (_, i) => c[i * d + i]!);
  const coords = Array.from({ length: d }, (_, i) => i + 1);
  const figure: Figure = {
    id: 'variance-by-sampling',
    title: 'Stationary variance per coordinate: with vs without replacement vs the Markov SDE',
    xLabel: 'coordinate',
    yLabel: 'variance',
    xScale: 'linear',
    yScale: 'log',
    series: [
      {
        label: 'with replacement',
        style: 'points',
        x: coords,
        y: diag(withR.moments.covariance),
        yErr: diag(withR.moments.covarianceSE),
      },
      {
        label: 'without replacement',
        style: 'points',
        x: coords,
        y: diag(without.moments.covariance),
        yErr: diag(without.moments.covarianceSE),
      },
      { label: 'Markov SDE (continuous Lyapunov)', style: 'line', x: coords, y: diag(markov) },
    ],
  };
  const h = headline(
    checks,
    `without replacement the spread is ${(100 * ratio).toFixed(1)}% of the Markov prediction (99% interval below 1); with replacement it matches the exact chain and the SDE within 10%`,
  );
  return {
    quantity: 'tr Cov without replacement / Markov-SDE prediction (claim: < 1)',
    ...h,
    checks,
    settings: {
      ...REPLACEMENT_SETUP,
      epochs: (S.steps * S.batch) / S.examples,
      notMeasured:
        'variances of epoch-level sums and of long-run averages (the sgd ensemble returns end-state moments only)',
    },
    figures: [figure],
    rows,
  };
}

/** The replacement experiment. */
export const replacement: Experiment = {
  name: 'replacement',
  claim:
    'Without replacement the gradient noise of an epoch sums to zero, so SGD spreads far less than the Markov (with-replacement) SDE predicts; with replacement it matches the prediction.',
  reference: 'Gürbüzbalaban, Ozdaglar & Parrilo (2021); Safran & Shamir (2020); Smith et al. (ICLR 2021)',
  method:
    'SGD particles on a 4-D quadratic (λ = 0.5…4, 64 fixed ξᵢ), η = 0.05, B = 4, 32 epochs, with and without replacement; tr Cov at the last epoch boundary vs the discrete Lyapunov solution (with) and the SDE continuous Lyapunov solution (Markov prediction); 99% intervals.',
  defaults: { particles: 2 ** 13 },
  // 2^13: with replacement the chain's tr Cov is 1.028 × the SDE's (O(η)); at 2^12 the 99% interval (±0.040)
  // reaches past 1 + 0.1 about one run in fifty (seed 3 did), at 2^13 (±0.028) far less often.
  quick: { particles: 2 ** 13 },
  mutations: ['lrFactor', 'batchDelta', 'withoutReplacement'],
  run: runReplacement,
};
