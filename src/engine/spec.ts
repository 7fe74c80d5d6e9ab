/**
 * The simulation spec: what `sgd-sde simulate --spec` reads and what {@link runEnsemble} takes. Validation turns
 * user JSON into a {@link ResolvedSpec} or throws a {@link SpecError} naming the field.
 */
import { MAX_HISTOGRAM_BINS } from '../reduce/histogram.js';
import { SEED_RULE, seedFromText } from '../rng/seed.js';
import {
  checkFields,
  covarianceField,
  finiteField,
  intField,
  objectField,
  SpecError,
  shown,
  stringField,
  vectorField,
} from './fields.js';
import { type ModelSpec, type ResolvedModel, resolveModel, type SchemeName } from './models.js';

export { SpecError } from './fields.js';
export type { ModelSpec, NoiseKind, SchemeName } from './models.js';

/** The initial law: a point, a Gaussian, a uniform box, or one state per particle. */
export interface InitSpec {
  point?: number | number[];
  gaussian?: { mean?: number | number[]; cov?: number | number[][] };
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
  scheme?:
    | SchemeName
    | { name: SchemeName; increments?: 'gaussian' | 'three-point'; alpha?: number; beta?: number };
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

const SCHEMES: readonly SchemeName[] = ['em', 'weak2', 'exact', 'levy-em'];

const has = (o: Record<string, unknown>, key: string) => o[key] !== undefined;

const INIT_KINDS = ['point', 'gaussian', 'uniform', 'array'] as const;

function resolveInit(raw: unknown, d: number, particles: number): ResolvedSpec['init'] {
  if (raw === undefined) return { kind: 'point', x0: new Array<number>(d).fill(0) };
  const init = objectField('init', raw);
  checkFields('init', init, INIT_KINDS);
  const kinds = INIT_KINDS.filter((k) => has(init, k));
  if (kinds.length !== 1)
    throw new SpecError(
      `init must have exactly one of point, gaussian, uniform, array; got ${kinds.join(', ') || 'none'}`,
    );
  if (init.point !== undefined) return { kind: 'point', x0: vectorField('init.point', init.point, d) };
  if (init.gaussian !== undefined) {
    const g = objectField('init.gaussian', init.gaussian);
    checkFields('init.gaussian', g, ['mean', 'cov']);
    const mean = vectorField('init.gaussian.mean', g.mean ?? 0, d);
    return { kind: 'gaussian', mean, cov: covarianceField('init.gaussian.cov', g.cov ?? 1, d) };
  }
  if (init.uniform !== undefined) {
    const u = objectField('init.uniform', init.uniform);
    checkFields('init.uniform', u, ['lo', 'hi']);
    const lo = vectorField('init.uniform.lo', u.lo, d);
    const hi = vectorField('init.uniform.hi', u.hi, d);
    lo.forEach((l, i) => {
      if (!(hi[i]! > l))
        throw new SpecError(`init.uniform needs hi > lo in every component (component ${i})`);
    });
    return { kind: 'uniform', lo, hi };
  }
  const arr = init.array;
  if (!Array.isArray(arr) || arr.length !== particles) {
    throw new SpecError(
      `init.array must hold one state per particle (${particles}), got ${Array.isArray(arr) ? `${arr.length} states` : shown(arr)}`,
    );
  }
  return { kind: 'array', values: arr.map((x, i) => vectorField(`init.array[${i}]`, x, d)) };
}

/** The seed of a spec: a safe integer, or a string following {@link SEED_RULE}; as a decimal string. */
function resolveSeed(raw: unknown): string {
  if (raw === undefined) return '1';
  if (typeof raw === 'number') {
    if (Number.isSafeInteger(raw) && raw >= 0) return String(raw);
    if (Number.isInteger(raw) && raw > 0 && raw < 2 ** 64)
      throw new SpecError(
        `seed ${BigInt(raw)} is above 2^53, where JSON numbers round: write it as a string`,
      );
  } else if (typeof raw === 'string') {
    const s = seedFromText(raw);
    if (s !== undefined) return s.toString();
  }
  throw new SpecError(
    `seed must be ${SEED_RULE} (a number, or a string for any 64-bit value), got ${shown(raw)}`,
  );
}

/** The top-level fields of a spec. */
export const SPEC_FIELDS: readonly string[] = [
  'model',
  'scheme',
  'dt',
  'steps',
  'horizon',
  'particles',
  'seed',
  't0',
  'init',
  'outputs',
];

function resolveScheme(raw: unknown): ResolvedSpec['scheme'] {
  if (typeof raw === 'string' || raw === undefined) {
    const name = raw ?? 'em';
    if (!SCHEMES.includes(name as SchemeName))
      throw new SpecError(`unknown scheme "${name}" (schemes: ${SCHEMES.join(', ')})`);
    return { name: name as SchemeName, increments: 'gaussian', alpha: 2, beta: 0 };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new SpecError(
      `scheme must be a name (${SCHEMES.join(', ')}) or an object {name, ...}, got ${shown(raw)}`,
    );
  const s = raw as Record<string, unknown>;
  checkFields('scheme', s, ['name', 'increments', 'alpha', 'beta']);
  const name = stringField('scheme.name', s.name, `one of ${SCHEMES.join(', ')}`);
  if (!SCHEMES.includes(name as SchemeName))
    throw new SpecError(`unknown scheme "${name}" (schemes: ${SCHEMES.join(', ')})`);
  if (name !== 'weak2' && has(s, 'increments'))
    throw new SpecError(`scheme.increments applies only to scheme "weak2", not "${name}"`);
  for (const k of ['alpha', 'beta'])
    if (name !== 'levy-em' && has(s, k))
      throw new SpecError(`scheme.${k} applies only to scheme "levy-em", not "${name}"`);
  const increments = s.increments ?? 'gaussian';
  if (increments !== 'gaussian' && increments !== 'three-point') {
    throw new SpecError(`scheme.increments must be "gaussian" or "three-point", got ${shown(increments)}`);
  }
  const alpha = has(s, 'alpha') ? finiteField('scheme.alpha', s.alpha) : 2;
  const beta = has(s, 'beta') ? finiteField('scheme.beta', s.beta) : 0;
  if (!(alpha > 0 && alpha <= 2)) throw new SpecError(`scheme.alpha must be in (0, 2], got ${alpha}`);
  if (!(beta >= -1 && beta <= 1)) throw new SpecError(`scheme.beta must be in [-1, 1], got ${beta}`);
  return { name: name as SchemeName, increments, alpha, beta };
}

function resolveHistogram(raw: unknown, i: number, d: number): ResolvedSpec['histograms'][number] {
  const what = `outputs.histograms[${i}]`;
  const h = objectField(what, raw);
  checkFields(what, h, ['components', 'bins', 'range']);
  if (!Array.isArray(h.components) || h.components.length < 1 || h.components.length > 2) {
    throw new SpecError(`${what}.components must list 1 or 2 component indices, got ${shown(h.components)}`);
  }
  const components = h.components.map((c, j) => intField(`${what}.components[${j}]`, c, 0, d - 1));
  const bins = vectorField(`${what}.bins`, h.bins, components.length).map((b, j) =>
    intField(`${what}.bins[${j}]`, b, 1, MAX_HISTOGRAM_BINS),
  );
  if (bins.reduce((a, b) => a * b, 1) > MAX_HISTOGRAM_BINS)
    throw new SpecError(`${what} has more than ${MAX_HISTOGRAM_BINS} cells`);
  if (h.range === undefined || h.range === 'auto') return { components, bins, range: 'auto' };
  const shape = components.length === 1 ? '"auto", [lo, hi] or [[lo, hi]]' : '"auto" or [[lo, hi], [lo, hi]]';
  if (!Array.isArray(h.range)) throw new SpecError(`${what}.range must be ${shape}, got ${shown(h.range)}`);
  const rows = (components.length === 1 && !Array.isArray(h.range[0]) ? [h.range] : h.range) as unknown[];
  if (rows.length !== components.length || !rows.every(Array.isArray))
    throw new SpecError(`${what}.range must be ${shape}`);
  const range = components.map((_, j) => {
    const r = vectorField(`${what}.range[${j}]`, rows[j], 2);
    if (!(r[1]! > r[0]!)) throw new SpecError(`${what}.range needs hi > lo`);
    return r;
  });
  return { components, bins, range };
}

/**
 * Validates a spec and fills in defaults; throws {@link SpecError} naming the first problem.
 *
 * @param input - a spec as users write it
 * @returns the spec with every default filled in
 * @throws {@link SpecError} naming the first field that is wrong
 */
export function resolveSpec(input: SimulationSpec): ResolvedSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new SpecError(`the spec must be a JSON object, got ${shown(input)}`);
  const spec = input as unknown as Record<string, unknown>;
  checkFields('', spec, SPEC_FIELDS);
  if (spec.model === undefined)
    throw new SpecError('spec is missing "model" (a built-in name or {wgsl, dim, noise})');
  if (spec.dt === undefined) throw new SpecError('spec is missing "dt" (the step size)');
  if (spec.particles === undefined) throw new SpecError('spec is missing "particles"');
  if (spec.steps === undefined && spec.horizon === undefined)
    throw new SpecError('spec is missing "steps" (or "horizon")');
  if (spec.steps !== undefined && spec.horizon !== undefined)
    throw new SpecError('spec has both "steps" and "horizon": give one');
  const dt = finiteField('dt', spec.dt);
  if (!(dt > 0)) throw new SpecError(`dt must be > 0, got ${dt}`);
  const steps =
    spec.steps !== undefined
      ? intField('steps', spec.steps, 1, 2 ** 32 - 2)
      : intField(
          'steps (horizon / dt)',
          Math.round(finiteField('horizon', spec.horizon) / dt),
          1,
          2 ** 32 - 2,
        );
  const particles = intField('particles', spec.particles, 1, 2 ** 32 - 1);
  const seed = resolveSeed(spec.seed);
  const t0 = spec.t0 === undefined ? 0 : finiteField('t0', spec.t0);
  const scheme = resolveScheme(spec.scheme);
  const model = resolveModel(spec.model as ModelSpec | string, dt, scheme.name);
  const d = model.dim;
  const init = resolveInit(spec.init, d, particles);
  const outputs = spec.outputs === undefined ? {} : objectField('outputs', spec.outputs);
  checkFields('outputs', outputs, ['snapshots', 'histograms', 'observables', 'firstPassage']);
  const listed = (key: string): unknown[] => {
    const v = outputs[key] ?? [];
    if (!Array.isArray(v)) throw new SpecError(`outputs.${key} must be an array, got ${shown(v)}`);
    return v;
  };
  const snapshots = [
    ...new Set([
      ...listed('snapshots').map((s, i) => intField(`outputs.snapshots[${i}]`, s, 0, steps)),
      steps,
    ]),
  ].sort((a, b) => a - b);
  const histograms = listed('histograms').map((h, i) => resolveHistogram(h, i, d));
  let observables: ResolvedSpec['observables'] = null;
  if (outputs.observables !== undefined) {
    const o = objectField('outputs.observables', outputs.observables);
    checkFields('outputs.observables', o, ['wgsl', 'count', 'names']);
    const wgsl = stringField('outputs.observables.wgsl', o.wgsl, 'a WGSL snippet defining fn observable');
    const count = intField('outputs.observables.count', o.count, 1, 1024);
    let names = Array.from({ length: count }, (_, k) => `g${k}`);
    if (o.names !== undefined) {
      if (!Array.isArray(o.names))
        throw new SpecError(
          `outputs.observables.names must be an array of ${count} strings, got ${shown(o.names)}`,
        );
      if (o.names.length !== count)
        throw new SpecError(`outputs.observables.names has ${o.names.length} names for ${count} observables`);
      names = o.names.map((n, k) => stringField(`outputs.observables.names[${k}]`, n));
    }
    observables = { wgsl, count, names };
  }
  let firstPassage: ResolvedSpec['firstPassage'] = null;
  if (outputs.firstPassage !== undefined) {
    const f = objectField('outputs.firstPassage', outputs.firstPassage);
    checkFields('outputs.firstPassage', f, ['wgsl', 'bins']);
    const wgsl = stringField('outputs.firstPassage.wgsl', f.wgsl, 'a WGSL snippet defining fn in_region');
    firstPassage = { wgsl, bins: intField('outputs.firstPassage.bins', f.bins ?? 64, 1, 4096) };
  }
  return {
    model,
    scheme,
    dt,
    steps,
    t0,
    particles,
    seed,
    init,
    snapshots,
    histograms,
    observables,
    firstPassage,
    source: input,
  };
}
