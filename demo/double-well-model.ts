/**
 * Panel 1 on the double well V(x) = x⁴/4 − x²/2 with Gaussian gradient noise: particles are the engine's
 * overdamped Langevin ensemble (`createEnsembleChunk`, model `langevin`, Euler–Maruyama), and the theory is the
 * reference Fokker–Planck solution at the current time (`createFokkerPlanck1d`) with the Gibbs density
 * (`gibbs1d`) it settles to.
 *
 * One SGD step with B noisy gradients V'(x) + ξ_i, ξ_i ~ N(0, 1), is one Euler–Maruyama step of size h = η of
 * dX = −∇U dt + √(2T) dW with U = V and T = η/(2B); the SDE scheme runs the same SDE with h = η/m, and the
 * modified equation (Li, Tai & E 2017) has U = V + η|V'|²/4, i.e. ∇U = V' + (η/2) V' V''. The Fokker–Planck
 * law is the SDE's: SGD (and Euler–Maruyama with h = η/m) differ from it by O(h), which the TV shows, so here
 * the TV bound measures sampling noise only and is not a test of the kernel.
 */
import { createEnsembleChunk, type EnsembleChunk, TILE } from '../src/engine/chunk.js';
import { resolveSpec } from '../src/engine/spec.js';
import type { GpuContext } from '../src/gpu/device.js';
import { createFokkerPlanck1d, type FokkerPlanck1d } from '../src/reference/fokker-planck.js';
import { gibbs1d } from '../src/reference/gibbs.js';
import { carryParticles } from './chunk-carry.js';
import type { DensityModel } from './density-model.js';
import type { Curve } from './plot.js';
import type { DemoState } from './state.js';

/** The double well's start and per-example gradient noise. */
export const DOUBLE_WELL = Object.freeze({ x0: 0, s: 1 });
/** Fokker–Planck cells per histogram bin. */
const FP_CELLS_PER_BIN = 8;
const STEPS_PER_DISPATCH = 100;

/** ∇U for the engine's langevin model: V' + (c/2) V' V'' with V' = x³ − x, V'' = 3x² − 1 (c = η or 0). */
const GRAD_POTENTIAL = /* wgsl */ `
fn grad_potential(x: State, t: f32) -> State {
  let c = param(PARAM_C);
  var g: State;
  for (var i = 0u; i < DIM; i++) {
    let v1 = x[i] * x[i] * x[i] - x[i];
    g[i] = v1 + 0.5 * c * v1 * (3.0 * x[i] * x[i] - 1.0);
  }
  return g;
}
`;

/** Kernel step, temperature and modification of one configuration. */
interface WellPlan {
  dt: number;
  stepsPerIteration: number;
  temperature: number;
  /** Coefficient c of the modified potential V + c|V'|²/4 (0 for SGD and the SDE). */
  c: number;
}

function wellPlan(s: DemoState): WellPlan {
  const temperature = (DOUBLE_WELL.s * DOUBLE_WELL.s * s.eta) / (2 * s.batch);
  if (s.scheme === 'sgd') return { dt: s.eta, stepsPerIteration: 1, temperature, c: 0 };
  return {
    dt: s.eta / s.substeps,
    stepsPerIteration: s.substeps,
    temperature,
    c: s.scheme === 'msde' ? s.eta : 0,
  };
}

const potential = (c: number) => (x: number) => {
  const v1 = x * x * x - x;
  return (x * x * x * x) / 4 - (x * x) / 2 + (c * v1 * v1) / 4;
};

/** Half-width R ≥ 2.2 of the grid with U(R)/T ≥ 30: the Gibbs mass beyond it is below e⁻³⁰ relative. */
function gridRadius(p: WellPlan): number {
  let r = 2.2;
  while (potential(p.c)(r) / p.temperature < 30 && r < 50) r *= 1.1;
  return r;
}

