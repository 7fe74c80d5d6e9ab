/**
 * Exact sums of float32 values: every finite float32 is an integer multiple of 2^-149, so v · 2^149 is an exact
 * integer and a BigInt sum of them is exact. Exact sums are associative, so totals of tile partials do not depend
 * on the order tiles are added in (chunks, shards, merges) — the basis of the engine's bit-identical results.
 */

const SCALE = 2 ** 149;
const SCALE_BIG = 1n << 149n;

/** An exact sum of float32 values, with a flag for non-finite addends (f32 overflow in a tile partial). */
export interface ExactSum {
  /** Σ v · 2^149 as an integer. */
  scaled: bigint;
  /** True once a non-finite value was added. */
  overflow: boolean;
}

/** An empty exact sum. */
export function exactZero(): ExactSum {
  return { scaled: 0n, overflow: false };
}

/** Adds float32 value `v` (a JS number holding an f32) to `s` in place. */
export function exactAdd(s: ExactSum, v: number): void {
  if (!Number.isFinite(v)) s.overflow = true;
  else if (v !== 0) s.scaled += BigInt(v * SCALE);
}

/** Adds exact sum `b` into `a` in place. */
export function exactMerge(a: ExactSum, b: ExactSum): void {
  a.scaled += b.scaled;
  a.overflow ||= b.overflow;
}

/** The sum rounded to float64 (NaN after an overflow). */
export function exactValue(s: ExactSum): number {
  if (s.overflow) return Number.NaN;
  // Split so that neither part overflows a double: value = q + r / 2^149 with |r| < 2^149.
  const q = s.scaled / SCALE_BIG;
  const r = s.scaled - q * SCALE_BIG;
  return Number(q) + Number(r) / SCALE;
}

/** A JSON-safe form: the scaled integer in decimal, or "overflow". */
export function exactToJson(s: ExactSum): string {
  return s.overflow ? 'overflow' : s.scaled.toString();
}

/** Reads {@link exactToJson}'s form. */
export function exactFromJson(v: string): ExactSum {
  if (v === 'overflow') return { scaled: 0n, overflow: true };
  if (!/^-?\d+$/.test(v)) throw new RangeError(`not an exact sum: "${v}"`);
  return { scaled: BigInt(v), overflow: false };
}
