/**
 * The validation layer of specs: field readers that check one value and throw a {@link SpecError} naming its path
 * (`model.params.theta`, `init.gaussian.cov`), and the wording errors use for values. Specs and models both read
 * their fields through it.
 */
import { choleskyPsdRows } from '../reference/linalg.js';

/** A spec that cannot run, with the field that is wrong. */
export class SpecError extends RangeError {
  override name = 'SpecError';
}

/** A value as error messages show it: numbers as JavaScript prints them (Infinity, NaN), strings quoted. */
export function shown(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  return Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : typeof v;
}

/** Edit distance with adjacent transpositions (optimal string alignment), case-insensitive. */
function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const d = Array.from({ length: x.length + 1 }, (_, i) =>
    Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[x.length]![y.length]!;
}

/**
 * The name in `names` closest to `name`: within about a third of its length in edits, or one of the two a prefix
 * (two letters at least) of the other.
 */
export function closestName(name: string, names: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const n of names) {
    const l = n.toLowerCase();
    const prefix = Math.min(l.length, lower.length) >= 2 && (l.startsWith(lower) || lower.startsWith(l));
    const dist = editDistance(name, n);
    if (dist <= Math.max(1, Math.floor(Math.max(name.length, n.length) / 3)) || prefix) {
      if (dist < bestDistance) [best, bestDistance] = [n, dist];
    }
  }
  return best;
}

const fieldPath = (what: string, key: string) => (what === '' ? key : `${what}.${key}`);

/** Rejects the keys of `obj` outside `allowed`, naming the field (`what` is the object's path, '' at the top). */
export function checkFields(what: string, obj: object, allowed: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (allowed.includes(key)) continue;
    const near = closestName(key, allowed);
    throw new SpecError(
      `unknown field "${fieldPath(what, key)}" ${
        near !== undefined
          ? `(did you mean "${fieldPath(what, near)}"?)`
          : `(fields${what === '' ? '' : ` of ${what}`}: ${allowed.join(', ')})`
      }`,
    );
  }
}

/** Checks that `v` is a JSON object (not null, not an array) and returns it. */
export function objectField(what: string, v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new SpecError(`${what} must be an object, got ${shown(v)}`);
  return v as Record<string, unknown>;
}

/** Checks a string field. */
export function stringField(what: string, v: unknown, describe = 'a string'): string {
  if (typeof v !== 'string') throw new SpecError(`${what} must be ${describe}, got ${shown(v)}`);
  return v;
}

/** Checks a number field. */
export function finiteField(what: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new SpecError(`${what} must be a finite number, got ${shown(v)}`);
  return v;
}

/** Checks an integer field in [min, max]. */
export function intField(what: string, v: unknown, min: number, max: number): number {
  const n = finiteField(what, v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new SpecError(`${what} must be an integer in [${min}, ${max}], got ${n}`);
  return n;
}

/** A vector of length d from a scalar (broadcast) or an array. */
export function vectorField(what: string, v: unknown, d: number): number[] {
  if (typeof v === 'number') return new Array<number>(d).fill(finiteField(what, v));
  if (!Array.isArray(v))
    throw new SpecError(`${what} must be a number or an array of ${d} numbers, got ${shown(v)}`);
  if (v.length !== d)
    throw new SpecError(`${what} has ${v.length} entries, but the model has dimension ${d}`);
  return v.map((x, i) => finiteField(`${what}[${i}]`, x));
}

/** A rows × cols matrix from a scalar (times identity, square only) or nested arrays. */
export function matrixField(what: string, v: unknown, rows: number, cols: number): number[][] {
  if (typeof v === 'number' && rows === cols) {
    const s = finiteField(what, v);
    return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === j ? s : 0)));
  }
  if (!Array.isArray(v) || v.length !== rows || !v.every((r) => Array.isArray(r) && r.length === cols)) {
    throw new SpecError(
      `${what} must be a ${rows}×${cols} matrix (array of ${rows} rows of ${cols} numbers)`,
    );
  }
  return (v as unknown[][]).map((r, i) => r.map((x, j) => finiteField(`${what}[${i}][${j}]`, x)));
}

/** A symmetric positive semi-definite d×d matrix (a covariance), checked entry by entry. */
export function covarianceField(what: string, v: unknown, d: number): number[][] {
  const m = matrixField(what, v, d, d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      if (m[i]![j] !== m[j]![i])
        throw new SpecError(
          `${what} must be symmetric: ${what}[${i}][${j}] is ${m[i]![j]} but ${what}[${j}][${i}] is ${m[j]![i]}`,
        );
    }
  }
  try {
    choleskyPsdRows(m, what);
  } catch (e) {
    throw new SpecError((e as Error).message);
  }
  return m;
}
