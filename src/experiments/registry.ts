/** The experiments of the suite, in the order the suite runs them. */
import { fokkerPlanck } from './fokker-planck.js';
import { heavyTails } from './heavy-tails.js';
import { linearScaling } from './linear-scaling.js';
import { noiseScale } from './noise-scale.js';
import { posterior } from './posterior.js';
import { replacement } from './replacement.js';
import { sgdVsSde } from './sgd-vs-sde.js';
import { stationary } from './stationary.js';
import type { Experiment } from './types.js';
import { weakOrder } from './weak-order.js';

/** Every experiment. */
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

/**
 * The experiment called `name`.
 * @param name - its CLI name, e.g. `weak-order`
 * @returns the experiment, or undefined when no experiment has that name
 */
export function findExperiment(name: string): Experiment | undefined {
  return EXPERIMENTS.find((e) => e.name === name);
}
