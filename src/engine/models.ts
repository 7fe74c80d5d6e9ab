/**
 * Models: the built-ins (`shaders/engine/models/*.wgsl`) and user WGSL snippets, resolved to a snippet, a
 * dimension, a noise kind and a flat float32 parameter block with named offsets (WGSL constants PARAM_<NAME>).
 */
import { shaderSources } from '../gpu/shader-source.js';
import { choleskyPsdRows, expm, matmul, transpose } from '../reference/linalg.js';
import { ouTransition } from '../reference/ou.js';
import {
  type ModelSpec,
  matrixField,
  type NoiseKind,
  type SchemeName,
  SpecError,
  vectorField,
} from './spec.js';

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

function flatten(what: string, v: unknown): number[] {
  if (typeof v === 'number') return [v];
  if (Array.isArray(v)) return v.flatMap((x, i) => flatten(`${what}[${i}]`, x));
  throw new SpecError(`parameter ${what} must be a number or a (nested) array of numbers`);
}

function dimOf(m: ModelSpec, fallback: number): number {
  const d = m.dim ?? fallback;
  if (!(Number.isInteger(d) && d >= 1 && d <= MAX_DIM))
    throw new SpecError(`model.dim must be an integer in [1, ${MAX_DIM}], got ${d}`);
  return d;
}

/** The model include of a built-in (compiler messages then name the built-in's own file and line). */
function builtinSource(name: string): string {
  const file = `engine/models/${name.replace('-', '_')}.wgsl`;
  if (!(file in shaderSources)) throw new Error(`built-in model file ${file} is missing`);
  return `#include "${file}"`;
}

function resolveOu(m: ModelSpec, dt: number): ResolvedModel {
  const p = m.params ?? {};
  const aRaw = p.A ?? p.theta ?? 1;
  const d = dimOf(m, Array.isArray(aRaw) ? aRaw.length : 1);
  const bRaw = p.B ?? p.sigma ?? 1;
  const noiseDim =
    m.noiseDim ?? (Array.isArray(bRaw) && Array.isArray(bRaw[0]) ? (bRaw[0] as number[]).length : d);
  const a = matrixField('model.params.A', aRaw, d, d);
  const b = matrixField('model.params.B', bRaw, d, noiseDim);
  const mu = vectorField('model.params.mu', p.mu ?? 0, d);
  // Exact transition over one step: X_{k+1} = μ + e^{−Ah}(X_k − μ) + ξ, ξ ~ N(0, Q_h) (Van Loan, in reference/ou).
  const e = expm(a.map((row) => row.map((v) => -v * dt)));
  const q = ouTransition({ A: a, Q: matmul(b, transpose(b)) }, dt, new Array<number>(d).fill(0)).covariance;
  const l = choleskyPsdRows(q, 'the OU one-step covariance Q_h');
  const c = mu.map((v, i) => v - e[i]!.reduce((s, x, j) => s + x * mu[j]!, 0));
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

/** Resolves a model spec (a built-in name, or an object) for step size dt. */
export function resolveModel(spec: ModelSpec | string, dt: number, scheme: SchemeName): ResolvedModel {
  const m: ModelSpec = typeof spec === 'string' ? { builtin: spec } : spec;
  if (typeof m !== 'object' || m === null) throw new SpecError('model must be a built-in name or an object');
  let model: ResolvedModel;
  if (m.builtin !== undefined) {
    if (!(BUILTIN_MODELS as readonly string[]).includes(m.builtin)) {
      throw new SpecError(`unknown built-in model "${m.builtin}" (built-ins: ${BUILTIN_MODELS.join(', ')})`);
    }
    if (m.wgsl !== undefined) throw new SpecError('model has both "builtin" and "wgsl": give one');
    const p = m.params ?? {};
    if (m.builtin === 'ou') model = resolveOu(m, dt);
    else if (m.builtin === 'gbm') {
      const d = dimOf(m, 1);
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
    } else if (m.builtin === 'double-well') {
      const d = dimOf(m, 1);
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
      const d = dimOf(m, 1);
      if (typeof m.potential !== 'string') {
        throw new SpecError(
          'model "langevin" needs "potential": a WGSL snippet defining fn grad_potential(x: State, t: f32) -> State',
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
        extra: { 'user potential': m.potential },
        ...packParams([
          ['BETA', [beta1]],
          ...Object.entries(rest).map(([k, v]): [string, number[]] => [k, flatten(k, v)]),
        ]),
        hasExact: false,
      };
    }
  } else {
    if (typeof m.wgsl !== 'string')
      throw new SpecError(
        'model needs "builtin" (a name) or "wgsl" (a snippet defining drift and diffusion)',
      );
    const d = dimOf(m, 1);
    const noise = m.noise ?? 'diagonal';
    if (!['scalar', 'diagonal', 'full'].includes(noise))
      throw new SpecError(`model.noise must be scalar, diagonal or full, got "${noise}"`);
    const noiseDim = noise === 'scalar' ? 1 : noise === 'diagonal' ? d : (m.noiseDim ?? d);
    if (noise !== 'full' && m.noiseDim !== undefined && m.noiseDim !== noiseDim) {
      throw new SpecError(
        `model.noiseDim is ${m.noiseDim}, but ${noise} noise in dimension ${d} has ${noiseDim} Brownian motions`,
      );
    }
    if (!(Number.isInteger(noiseDim) && noiseDim >= 1 && noiseDim <= MAX_DIM))
      throw new SpecError(`model.noiseDim must be in [1, ${MAX_DIM}]`);
    model = {
      name: 'user',
      dim: d,
      noise,
      noiseDim,
      source: '#include "user model"',
      extra: { 'user model': m.wgsl },
      ...packParams(Object.entries(m.params ?? {}).map(([k, v]): [string, number[]] => [k, flatten(k, v)])),
      hasExact: /\bfn\s+exact_transition\b/.test(m.wgsl),
    };
  }
  if (m.dim !== undefined && m.dim !== model.dim) {
    throw new SpecError(`model.dim is ${m.dim}, but the model's parameters have dimension ${model.dim}`);
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
