/**
 * The experiment contract: one claim of the SGD-as-SDE theory, measured on a particle ensemble and reduced to a
 * theory value, an estimate with its uncertainty and a verdict, plus the figures and table rows a report shows.
 */
import type { GpuContext } from '../gpu/device.js';

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

/** One sub-claim of an experiment (e.g. one scheme on one model), with its own verdict. */
export interface Check {
  name: string;
  theory: number;
  estimate: number;
  se: number | null;
  ci: [number, number];
  tolerance: number;
  verdict: Verdict;
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

/** Options of one run. */
export interface RunOptions {
  particles: number;
  seed: number;
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
  /** Set when the experiment cannot run in this build: what it needs ("needs the engine's α-stable scheme"). */
  unavailable?: string;
  run(ctx: GpuContext, options: RunOptions): Promise<ExperimentOutcome>;
}
