/**
 * Panel 1 on the quadratic with α-stable gradient noise: the engine's Lévy–Euler ensemble (`createEnsembleChunk`,
 * scheme `levy-em`, β = 0) against the exact law of its chain, a symmetric α-stable law (`stable-law.ts`).
 *
 * With per-example gradient noise s·S_i (S_i standard symmetric α-stable), the mean of B of them is
 * s B^{1/α − 1} S, so one SGD step is x ← (1 − aη) x − η s B^{1/α−1} S: exactly one Lévy–Euler step of
 * dX = −aX dt + σ dL_α with h = η and σ = s (η/B)^{1 − 1/α} (an increment of L_α over h is h^{1/α} S). The SDE
 * scheme runs the same equation with h = η/m. The chain stays symmetric α-stable, so TV < bound is a test.
 */
import { createEnsembleChunk, type EnsembleChunk, TILE } from '../src/engine/chunk.js';
import { resolveSpec } from '../src/engine/spec.js';
import type { GpuContext } from '../src/gpu/device.js';
import { carryParticles } from './chunk-carry.js';
import type { DensityModel, View } from './density-model.js';
import type { Curve } from './plot.js';
import { QUADRATIC } from './quadratic-law.js';
import { propagateStableChain, type StableLaw, stableCdf } from './stable-law.js';
import type { DemoState } from './state.js';

/** The OU drift −θx with additive noise σ, as an engine user model. */
const OU_MODEL = /* wgsl */ `
fn drift(x: State, t: f32) -> State { return State(-param(PARAM_THETA) * x[0]); }
fn diffusion(x: State, t: f32) -> State { return State(param(PARAM_SIGMA)); }
`;
/** Half-width of the view in scales (the 12γ quantile of S_1.05 is about 0.97; tails go to the tail cells). */
const VIEW_SCALES = 12;
const STEPS_PER_DISPATCH = 100;

interface StablePlan {
  dt: number;
  stepsPerIteration: number;
  sigma: number;
  /** Chain X ← c X + b S. */
  c: number;
  b: number;
}

function stablePlan(s: DemoState): StablePlan {
  const { a, s: noise } = QUADRATIC;
  const sigma = noise * (s.eta / s.batch) ** (1 - 1 / s.alpha);
  const dt = s.scheme === 'sgd' ? s.eta : s.eta / s.substeps;
  return {
    dt,
    stepsPerIteration: s.scheme === 'sgd' ? 1 : s.substeps,
    sigma,
    c: 1 - a * dt,
    b: sigma * dt ** (1 / s.alpha),
  };
}

/** Binned probabilities (tails included) of loc + scale·S over `bins` bins of [lo, hi). */
function stableCells(law: StableLaw, alpha: number, lo: number, hi: number, bins: number): number[] {
  const F = (x: number) => stableCdf((x - law.loc) / law.scale, alpha);
  const edges = Array.from({ length: bins + 1 }, (_, i) => F(lo + ((hi - lo) * i) / bins));
  const p = [edges[0]!];
  for (let i = 0; i < bins; i++) p.push(Math.max(0, edges[i + 1]! - edges[i]!));
  p.push(1 - edges[bins]!);
  return p;
}

/** A curve through the bin-average densities at the bin centres (the binned exact law). */
function binnedCurve(p: number[], lo: number, hi: number): (x: number) => number {
  const bins = p.length - 2;
  const w = (hi - lo) / bins;
  return (x) => {
    const u = (x - lo) / w - 0.5;
    const j = Math.max(0, Math.min(bins - 2, Math.floor(u)));
    const t = Math.max(0, Math.min(1, u - j));
    return ((1 - t) * p[j + 1]! + t * p[j + 2]!) / w;
  };
}

