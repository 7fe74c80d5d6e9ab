/**
 * Panel 1: a live 1-D density. The ensemble advances on the GPU, is reduced on the GPU to a histogram read back
 * once per frame (and, a few times a second, to moments), and drawn against the exact law of the simulated chain. Parameter
 * changes take effect at the next frame without restarting: the exact law is carried through them (the chain
 * stays Gaussian, see `propagateChain`), so the density can be watched moving to the new law.
 */
import type { GpuContext } from '../src/gpu/device.js';
import { createOu1dEnsemble, type Ou1dEnsemble } from '../src/ou/ou1d.js';
import { reduceHistogram } from '../src/reduce/histogram.js';
import { reduceMoments } from '../src/reduce/moments.js';
import { cellProbabilities, fitHistogram, gaussianCdf } from '../src/stats/histogram-test.js';
import { type Curve, drawDensity, gaussianPdf } from './plot.js';
import {
  chainStationary,
  type Gaussian,
  type OuPlan,
  propagateChain,
  QUADRATIC,
  quadraticPlan,
  sdeStationary,
  sgdStationaryVariance,
} from './quadratic.js';
import type { DemoState } from './state.js';
import { type TvBound, tvBound } from './tv-bound.js';

/** Histogram bins of panel 1. */
export const DENSITY_BINS = 100;
/** Half-width of the view in standard deviations. */
const VIEW_SDS = 4.5;

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
  nonFinite: number;
  lo: number;
  hi: number;
  /** Exact law of the simulated chain now. */
  law: Gaussian;
  /** Stationary law of the chain being run. */
  stationary: Gaussian;
  /** TV between histogram and the binned exact law, and the bound for this N (NaN at step 0). */
  tv: number;
  tvExpectedNormal: number;
  bound: TvBound | undefined;
  /** Measured moments (GPU power sums) when this frame asked for them. */
  moments: MeasuredMoments | undefined;
  /** Seconds from submitting the steps to having both reductions back. */
  seconds: number;
}

/** Mean and variance of the ensemble with standard errors, against the exact law at the same step. */
export interface MeasuredMoments {
  step: number;
  mean: number;
  meanSE: number;
  variance: number;
  varianceSE: number;
  law: Gaussian;
}

/** A running panel-1 ensemble on one device. */
export class DensityPanel {
  private ensemble: Ou1dEnsemble | undefined;
  private law: Gaussian = { mean: QUADRATIC.x0, variance: 0 };
  private iterations = 0;
  private time = 0;
  private view = { lo: -1, hi: 1 };
  private planKey = '';

  private constructor(
    private readonly ctx: GpuContext,
    private readonly canvas: HTMLCanvasElement,
    private state: DemoState,
  ) {}

  /** Allocates the ensemble for `state` (particles and seed fixed for its lifetime) at x0. */
  static async create(ctx: GpuContext, canvas: HTMLCanvasElement, state: DemoState): Promise<DensityPanel> {
    const panel = new DensityPanel(ctx, canvas, state);
    const plan = quadraticPlan(state);
    panel.ensemble = await createOu1dEnsemble(ctx, {
      particles: state.particles,
      theta: plan.theta,
      sigma: plan.sigma,
      dt: plan.dt,
      x0: QUADRATIC.x0,
      seed: state.seed,
      stepsPerDispatch: 100,
    });
    panel.onPlanChange(plan);
    return panel;
  }

  get particles(): number {
    return this.ensemble?.particles ?? 0;
  }

  /** Takes new η, B, scheme, sub-steps or speed from the next frame on. */
  update(state: DemoState): void {
    this.state = state;
  }

