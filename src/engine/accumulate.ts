/**
 * Exact accumulators of an ensemble's statistics at each snapshot, their JSON form (what shards write and
 * `sgd-sde merge` reads), merging, and the statistics they give (means, covariances, expectations with
 * standard errors, histograms, non-finite and first-passage tallies).
 */
import {
  type ExactSum,
  exactAdd,
  exactFromJson,
  exactMerge,
  exactToJson,
  exactValue,
  exactZero,
} from '../reduce/exact-sum.js';

/** Accumulated sums of one snapshot. */
export interface SnapshotSums {
  step: number;
  /** Shifts (pilot means, float32) of the components and of the test functions. */
  shift: number[];
  observableShift: number[];
  finite: number;
  nonFinite: number;
  /** Smallest and largest step at which a particle became non-finite (0 when none). */
  nonFiniteFirstStep: number;
  nonFiniteLastStep: number;
  /** Per job (d first moments, then pairs a ≤ b): [Σ, Σ²] exact. */
  moments: [ExactSum, ExactSum][];
  observables: [ExactSum, ExactSum][];
  /** Histogram slots (cells, below, above, non-finite) and their ranges. */
  histograms: { range: number[][]; slots: number[] }[];
  passage: { exited: number; stepSum: bigint; lastStep: number; hist: number[]; binWidth: number } | null;
}

/** An empty snapshot accumulator. */
export function emptySnapshot(
  step: number,
  d: number,
  observables: number,
  shift: number[],
  observableShift: number[],
): SnapshotSums {
  const jobs = d + (d * (d + 1)) / 2;
  return {
    step,
    shift,
    observableShift,
    finite: 0,
    nonFinite: 0,
    nonFiniteFirstStep: 0,
    nonFiniteLastStep: 0,
    moments: Array.from({ length: jobs }, () => [exactZero(), exactZero()]),
    observables: Array.from({ length: observables }, () => [exactZero(), exactZero()]),
    histograms: [],
    passage: null,
  };
}

/** Adds per-tile float32 pairs (indexed 2 (job · tiles + tile)) into exact sums. */
export function addTilePairs(target: [ExactSum, ExactSum][], sums: Float32Array, tiles: number): void {
  target.forEach((acc, job) => {
    for (let t = 0; t < tiles; t++) {
      exactAdd(acc[0], sums[2 * (job * tiles + t)]!);
      exactAdd(acc[1], sums[2 * (job * tiles + t) + 1]!);
    }
  });
}

function minPositive(a: number, b: number): number {
  if (a === 0) return b;
  if (b === 0) return a;
  return Math.min(a, b);
}

/** Adds status tallies (8 words per tile) into a snapshot. */
export function addStatus(
  s: SnapshotSums,
  tally: Uint32Array,
  tiles: number,
  passageHist: Uint32Array | null,
  binWidth: number,
): void {
  for (let t = 0; t < tiles; t++) {
    const w = tally.subarray(8 * t, 8 * t + 8);
    s.finite += w[0]!;
    s.nonFinite += w[1]!;
    if (w[1]! > 0) {
      s.nonFiniteFirstStep = minPositive(s.nonFiniteFirstStep, w[2]!);
      s.nonFiniteLastStep = Math.max(s.nonFiniteLastStep, w[3]!);
    }
    if (passageHist) {
      s.passage ??= {
        exited: 0,
        stepSum: 0n,
        lastStep: 0,
        hist: new Array<number>(passageHist.length).fill(0),
        binWidth,
      };
      s.passage.exited += w[4]!;
      s.passage.stepSum += BigInt(w[5]!) + (BigInt(w[6]!) << 32n);
      s.passage.lastStep = Math.max(s.passage.lastStep, w[7]!);
    }
  }
  if (passageHist && s.passage)
    for (let i = 0; i < passageHist.length; i++) s.passage.hist[i]! += passageHist[i]!;
}

/** Merges snapshot sums `b` into `a` (same spec, disjoint particles). */
export function mergeSnapshot(a: SnapshotSums, b: SnapshotSums): void {
  if (
    a.step !== b.step ||
    a.shift.join() !== b.shift.join() ||
    a.observableShift.join() !== b.observableShift.join()
  ) {
    throw new RangeError(`snapshots at step ${a.step} and ${b.step} do not come from the same spec`);
  }
  a.finite += b.finite;
  a.nonFinite += b.nonFinite;
  a.nonFiniteFirstStep = minPositive(a.nonFiniteFirstStep, b.nonFiniteFirstStep);
  a.nonFiniteLastStep = Math.max(a.nonFiniteLastStep, b.nonFiniteLastStep);
  a.moments.forEach((m, i) => {
    exactMerge(m[0], b.moments[i]![0]);
    exactMerge(m[1], b.moments[i]![1]);
  });
  a.observables.forEach((m, i) => {
    exactMerge(m[0], b.observables[i]![0]);
    exactMerge(m[1], b.observables[i]![1]);
  });
  if (a.histograms.length !== b.histograms.length) throw new RangeError('histogram lists differ');
  a.histograms.forEach((h, i) => {
    const o = b.histograms[i]!;
    if (JSON.stringify(h.range) !== JSON.stringify(o.range))
      throw new RangeError(`histogram ${i} ranges differ`);
    h.slots = h.slots.map((c, j) => c + o.slots[j]!);
  });
  // A shard without particles has no first-passage tally yet: the tallies add from zero.
  if (b.passage) {
    a.passage ??= { ...b.passage, exited: 0, stepSum: 0n, lastStep: 0, hist: b.passage.hist.map(() => 0) };
    a.passage.exited += b.passage.exited;
    a.passage.stepSum += b.passage.stepSum;
    a.passage.lastStep = Math.max(a.passage.lastStep, b.passage.lastStep);
    a.passage.hist = a.passage.hist.map((c, j) => c + b.passage!.hist[j]!);
  }
}

