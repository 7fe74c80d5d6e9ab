/**
 * Panel 3's live run of `sgd-vs-sde`: the experiment's own measurement (`measureSgdVsSde`) is called once per step
 * size, on a copy of the problem restricted to that step size, with the seed index continuing where the full run
 * would be (`seedBase`): the same runs in the same order with the same seeds as the experiment, so the numbers
 * are the experiment's. After each step size its points are drawn with ±1 SE bars and the weak orders are
 * refitted (`fitPowerLaw`, 99% interval, from three step sizes on) over the step sizes so far, instead of everything appearing when the
 * run ends. At the end the headline checks (g = loss, order 1 ± 0.25 vs the SGD-SDE, 2 ± 0.5 vs the modified
 * SDE) are decided as the experiment decides them.
 */
import { measureSgdVsSde, SGD_SDE_SETUP, type SgdSdeProblem } from '../src/experiments/sgd-vs-sde.js';
import type { Figure, Series, Verdict } from '../src/experiments/types.js';
import { combineVerdicts, intervalVerdict } from '../src/experiments/verdict.js';
import type { GpuContext } from '../src/gpu/device.js';
import { fitPowerLaw, type PowerLawFit, type WeakErrorPoint } from '../src/stats/weak-error.js';

type Kind = 'sde' | 'modified';
const KINDS: readonly Kind[] = ['sde', 'modified'];
const ORDER: Record<Kind, number> = { sde: 1, modified: 2 };
const NAME: Record<Kind, string> = { sde: 'SGD-SDE', modified: 'modified SDE' };
/** The test function drawn live: the experiment's headline (its first g). */
const G_LOSS = 'loss L(w)';
/** Seed indices a problem of the experiment may use (`seedBase = problem index × 30` in the experiment). */
const SEEDS_PER_PROBLEM = 30;

/** The state of a live run after a step size: points, fits and figures so far. */
export interface LiveWeakState {
  /** Step sizes finished, of `levels` (over all problems). */
  done: number;
  levels: number;
  /** Points of g = loss per problem id and kind so far. */
  points: Record<string, Record<Kind, WeakErrorPoint[]>>;
  figures: Figure[];
}

/** The final outcome of the headline checks. */
export interface LiveWeakOutcome {
  quantity: string;
  theory: number;
  estimate: number;
  se: number | null;
  ci: [number, number];
  verdict: Verdict;
  reason: string;
}

function fitOf(points: WeakErrorPoint[]): PowerLawFit | undefined {
  return points.length >= 3 ? fitPowerLaw(points, { confidence: 0.99 }) : undefined;
}

function figureOf(problem: SgdSdeProblem, pts: Record<Kind, WeakErrorPoint[]>): Figure {
  const series: Series[] = [];
  const kinds = KINDS.filter((k) => (k === 'sde' ? problem.lrs : problem.modifiedLrs).length > 0);
  for (const kind of kinds) {
    series.push({
      label: `vs ${NAME[kind]} ± 1 SE`,
      style: 'points',
      x: pts[kind].map((q) => q.h),
      y: pts[kind].map((q) => Math.abs(q.value)),
      yErr: pts[kind].map((q) => q.se),
    });
  }
  for (const kind of kinds) {
    const f = fitOf(pts[kind]);
    if (f && Number.isFinite(f.order)) {
      series.push({
        label: `fit vs ${NAME[kind]}: slope ${f.order.toFixed(2)} ± ${f.orderSE.toFixed(2)}`,
        style: 'line',
        x: pts[kind].map((q) => q.h),
        y: pts[kind].map((q) => Math.abs(f.constant) * q.h ** f.order),
      });
    }
  }
  return {
    id: `live-${problem.id}-weak-error-loss`,
    title: `${problem.title}: |E g(w_k) − E g(W_kη)| at T = ${problem.horizon}, g = ${G_LOSS}`,
    xLabel: 'step size η',
    yLabel: '|weak error|',
    xScale: 'log',
    yScale: 'log',
    series,
  };
}

