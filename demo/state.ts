/**
 * The page's parameters and their URL form. A link carries parameters only: every key is looked up in a fixed
 * schema, numbers are parsed, checked finite and clamped to their range, choices must be one of a fixed list,
 * and anything else is dropped with a note. Nothing from the URL is ever evaluated or inserted as markup.
 */

/** Problems the page knows; which panel runs which is decided by `capabilities.ts` (`densityAvailability`). */
export const PROBLEMS = ['quadratic', 'double-well', 'nonconvex2d'] as const;
/** Particle schemes: mini-batch SGD, Euler–Maruyama of the SGD SDE, and of its modified (order-2) equation. */
export const SCHEMES = ['sgd', 'sde', 'msde'] as const;
/** Mini-batch sampling of a finite data set. */
export const SAMPLINGS = ['with', 'without'] as const;
/** Gradient-noise families. */
export const NOISES = ['gaussian', 'alpha-stable'] as const;
/**
 * How panel 2 draws its heat maps: a WebGPU render pass reading the histogram buffers (`webgpu`), the counts read
 * back and drawn on a 2-D canvas (`2d`), or `auto`: the render pass except on a CPU (SwiftShader) adapter, where
 * the device's memory is host memory anyway and a headless browser may not present WebGPU canvases.
 */
export const RENDERS = ['auto', 'webgpu', '2d'] as const;

export type Problem = (typeof PROBLEMS)[number];
export type Scheme = (typeof SCHEMES)[number];
export type Sampling = (typeof SAMPLINGS)[number];
export type Noise = (typeof NOISES)[number];
export type Render = (typeof RENDERS)[number];

/** Everything a shared link can set. */
export interface DemoState {
  problem: Problem;
  /** Learning rate η (also the time one SGD step represents). */
  eta: number;
  /** Mini-batch size B. */
  batch: number;
  sampling: Sampling;
  noise: Noise;
  /** Stability index α of α-stable noise, in (1, 2]. */
  alpha: number;
  scheme: Scheme;
  /** Euler–Maruyama sub-steps per SGD step for the SDE schemes (h = η / substeps). */
  substeps: number;
  particles: number;
  /** SGD steps per animation frame. */
  speed: number;
  seed: number;
  /** How panel 2 draws its heat maps. */
  render: Render;
}

/** Smallest ensemble the page runs; the largest comes from the device (`maxParticlesFor`). */
export const MIN_PARTICLES = 10_000;
/** Upper bound on particles before the device is known (re-clamped to the device afterwards). */
export const STATIC_MAX_PARTICLES = 2 ** 30;

/** Default view: a 10⁵-particle SGD ensemble on the quadratic, settling in about 30 steps. */
export const DEFAULT_STATE: Readonly<DemoState> = Object.freeze({
  problem: 'quadratic',
  eta: 0.1,
  batch: 1,
  sampling: 'with',
  noise: 'gaussian',
  alpha: 1.8,
  scheme: 'sgd',
  substeps: 4,
  particles: 100_000,
  speed: 1,
  seed: 1,
  render: 'auto',
});

interface NumberField {
  kind: 'number';
  min: number;
  max: number;
  integer: boolean;
}
interface ChoiceField {
  kind: 'choice';
  values: readonly string[];
}
type Field = NumberField | ChoiceField;

/** The schema: ranges and allowed values of every URL key. η < 2 keeps SGD on the quadratic (a = 1) stable. */
export const FIELDS: Readonly<Record<keyof DemoState, Field>> = Object.freeze({
  problem: { kind: 'choice', values: PROBLEMS },
  eta: { kind: 'number', min: 0.001, max: 1.9, integer: false },
  batch: { kind: 'number', min: 1, max: 4096, integer: true },
  sampling: { kind: 'choice', values: SAMPLINGS },
  noise: { kind: 'choice', values: NOISES },
  alpha: { kind: 'number', min: 1.05, max: 2, integer: false },
  scheme: { kind: 'choice', values: SCHEMES },
  substeps: { kind: 'number', min: 1, max: 64, integer: true },
  particles: { kind: 'number', min: MIN_PARTICLES, max: STATIC_MAX_PARTICLES, integer: true },
  speed: { kind: 'number', min: 1, max: 1000, integer: true },
  seed: { kind: 'number', min: 0, max: Number.MAX_SAFE_INTEGER, integer: true },
  render: { kind: 'choice', values: RENDERS },
});

