/** The experiments of the suite, in the order the suite runs them. */
import { fokkerPlanck } from './fokker-planck.js';
import { heavyTails } from './heavy-tails.js';
import { linearScaling } from './linear-scaling.js';
import { noiseScale } from './noise-scale.js';
import { unavailableExperiment } from './planned.js';
import { replacement } from './replacement.js';
import { sgdVsSde } from './sgd-vs-sde.js';
import { stationary } from './stationary.js';
import type { Experiment } from './types.js';
import { weakOrder } from './weak-order.js';

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
  'needs an experiment module on runSgd with a Gaussian prior term (a user loss snippet) for Bayesian linear/logistic regression (not written yet)',
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