/** Creates the α-stable quadratic ensemble at x0 for `state` (α fixed for its lifetime: the law family depends on it). */
export async function createStableQuadraticModel(
  ctx: GpuContext,
  state: DemoState,
  bins: number,
): Promise<DensityModel> {
  const { device } = ctx;
  const n = state.particles;
  const alpha = state.alpha;
  const capacity = Math.ceil(n / TILE) * TILE;
  let plan = stablePlan(state);
  let law: StableLaw = { loc: QUADRATIC.x0, scale: 0 };
  let kernelSteps = 0;
  let view: View = { lo: -1, hi: 1 };
  let cells: { lo: number; hi: number; p: number[] } | undefined;

  const makeChunk = (p: StablePlan): Promise<EnsembleChunk> =>
    createEnsembleChunk(
      device,
      resolveSpec({
        model: { wgsl: OU_MODEL, dim: 1, params: { theta: QUADRATIC.a, sigma: p.sigma } },
        scheme: { name: 'levy-em', alpha, beta: 0 },
        dt: p.dt,
        steps: 1,
        particles: n,
        seed: state.seed,
        init: { point: QUADRATIC.x0 },
      }),
      capacity,
    );
  let chunk = await makeChunk(plan);
  chunk.init(0, n);

  const stationary = (p: StablePlan): StableLaw =>
    propagateStableChain({ loc: 0, scale: 0 }, p.c, p.b, alpha, 1e6);
  const viewFor = (p: StablePlan): View => {
    const st = stationary(p).scale;
    let lo = Math.min(law.loc - VIEW_SCALES * law.scale, -VIEW_SCALES * st);
    let hi = Math.max(law.loc + VIEW_SCALES * law.scale, VIEW_SCALES * st);
    if (p.c < 0) {
      const r = Math.max(-lo, hi);
      lo = -r;
      hi = r;
    }
    const pad = 0.02 * (hi - lo);
    return { lo: lo - pad, hi: hi + pad };
  };
  view = viewFor(plan);
  let planKey = JSON.stringify(plan);

  const cellsNow = (lo: number, hi: number, nb: number): number[] => {
    if (!(law.scale > 0)) return [];
    if (!cells || cells.lo !== lo || cells.hi !== hi || cells.p.length !== nb + 2) {
      cells = { lo, hi, p: stableCells(law, alpha, lo, hi, nb) };
    }
    return cells.p;
  };

  return {
    particles: n,
    get buffer() {
      return chunk.state;
    },
    get status() {
      return chunk.status;
    },
    exact: true,
    lawName: 'exact α-stable law of this chain',
    get kernelSteps() {
      return kernelSteps;
    },
    view: () => view,
    kernelStepsFor: (s, iterations) => iterations * stablePlan(s).stepsPerIteration,
    async advance(s, iterations) {
      const p = stablePlan(s);
      const key = JSON.stringify(p);
      if (key !== planKey) {
        if (p.dt !== plan.dt) {
          // The step size is fixed per chunk: carry the particles (and divergence flags) to a new one.
          chunk = carryParticles(device, chunk, await makeChunk(p), n, 'stable quadratic');
        } else chunk.setParams([QUADRATIC.a, p.sigma]);
        plan = p;
        planKey = key;
        view = viewFor(p);
      } else {
        const fit = viewFor(p);
        if (fit.hi - fit.lo < 0.5 * (view.hi - view.lo)) view = fit;
      }
      const steps = iterations * p.stepsPerIteration;
      for (let done = 0; done < steps; done += STEPS_PER_DISPATCH) {
        chunk.step(kernelSteps + done, Math.min(STEPS_PER_DISPATCH, steps - done), 0, n);
      }
      kernelSteps += steps;
      law = propagateStableChain(law, p.c, p.b, alpha, steps);
      cells = undefined;
    },
    probabilities: (lo, hi, nb) => cellsNow(lo, hi, nb),
    lawMoments: () => ({
      mean: law.loc,
      variance: alpha === 2 ? 2 * law.scale ** 2 : Number.POSITIVE_INFINITY,
    }),
    stationaryVariance: () => (alpha === 2 ? 2 * stationary(plan).scale ** 2 : Number.POSITIVE_INFINITY),
    curves(_s, iterations): Curve[] {
      const p = cellsNow(view.lo, view.hi, bins);
      const st = stationary(plan);
      const pst = stableCells(st, alpha, view.lo, view.hi, bins);
      return [
        {
          label: `exact α-stable law of this chain at step ${iterations} (binned)`,
          color: '#c0392b',
          pdf: p.length ? binnedCurve(p, view.lo, view.hi) : () => 0,
        },
        {
          label: `its stationary law (α = ${alpha}, binned)`,
          color: '#555',
          dashed: true,
          pdf: binnedCurve(pst, view.lo, view.hi),
        },
      ];
    },
    destroy: () => chunk.destroy(),
  };
}
