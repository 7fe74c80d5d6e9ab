/**
 * Panel 1: a live 1-D density. A problem's ensemble (`DensityModel`) advances on the GPU, is reduced on the GPU to
 * a histogram read back once per frame (and, a few times a second, to moments), and is drawn against the theory
 * law that moves along with it. Knob changes take effect at the next frame without restarting.
 */

import type { GpuContext } from '../src/gpu/device.js';
import { histogramSlots } from '../src/reduce/histogram.js';
import { reduceMoments } from '../src/reduce/moments.js';
import type { GaussianLaw } from '../src/stats/gaussian.js';
import type { DensityModel } from './density-model.js';
import { createDoubleWellModel } from './double-well-model.js';
import { drawDensity } from './plot.js';
import { createQuadraticModel } from './quadratic-model.js';
import { createStableQuadraticModel } from './stable-quadratic-model.js';
import type { DemoState } from './state.js';
import { type TvBound, tvBound } from './tv-bound.js';

/** Histogram bins of panel 1. */
export const DENSITY_BINS = 100;

/** Measured moments with standard errors, against the theory law at the same step. */
export interface MeasuredMoments extends GaussianLaw {
  step: number;
  meanSE: number;
  varianceSE: number;
  law: GaussianLaw;
}

/** What one frame measured (also what the page exposes to tests). */
export interface DensityFrame {
  /** SGD steps since reset, and kernel steps. */
  iterations: number;
  kernelSteps: number;
  time: number;
  particles: number;
  counts: number[];
  below: number;
  above: number;
  /** Non-finite or diverged particles (left out of the histogram). */
  nonFinite: number;
  lo: number;
  hi: number;
  /** Whether the theory law is the exact law of the simulated chain. */
  exact: boolean;
  law: GaussianLaw;
  stationaryVariance: number;
  /** TV between histogram and the binned theory law, and the sampling-noise bound for this N (NaN at step 0). */
  tv: number;
  bound: TvBound | undefined;
  moments: MeasuredMoments | undefined;
  /** Seconds from submitting the steps to having the reductions back. */
  seconds: number;
}

/** A running panel-1 ensemble on one device. */
export class DensityPanel {
  private iterations = 0;
  private time = 0;

  private constructor(
    private readonly ctx: GpuContext,
    private readonly canvas: HTMLCanvasElement,
    private state: DemoState,
    private readonly model: DensityModel,
  ) {}

  /** Allocates the ensemble of `state`'s problem (particles, seed and problem fixed for its lifetime). */
  static async create(ctx: GpuContext, canvas: HTMLCanvasElement, state: DemoState): Promise<DensityPanel> {
    const model =
      state.problem === 'double-well'
        ? await createDoubleWellModel(ctx, state, DENSITY_BINS)
        : state.noise === 'alpha-stable'
          ? await createStableQuadraticModel(ctx, state, DENSITY_BINS)
          : await createQuadraticModel(ctx, state);
    return new DensityPanel(ctx, canvas, state, model);
  }

  get particles(): number {
    return this.model.particles;
  }

  /** Takes new η, B, scheme, sub-steps or speed from the next frame on. */
  update(state: DemoState): void {
    this.state = state;
  }

  /** Kernel steps the next frame runs, for the particle-steps rate. */
  kernelStepsPerFrame(): number {
    return this.model.kernelStepsFor(this.state, this.state.speed);
  }

  /** Advances `speed` SGD steps, reduces (moments too when `withMoments`), draws; returns what it measured. */
  async frame(withMoments: boolean): Promise<DensityFrame> {
    const s = this.state;
    const m = this.model;
    const t0 = performance.now();
    await m.advance(s, s.speed);
    this.iterations += s.speed;
    this.time += s.speed * s.eta;
    const { device } = this.ctx;
    const { lo, hi } = m.view();
    const law = m.lawMoments();
    const [slots, mom] = await Promise.all([
      histogramSlots(
        device,
        m.buffer,
        m.particles,
        { lo, hi, bins: DENSITY_BINS },
        undefined,
        m.status ? { status: m.status } : {},
      ),
      // With α-stable noise (α < 2) the variance is infinite: sample moments would mean nothing.
      withMoments && Number.isFinite(law.variance)
        ? reduceMoments(device, m.buffer, m.particles, law.mean)
        : undefined,
    ]);
    this.ctx.check();
    const seconds = (performance.now() - t0) / 1000;

    const counts = Array.from(slots.subarray(0, DENSITY_BINS));
    const below = slots[DENSITY_BINS]!;
    const above = slots[DENSITY_BINS + 1]!;
    const nonFinite = slots[DENSITY_BINS + 2]!;
    const observed = [below, ...counts, above];
    const n = observed.reduce((a, b) => a + b, 0);
    const p = m.probabilities(lo, hi, DENSITY_BINS);
    let tv = Number.NaN;
    let bound: TvBound | undefined;
    if (p.length === observed.length && n > 0) {
      tv = observed.reduce((acc, o, i) => acc + Math.abs(o / n - p[i]!), 0) / 2;
      bound = tvBound(p, n);
    }
    drawDensity(this.canvas, { lo, hi, counts, n: m.particles }, m.curves(s, this.iterations), 'x');
    return {
      iterations: this.iterations,
      kernelSteps: m.kernelSteps,
      time: this.time,
      particles: m.particles,
      counts,
      below,
      above,
      nonFinite,
      lo,
      hi,
      exact: m.exact,
      law,
      stationaryVariance: m.stationaryVariance(),
      tv,
      bound,
      moments: mom && {
        step: this.iterations,
        mean: mom.mean,
        meanSE: mom.meanSE,
        variance: mom.variance,
        varianceSE: mom.varianceSE,
        law,
      },
      seconds,
    };
  }

  destroy(): void {
    this.model.destroy();
  }
}
