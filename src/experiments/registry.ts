/** The experiments of the suite, in the order the suite runs them. */
import { fokkerPlanck } from './fokker-planck.js';
import { heavyTails } from './heavy-tails.js';
import { unavailableExperiment } from './planned.js';
import { stationary } from './stationary.js';
import type { Experiment } from './types.js';
import { weakOrder } from './weak-order.js';

const sgdVsSde = unavailableExperiment(
  {
    name: 'sgd-vs-sde',
    claim:
      'SGD with step η is a weak order-1 approximation of dW = −∇L dt + sqrt(ηΣ/B) dB at t = kη; the modified-equation SDE improves it to order 2.',
    reference: 'Li, Tai & E, Stochastic modified equations and adaptive SGD (ICML 2017; JMLR 2019)',
    method:
      'SGD and SDE particles on logistic regression and the non-convex 2-D problem to a fixed horizon T for several η; |E g(w_k) − E g(W_T)| for g = loss, a coordinate and a second moment; fitted log-log slope with CI.',
  },
  'needs the sgd branch (SGD and SGD-SDE particles, issue 5) and the reference branch (weak-error fit, issue 6)',
);
const linearScaling = unavailableExperiment(
  {
    name: 'linear-scaling',
    claim:
      '(η, B) and (kη, kB) give the same SDE, hence the same law at equal SDE time t = kη, until kη is too large; equal epochs vs equal SDE time differ.',
    reference:
      'Goyal et al. (2017); Smith & Le (2018); Hoffer, Hubara & Soudry (2017); Malladi et al. (2022)',
    method:
      'SGD particles at (kη, kB) for k = 1, 2, 4, 8 at equal t; distance of the laws to the k = 1 law with CI.',
  },
  'needs the sgd branch (SGD particles, issue 5)',
);
const noiseScale = unavailableExperiment(
  {
    name: 'noise-scale',
    claim:
      'The gradient-noise scale B_noise = tr(Σ)/|∇L|² predicts the batch size beyond which linear scaling stops paying.',
    reference: 'McCandlish, Kaplan, Amodei et al., An Empirical Model of Large-Batch Training (2018)',
    method: 'B_noise at w₀ vs the measured steps-to-target as a function of B (knee of S(B)).',
  },
  'needs the sgd branch (B_noise and SGD particles, issue 5)',
);
const replacement = unavailableExperiment(
  {
    name: 'replacement',
    claim:
      'Sampling without replacement reduces the variance of epoch sums of gradient noise (to zero for the full epoch) and of long-run averages, compared with the Markov (with-replacement) SDE prediction.',
    reference: 'Gürbüzbalaban, Ozdaglar & Parrilo (2021); Safran & Shamir (2020); Smith et al. (2021)',
    method:
      'SGD particles with and without replacement on the quadratic problem; variances of epoch-level sums and long-run averages vs the SDE prediction.',
  },
  'needs the sgd branch (samplers with/without replacement, issue 5)',
);
const posterior = unavailableExperiment(
  {
    name: 'posterior',
    claim:
      'Constant-step SGD samples a Gaussian whose covariance solves a Lyapunov equation; with the right η, B (and preconditioning) it matches the Bayesian posterior covariance.',
    reference:
      'Mandt, Hoffman & Blei, Stochastic Gradient Descent as Approximate Bayesian Inference (JMLR 2017)',
    method:
      'Bayesian linear regression (exact posterior) and logistic regression (Laplace reference); SGD stationary covariance vs the posterior; the η that gives temperature 1; KL reported.',
  },
  'needs the sgd branch (SGD particles on linreg/logreg, issue 5)',
);
/** Every experiment, available or not (an unavailable one says what it needs). */
export const EXPERIMENTS: readonly Experiment[] = [
  weakOrder,
  stationary,
  sgdVsSde,
  linearScaling,
  noiseScale,
  replacement,
  posterior,
  heavyTails,
  fokkerPlanck,
];

/** The experiment called `name`, or undefined. */
export function findExperiment(name: string): Experiment | undefined {
  return EXPERIMENTS.find((e) => e.name === name);
}
