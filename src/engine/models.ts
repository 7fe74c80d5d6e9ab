/**
 * Models: the built-ins (`shaders/engine/models/*.wgsl`) and user WGSL snippets, resolved to a snippet, a
 * dimension, a noise kind and a flat float32 parameter block with named offsets (WGSL constants PARAM_<NAME>).
 */
import { shaderSources } from '../gpu/shader-source.js';
import { choleskyPsdRows, expm, matmul, transpose } from '../reference/linalg.js';
import { ouTransition } from '../reference/ou.js';
import {
  checkFields,
  finiteField,
  intField,
  matrixField,
  objectField,
  SpecError,
  shown,
  stringField,
  vectorField,
} from './fields.js';

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

/** Largest state dimension the engine compiles (private arrays of DIM floats per invocation). */
export const MAX_DIM = 128;

/** A model ready to compose into kernels. */
export interface ResolvedModel {
  /** Built-in name, or `user`. */
  name: string;
  dim: number;
  noise: NoiseKind;
  noiseDim: number;
  /** WGSL defining drift, diffusion (and optionally exact_transition): an include of the built-in's file or of
   * the user's snippet, which compiler messages name `user model`. */
  source: string;
  /** Named snippets the source includes (`user model`, `user potential`). */
  extra: Record<string, string>;
  /** Parameter names → [offset, length] in the block. */
  layout: Record<string, [number, number]>;
  /** The parameter block. */
  params: number[];
  /** True when the model defines `exact_transition`. */
  hasExact: boolean;
}

/** Names of the built-in models. */
export const BUILTIN_MODELS = ['ou', 'gbm', 'double-well', 'langevin'] as const;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function packParams(entries: [string, number[]][]): Pick<ResolvedModel, 'layout' | 'params'> {
  const layout: Record<string, [number, number]> = {};
  const params: number[] = [];
  for (const [name, values] of entries) {
    if (!NAME.test(name)) throw new SpecError(`parameter name "${name}" is not a WGSL identifier`);
    const key = name.toUpperCase();
    if (key in layout) throw new SpecError(`parameter "${name}" is given twice (names are case-insensitive)`);
    layout[key] = [params.length, values.length];
    params.push(...values);
  }
  return { layout, params };
}

/** A user-named parameter: a number or a (nested) array of numbers, flattened row-major. */
function flatten(what: string, v: unknown): number[] {
  if (typeof v === 'number') return [finiteField(what, v)];
  if (Array.isArray(v)) {
    if (v.length === 0) throw new SpecError(`parameter ${what} is an empty array`);
    return v.flatMap((x, i) => flatten(`${what}[${i}]`, x));
  }
  throw new SpecError(`parameter ${what} must be a number or a (nested) array of numbers, got ${shown(v)}`);
}

const userParams = (p: Record<string, unknown>): [string, number[]][] =>
  Object.entries(p).map(([k, v]): [string, number[]] => [k, flatten(`model.params.${k}`, v)]);

function dimOf(m: Record<string, unknown>, fallback: number): number {
  return m.dim === undefined ? fallback : intField('model.dim', m.dim, 1, MAX_DIM);
}

/** The model include of a built-in (compiler messages then name the built-in's own file and line). */
function builtinSource(name: string): string {
  const file = `engine/models/${name.replace('-', '_')}.wgsl`;
  if (!(file in shaderSources)) throw new Error(`built-in model file ${file} is missing`);
  return `#include "${file}"`;
}

/** One of two alternative parameter names (`A` or `theta`); both given is an error. */
function either(p: Record<string, unknown>, a: string, b: string): [string, unknown] {
  if (p[a] !== undefined && p[b] !== undefined)
    throw new SpecError(`model.params has both "${a}" and "${b}": give one`);
  return p[a] !== undefined ? [a, p[a]] : [b, p[b]];
}

