/**
 * The experiment contract: one claim of the SGD-as-SDE theory, measured on a particle ensemble and reduced to a
 * theory value, an estimate with its uncertainty and a verdict, plus the figures and table rows a report shows.
 */
import type { GpuContext } from '../gpu/device.js';

/**
 * Family-wise level of one run's point checks: a correct engine gets any `fail` from them with probability at
 * most 0.5% per `sgd-sde run` or `sgd-sde suite`.
 */
export const DEFAULT_FAMILY_WISE_ALPHA = 0.005;

/** `pass`: consistent with theory; `fail`: resolved and inconsistent; `unresolved`: the noise is too large. */
export type Verdict = 'pass' | 'fail' | 'unresolved';

/** One data series of a figure. `yErr` are symmetric error bars (same units as y). */
export interface Series {
  label: string;
  /** `points` with optional error bars, `line` (a polyline), `steps` (a histogram drawn as a step function). */
  style: 'points' | 'line' | 'steps';
  x: number[];
  y: number[];
  yErr?: number[];
}

/** A plot, rendered to inline SVG by the report writer. */
export interface Figure {
  /** File-name-safe id, unique within an experiment (`[a-z0-9-]+`). */
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  xScale: 'linear' | 'log';
  yScale: 'linear' | 'log';
  series: Series[];
}

/** One row of an experiment's detail table (column name → value). */
export type Row = Record<string, string | number | boolean | null>;

/**
 * What a check claims, and so what its verdict means:
 * - `point`: estimate = theory exactly (an exact law or an exact chain); a two-sided z-test at level `alpha`, the
 *   run's family-wise level shared among its point checks (Bonferroni). It can fail for a correct engine, at most
 *   with probability `alpha`.
 * - `equivalence`: estimate = theory within ±tolerance (the claim's own accuracy); pass when the whole interval lies
 *   inside the band, fail when it lies entirely outside, unresolved otherwise.
 * - `one-sided`: estimate < bound (`side` `below`) or > bound (`above`); pass when the whole interval lies on the
 *   claimed side, fail when it lies entirely on the other, unresolved otherwise.
 */
export type CheckKind = 'point' | 'equivalence' | 'one-sided';

/** One sub-claim of an experiment (e.g. one scheme on one model), with its own verdict. */
export interface Check {
  name: string;
  kind: CheckKind;
  /** The exact value (point, equivalence), or for a one-sided claim the exact value when one is known. */
  theory: number;
  estimate: number;
  se: number | null;
  /** Confidence interval at `ciLevel` (for a point check, the interval of its z-test: level 1 − alpha). */
  ci: [number, number];
  ciLevel: number;
  /** Half-width of the equivalence band; 0 for point and one-sided checks. */
  tolerance: number;
  verdict: Verdict;
  /** One-sided checks: the claimed side of `bound`. */
  side?: 'below' | 'above';
  bound?: number;
  /** Point checks: the two-sided level of the z-test (the run's family-wise level / its number of point checks). */
  alpha?: number;
  /** Point checks: (estimate − theory) / se. */
  z?: number;
  /**
   * Point checks: the smallest shift of the estimate from theory, relative to |theory|, that this check detects
   * with probability 0.99 at its level and standard error: (z₁₋α/₂ + z₀.₉₉)·se/|theory|; null when theory is 0
   * (then only `detectableAbsolute` is meaningful).
   */
  detectable?: number | null;
  /** Point checks: the same shift in the estimate's own units, (z₁₋α/₂ + z₀.₉₉)·se. */
  detectableAbsolute?: number;
}