const KEYS = Object.keys(FIELDS) as (keyof DemoState)[];
/** Longest value string read from a link: a number or a choice is never longer. */
const MAX_VALUE_LENGTH = 32;

/** A parsed state and what had to be corrected to get it. */
export interface ParsedState {
  state: DemoState;
  /** One line per dropped or corrected key, for the page to show. */
  notes: string[];
}

function clampNumber(f: NumberField, v: number): number {
  const r = f.integer ? Math.round(v) : v;
  return Math.min(f.max, Math.max(f.min, r));
}

/** Parses one raw value for `key`; returns the corrected value and a note when it was not taken as is. */
export function parseField<K extends keyof DemoState>(
  key: K,
  raw: string,
): { value: DemoState[K]; note?: string } {
  const f = FIELDS[key];
  const fallback = DEFAULT_STATE[key];
  const shown = raw.length > MAX_VALUE_LENGTH ? `${raw.slice(0, MAX_VALUE_LENGTH)}…` : raw;
  if (f.kind === 'choice') {
    if (f.values.includes(raw)) return { value: raw as DemoState[K] };
    return {
      value: fallback,
      note: `${key}: "${shown}" is not one of ${f.values.join(', ')}; using ${fallback}`,
    };
  }
  // Only plain decimal numbers: no hex, no Infinity, no empty string (Number('') is 0).
  const v = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isFinite(v))
    return { value: fallback, note: `${key}: "${shown}" is not a number; using ${fallback}` };
  const c = clampNumber(f, v);
  if (c !== v && !(f.integer && Math.abs(c - v) < 0.5)) {
    return { value: c as DemoState[K], note: `${key}: ${shown} is outside [${f.min}, ${f.max}]; using ${c}` };
  }
  return { value: c as DemoState[K] };
}

/** Reads a state from URL search parameters (unknown keys are ignored with a note, missing keys default). */
export function parseState(search: string | URLSearchParams): ParsedState {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const state: DemoState = { ...DEFAULT_STATE };
  const notes: string[] = [];
  for (const [key, raw] of params) {
    if (!(KEYS as string[]).includes(key)) {
      notes.push(`ignored unknown parameter "${key.slice(0, MAX_VALUE_LENGTH)}"`);
      continue;
    }
    const k = key as keyof DemoState;
    const { value, note } = parseField(k, raw);
    (state as unknown as Record<string, unknown>)[k] = value;
    if (note) notes.push(note);
  }
  return { state, notes };
}

/** The URL search string of a state: only keys that differ from the defaults, in schema order. */
export function serializeState(state: DemoState): string {
  const params = new URLSearchParams();
  for (const k of KEYS) {
    if (state[k] !== DEFAULT_STATE[k]) params.set(k, String(state[k]));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Clamps a state's particle count to what a device can hold (`maxParticles` from its limits). */
export function clampParticles(state: DemoState, maxParticles: number): DemoState {
  const max = Math.max(MIN_PARTICLES, Math.floor(maxParticles));
  return { ...state, particles: Math.min(max, Math.max(MIN_PARTICLES, state.particles)) };
}

/**
 * Largest ensemble a device can hold when each particle keeps `bytesPerParticle` bytes in one storage buffer:
 * the buffer must fit both `maxStorageBufferBindingSize` and `maxBufferSize`.
 */
export function maxParticlesFor(
  limits: Pick<GPUSupportedLimits, 'maxStorageBufferBindingSize' | 'maxBufferSize'>,
  bytesPerParticle: number,
): number {
  const bytes = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  return Math.min(2 ** 32 - 1, Math.floor(bytes / bytesPerParticle));
}

/** Particle counts offered in the menu: 10⁴, 3·10⁴, 10⁵, … up to `max`, and `max` itself. */
export function particleChoices(max: number): number[] {
  const out: number[] = [];
  for (let p = MIN_PARTICLES; p <= max; p *= 10) {
    out.push(p);
    if (3 * p <= max) out.push(3 * p);
  }
  if (out[out.length - 1] !== max) out.push(max);
  return out;
}
