/**
 * Verdicts from an estimate's uncertainty. Three kinds of claim (`CheckKind`):
 * - point claims (an exact law or exact chain): a two-sided z-test, at a per-check level `alpha` that shares the
 *   run's family-wise level among all point checks of the run (Bonferroni, {@link applyFamilyWise});
 * - one-sided claims (`estimate < bound`): the 99% interval lies on the claimed side (pass), entirely on the other
 *   (fail), or straddles the bound (unresolved);
 * - equivalence claims, described next.
 *
 * An equivalence test: A claim "estimate = theory within ±tolerance",
 * with [lo, hi] the confidence interval at the stated level (99% unless stated), is
 * - `pass` when the whole interval lies inside the band: theory − tolerance ≤ lo and hi ≤ theory + tolerance
 *   (so the point estimate is inside too, and the interval is no wider than the band allows),
 * - `fail` when the whole interval lies outside the band (either side),
 * - `unresolved` otherwise (the interval straddles an edge of the band): the data cannot decide; the result says
 *   how many particles would shrink the interval (∝ 1/√N) to the distance from the estimate to the nearer edge.
 * With tolerance 0 (a point claim, e.g. an exact law) the check is a two-sided z-test: pass iff theory ∈ interval.
 * The tolerance is the claim's own accuracy (e.g. a fitted weak order is p only as h → 0), never the measured
 * spread.
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import {
  type Check,
  DEFAULT_FAMILY_WISE_ALPHA,
  type ExperimentOutcome,
  type ExperimentResult,
  type Verdict,
} from './types.js';

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
  const band = `theory ± ${fmt(v.tolerance)} = [${fmt(v.theory - v.tolerance)}, ${fmt(v.theory + v.tolerance)}]`;
  const [lo, hi] = ci;
  const bandLo = v.theory - v.tolerance;
  const bandHi = v.theory + v.tolerance;
  if (v.tolerance === 0) {
    // A point claim: a two-sided z-test at the interval's level.
    return lo <= v.theory && v.theory <= hi
      ? { verdict: 'pass', ci, reason: `theory is inside the ${pct} interval` }
      : { verdict: 'fail', ci, reason: `theory is outside the ${pct} interval` };
  }
  if (bandLo <= lo && hi <= bandHi) {
    return { verdict: 'pass', ci, reason: `the ${pct} interval lies inside ${band}` };
  }
  if (hi < bandLo || lo > bandHi) {
    return { verdict: 'fail', ci, reason: `the ${pct} interval lies entirely outside ${band}` };
  }
  const inside = v.tolerance - off;
  // Half-widths scale as 1/√N: N·(h/d)² particles shrink the interval to the distance d from the estimate to the
  // nearer band edge (inside when the estimate is in the band, outside when it is not), with a 10% margin.
  const d = Math.abs(inside);
  const particlesNeeded = d > 0 ? Math.ceil(1.1 * v.particles * (half / d) ** 2) : Number.POSITIVE_INFINITY;
  const where = inside > 0 ? 'inside' : 'outside';
  return {
    verdict: 'unresolved',
    ci,
    ...(Number.isFinite(particlesNeeded) ? { particlesNeeded } : {}),
    reason:
      `the ${pct} interval (±${fmt(half)}) straddles an edge of ${band} (estimate ${where} the band)` +
      (Number.isFinite(particlesNeeded)
        ? `; about ${particlesNeeded} particles would resolve it (if the estimate stays where it is)`
        : '; the estimate sits on the edge of the band'),
  };
}

/** Combines verdicts of sub-claims: any fail fails, else any unresolved is unresolved, else pass. */
export function combineVerdicts(vs: Verdict[]): Verdict {
  if (vs.includes('fail')) return 'fail';
  if (vs.includes('unresolved')) return 'unresolved';
  return 'pass';
}

/**
 * The headline fields of an experiment's outcome: the head check's numbers (`checks[0]`), the verdict combining
 * every check, and its reason — `passReason` when every check passes, else each check that did not pass
 * (`name: verdict`, joined by '; ') followed by `failSuffix(verdict)`.
 */
export function headline(
  checks: Check[],
  passReason: string,
  o: { reasonSuffix?: Partial<Record<Verdict, string>> } = {},
) {
  const head = checks[0];
  if (!head) throw new RangeError('an experiment needs at least one check');
  const verdict = combineVerdicts(checks.map((c) => c.verdict));
  return {
    theory: head.theory,
    estimate: head.estimate,
    se: head.se,
    ci: head.ci,
    ciLevel: head.ciLevel,
    tolerance: head.tolerance,
    verdict,
    verdictReason: verdictReason(checks, verdict, passReason, o.reasonSuffix),
    passReason,
    ...(o.reasonSuffix ? { reasonSuffix: o.reasonSuffix } : {}),
  };
}

function verdictReason(
  checks: Check[],
  verdict: Verdict,
  passReason: string,
  suffix: Partial<Record<Verdict, string>> = {},
): string {
  if (verdict === 'pass') return passReason;
  return (
    checks
      .filter((c) => c.verdict !== 'pass')
      .map((c) => `${c.name}: ${c.verdict}`)
      .join('; ') + (suffix[verdict] ?? '')
  );
}

