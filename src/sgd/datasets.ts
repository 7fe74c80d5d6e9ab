/**
 * Finite datasets for SGD particles: built-in generators (quadratic with known gradient-noise covariance, linear
 * and logistic regression, a 2-D non-convex problem) and user data from arrays or CSV. Everything here runs on
 * the host and validates strictly, so bad input fails before any GPU work.
 *
 * A dataset is a table of `examples` rows of `rowLength` float32 values each (the per-example data the loss
 * snippet reads with `example_value(i, j)`), plus a vector of shared float32 constants (`problem_param(j)`).
 */

/** Loss families with a WGSL implementation in `shaders/sgd/losses/`. */
export type LossName = 'quadratic' | 'squared' | 'logistic' | 'nonconvex2d';

/** The largest weight dimension a particle can carry. */
export const MAX_DIM = 64;
/** The largest number of examples a dataset may hold. */
export const MAX_EXAMPLES = 1_000_000;

/** A dataset ready to be uploaded: per-example rows, shared constants, and what is known exactly about it. */
export interface Dataset {
  /** Which built-in generator (or `user`) produced it. */
  kind: 'quadratic' | 'linreg' | 'logreg' | 'nonconvex2d' | 'user';
  loss: LossName;
  examples: number;
  /** Weight dimension d (the particle state is w ∈ R^d). */
  dim: number;
  /** Floats per example row. */
  rowLength: number;
  /** examples × rowLength values, row-major. */
  rows: Float32Array;
  /** Shared constants of the loss (at least one value). */
  params: Float32Array;
  /** Quadratic problem only: the Hessian H (d×d, row-major, float64 copy of the stored float32 values). */
  hessian?: Float64Array;
  /**
   * Quadratic problem only: C = (1/n) Σ_i (ξ_i − ξ̄)(ξ_i − ξ̄)ᵀ of the stored float32 ξ_i, computed in float64;
   * the per-example gradient covariance Σ(w) equals C at every w.
   */
  noiseCovariance?: Float64Array;
  /** Quadratic problem only: ξ̄ = (1/n) Σ ξ_i of the stored values (zero up to float32 rounding). */
  noiseMean?: Float64Array;
}

/** Raised for invalid datasets or options; always before any GPU work. */
export class DatasetError extends RangeError {
  override name = 'DatasetError';
}

/** Small seeded generator for host-side data (splitmix32 words, Box–Muller normals); not the particle RNG. */
export function makeHostRng(seed: number) {
  let s = seed >>> 0 || 0x9e3779b9;
  const u32 = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const uniform = () => (u32() + 0.5) / 2 ** 32;
  let spare: number | undefined;
  const normal = () => {
    if (spare !== undefined) {
      const v = spare;
      spare = undefined;
      return v;
    }
    const r = Math.sqrt(-2 * Math.log(uniform()));
    const a = 2 * Math.PI * uniform();
    spare = r * Math.sin(a);
    return r * Math.cos(a);
  };
  return { u32, uniform, normal };
}

function checkInt(name: string, v: number, min: number, max: number): void {
  if (!(Number.isInteger(v) && v >= min && v <= max)) {
    throw new DatasetError(`${name} must be an integer in [${min}, ${max}], got ${v}`);
  }
}

/** A random orthogonal d×d matrix (Gram–Schmidt of a Gaussian matrix), row-major. */
function randomOrthogonal(d: number, rng: ReturnType<typeof makeHostRng>): Float64Array {
  const q = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (;;) {
      for (let j = 0; j < d; j++) q[i * d + j] = rng.normal();
      for (let k = 0; k < i; k++) {
        let dot = 0;
        for (let j = 0; j < d; j++) dot += q[i * d + j]! * q[k * d + j]!;
        for (let j = 0; j < d; j++) q[i * d + j]! -= dot * q[k * d + j]!;
      }
      let norm = 0;
      for (let j = 0; j < d; j++) norm += q[i * d + j]! ** 2;
      if (norm > 1e-8) {
        for (let j = 0; j < d; j++) q[i * d + j]! /= Math.sqrt(norm);
        break;
      }
    }
  }
  return q;
}

/** Options of {@link makeQuadraticDataset}. */
export interface QuadraticOptions {
  examples: number;
  dim: number;
  /** Eigenvalues of H (default 1, 2, …, d scaled to [1, 4]); all must be > 0. */
  eigenvalues?: number[];
  /** Scale of the noise vectors ξ_i (default 1). */
  noiseScale?: number;
  seed?: number;
}

