/**
 * Panel 3's live run of `sgd-vs-sde`: the experiment's levels (`SGD_SDE_SETUP`: η = 1/8 … 1/64, SGD vs the
 * SGD-SDE and the modified SDE, Heun with two substeps) are run one by one from the page, through the same
 * library calls, in the same order and with the same seeds (`subSeed(seed, k)`), so the numbers equal the
 * experiment's. After each level the weak-error points of that level are drawn with their ±1 SE bars and the
 * weak order is refitted (`fitWeakOrder`, 99% interval) over the levels so far, instead of everything
 * appearing when the run ends.
 */
import { subSeed } from '../src/experiments/engine-run.js';
import { SGD_SDE_SETUP } from '../src/experiments/sgd-vs-sde.js';
import type { Figure, Series, Verdict } from '../src/experiments/types.js';
import { combineVerdicts, intervalVerdict } from '../src/experiments/verdict.js';
import type { GpuContext } from '../src/gpu/device.js';
import { makeNonconvex2dDataset } from '../src/sgd/datasets.js';
import { type EnsembleResult, runSde, runSgd } from '../src/sgd/ensemble.js';
import { fitWeakOrder, type WeakErrorPoint, type WeakOrderFit } from '../src/stats/weak-error.js';

type Kind = 'sde' | 'modified';
const KINDS: readonly Kind[] = ['sde', 'modified'];
const ORDER: Record<Kind, number> = { sde: 1, modified: 2 };
const NAME: Record<Kind, string> = { sde: 'SGD-SDE', modified: 'modified SDE' };

/** A test function g of the final weights, with its Monte Carlo estimate from a run. */
interface G {
  name: string;
  id: string;
  value(r: EnsembleResult): { value: number; se: number };
}

/** The loss (the experiment's headline) and the coordinate w₁. */
const GS: readonly G[] = [
  { name: 'loss L(w)', id: 'loss', value: (r) => ({ value: r.loss.mean, se: r.loss.meanSE }) },
  {
    name: 'coordinate w₁',
    id: 'w1',
    value: (r) => ({ value: r.moments.mean[0]!, se: r.moments.meanSE[0]! }),
  },
];

/** The state of a live run after a level: its points, fits and figures. */
export interface LiveWeakState {
  /** Levels finished, of `levels`. */
  done: number;
  levels: number;
  /** Points per g and kind so far. */
  points: Record<string, Record<Kind, WeakErrorPoint[]>>;
  /** Fits over the points so far (undefined with fewer than two points). */
  fits: Record<string, Record<Kind, WeakOrderFit | undefined>>;
  figures: Figure[];
}

/** The final outcome of the headline check (g = loss, vs the SGD-SDE and the modified SDE). */
export interface LiveWeakOutcome {
  quantity: string;
  theory: number;
  estimate: number;
  se: number | null;
  ci: [number, number];
  verdict: Verdict;
  reason: string;
}

function figureOf(
  g: G,
  pts: Record<Kind, WeakErrorPoint[]>,
  fits: Record<Kind, WeakOrderFit | undefined>,
): Figure {
  const series: Series[] = [];
  for (const kind of KINDS) {
    const p = pts[kind];
    series.push({
      label: `vs ${NAME[kind]} ± 1 SE`,
      style: 'points',
      x: p.map((q) => q.h),
      y: p.map((q) => Math.abs(q.value)),
      yErr: p.map((q) => q.se),
    });
  }
  for (const kind of KINDS) {
    const f = fits[kind];
    if (f && Number.isFinite(f.order)) {
      series.push({
        label: `fit vs ${NAME[kind]}: slope ${f.order.toFixed(2)} ± ${f.orderSE.toFixed(2)}`,
        style: 'line',
        x: pts[kind].map((q) => q.h),
        y: pts[kind].map((q) => f.constant * q.h ** f.order),
      });
    }
  }
  return {
    id: `live-weak-error-${g.id}`,
    title: `|E g(w_k) − E g(W_kη)| at T = ${SGD_SDE_SETUP.horizon}, g = ${g.name}`,
    xLabel: 'step size η',
    yLabel: '|weak error|',
    xScale: 'log',
    yScale: 'log',
    series,
  };
}