/** z₀.₉₉: the one-sided normal quantile that sets the power of {@link Check.detectable}. */
const Z_POWER = normalQuantile(0.99, 0, 1);

/** The per-check two-sided level when `familyWiseAlpha` is shared among `m` point checks (Bonferroni). */
export function bonferroniAlpha(familyWiseAlpha: number, m: number): number {
  if (!(familyWiseAlpha > 0 && familyWiseAlpha < 1)) {
    throw new RangeError(`familyWiseAlpha must be in (0, 1), got ${familyWiseAlpha}`);
  }
  return familyWiseAlpha / Math.max(1, m);
}

/**
 * A point claim `estimate = theory` tested by a two-sided z-test at level `alpha` (a provisional level: the run
 * sets every point check's level from its family-wise level, {@link applyFamilyWise}). Also states its power:
 * the shift it detects with probability 0.99.
 */
export function pointCheck(
  name: string,
  theory: number,
  estimate: number,
  se: number,
  alpha: number = DEFAULT_FAMILY_WISE_ALPHA,
): Check {
  const zc = normalQuantile(1 - alpha / 2, 0, 1);
  const ci: [number, number] = [estimate - zc * se, estimate + zc * se];
  const finite = Number.isFinite(estimate) && Number.isFinite(se) && se >= 0;
  const absolute = (zc + Z_POWER) * se;
  return {
    name,
    kind: 'point',
    theory,
    estimate,
    se,
    ci,
    ciLevel: 1 - alpha,
    tolerance: 0,
    verdict: !finite ? 'unresolved' : ci[0] <= theory && theory <= ci[1] ? 'pass' : 'fail',
    alpha,
    z: se > 0 ? (estimate - theory) / se : estimate === theory ? 0 : Number.POSITIVE_INFINITY,
    detectable: theory !== 0 ? absolute / Math.abs(theory) : null,
    detectableAbsolute: absolute,
  };
}

/**
 * A one-sided claim `estimate < bound` (`below`) or `> bound` (`above`) from the estimate's 99% interval: pass
 * when the interval lies strictly on the claimed side, fail when it lies on the other side (the bound included),
 * unresolved when it straddles the bound. `theory` is the exact value when one is known (else the bound).
 */
export function oneSidedCheck(
  name: string,
  c: { estimate: number; se: number; side: 'below' | 'above'; bound: number; theory?: number },
): Check {
  const z = normalQuantileTwoSided(0.99);
  const ci: [number, number] = [c.estimate - z * c.se, c.estimate + z * c.se];
  const [claimed, other] =
    c.side === 'below' ? [ci[1] < c.bound, ci[0] >= c.bound] : [ci[0] > c.bound, ci[1] <= c.bound];
  return {
    name,
    kind: 'one-sided',
    theory: c.theory ?? c.bound,
    estimate: c.estimate,
    se: c.se,
    ci,
    ciLevel: 0.99,
    tolerance: 0,
    verdict: !Number.isFinite(c.estimate + c.se)
      ? 'unresolved'
      : claimed
        ? 'pass'
        : other
          ? 'fail'
          : 'unresolved',
    side: c.side,
    bound: c.bound,
  };
}

/** The point checks of a set of outcomes (one run's family). */
export function countPointChecks(outcomes: readonly Pick<ExperimentOutcome, 'checks'>[]): number {
  return outcomes.reduce((n, r) => n + r.checks.filter((c) => c.kind === 'point').length, 0);
}

/**
 * Controls the family-wise error of one run: every point check of `outcomes` is re-tested at
 * alpha = familyWiseAlpha / (number of point checks) (Bonferroni), so that a correct engine fails any of them with
 * probability at most `familyWiseAlpha`; each outcome's verdict, reason and headline interval follow. Equivalence
 * and one-sided checks keep their rule. Returns new objects; the inputs are not changed.
 * @param outcomes - every outcome of the run (one experiment, or every experiment and seed of a suite)
 * @param familyWiseAlpha - the run's family-wise level (default 0.005)
 * @returns the outcomes re-decided, each with `familyWiseAlpha` and `pointChecks` (the family's size)
 * @throws RangeError when familyWiseAlpha is not in (0, 1)
 */
export function applyFamilyWise<T extends ExperimentOutcome>(
  outcomes: readonly T[],
  familyWiseAlpha: number = DEFAULT_FAMILY_WISE_ALPHA,
): (T & Pick<ExperimentResult, 'familyWiseAlpha' | 'pointChecks'>)[] {
  const m = countPointChecks(outcomes);
  const alpha = bonferroniAlpha(familyWiseAlpha, m);
  return outcomes.map((r) => {
    const checks = r.checks.map((c) =>
      c.kind === 'point' && c.se !== null ? pointCheck(c.name, c.theory, c.estimate, c.se, alpha) : c,
    );
    const verdict = combineVerdicts(checks.map((c) => c.verdict));
    const head = checks[0]!;
    return {
      ...r,
      ci: head.ci,
      ciLevel: head.ciLevel,
      verdict,
      verdictReason: verdictReason(checks, verdict, r.passReason, r.reasonSuffix),
      checks,
      familyWiseAlpha,
      pointChecks: m,
    };
  });
}
