/**
 * What panel 1 needs from a 1-D problem: particles on the GPU (component 0 of a buffer), a way to advance them
 * by SGD steps under the current knobs, and the theory law that moves along with them.
 */

import type { GpuContext } from '../src/gpu/device.js';
import type { GaussianLaw } from '../src/stats/gaussian.js';
import type { Curve } from './plot.js';
import type { DemoState } from './state.js';

/** A view range on the x axis. */
export interface View {
  lo: number;
  hi: number;
}

/** A live 1-D ensemble with its theory law. */
export interface DensityModel {
  readonly particles: number;
  /** Particle positions: element i of this buffer for i < particles. */
  readonly buffer: GPUBuffer;
  /** Optional per-particle status words (0 = keep) masking diverged particles out of histograms. */
  readonly status: GPUBuffer | undefined;
  /** True when the theory law is the exact law of the simulated chain (then TV ≤ bound is a test). */
  readonly exact: boolean;
  /** Kernel steps taken since reset. */
  readonly kernelSteps: number;
  /** One line saying which law the solid curve is. */
  readonly lawName: string;
  /** Current x range to histogram. */
  view(): View;
  /** Queues `iterations` SGD steps under `state` and moves the theory law along. */
  advance(state: DemoState, iterations: number): void | Promise<void>;
  /** Kernel steps that `iterations` SGD steps take under `state`. */
  kernelStepsFor(state: DemoState, iterations: number): number;
  /** Probabilities of [−∞, lo), the `bins` equal bins of [lo, hi), and [hi, ∞) under the theory law now. */
  probabilities(lo: number, hi: number, bins: number): number[];
  /** Mean and variance of the theory law now. */
  lawMoments(): GaussianLaw;
  /** Variance of the law the simulated chain settles to (or its model's). */
  stationaryVariance(): number;
  /** Curves to draw over the histogram. */
  curves(state: DemoState, iterations: number): Curve[];
  destroy(): void;
}

/** Creates a model for a state on a device. */
export type DensityModelFactory = (ctx: GpuContext, state: DemoState) => Promise<DensityModel>;
