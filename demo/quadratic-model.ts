/**
 * Panel 1 on the quadratic: the library's 1-D OU Euler–Maruyama ensemble (`createOu1dEnsemble`) realises SGD,
 * the SGD SDE and its modified equation exactly (see `quadratic-law.ts`), and the exact Gaussian law of the
 * chain is carried through knob changes.
 */

import type { GpuContext } from '../src/gpu/device.js';
import { createOu1dEnsemble } from '../src/ou/ou1d.js';
import type { GaussianLaw } from '../src/stats/gaussian.js';
import { cellProbabilities, gaussianCdf } from '../src/stats/histogram-test.js';
import type { DensityModel, View } from './density-model.js';
import { type Curve, gaussianPdf } from './plot.js';
import {
  chainStationary,
  type OuPlan,
  propagateChain,
  QUADRATIC,
  quadraticPlan,
  sdeStationary,
  sgdStationaryVariance,
} from './quadratic-law.js';
import type { DemoState } from './state.js';

/** Half-width of the view in standard deviations. */
const VIEW_SDS = 4.5;
/** Kernel steps per dispatch (results do not depend on it). */
const STEPS_PER_DISPATCH = 100;

/** Creates the quadratic's ensemble at x0 for `state` (particles and seed fixed for its lifetime). */
export async function createQuadraticModel(ctx: GpuContext, state: DemoState): Promise<DensityModel> {
  let plan = quadraticPlan(state);
  const ens = await createOu1dEnsemble(ctx, {
    particles: state.particles,
    theta: plan.theta,
    sigma: plan.sigma,
    dt: plan.dt,
    x0: QUADRATIC.x0,
    seed: state.seed,
    stepsPerDispatch: STEPS_PER_DISPATCH,
  });
  let law: GaussianLaw = { mean: QUADRATIC.x0, variance: 0 };
  let planKey = '';
  let view: View = { lo: -1, hi: 1 };

  // A view covering the current law and the chain's stationary law: from here on the law moves monotonically
  // between the two (alternating in sign when 1 − θh < 0), so it covers the run until the next change.
  const viewFor = (p: OuPlan): View => {
    const sdNow = Math.sqrt(law.variance);
    const sdSt = Math.sqrt(chainStationary(p).variance);
    let lo = Math.min(law.mean - VIEW_SDS * sdNow, -VIEW_SDS * sdSt);
    let hi = Math.max(law.mean + VIEW_SDS * sdNow, VIEW_SDS * sdSt);
    if (1 - p.theta * p.dt < 0) {
      const r = Math.max(-lo, hi);
      lo = -r;
      hi = r;
    }
    const pad = 0.02 * (hi - lo);
    return { lo: lo - pad, hi: hi + pad };
  };
  const setPlan = (p: OuPlan) => {
    const key = JSON.stringify(p);
    if (key === planKey) {
      // Zoom in once the transient has passed and the law fills less than half of the view.
      const fit = viewFor(p);
      if (fit.hi - fit.lo < 0.5 * (view.hi - view.lo)) view = fit;
      return;
    }
    plan = p;
    planKey = key;
    view = viewFor(p);
    ens.setParameters({ theta: p.theta, sigma: p.sigma, dt: p.dt });
  };
  setPlan(plan);

  return {
    particles: ens.particles,
    buffer: ens.state,
    status: undefined,
    exact: true,
    lawName: 'exact law of this chain',
    get kernelSteps() {
      return ens.stepsDone;
    },
    view: () => view,
    kernelStepsFor: (s, iterations) => iterations * quadraticPlan(s).stepsPerIteration,
    advance(s, iterations) {
      setPlan(quadraticPlan(s));
      const steps = iterations * plan.stepsPerIteration;
      ens.advance(steps);
      law = propagateChain(law, plan, steps);
    },
    probabilities(lo, hi, bins) {
      if (!(law.variance > 0)) return [];
      return cellProbabilities(
        { lo, hi, counts: new Array(bins).fill(0), below: 0, above: 0 },
        gaussianCdf(law.mean, law.variance),
      );
    },
    lawMoments: () => law,
    stationaryVariance: () => chainStationary(plan).variance,
    curves(s, iterations): Curve[] {
      const curves: Curve[] = [
        {
          label: `exact law of this chain at step ${iterations}`,
          color: '#c0392b',
          pdf: gaussianPdf(law.mean, law.variance),
        },
      ];
      if (s.scheme === 'sgd') {
        curves.push({
          label: 'stationary law of the SGD SDE',
          color: '#555',
          dashed: true,
          pdf: gaussianPdf(0, sdeStationary(s).variance),
        });
      } else {
        curves.push({
          label: 'stationary law of SGD',
          color: '#1e8449',
          dashed: true,
          pdf: gaussianPdf(0, sgdStationaryVariance(s)),
        });
      }
      return curves;
    },
    destroy: () => ens.destroy(),
  };
}
