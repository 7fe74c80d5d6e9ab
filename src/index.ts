/// <reference types="@webgpu/types" preserve="true" />
/**
 * sgd-sde: particle ensembles of SGD and of its stochastic differential equation on WebGPU, checked against exact
 * laws. The same API runs in browsers (`navigator.gpu`) and in Node.js (Dawn, through the Node entry that
 * `sgd-sde` resolves to under Node). This entry uses no Node built-in, so a browser bundler takes it as is.
 * Building blocks without a stability promise are in `sgd-sde/internal`.
 *
 * @packageDocumentation
 */

// SDE ensembles: specs, runEnsemble, checkpoints and shards
export type { SnapshotStats } from './engine/accumulate.js';
export { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, CheckpointError } from './engine/checkpoint.js';
export { mergeResults } from './engine/merge.js';
export { BUILTIN_MODELS, MAX_DIM, type ResolvedModel } from './engine/models.js';
export {
  type EnsembleCheckpoint,
  EnsembleInterruptedError,
  type EnsembleResult,
  type RunOptions,
  type RunProgress,
  runEnsemble,
} from './engine/run.js';
export {
  type HistogramSpec,
  type InitSpec,
  type ModelSpec,
  type NoiseKind,
  type OutputSpec,
  type ResolvedSpec,
  resolveSpec,
  type SchemeName,
  type SimulationSpec,
  SpecError,
} from './engine/spec.js';

// Experiments: the claims of the SGD-as-SDE theory, run and reported
export { EXPERIMENTS, findExperiment } from './experiments/registry.js';
export { type ReportFile, reportFiles, reportHtml } from './experiments/report.js';
export { LIBRARY_VERSION, runExperiment } from './experiments/run.js';
export {
  measureSgdVsSde,
  SGD_SDE_SETUP,
  type SgdSdeErrors,
  type SgdSdeLimit,
  type SgdSdeProblem,
} from './experiments/sgd-vs-sde.js';
export {
  type Check,
  type CheckKind,
  DEFAULT_FAMILY_WISE_ALPHA,
  type Experiment,
  type ExperimentOutcome,
  type ExperimentResult,
  type ExperimentSettings,
  type Figure,
  type Mutation,
  type Row,
  type RunOptions as ExperimentRunOptions,
  type Series,
  type Verdict,
} from './experiments/types.js';
export { applyFamilyWise } from './experiments/verdict.js';

// GPU contexts and errors
export {
  createGpuContext,
  type GpuContext,
  type GpuContextOptions,
  OPTIONAL_FEATURES,
} from './gpu/device.js';
export { isCpuBackedDevice } from './gpu/device-class.js';
export { DeviceLostError, GpuError, WgslCompileError } from './gpu/errors.js';
export { ShaderCompositionError } from './gpu/shader-source.js';

// The 1-D Ornstein-Uhlenbeck ensemble
export {
  OU1D_GENERATORS,
  type Ou1dGenerator,
  type Ou1dOptions,
  type Ou1dResult,
  runOu1d,
} from './ou/ou1d.js';

// GPU reductions: moments, histograms, pair histograms
export {
  type HistogramAxis,
  type HistogramCounts,
  type HistogramLayout,
  type HistogramPass,
  MAX_HISTOGRAM_BINS,
  makeHistogramPass,
  reduceHistogram,
} from './reduce/histogram.js';
export { type ReductionOptions, reduceMoments, reducePowerSums } from './reduce/moments.js';
export {
  createPairHistogram,
  MAX_PAIR_HISTOGRAM_CELLS,
  type PairHistogram,
  type PairHistogramCounts,
  type PairLayout,
} from './reduce/pair-histogram.js';