type Json = Record<string, unknown>;

/** The JSON form of a snapshot's sums (exact sums as decimal strings). */
export function snapshotToJson(s: SnapshotSums): Json {
  return {
    ...s,
    moments: s.moments.map(([a, b]) => [exactToJson(a), exactToJson(b)]),
    observables: s.observables.map(([a, b]) => [exactToJson(a), exactToJson(b)]),
    passage: s.passage && { ...s.passage, stepSum: s.passage.stepSum.toString() },
  };
}

/** Reads {@link snapshotToJson}'s form. */
export function snapshotFromJson(j: Json): SnapshotSums {
  const pairs = (v: unknown) =>
    (v as string[][]).map(([a, b]): [ExactSum, ExactSum] => [exactFromJson(a!), exactFromJson(b!)]);
  const p = j.passage as Json | null;
  return {
    ...(j as unknown as SnapshotSums),
    moments: pairs(j.moments),
    observables: pairs(j.observables),
    passage: p && ({ ...p, stepSum: BigInt(p.stepSum as string) } as SnapshotSums['passage']),
  };
}

/** Statistics of one snapshot. */
export interface SnapshotStats {
  step: number;
  t: number;
  /** Finite particles the statistics use. */
  n: number;
  nonFinite: { count: number; firstStep: number | null; lastStep: number | null };
  mean: number[];
  meanSE: number[];
  cov: number[][];
  covSE: number[][];
  variance: number[];
  expectations: { name: string; mean: number; se: number }[];
  histograms: {
    components: number[];
    bins: number[];
    range: number[][];
    counts: number[];
    below: number;
    above: number;
    excluded: number;
  }[];
  firstPassage: {
    exited: number;
    remaining: number;
    meanExitTime: number | null;
    lastExitStep: number;
    binSteps: number;
    counts: number[];
  } | null;
  /** True when a float32 tile sum overflowed (statistics are NaN). */
  overflow: boolean;
}

/** Statistics from snapshot sums. Covariance SEs use Var(d_a d_b) about the pilot shift (close to the mean). */
export function snapshotStats(
  s: SnapshotSums,
  d: number,
  opts: { dt: number; t0: number; names: string[]; histograms: { components: number[]; bins: number[] }[] },
): SnapshotStats {
  const n = s.finite;
  const v = (e: ExactSum) => exactValue(e);
  const s1 = Array.from({ length: d }, (_, a) => v(s.moments[a]![0]) / n);
  const mean = s1.map((m, a) => s.shift[a]! + m);
  const cov = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  const covSE = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  let job = d;
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const [sp, sp2] = s.moments[job++]!;
      const m = v(sp) / n;
      const c = ((m - s1[a]! * s1[b]!) * n) / (n - 1);
      const se = Math.sqrt(Math.max(0, v(sp2) / n - m * m) / n);
      cov[a]![b] = c;
      cov[b]![a] = c;
      covSE[a]![b] = se;
      covSE[b]![a] = se;
    }
  }
  const variance = cov.map((r, a) => r[a]!);
  const expectations = s.observables.map(([g, g2], k) => {
    const m = v(g) / n;
    const varg = ((v(g2) / n - m * m) * n) / (n - 1);
    return {
      name: opts.names[k] ?? `g${k}`,
      mean: s.observableShift[k]! + m,
      se: Math.sqrt(Math.max(0, varg) / n),
    };
  });
  const histograms = s.histograms.map((h, i) => {
    const cells = h.slots.length - 3;
    return {
      components: opts.histograms[i]!.components,
      bins: opts.histograms[i]!.bins,
      range: h.range,
      counts: h.slots.slice(0, cells),
      below: h.slots[cells]!,
      above: h.slots[cells + 1]!,
      excluded: h.slots[cells + 2]!,
    };
  });
  const overflow = [...s.moments, ...s.observables].some(([a, b]) => a.overflow || b.overflow);
  const total = s.finite + s.nonFinite;
  return {
    step: s.step,
    t: opts.t0 + s.step * opts.dt,
    n,
    nonFinite: {
      count: s.nonFinite,
      firstStep: s.nonFinite ? s.nonFiniteFirstStep : null,
      lastStep: s.nonFinite ? s.nonFiniteLastStep : null,
    },
    mean,
    meanSE: variance.map((x) => Math.sqrt(x / n)),
    cov,
    covSE,
    variance,
    expectations,
    histograms,
    firstPassage: s.passage && {
      exited: s.passage.exited,
      remaining: total - s.passage.exited,
      meanExitTime: s.passage.exited ? (Number(s.passage.stepSum) / s.passage.exited) * opts.dt : null,
      lastExitStep: s.passage.lastStep,
      binSteps: s.passage.binWidth,
      counts: s.passage.hist,
    },
    overflow,
  };
}