  /**
   * A view covering the current law and the chain's stationary law. From here on the law moves monotonically
   * between the two (alternating in sign when 1 − θh < 0), so this view covers the run until the next change.
   */
  private viewFor(plan: OuPlan): { lo: number; hi: number } {
    const st = chainStationary(plan);
    const sdNow = Math.sqrt(this.law.variance);
    const sdSt = Math.sqrt(st.variance);
    let lo = Math.min(this.law.mean - VIEW_SDS * sdNow, -VIEW_SDS * sdSt);
    let hi = Math.max(this.law.mean + VIEW_SDS * sdNow, VIEW_SDS * sdSt);
    if (1 - plan.theta * plan.dt < 0) {
      const r = Math.max(-lo, hi);
      lo = -r;
      hi = r;
    }
    const pad = 0.02 * (hi - lo);
    return { lo: lo - pad, hi: hi + pad };
  }

  private onPlanChange(plan: OuPlan): void {
    this.view = this.viewFor(plan);
    this.planKey = JSON.stringify(plan);
  }

  /** Zooms in once the transient has passed and the law fills less than half of the view. */
  private refitIfSettled(plan: OuPlan): void {
    const fit = this.viewFor(plan);
    if (fit.hi - fit.lo < 0.5 * (this.view.hi - this.view.lo)) this.view = fit;
  }

  /** Advances `speed` SGD steps, reduces (moments too when `withMoments`), draws; returns what it measured. */
  async frame(withMoments: boolean): Promise<DensityFrame> {
    const ens = this.ensemble;
    if (!ens) throw new Error('the ensemble was destroyed');
    const s = this.state;
    const plan = quadraticPlan(s);
    if (JSON.stringify(plan) !== this.planKey) this.onPlanChange(plan);
    ens.setParameters({ theta: plan.theta, sigma: plan.sigma, dt: plan.dt });
    const steps = s.speed * plan.stepsPerIteration;
    const t0 = performance.now();
    ens.advance(steps);
    this.refitIfSettled(plan);
    this.law = propagateChain(this.law, plan, steps);
    this.iterations += s.speed;
    this.time += s.speed * s.eta;
    const { device } = this.ctx;
    const { lo, hi } = this.view;
    const [hist, mom] = await Promise.all([
      reduceHistogram(device, ens.state, ens.particles, { lo, hi, bins: DENSITY_BINS }),
      withMoments ? reduceMoments(device, ens.state, ens.particles, this.law.mean) : undefined,
    ]);
    this.ctx.check();
    const seconds = (performance.now() - t0) / 1000;

    const law = this.law;
    let tv = Number.NaN;
    let tvExpectedNormal = Number.NaN;
    let bound: TvBound | undefined;
    if (law.variance > 0) {
      const cdf = gaussianCdf(law.mean, law.variance);
      const fit = fitHistogram(hist, cdf);
      tv = fit.tv;
      tvExpectedNormal = fit.tvNull;
      bound = tvBound(cellProbabilities(hist, cdf), fit.n);
    }
    const curves: Curve[] = [
      {
        label: `exact law of this chain at step ${this.iterations}`,
        color: '#c0392b',
        pdf: gaussianPdf(law.mean, law.variance),
      },
    ];
    if (s.scheme === 'sgd') {
      const sde = sdeStationary(s);
      curves.push({
        label: 'stationary law of the SGD SDE',
        color: '#555',
        dashed: true,
        pdf: gaussianPdf(0, sde.variance),
      });
    } else {
      curves.push({
        label: 'stationary law of SGD',
        color: '#1e8449',
        dashed: true,
        pdf: gaussianPdf(0, sgdStationaryVariance(s)),
      });
    }
    drawDensity(this.canvas, { lo, hi, counts: hist.counts, n: ens.particles }, curves, 'x');
    return {
      iterations: this.iterations,
      kernelSteps: ens.stepsDone,
      time: this.time,
      particles: ens.particles,
      counts: Array.from(hist.counts),
      below: hist.below,
      above: hist.above,
      nonFinite: hist.nonFinite,
      lo,
      hi,
      law,
      stationary: chainStationary(plan),
      tv,
      tvExpectedNormal,
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

  /** Kernel steps a frame of `state` runs, for the particle-steps rate. */
  static kernelStepsPerFrame(state: DemoState): number {
    return state.speed * quadraticPlan(state).stepsPerIteration;
  }

  destroy(): void {
    this.ensemble?.destroy();
    this.ensemble = undefined;
  }
}