/**
 * Quadratic problem with per-example loss ℓ_i(w) = ½ wᵀHw − ξ_iᵀw, so ∇ℓ_i(w) = Hw − ξ_i: the gradient noise
 * does not depend on w and its covariance is the empirical covariance C of the ξ_i. H = Q diag(λ) Qᵀ with a
 * random rotation Q; ξ_i = A z_i (A random, z_i standard normal), centred in float64 before rounding to float32.
 * Rows hold ξ_i; params hold H (row-major) followed by ξ̄.
 *
 * @param o - examples, dimension, eigenvalues of H, noise scale and seed
 * @returns the dataset
 * @throws {@link DatasetError} for invalid sizes or eigenvalues
 */
export function makeQuadraticDataset(o: QuadraticOptions): Dataset {
  const { examples: n, dim: d } = o;
  checkInt('examples', n, 2, MAX_EXAMPLES);
  checkInt('dim', d, 1, MAX_DIM);
  const lambda = o.eigenvalues ?? Array.from({ length: d }, (_, i) => (d === 1 ? 1 : 1 + (3 * i) / (d - 1)));
  if (lambda.length !== d || !lambda.every((v) => Number.isFinite(v) && v > 0)) {
    throw new DatasetError(`eigenvalues must be ${d} finite positive numbers`);
  }
  const scale = o.noiseScale ?? 1;
  if (!(Number.isFinite(scale) && scale > 0)) throw new DatasetError(`noiseScale must be > 0, got ${scale}`);
  const rng = makeHostRng(o.seed ?? 1);
  const q = randomOrthogonal(d, rng);
  const h32 = new Float32Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += q[k * d + i]! * lambda[k]! * q[k * d + j]!;
      h32[i * d + j] = s;
    }
  }
  // Symmetrise after rounding so that H is exactly symmetric in float32.
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) h32[i * d + j] = h32[j * d + i]!;
  const a = new Float64Array(d * d);
  for (let i = 0; i < d * d; i++) a[i] = (scale * rng.normal()) / Math.sqrt(d);
  for (let i = 0; i < d; i++) a[i * d + i]! += scale;
  const xi = new Float64Array(n * d);
  const mean = new Float64Array(d);
  for (let e = 0; e < n; e++) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += a[j * d + k]! * rng.normal();
      xi[e * d + j] = s;
      mean[j]! += s / n;
    }
  }
  const rows = new Float32Array(n * d);
  for (let e = 0; e < n; e++) for (let j = 0; j < d; j++) rows[e * d + j] = xi[e * d + j]! - mean[j]!;
  return quadraticFromRows(rows, n, d, h32);
}

/**
 * The built-in quadratic problem ℓᵢ(w) = ½ wᵀHw − ξᵢᵀw on stored float32 rows ξᵢ (n × d) and a float32 Hessian:
 * params = [H, ξ̄], and the float64 mean and covariance of the stored rows as `noiseMean` and `noiseCovariance`
 * (the gradient noise ∇ℓᵢ − ∇L = ξ̄ − ξᵢ does not depend on w).
 */
export function quadraticFromRows(rows: Float32Array, n: number, d: number, h32: Float32Array): Dataset {
  const { mean: noiseMean, cov } = rowMoments(rows, n, d, d);
  const params = new Float32Array(d * d + d);
  params.set(h32, 0);
  params.set(noiseMean, d * d);
  return {
    kind: 'quadratic',
    loss: 'quadratic',
    examples: n,
    dim: d,
    rowLength: d,
    rows,
    params,
    hessian: Float64Array.from(h32),
    noiseCovariance: cov,
    noiseMean,
  };
}

/** Mean and population covariance (float64) of the first `d` columns of float32 rows. */
function rowMoments(rows: Float32Array, n: number, stride: number, d: number) {
  const mean = new Float64Array(d);
  for (let e = 0; e < n; e++) for (let j = 0; j < d; j++) mean[j]! += rows[e * stride + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  const cov = new Float64Array(d * d);
  for (let e = 0; e < n; e++) {
    for (let i = 0; i < d; i++) {
      const di = rows[e * stride + i]! - mean[i]!;
      for (let j = 0; j <= i; j++) cov[i * d + j]! += di * (rows[e * stride + j]! - mean[j]!);
    }
  }
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      cov[i * d + j]! /= n;
      cov[j * d + i] = cov[i * d + j]!;
    }
  }
  return { mean, cov };
}

/** Options of the regression generators. */
export interface RegressionOptions {
  examples: number;
  dim: number;
  /** Standard deviation of the label noise (linear regression, default 0.5). */
  labelNoise?: number;
  seed?: number;
}

/**
 * Linear regression: x_i ~ N(0, I_d), y_i = x_iᵀw* + σ ε_i with w* ~ N(0, I/d); loss ℓ_i = ½(x_iᵀw − y_i)².
 * Rows hold (x_i, y_i).
 *
 * @param o - examples, dimension, noise level and seed
 * @returns the dataset
 * @throws {@link DatasetError} for invalid sizes
 */