// Reference laws: Fokker-Planck, Gibbs, Kramers, Lyapunov, OU
export {
  createFokkerPlanck1d,
  createFokkerPlanck2d,
  type FieldDrift1d,
  type FokkerPlanck1d,
  type FokkerPlanck1dProblem,
  type FokkerPlanck2d,
  type FokkerPlanck2dProblem,
  type FokkerPlanckSolution,
  type Grid1d,
  type Grid2d,
  type InitialDensity1d,
  type InitialDensity2d,
  type PotentialDrift1d,
  type SolveOptions,
  solveFokkerPlanck1d,
  type TimeScheme,
} from './reference/fokker-planck.js';
export { type Gibbs1d, type Gibbs2d, gibbs1d, gibbs2d, NotNormalisableError } from './reference/gibbs.js';
export {
  type KramersOptions,
  kramersRate,
  type MfptOptions,
  meanFirstPassageTime,
} from './reference/kramers.js';
export type { Matrix } from './reference/linalg.js';
export { lyapunovContinuous, lyapunovDiscrete } from './reference/lyapunov.js';
export { type OuProcess, ouEulerChain, ouStationary, ouTransition } from './reference/ou.js';
export {
  DivergentIntegralError,
  type QuadratureOptions,
} from './reference/quadrature.js';

// Random numbers on the GPU
export {
  createRngGenerator,
  RNG_KINDS,
  type RngGenerator,
  type RngGeneratorOptions,
  type RngKind,
  type RngSequenceOptions,
  referenceSequence,
} from './rng/generate.js';

// SGD problems: datasets, SGD and SDE particle ensembles, their stationary laws
export {
  type Dataset,
  DatasetError,
  datasetFromArrays,
  datasetFromCsv,
  type LossName,
  MAX_DIM as SGD_MAX_DIM,
  MAX_EXAMPLES,
  makeLinregDataset,
  makeLogregDataset,
  makeNonconvex2dDataset,
  makeProblem,
  makeQuadraticDataset,
  PROBLEMS,
  type ProblemName,
  type QuadraticOptions,
  type RegressionOptions,
} from './sgd/datasets.js';
export {
  type EnsembleCommonOptions,
  type EnsembleResult as SgdEnsembleResult,
  type NoiseMode,
  runSde,
  runSgd,
  SAMPLINGS,
  type Sampling,
  type SdeOptions,
  type SgdOptions,
} from './sgd/ensemble.js';
export { type EnsembleMoments, reduceEnsembleLoss, reduceEnsembleMoments } from './sgd/ensemble-stats.js';
export { createGpuDataset, type GpuDataset, type LossConfig, type LossSnippet } from './sgd/gpu-dataset.js';
export { createSgdEnsemble, type LiveSdeOptions, type LiveSgdOptions, type SgdEnsemble } from './sgd/live.js';
export { sdeStationaryCovariance, sgdStationaryCovariance } from './sgd/lyapunov.js';

// Statistics: tests, distances, exact OU laws, weak-error fits
export { type ChiSquareResult, chiSquareTest } from './stats/chi-square.js';
export {
  type DistanceEstimate,
  type HistogramDistances,
  hellinger,
  histogramDistances,
  totalVariation,
} from './stats/distances.js';
export type { GaussianLaw, GaussianLawNd } from './stats/gaussian.js';
export {
  cellProbabilities,
  fitHistogram,
  type Histogram,
  type HistogramFit,
} from './stats/histogram-test.js';
export { type KsResult, kolmogorovSurvival, ksPValue, ksTest, ksTestSorted } from './stats/ks.js';
export {
  type Comparison,
  compareWithin,
  type MomentTest,
  momentsFromPowerSums,
  momentTest,
  type PowerSums,
  type SampleMoments,
} from './stats/moments.js';
export { ouEulerChainLaw, ouEulerStationaryVariance, ouLaw } from './stats/ou-exact.js';
export {
  type OuMatrixParams,
  ouEulerChainLawNd,
  ouLawNd,
} from './stats/ou-matrix.js';
export { TV_ALPHA, type TvBound, tvBound } from './stats/tv-bound.js';
export {
  type Estimate,
  estimateMean,
  fitPowerLaw,
  fitWeakOrder,
  type OrderFit,
  type PowerLawFit,
  type WeakErrorPoint,
  type WeakOrderFit,
} from './stats/weak-error.js';

// Convergence studies: weak order from coupled Euler chains
export {
  type CoupledEulerOptions,
  type CoupledEulerResult,
  measureWeakOrder,
  type Observable,
  runCoupledEuler,
  type ScalarModel,
  type WeakOrderMeasurement,
  type WeakOrderOptions,
} from './weak/coupled.js';