/** Creates the double well's ensemble at x0 for `state`, with `bins` histogram bins over the model's grid. */
export async function createDoubleWellModel(
  ctx: GpuContext,
  state: DemoState,
  bins: number,
): Promise<DensityModel> {
  const { device } = ctx;
  const n = state.particles;
  const capacity = Math.ceil(n / TILE) * TILE;
  let plan = wellPlan(state);
  let kernelSteps = 0;

  const makeChunk = async (p: WellPlan): Promise<EnsembleChunk> => {
    const spec = resolveSpec({
      model: { builtin: 'langevin', potential: GRAD_POTENTIAL, params: { beta: 1 / p.temperature, c: p.c } },
      scheme: 'em',
      dt: p.dt,
      steps: 1,
      particles: n,
      seed: state.seed,
      init: { point: DOUBLE_WELL.x0 },
    });
    return createEnsembleChunk(device, spec, capacity);
  };
  let chunk = await makeChunk(plan);
  chunk.init(0, n);

  // Theory: the Fokker–Planck density on a grid that is also the histogram's range.
  let fp: FokkerPlanck1d;
  let density: Float64Array;
  let gibbs: ReturnType<typeof gibbs1d>;
  const setTheory = (p: WellPlan, previous?: { fp: FokkerPlanck1d; density: Float64Array }) => {
    const r = Math.max(gridRadius(p), previous ? previous.fp.grid.hi : 0);
    fp = createFokkerPlanck1d({
      grid: { lo: -r, hi: r, cells: bins * FP_CELLS_PER_BIN },
      drift: { potential: potential(p.c), temperature: p.temperature },
    });
    if (previous) {
      // Same or wider grid: carry the density over cell by cell (piecewise constant, zero outside the old grid).
      const old = previous.fp;
      density = fp.initialDensity((x) => {
        const j = Math.floor((x - old.grid.lo) / old.h);
        return j >= 0 && j < old.grid.cells ? previous.density[j]! : 0;
      });
    } else density = fp.initialDensity({ pointMass: DOUBLE_WELL.x0 });
    gibbs = gibbs1d(potential(p.c), p.temperature);
  };
  setTheory(plan);
  let planKey = JSON.stringify(plan);

  const model: DensityModel = {
    particles: n,
    get buffer() {
      return chunk.state;
    },
    get status() {
      return chunk.status;
    },
    exact: false,
    lawName: 'Fokker–Planck law of the SDE',
    get kernelSteps() {
      return kernelSteps;
    },
    view: () => ({ lo: fp.grid.lo, hi: fp.grid.hi }),
    kernelStepsFor: (s, iterations) => iterations * wellPlan(s).stepsPerIteration,
    async advance(s, iterations) {
      const p = wellPlan(s);
      const key = JSON.stringify(p);
      if (key !== planKey) {
        if (p.dt !== plan.dt) {
          // The step size is fixed per chunk: carry the particles (and divergence flags) to a new one.
          chunk = carryParticles(device, chunk, await makeChunk(p), n, 'double well');
        } else chunk.setParams([1 / p.temperature, p.c]);
        setTheory(p, { fp, density });
        plan = p;
        planKey = key;
      }
      const steps = iterations * p.stepsPerIteration;
      // Global step indices continue across chunks, so every step draws fresh noise.
      for (let done = 0; done < steps; done += STEPS_PER_DISPATCH) {
        const count = Math.min(STEPS_PER_DISPATCH, steps - done);
        chunk.step(kernelSteps + done, count, 0, n);
      }
      kernelSteps += steps;
      const span = iterations * s.eta;
      density = fp.solve(density, { times: [span], dt: Math.min(0.01, span), scheme: 'crank-nicolson' })
        .densities[0]!;
    },
    probabilities(lo, hi, nb) {
      // FP cells are aligned with the bins when [lo, hi) is the grid: each bin sums whole cells.
      const p = new Array<number>(nb + 2).fill(0);
      fp.x.forEach((x, j) => {
        const mass = density[j]! * fp.h;
        const b = Math.floor(((x - lo) / (hi - lo)) * nb);
        p[b < 0 ? 0 : b >= nb ? nb + 1 : b + 1]! += mass;
      });
      return p;
    },
    lawMoments() {
      let m = 0;
      let m2 = 0;
      fp.x.forEach((x, j) => {
        m += x * density[j]! * fp.h;
        m2 += x * x * density[j]! * fp.h;
      });
      return { mean: m, variance: m2 - m * m };
    },
    stationaryVariance: () => gibbs.expectation((x) => x * x),
    curves(s, iterations): Curve[] {
      const { lo, cells } = fp.grid;
      const h = fp.h;
      const d = density;
      const fpPdf = (x: number) => {
        const u = (x - lo) / h - 0.5;
        const j = Math.max(0, Math.min(cells - 2, Math.floor(u)));
        const w = Math.max(0, Math.min(1, u - j));
        return (1 - w) * d[j]! + w * d[j + 1]!;
      };
      const name = s.scheme === 'msde' ? 'modified SDE' : 'SGD SDE';
      return [
        {
          label: `Fokker–Planck law of the ${name} at t = ${(iterations * s.eta).toFixed(2)}`,
          color: '#c0392b',
          pdf: fpPdf,
        },
        {
          label: 'Gibbs density exp(−U/T)/Z it settles to',
          color: '#555',
          dashed: true,
          pdf: (x) => gibbs.density(x),
        },
      ];
    },
    destroy: () => chunk.destroy(),
  };
  return model;
}