/** The step sizes of a problem in the order the experiment runs them (largest first). */
function stepSizes(p: SgdSdeProblem): number[] {
  return [...new Set([...p.lrs, ...p.modifiedLrs])].sort((a, b) => b - a);
}

/**
 * Runs the sgd-vs-sde measurements one step size at a time with `particles` × the problem's `particleFactor` per
 * ensemble (as the experiment does); calls `onLevel` after each with the points and figures so far, and
 * `onProgress` with the completed fraction and the stage.
 */
export async function runSgdVsSdeLive(
  ctx: GpuContext,
  o: {
    particles: number;
    seed: number;
    onLevel: (s: LiveWeakState) => void;
    onProgress?: (fraction: number, note: string) => void;
  },
): Promise<LiveWeakOutcome> {
  const problems = SGD_SDE_SETUP.problems;
  const points: LiveWeakState['points'] = {};
  for (const p of problems) points[p.id] = { sde: [], modified: [] };
  // One SGD run per step size plus one per check that uses it: the progress unit.
  const runsOf = (p: SgdSdeProblem, lr: number) =>
    1 + Number(p.lrs.includes(lr)) + Number(p.modifiedLrs.includes(lr));
  const totalRuns = problems.reduce((a, p) => a + stepSizes(p).reduce((b, lr) => b + runsOf(p, lr), 0), 0);
  const levels = problems.reduce((a, p) => a + stepSizes(p).length, 0);
  let runsDone = 0;
  let done = 0;
  for (const [pi, problem] of problems.entries()) {
    let k = pi * SEEDS_PER_PROBLEM;
    for (const lr of stepSizes(problem)) {
      const runs = runsOf(problem, lr);
      const one: SgdSdeProblem = {
        ...problem,
        lrs: problem.lrs.includes(lr) ? [lr] : [],
        modifiedLrs: problem.modifiedLrs.includes(lr) ? [lr] : [],
      };
      const m = await measureSgdVsSde(ctx, one, {
        particles: o.particles * (problem.particleFactor ?? 1),
        seed: o.seed,
        seedBase: k,
        onProgress: (f, note) => o.onProgress?.((runsDone + f * runs) / totalRuns, note ?? ''),
      });
      k += runs;
      runsDone += runs;
      done += 1;
      for (const kind of KINDS) points[problem.id]![kind].push(...(m.errors[G_LOSS]?.[kind] ?? []));
      o.onLevel({
        done,
        levels,
        points,
        figures: problems.map((p) => figureOf(p, points[p.id]!)),
      });
    }
  }
  o.onProgress?.(1, 'done');
  const verdicts: Verdict[] = [];
  const reasons: string[] = [];
  let head: PowerLawFit | undefined;
  for (const problem of problems) {
    for (const kind of KINDS) {
      const f = fitOf(points[problem.id]![kind]);
      if (!f) continue;
      head ??= f;
      let v: Verdict = 'unresolved';
      if (Number.isFinite(f.order)) {
        const iv = intervalVerdict({
          theory: ORDER[kind],
          estimate: f.order,
          ci: [f.lower, f.upper],
          level: 0.99,
          tolerance: SGD_SDE_SETUP.tolerance[kind],
          particles: o.particles * (problem.particleFactor ?? 1),
        });
        v = iv.verdict;
      }
      verdicts.push(v);
      reasons.push(`${problem.title}, g = loss vs ${NAME[kind]}: ${v}`);
    }
  }
  if (!head) throw new Error('sgd-vs-sde has no check with three step sizes');
  return {
    quantity: `weak order of SGD vs its SDE, g = loss (${problems[0]!.title})`,
    theory: 1,
    estimate: head.order,
    se: Number.isFinite(head.orderSE) ? head.orderSE : null,
    ci: [head.lower, head.upper],
    verdict: combineVerdicts(verdicts),
    reason: reasons.join('; '),
  };
}
