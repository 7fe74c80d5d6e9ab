/**
 * Verdicts from an estimate's uncertainty. A claim "estimate = theory within ±tolerance" is
 * - `fail` when even the far end of the confidence interval is outside the band: |estimate − theory| > tolerance + h,
 * - `unresolved` when the interval is wider than the band (h > tolerance > 0): the data cannot decide,
 * - `pass` otherwise (the interval overlaps the band and is no wider than it),
 * where h is the interval's half-width. With tolerance 0 the check is a plain z-test: pass iff |estimate − theory| ≤ h.
 */
import type { Verdict } from './types.js';

/** Two-sided normal quantiles for the confidence levels the suite uses. */
const Z: Record<string, number> = {
  '0.9': 1.6448536269514722,
  '0.95': 1.959963984540054,
  '0.99': 2.5758293035489004,
};

/** z such that P(|N(0,1)| ≤ z) = level, for level 0.9, 0.95 or 0.99. */
export function normalQuantileTwoSided(level: number): number {
  const z = Z[String(level)];
  if (z === undefined) throw new RangeError(`confidence level must be 0.9, 0.95 or 0.99, got ${level}`);
  return z;
}

/** Input of {@link intervalVerdict}: either a standard error (normal interval) or an explicit interval. */
export interface VerdictInput {
  theory: number;
  estimate: number;
  se?: number | null;
  ci?: [number, number];
  level: number;
  tolerance: number;
  /** Particles behind the estimate; used to say how many would resolve an unresolved claim (error ∝ 1/√N). */
  particles: number;
}

/** A verdict with its interval, its reason in words, and the particle count an unresolved claim needs. */
export interface VerdictOutput {
  verdict: Verdict;
  ci: [number, number];
  reason: string;
  particlesNeeded?: number;
}

const fmt = (v: number) => (Math.abs(v) >= 1e-3 || v === 0 ? v.toPrecision(4) : v.toExponential(3));

/** Applies the rule described in this module's header. */
export function intervalVerdict(v: VerdictInput): VerdictOutput {
  const z = normalQuantileTwoSided(v.level);
  let ci: [number, number];
  if (v.ci) ci = v.ci;
  else if (v.se != null && Number.isFinite(v.se)) ci = [v.estimate - z * v.se, v.estimate + z * v.se];
  else throw new RangeError('a verdict needs a standard error or a confidence interval');
  const half = Math.max(v.estimate - ci[0], ci[1] - v.estimate);
  const off = Math.abs(v.estimate - v.theory);
  const pct = `${Math.round(v.level * 100)}%`;
  if (!Number.isFinite(v.estimate) || !Number.isFinite(half)) {
    return { verdict: 'unresolved', ci, reason: 'the estimate is not finite' };
  }
  if (off > v.tolerance + half) {
    return {
      verdict: 'fail',
      ci,
      reason: `theory ${fmt(v.theory)} is outside the ${pct} interval widened by the tolerance ±${fmt(v.tolerance)}`,
    };
  }
  if (v.tolerance > 0 && half > v.tolerance) {
    // Half-widths scale as 1/√N: N·(h/tol)² particles bring the interval inside the band (10% margin).
    const particlesNeeded = Math.ceil(1.1 * v.particles * (half / v.tolerance) ** 2);
    return {
      verdict: 'unresolved',
      ci,
      particlesNeeded,
      reason: `the ${pct} interval (±${fmt(half)}) is wider than the tolerance ±${fmt(v.tolerance)}; about ${particlesNeeded} particles would resolve it`,
    };
  }
  return {
    verdict: 'pass',
    ci,
    reason:
      v.tolerance > 0
        ? `the ${pct} interval overlaps theory ± ${fmt(v.tolerance)}`
        : `theory is inside the ${pct} interval`,
  };
}

/** Combines verdicts of sub-claims: any fail fails, else any unresolved is unresolved, else pass. */
export function combineVerdicts(vs: Verdict[]): Verdict {
  if (vs.includes('fail')) return 'fail';
  if (vs.includes('unresolved')) return 'unresolved';
  return 'pass';
}