export function makeLinregDataset(o: RegressionOptions): Dataset {
  const { examples: n, dim: d } = o;
  checkInt('examples', n, 2, MAX_EXAMPLES);
  checkInt('dim', d, 1, MAX_DIM);
  const sigma = o.labelNoise ?? 0.5;
  if (!(Number.isFinite(sigma) && sigma >= 0))
    throw new DatasetError(`labelNoise must be >= 0, got ${sigma}`);
  const rng = makeHostRng(o.seed ?? 1);
  const wStar = Array.from({ length: d }, () => rng.normal() / Math.sqrt(d));
  const rows = new Float32Array(n * (d + 1));
  for (let e = 0; e < n; e++) {
    let y = 0;
    for (let j = 0; j < d; j++) {
      const x = rng.normal();
      rows[e * (d + 1) + j] = x;
      y += x * wStar[j]!;
    }
    rows[e * (d + 1) + d] = y + sigma * rng.normal();
  }
  return {
    kind: 'linreg',
    loss: 'squared',
    examples: n,
    dim: d,
    rowLength: d + 1,
    rows,
    params: new Float32Array(1),
  };
}

/**
 * Logistic regression: x_i ~ N(0, I_d), y_i ∈ {0, 1} with P(y = 1) = σ(x_iᵀw*), w* ~ N(0, 4I/d); loss
 * ℓ_i = log(1 + e^{x_iᵀw}) − y_i x_iᵀw. Rows hold (x_i, y_i).
 *
 * @param o - examples, dimension and seed
 * @returns the dataset
 * @throws {@link DatasetError} for invalid sizes
 */
