/**
 * The simulation spec: what `sgd-sde simulate --spec` reads and what {@link runEnsemble} takes. Validation turns
 * user JSON into a {@link ResolvedSpec} or throws a {@link SpecError} naming the field.
 */
import { seedWords } from '../gpu/buffers.js';
import { MAX_HISTOGRAM_BINS } from '../reduce/histogram.js';
import { type ResolvedModel, resolveModel } from './models.js';

/** How the noise enters: one Brownian motion (`scalar`), one per component (`diagonal`), or a d×m matrix. */
export type NoiseKind = 'scalar' | 'diagonal' | 'full';
/** Time-stepping schemes (docs/models.md). */
export type SchemeName = 'em' | 'weak2' | 'exact' | 'levy-em';

/** A model: a built-in by name or a user WGSL snippet, with its parameters. */
export interface ModelSpec {
  /** `ou`, `gbm`, `double-well` or `langevin`. */
  builtin?: string;
  /** User model snippet defining drift and diffusion (docs/models.md). */
  wgsl?: string;
  /** For `langevin`: a snippet defining `fn grad_potential(x: State, t: f32) -> State`. */
  potential?: string;
  dim?: number;
  noise?: NoiseKind;
  /** Columns of the noise matrix (full noise); 1 for scalar noise, dim for diagonal. */
  noiseDim?: number;
  /** Named parameters: scalars, vectors or row-major matrices (exposed to WGSL as PARAM_<NAME> offsets). */
  params?: Record<string, number | number[] | number[][]>;
}

/** The initial law: a point, a Gaussian, a uniform box, or one state per particle. */
export interface InitSpec {
  point?: number | number[];
  gaussian?: { mean: number | number[]; cov?: number | number[][] };
  uniform?: { lo: number | number[]; hi: number | number[] };
  array?: number[][] | number[];
}

/** A 1-D (one component) or 2-D (two components) histogram; range fixed or `auto` (from a min/max pass). */
export interface HistogramSpec {
  components: number[];
  bins: number | number[];
  range?: 'auto' | number[] | number[][];
}

/** What to measure, at which steps. */
export interface OutputSpec {
  /** Steps at which statistics are taken (the last step is always included). */
  snapshots?: number[];
  histograms?: HistogramSpec[];
  /** Test functions g_k(x, t): a snippet defining `fn observable(k: u32, x: State, t: f32) -> f32`. */
  observables?: { wgsl: string; count: number; names?: string[] };
  /** First exit from a region: a snippet defining `fn in_region(x: State, t: f32) -> bool`. */
  firstPassage?: { wgsl: string; bins?: number };
}

/** A simulation as users write it (JSON). */
export interface SimulationSpec {
  model: ModelSpec | string;
  scheme?: SchemeName | { name: SchemeName; increments?: 'gaussian' | 'three-point'; alpha?: number; beta?: number };
  dt: number;
  steps?: number;
  /** Alternative to steps: steps = round(horizon / dt). */
  horizon?: number;
  particles: number;
  seed?: number | string;
  /** Time of step 0 (default 0). */
  t0?: number;
  init?: InitSpec;
  outputs?: OutputSpec;
}

/** A validated spec with every default filled in. */
export interface ResolvedSpec {
  model: ResolvedModel;
  scheme: { name: SchemeName; increments: 'gaussian' | 'three-point'; alpha: number; beta: number };
  dt: number;
  steps: number;
  t0: number;
  particles: number;
  seed: string;
  init:
    | { kind: 'point'; x0: number[] }
    | { kind: 'gaussian'; mean: number[]; cov: number[][] }
    | { kind: 'uniform'; lo: number[]; hi: number[] }
    | { kind: 'array'; values: number[][] };
  snapshots: number[];
  histograms: { components: number[]; bins: number[]; range: 'auto' | number[][] }[];
  observables: { wgsl: string; count: number; names: string[] } | null;
  firstPassage: { wgsl: string; bins: number } | null;
  /** The spec as given (for results and checkpoints). */
  source: SimulationSpec;
}

/** A spec that cannot run, with the field that is wrong. */
export class SpecError extends RangeError {
  override name = 'SpecError';
}

const SCHEMES: readonly SchemeName[] = ['em', 'weak2', 'exact', 'levy-em'];

/** Checks a number field. */
export function finiteField(what: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new SpecError(`${what} must be a finite number, got ${JSON.stringify(v)}`);
  return v;
}