/**
 * Runs the sgd-vs-sde levels one by one with `particles` per ensemble; calls `onLevel` after each level with the
 * points, fits and figures so far, and `onProgress` with the completed fraction and the stage.
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
  const S = SGD_SDE_SETUP;
  const dataset = makeNonconvex2dDataset({ examples: S.examples, seed: S.datasetSeed });
  const base = { dataset, batch: S.batch, particles: o.particles, w0: S.w0 };
  const points: LiveWeakState['points'] = {};
  const fits: LiveWeakState['fits'] = {};
  for (const g of GS) {
    points[g.id] = { sde: [], modified: [] };
    fits[g.id] = { sde: undefined, modified: undefined };
  }
  const levels = S.lrs.length;
  let k = 0;
  for (const [i, lr] of S.lrs.entries()) {
    const steps = Math.round(S.horizon / lr);
    const at = (j: number) => (i * 3 + j) / (levels * 3);
    o.onProgress?.(at(0), `SGD, η = ${lr}`);
    const sgd = await runSgd(ctx, {
      ...base,
      lr,
      steps,
      seed: BigInt(subSeed(o.seed, k++)),
      sampling: 'with',
    });
    const sde = { scheme: 'heun' as const, substeps: S.substeps, lr, steps };
    o.onProgress?.(at(1), `SDE, η = ${lr}`);
    const plain = await runSde(ctx, { ...base, ...sde, seed: BigInt(subSeed(o.seed, k++)) });
    o.onProgress?.(at(2), `modified SDE, η = ${lr}`);
    const modified = await runSde(ctx, {
      ...base,
      ...sde,
      seed: BigInt(subSeed(o.seed, k++)),
      modified: true,
    });
    const r: Record<Kind, EnsembleResult> = { sde: plain, modified };
    for (const g of GS) {
      const a = g.value(sgd);
      for (const kind of KINDS) {
        const b = g.value(r[kind]);
        points[g.id]![kind].push({
          h: lr,
          value: a.value - b.value,
          se: Math.hypot(a.se, b.se),
          n: o.particles,
        });
        if (points[g.id]![kind].length >= 2) {
          fits[g.id]![kind] = fitWeakOrder(points[g.id]![kind], { confidence: 0.99 });
        }
      }
    }
    o.onLevel({
      done: i + 1,
      levels,
      points,
      fits,
      figures: GS.map((g) => figureOf(g, points[g.id]!, fits[g.id]!)),
    });
  }
  o.onProgress?.(1, 'done');
  // The headline check as the experiment makes it: g = loss, order vs 1 ± 0.25 (SGD-SDE) and 2 ± 0.5 (modified).
  const verdicts: Verdict[] = [];
  const reasons: string[] = [];
  for (const kind of KINDS) {
    const f = fits.loss![kind]!;
    let v: Verdict = 'unresolved';
    if (Number.isFinite(f.order)) {
      const iv = intervalVerdict({
        theory: ORDER[kind],
        estimate: f.order,
        ci: [f.lower, f.upper],
        level: 0.99,
        tolerance: S.tolerance[kind],
        particles: o.particles,
      });
      v = iv.verdict === 'pass' && f.verdict === 'unresolved' ? 'unresolved' : iv.verdict;
    }
    verdicts.push(v);
    reasons.push(`g = loss vs ${NAME[kind]}: ${v}${f.verdict === 'unresolved' ? ` (${f.message})` : ''}`);
  }
  const head = fits.loss!.sde!;
  return {
    quantity: 'weak order of SGD vs its SDE, g = loss',
    theory: 1,
    estimate: head.order,
    se: Number.isFinite(head.orderSE) ? head.orderSE : null,
    ci: [head.lower, head.upper],
    verdict: combineVerdicts(verdicts),
    reason: reasons.join('; '),
  };
}