export function makeLogregDataset(o: RegressionOptions): Dataset {
  const { examples: n, dim: d } = o;
  checkInt('examples', n, 2, MAX_EXAMPLES);
  checkInt('dim', d, 1, MAX_DIM);
  const rng = makeHostRng(o.seed ?? 1);
  const wStar = Array.from({ length: d }, () => (2 * rng.normal()) / Math.sqrt(d));
  const rows = new Float32Array(n * (d + 1));
  for (let e = 0; e < n; e++) {
    let z = 0;
    for (let j = 0; j < d; j++) {
      const x = rng.normal();
      rows[e * (d + 1) + j] = x;
      z += x * wStar[j]!;
    }
    rows[e * (d + 1) + d] = rng.uniform() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return {
    kind: 'logreg',
    loss: 'logistic',
    examples: n,
    dim: d,
    rowLength: d + 1,
    rows,
    params: new Float32Array(1),
  };
}

/**
 * Two-dimensional non-convex problem with four minima near (±1, ±1), built from per-example terms
 * ℓ_i(w) = ¼(w₁² − 1)² + ¼(w₂² − 1)² − a_iᵀw + c_i w₁w₂ with zero-mean a_i ~ N(0, s²I), c_i ~ N(0, s²) (centred
 * in float64), so L(w) = ¼(w₁² − 1)² + ¼(w₂² − 1)² and the gradient noise a_i − c_i (w₂, w₁) depends on w.
 * Rows hold (a_i1, a_i2, c_i).
 *
 * @param o - examples, noise scale and seed
 * @returns the dataset
 * @throws {@link DatasetError} for an invalid example count
 */
export function makeNonconvex2dDataset(o: { examples: number; noiseScale?: number; seed?: number }): Dataset {
  const n = o.examples;
  checkInt('examples', n, 2, MAX_EXAMPLES);
  const s = o.noiseScale ?? 1;
  if (!(Number.isFinite(s) && s > 0)) throw new DatasetError(`noiseScale must be > 0, got ${s}`);
  const rng = makeHostRng(o.seed ?? 1);
  const raw = new Float64Array(n * 3);
  const mean = [0, 0, 0];
  for (let e = 0; e < n; e++) {
    for (let j = 0; j < 3; j++) {
      raw[e * 3 + j] = s * rng.normal();
      mean[j]! += raw[e * 3 + j]! / n;
    }
  }
  const rows = new Float32Array(n * 3);
  for (let e = 0; e < n; e++) for (let j = 0; j < 3; j++) rows[e * 3 + j] = raw[e * 3 + j]! - mean[j]!;
  return {
    kind: 'nonconvex2d',
    loss: 'nonconvex2d',
    examples: n,
    dim: 2,
    rowLength: 3,
    rows,
    params: new Float32Array(1),
  };
}

/**
 * A user dataset from feature rows and targets; loss `squared` (regression) or `logistic` (labels 0/1).
 *
 * @param o - feature rows, targets and the loss
 * @returns the dataset
 * @throws {@link DatasetError} for ragged or empty rows, non-finite values, or labels other than 0/1 (logistic)
 */
export function datasetFromArrays(o: {
  features: ArrayLike<ArrayLike<number>>;
  targets: ArrayLike<number>;
  loss: 'squared' | 'logistic';
}): Dataset {
  const n = o.features.length;
  if (n < 1) throw new DatasetError('the dataset has no rows');
  if (n > MAX_EXAMPLES) throw new DatasetError(`at most ${MAX_EXAMPLES} examples, got ${n}`);
  if (o.targets.length !== n) {
    throw new DatasetError(`features has ${n} rows but targets has ${o.targets.length} values`);
  }
  const d = o.features[0]!.length;
  if (d < 1 || d > MAX_DIM) throw new DatasetError(`rows must have 1 to ${MAX_DIM} features, got ${d}`);
  const rows = new Float32Array(n * (d + 1));
  for (let e = 0; e < n; e++) {
    const row = o.features[e]!;
    if (row.length !== d) throw new DatasetError(`row ${e + 1} has ${row.length} features, expected ${d}`);
    for (let j = 0; j < d; j++) {
      const v = row[j]!;
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new DatasetError(`row ${e + 1}, feature ${j + 1}: ${String(v)} is not a finite number`);
      }
      rows[e * (d + 1) + j] = v;
    }
    const y = o.targets[e]!;
    if (typeof y !== 'number' || !Number.isFinite(y)) {
      throw new DatasetError(`row ${e + 1}: target ${String(y)} is not a finite number`);
    }
    if (o.loss === 'logistic' && y !== 0 && y !== 1) {
      throw new DatasetError(`row ${e + 1}: a logistic target must be 0 or 1, got ${y}`);
    }
    rows[e * (d + 1) + d] = y;
  }
  return {
    kind: 'user',
    loss: o.loss,
    examples: n,
    dim: d,
    rowLength: d + 1,
    rows,
    params: new Float32Array(1),
  };
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Parses CSV text of numbers (comma separated, one example per line, the last column the target) strictly:
 * every row must have the same number of fields and every field must be a decimal number. Blank lines at the
 * end are ignored; `header: true` skips the first line. Errors name the line and column.
 */
export function parseNumericCsv(text: string, o: { header?: boolean } = {}): number[][] {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const first = o.header ? 1 : 0;
  if (lines.length <= first) throw new DatasetError('the CSV has no data rows');
  const out: number[][] = [];
  let width = -1;
  for (let l = first; l < lines.length; l++) {
    const fields = lines[l]!.split(',');
    if (width < 0) width = fields.length;
    else if (fields.length !== width) {
      throw new DatasetError(
        `CSV line ${l + 1} has ${fields.length} fields, expected ${width} (ragged rows)`,
      );
    }
    out.push(
      fields.map((f, c) => {
        const t = f.trim();
        if (!NUMBER.test(t)) {
          const hint =
            l === 0 && !o.header ? ' (pass header: true / --header if the first line is a header)' : '';
          throw new DatasetError(`CSV line ${l + 1}, column ${c + 1}: "${t}" is not a number${hint}`);
        }
        return Number(t);
      }),
    );
  }
  if (width < 2)
    throw new DatasetError(`the CSV needs at least 2 columns (features and a target), got ${width}`);
  return out;
}

/**
 * A user dataset from CSV text: all columns but the last are features, the last is the target.
 *
 * @param text - the CSV text (numbers only, comma separated)
 * @param o - the loss, and whether the first line is a header
 * @returns the dataset
 * @throws {@link DatasetError} for unparsable or ragged rows, as {@link datasetFromArrays}
 */
export function datasetFromCsv(text: string, o: { loss: 'squared' | 'logistic'; header?: boolean }): Dataset {
  const table = parseNumericCsv(text, o.header === undefined ? {} : { header: o.header });
  return datasetFromArrays({
    features: table.map((r) => r.slice(0, -1)),
    targets: table.map((r) => r[r.length - 1]!),
    loss: o.loss,
  });
}

/** Built-in problem names accepted by {@link makeProblem} and the CLI. */
export const PROBLEMS = ['quadratic', 'linreg', 'logreg', 'nonconvex2d'] as const;
/** One of {@link PROBLEMS}. */
export type ProblemName = (typeof PROBLEMS)[number];

/**
 * Builds a built-in problem by name (nonconvex2d ignores `dim`; it is always 2).
 *
 * @param name - one of {@link PROBLEMS}
 * @param o - examples, dimension and seed
 * @returns the dataset
 * @throws {@link DatasetError} for an unknown name or invalid sizes
 */
export function makeProblem(name: ProblemName, o: { examples: number; dim: number; seed?: number }): Dataset {
  switch (name) {
    case 'quadratic':
      return makeQuadraticDataset(o);
    case 'linreg':
      return makeLinregDataset(o);
    case 'logreg':
      return makeLogregDataset(o);
    case 'nonconvex2d':
      return makeNonconvex2dDataset(o);
    default:
      throw new DatasetError(`unknown problem "${String(name)}" (problems: ${PROBLEMS.join(', ')})`);
  }
}