function intField(what: string, v: unknown, min: number, max: number): number {
  const n = finiteField(what, v);
  if (!Number.isInteger(n) || n < min || n > max) throw new SpecError(`${what} must be an integer in [${min}, ${max}], got ${n}`);
  return n;
}

/** A vector of length d from a scalar (broadcast) or an array. */
export function vectorField(what: string, v: unknown, d: number): number[] {
  if (typeof v === 'number') return new Array<number>(d).fill(finiteField(what, v));
  if (!Array.isArray(v)) throw new SpecError(`${what} must be a number or an array of ${d} numbers`);
  if (v.length !== d) throw new SpecError(`${what} has ${v.length} entries, but the model has dimension ${d}`);
  return v.map((x, i) => finiteField(`${what}[${i}]`, x));
}

/** A rows × cols matrix from a scalar (times identity, square only) or nested arrays. */
export function matrixField(what: string, v: unknown, rows: number, cols: number): number[][] {
  if (typeof v === 'number' && rows === cols) {
    const s = finiteField(what, v);
    return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === j ? s : 0)));
  }
  if (!Array.isArray(v) || v.length !== rows || !v.every((r) => Array.isArray(r) && r.length === cols)) {
    throw new SpecError(`${what} must be a ${rows}×${cols} matrix (array of ${rows} rows of ${cols} numbers)`);
  }
  return (v as unknown[][]).map((r, i) => r.map((x, j) => finiteField(`${what}[${i}][${j}]`, x)));
}

function resolveInit(init: InitSpec | undefined, d: number, particles: number): ResolvedSpec['init'] {
  if (init === undefined) return { kind: 'point', x0: new Array<number>(d).fill(0) };
  if (typeof init !== 'object' || init === null) throw new SpecError('init must be an object');
  const kinds = ['point', 'gaussian', 'uniform', 'array'].filter((k) => k in init);
  if (kinds.length !== 1) throw new SpecError(`init must have exactly one of point, gaussian, uniform, array; got ${kinds.join(', ') || 'none'}`);
  if (init.point !== undefined) return { kind: 'point', x0: vectorField('init.point', init.point, d) };
  if (init.gaussian !== undefined) {
    const g = init.gaussian;
    const cov = matrixField('init.gaussian.cov', g.cov ?? 1, d, d);
    return { kind: 'gaussian', mean: vectorField('init.gaussian.mean', g.mean ?? 0, d), cov };
  }
  if (init.uniform !== undefined) {
    const lo = vectorField('init.uniform.lo', init.uniform.lo, d);
    const hi = vectorField('init.uniform.hi', init.uniform.hi, d);
    lo.forEach((l, i) => {
      if (!(hi[i]! > l)) throw new SpecError(`init.uniform needs hi > lo in every component (component ${i})`);
    });
    return { kind: 'uniform', lo, hi };
  }
  const arr = init.array!;
  if (!Array.isArray(arr) || arr.length !== particles) {
    throw new SpecError(`init.array must hold one state per particle (${particles}), got ${Array.isArray(arr) ? arr.length : typeof arr}`);
  }
  return { kind: 'array', values: arr.map((x, i) => vectorField(`init.array[${i}]`, x, d)) };
}