/** The scientific part of a result, as an experiment's `run` returns it. */
export interface ExperimentOutcome {
  /** What `theory` and `estimate` measure, e.g. "weak order of Euler–Maruyama on OU (E X²)". */
  quantity: string;
  theory: number;
  estimate: number;
  /** Standard error of `estimate`, when it has one (a fitted slope does; a test statistic may not). */
  se: number | null;
  /** Confidence interval of `estimate` at `ciLevel`. */
  ci: [number, number];
  ciLevel: number;
  /** The band around theory that counts as agreement (e.g. ±0.15 for a weak order), 0 for a pure CI check. */
  tolerance: number;
  verdict: Verdict;
  /** One sentence saying why the verdict is what it is (and, when unresolved, how many particles would resolve it). */
  verdictReason: string;
  /** The sentence `verdictReason` is when every check passes. */
  passReason: string;
  /** Added to the list of checks that did not pass, per verdict (e.g. how many particles would resolve them). */
  reasonSuffix?: Partial<Record<Verdict, string>>;
  /** Particles needed to resolve the claim, when the verdict is `unresolved`. */
  particlesNeeded?: number;
  /** Sub-claims; the headline (theory, estimate, …) is one of them and `verdict` combines them all. */
  checks: Check[];
  /** The settings the run used (steps, step sizes, model parameters, …), for the record. */
  settings: Record<string, unknown>;
  figures: Figure[];
  rows: Row[];
}

/** A full result: the outcome plus the run's provenance. This is what `--json` prints. */
export interface ExperimentResult extends ExperimentOutcome {
  /**
   * The family-wise level of the point checks of the run this result belongs to (one `run`, or one whole `suite`):
   * the probability that a correct engine fails any of them is at most this (Bonferroni).
   */
  familyWiseAlpha: number;
  /** How many point checks share `familyWiseAlpha` (each check's `alpha` is familyWiseAlpha / pointChecks). */
  pointChecks: number;
  experiment: string;
  claim: string;
  reference: string;
  /** Particles per ensemble (the N the uncertainty comes from). */
  n: number;
  seed: number;
  adapter: string;
  backend: string;
  /** Wall-clock seconds of `run`, compilation included. */
  seconds: number;
  /** sgd-sde library version. */
  version: string;
}

/**
 * A deliberate defect in the simulated particles (never in the theory they are compared with), for power tests:
 * a run with a mutation must fail the check the defect breaks. An experiment lists the ones it honours in
 * `Experiment.mutations`; asking for another is an error.
 */
export interface Mutation {
  /** The SGD step size of the simulated particles is η × this. */
  lrFactor?: number;
  /** The simulated mini-batch is B + this. */
  batchDelta?: number;
  /** Particles claimed to sample with replacement sample without replacement (a fresh permutation per epoch). */
  withoutReplacement?: boolean;
}

/** Options of one run. */
export interface RunOptions {
  particles: number;
  seed: number;
  /** Family-wise level of the run's point checks (default {@link DEFAULT_FAMILY_WISE_ALPHA}). */
  familyWiseAlpha?: number;
  /** A defect to inject (power tests); see {@link Mutation}. */
  mutation?: Mutation;
  /** Called with the completed fraction in [0, 1] and an optional note about the current stage. */
  onProgress?: (fraction: number, note?: string) => void;
}

/** Particle count and anything else an experiment sizes by (the quick setting is what tests use). */
export interface ExperimentSettings {
  particles: number;
}

/** One experiment of the suite. */
export interface Experiment {
  /** CLI name, e.g. `weak-order`. */
  name: string;
  /** The claim, in one sentence. */
  claim: string;
  /** The paper(s) the claim comes from. */
  reference: string;
  /** How the measurement is made, in a few sentences (for the report and docs). */
  method: string;
  /** Settings of `sgd-sde run <name>` and of the suite (sized for ~2 minutes in total on SwiftShader). */
  defaults: ExperimentSettings;
  /** Smaller settings for tests. */
  quick: ExperimentSettings;
  /**
   * Why the experiment is left out of the default `suite` selection (too slow for its ~2-minute budget); it still
   * runs with `sgd-sde run <name>` or `suite --only <name>`.
   */
  notInSuite?: string;
  /** The {@link Mutation} fields this experiment applies to its particles. */
  mutations?: readonly (keyof Mutation)[];
  run(ctx: GpuContext, options: RunOptions): Promise<ExperimentOutcome>;
}