function resolveOu(m: Record<string, unknown>, p: Record<string, unknown>, dt: number): ResolvedModel {
  const [aName, aGiven] = either(p, 'A', 'theta');
  const [bName, bGiven] = either(p, 'B', 'sigma');
  const aRaw = aGiven ?? 1;
  const bRaw = bGiven ?? 1;
  const d = dimOf(m, Array.isArray(aRaw) ? aRaw.length : 1);
  const noiseDim =
    m.noiseDim !== undefined
      ? intField('model.noiseDim', m.noiseDim, 1, MAX_DIM)
      : Array.isArray(bRaw) && Array.isArray(bRaw[0])
        ? intField(`model.params.${bName} (its number of columns)`, (bRaw[0] as unknown[]).length, 1, MAX_DIM)
        : d;
  const a = matrixField(`model.params.${aName}`, aRaw, d, d);
  const b = matrixField(`model.params.${bName}`, bRaw, d, noiseDim);
  const mu = vectorField('model.params.mu', p.mu ?? 0, d);
  // Exact transition over one step: X_{k+1} = μ + e^{−Ah}(X_k − μ) + ξ, ξ ~ N(0, Q_h) (Van Loan, in reference/ou).
  const from = `model.params.${aName}, model.params.${bName} and dt = ${dt}`;
  let e: number[][];
  let l: number[][];
  let c: number[];
  try {
    e = expm(a.map((row) => row.map((v) => -v * dt)));
    const q = ouTransition({ A: a, Q: matmul(b, transpose(b)) }, dt, new Array<number>(d).fill(0)).covariance;
    l = choleskyPsdRows(q, `the OU one-step covariance Q_h (from ${from})`);
    c = mu.map((v, i) => v - e[i]!.reduce((s, x, j) => s + x * mu[j]!, 0));
  } catch (err) {
    if (err instanceof SpecError) throw err;
    throw new SpecError(`${from} give a one-step transition that is not finite (${(err as Error).message})`);
  }
  if (![e, l, [c], [b.flat(), a.flat()]].every((m) => m.every((r) => r.every(Number.isFinite))))
    throw new SpecError(`${from} give a one-step transition that overflows a double`);
  return {
    name: 'ou',
    dim: d,
    noise: 'full',
    noiseDim,
    source: builtinSource('ou'),
    extra: {},
    ...packParams([
      ['A', a.flat()],
      ['MU', mu],
      ['B', b.flat()],
      ['E', e.flat()],
      ['C', c],
      ['L', l.flat()],
    ]),
    hasExact: true,
  };
}

/** Fields of the model object and parameters of each built-in (`*`: any user-named parameter besides). */
const BUILTIN_FIELDS: Record<(typeof BUILTIN_MODELS)[number], { fields: string[]; params: string[] }> = {
  ou: { fields: ['builtin', 'dim', 'noiseDim', 'params'], params: ['A', 'theta', 'B', 'sigma', 'mu'] },
  gbm: { fields: ['builtin', 'dim', 'params'], params: ['mu', 'sigma'] },
  'double-well': { fields: ['builtin', 'dim', 'params'], params: ['sigma'] },
  langevin: { fields: ['builtin', 'dim', 'potential', 'params'], params: ['beta', '*'] },
};
const USER_FIELDS = ['wgsl', 'dim', 'noise', 'noiseDim', 'params'];