/** Validates a spec and fills in defaults; throws {@link SpecError} naming the first problem. */
export function resolveSpec(spec: SimulationSpec): ResolvedSpec {
  if (typeof spec !== 'object' || spec === null) throw new SpecError('the spec must be a JSON object');
  if (spec.model === undefined) throw new SpecError('spec is missing "model" (a built-in name or {wgsl, dim, noise})');
  if (spec.dt === undefined) throw new SpecError('spec is missing "dt" (the step size)');
  if (spec.particles === undefined) throw new SpecError('spec is missing "particles"');
  if (spec.steps === undefined && spec.horizon === undefined) throw new SpecError('spec is missing "steps" (or "horizon")');
  const dt = finiteField('dt', spec.dt);
  if (!(dt > 0)) throw new SpecError(`dt must be > 0, got ${dt}`);
  const steps =
    spec.steps !== undefined
      ? intField('steps', spec.steps, 1, 2 ** 32 - 2)
      : intField('steps (horizon / dt)', Math.round(finiteField('horizon', spec.horizon) / dt), 1, 2 ** 32 - 2);
  const particles = intField('particles', spec.particles, 1, 2 ** 32 - 1);
  const seedRaw = spec.seed ?? 1;
  let seed: string;
  try {
    seed = BigInt(seedRaw).toString();
    seedWords(BigInt(seed));
  } catch {
    throw new SpecError(`seed must be an integer in [0, 2^64), got ${JSON.stringify(seedRaw)}`);
  }
  const schemeRaw = spec.scheme ?? 'em';
  const scheme = typeof schemeRaw === 'string' ? { name: schemeRaw } : schemeRaw;
  if (!SCHEMES.includes(scheme.name as SchemeName)) {
    throw new SpecError(`unknown scheme "${scheme.name}" (schemes: ${SCHEMES.join(', ')})`);
  }
  const increments = ('increments' in scheme && scheme.increments) || 'gaussian';
  if (increments !== 'gaussian' && increments !== 'three-point') {
    throw new SpecError(`scheme.increments must be "gaussian" or "three-point", got "${increments}"`);
  }
  const alpha = 'alpha' in scheme && scheme.alpha !== undefined ? finiteField('scheme.alpha', scheme.alpha) : 2;
  const beta = 'beta' in scheme && scheme.beta !== undefined ? finiteField('scheme.beta', scheme.beta) : 0;
  if (scheme.name === 'levy-em' && !(alpha > 0 && alpha <= 2)) throw new SpecError(`scheme.alpha must be in (0, 2], got ${alpha}`);
  if (!(beta >= -1 && beta <= 1)) throw new SpecError(`scheme.beta must be in [-1, 1], got ${beta}`);
  const model = resolveModel(spec.model, dt, scheme.name as SchemeName);
  const d = model.dim;
  const outputs = spec.outputs ?? {};
  const snapshots = [...new Set([...(outputs.snapshots ?? []).map((s, i) => intField(`outputs.snapshots[${i}]`, s, 0, steps)), steps])].sort(
    (a, b) => a - b,
  );
  const histograms = (outputs.histograms ?? []).map((h, i) => {
    const what = `outputs.histograms[${i}]`;
    if (!Array.isArray(h.components) || h.components.length < 1 || h.components.length > 2) {
      throw new SpecError(`${what}.components must list 1 or 2 component indices`);
    }
    const components = h.components.map((c, j) => intField(`${what}.components[${j}]`, c, 0, d - 1));
    const bins = vectorField(`${what}.bins`, h.bins, components.length).map((b, j) => intField(`${what}.bins[${j}]`, b, 1, MAX_HISTOGRAM_BINS));
    if (bins.reduce((a, b) => a * b, 1) > MAX_HISTOGRAM_BINS) throw new SpecError(`${what} has more than ${MAX_HISTOGRAM_BINS} cells`);
    let range: 'auto' | number[][];
    if (h.range === undefined || h.range === 'auto') range = 'auto';
    else {
      const raw = (components.length === 1 && typeof h.range[0] === 'number' ? [h.range] : h.range) as unknown[];
      range = components.map((_, j) => {
        const r = vectorField(`${what}.range[${j}]`, raw[j], 2);
        if (!(r[1]! > r[0]!)) throw new SpecError(`${what}.range needs hi > lo`);
        return r;
      });
    }
    return { components, bins, range };
  });
  let observables: ResolvedSpec['observables'] = null;
  if (outputs.observables) {
    const o = outputs.observables;
    if (typeof o.wgsl !== 'string') throw new SpecError('outputs.observables.wgsl must be a WGSL snippet defining fn observable');
    const count = intField('outputs.observables.count', o.count, 1, 1024);
    const names = o.names ?? Array.from({ length: count }, (_, k) => `g${k}`);
    if (names.length !== count) throw new SpecError(`outputs.observables.names has ${names.length} names for ${count} observables`);
    observables = { wgsl: o.wgsl, count, names };
  }
  let firstPassage: ResolvedSpec['firstPassage'] = null;
  if (outputs.firstPassage) {
    const f = outputs.firstPassage;
    if (typeof f.wgsl !== 'string') throw new SpecError('outputs.firstPassage.wgsl must be a WGSL snippet defining fn in_region');
    firstPassage = { wgsl: f.wgsl, bins: intField('outputs.firstPassage.bins', f.bins ?? 64, 1, 4096) };
  }
  return {
    model,
    scheme: { name: scheme.name as SchemeName, increments, alpha, beta },
    dt,
    steps,
    t0: spec.t0 === undefined ? 0 : finiteField('t0', spec.t0),
    particles,
    seed,
    init: resolveInit(spec.init, d, particles),
    snapshots,
    histograms,
    observables,
    firstPassage,
    source: spec,
  };
}