/** Resolves a model spec (a built-in name, or an object) for step size dt. */
export function resolveModel(spec: ModelSpec | string, dt: number, scheme: SchemeName): ResolvedModel {
  const m = typeof spec === 'string' ? { builtin: spec } : spec;
  if (typeof m !== 'object' || m === null || Array.isArray(m))
    throw new SpecError(`model must be a built-in name or an object, got ${shown(m)}`);
  const o = m as Record<string, unknown>;
  const p = o.params === undefined ? {} : objectField('model.params', o.params);
  let model: ResolvedModel;
  if (o.builtin !== undefined) {
    const name = stringField('model.builtin', o.builtin, `one of ${BUILTIN_MODELS.join(', ')}`);
    if (!(BUILTIN_MODELS as readonly string[]).includes(name)) {
      throw new SpecError(`unknown built-in model "${name}" (built-ins: ${BUILTIN_MODELS.join(', ')})`);
    }
    if (o.wgsl !== undefined) throw new SpecError('model has both "builtin" and "wgsl": give one');
    const allowed = BUILTIN_FIELDS[name as (typeof BUILTIN_MODELS)[number]];
    for (const k of Object.keys(o))
      if (!allowed.fields.includes(k) && [...USER_FIELDS, 'potential'].includes(k))
        throw new SpecError(`model.${k} does not apply to built-in model "${name}"`);
    checkFields('model', o, allowed.fields);
    if (!allowed.params.includes('*')) checkFields('model.params', p, allowed.params);
    if (name === 'ou') model = resolveOu(o, p, dt);
    else if (name === 'gbm') {
      const d = dimOf(o, 1);
      model = {
        name: 'gbm',
        dim: d,
        noise: 'diagonal',
        noiseDim: d,
        source: builtinSource('gbm'),
        extra: {},
        ...packParams([
          ['MU', vectorField('model.params.mu', p.mu ?? 0, d)],
          ['SIGMA', vectorField('model.params.sigma', p.sigma ?? 1, d)],
        ]),
        hasExact: true,
      };
    } else if (name === 'double-well') {
      const d = dimOf(o, 1);
      model = {
        name: 'double-well',
        dim: d,
        noise: 'diagonal',
        noiseDim: d,
        source: builtinSource('double-well'),
        extra: {},
        ...packParams([['SIGMA', [vectorField('model.params.sigma', p.sigma ?? 1, 1)[0]!]]]),
        hasExact: false,
      };
    } else {
      const d = dimOf(o, 1);
      if (typeof o.potential !== 'string') {
        throw new SpecError(
          `model "langevin" needs "potential": a WGSL snippet defining fn grad_potential(x: State, t: f32) -> State, got ${shown(o.potential)}`,
        );
      }
      const { beta = 1, ...rest } = p;
      const beta1 = vectorField('model.params.beta', beta, 1)[0]!;
      if (!(beta1 > 0)) throw new SpecError(`model.params.beta must be > 0, got ${beta1}`);
      model = {
        name: 'langevin',
        dim: d,
        noise: 'diagonal',
        noiseDim: d,
        source: builtinSource('langevin'),
        extra: { 'user potential': o.potential },
        ...packParams([['BETA', [beta1]], ...userParams(rest)]),
        hasExact: false,
      };
    }
  } else {
    checkFields('model', o, [...USER_FIELDS, 'builtin']);
    if (typeof o.wgsl !== 'string')
      throw new SpecError(
        `model needs "builtin" (a name) or "wgsl" (a snippet defining drift and diffusion), got ${
          o.wgsl === undefined ? 'neither' : `wgsl ${shown(o.wgsl)}`
        }`,
      );
    const d = dimOf(o, 1);
    const noise = o.noise ?? 'diagonal';
    if (noise !== 'scalar' && noise !== 'diagonal' && noise !== 'full')
      throw new SpecError(`model.noise must be scalar, diagonal or full, got ${shown(noise)}`);
    const natural = noise === 'scalar' ? 1 : d;
    const noiseDim = o.noiseDim === undefined ? natural : intField('model.noiseDim', o.noiseDim, 1, MAX_DIM);
    if (noise !== 'full' && noiseDim !== natural) {
      throw new SpecError(
        `model.noiseDim is ${noiseDim}, but ${noise} noise in dimension ${d} has ${natural} Brownian motions`,
      );
    }
    model = {
      name: 'user',
      dim: d,
      noise,
      noiseDim,
      source: '#include "user model"',
      extra: { 'user model': o.wgsl },
      ...packParams(userParams(p)),
      hasExact: /\bfn\s+exact_transition\b/.test(o.wgsl),
    };
  }
  if (o.dim !== undefined && o.dim !== model.dim) {
    throw new SpecError(`model.dim is ${o.dim}, but the model's parameters have dimension ${model.dim}`);
  }
  if (scheme === 'exact' && !model.hasExact) {
    throw new SpecError(
      `scheme "exact" needs a model with fn exact_transition (built-ins ou, gbm); model "${model.name}" has none`,
    );
  }
  if (scheme === 'levy-em' && model.noise === 'full') {
    throw new SpecError('scheme "levy-em" needs scalar or diagonal noise');
  }
  return model;
}

/** The generated `engine/config.wgsl`: dimensions and parameter offsets as WGSL constants. */
export function configSource(model: ResolvedModel, observables = 0): string {
  const lines = [
    '// Generated by src/engine/models.ts.',
    `const DIM: u32 = ${model.dim}u;`,
    `const NOISE_DIM: u32 = ${model.noiseDim}u;`,
    `const OBSERVABLES: u32 = ${Math.max(1, observables)}u;`,
  ];
  for (const [name, [offset, length]] of Object.entries(model.layout)) {
    lines.push(`const PARAM_${name}: u32 = ${offset}u;`, `const PARAM_${name}_LEN: u32 = ${length}u;`);
  }
  return lines.join('\n');
}
