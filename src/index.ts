/**
 * sgd-sde: particle ensembles of SGD and of its stochastic differential equation on WebGPU. The same API runs in
 * browsers (navigator.gpu) and in Node.js (Dawn).
 */

export type { SnapshotStats } from './engine/accumulate.js';
export { createEnsembleChunk, type EnsembleChunk, TILE } from './engine/chunk.js';
export { mergeResults } from './engine/merge.js';

export { BUILTIN_MODELS, MAX_DIM, type ResolvedModel, resolveModel } from './engine/models.js';

export {
  type EnsembleCheckpoint,
  EnsembleInterruptedError,
  type EnsembleResult,
  type RunOptions,
  type RunProgress,
  runEnsemble,
  shardRange,
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
export { EXPERIMENTS, findExperiment } from './experiments/registry.js';
export { type ReportFile, reportFiles, reportHtml } from './experiments/report.js';
export { LIBRARY_VERSION, runExperiment, validateRunOptions } from './experiments/run.js';
export { measureSgdVsSde, SGD_SDE_SETUP, type SgdSdeProblem } from './experiments/sgd-vs-sde.js';
export { tiltedDoubleWellDataset } from './experiments/stationary.js';
export { renderSvg } from './experiments/svg.js';
export {
  type Check,
  type CheckKind,
  DEFAULT_FAMILY_WISE_ALPHA,
  type Experiment,
  type ExperimentOutcome,
  type ExperimentResult,
  type Figure,
  type Mutation,
  type Row,
  type RunOptions as ExperimentRunOptions,
  type Series,
  type Verdict,
} from './experiments/types.js';
export {
  applyFamilyWise,
  bonferroniAlpha,
  combineVerdicts,
  intervalVerdict,
  oneSidedCheck,
  pointCheck,
} from './experiments/verdict.js';
export { createBuffer, readBuffer, seedWords, workgroupGrid } from './gpu/buffers.js';
export {
  createGpuContext,
  type GpuContext,
  type GpuContextOptions,
  OPTIONAL_FEATURES,
} from './gpu/device.js';
export { isCpuBackedDevice } from './gpu/device-class.js';
export { DeviceLostError, GpuError, WgslCompileError, withErrorScope } from './gpu/errors.js';
export { getComputePipeline, type KernelSpec } from './gpu/pipelines.js';
export { createShaderModuleFromFile } from './gpu/shader-module.js';
export {
  type ComposedShader,
  composeShader,
  ShaderCompositionError,
  type ShaderDefines,
  shaderSources,
} from './gpu/shader-source.js';
export {
  OU1D_GENERATORS,
  type Ou1dGenerator,
  type Ou1dOptions,
  type Ou1dResult,
  runOu1d,
  validateOu1dOptions,
} from './ou/ou1d.js';
export { type ExactSum, exactAdd, exactValue, exactZero } from './reduce/exact-sum.js';
export {
  type HistogramCounts,
  type HistogramPass,
  histogramSlots,
  MAX_HISTOGRAM_BINS,
  makeHistogramPass,
  reduceHistogram,
} from './reduce/histogram.js';
export type { ReductionOptions } from './reduce/moments.js';
export { reduceMoments, reducePowerSums } from './reduce/moments.js';
// live SGD ensembles and pair histograms (demo panel 2)
export {
  createPairHistogram,
  MAX_PAIR_HISTOGRAM_CELLS,
  type PairHistogram,
  type PairHistogramCounts,
  type PairLayout,
} from './reduce/pair-histogram.js';
export {
  bernoulli,
  cellCenters,
  createFokkerPlanck1d,
  createFokkerPlanck2d,
  type FokkerPlanck1d,
  type FokkerPlanck1dProblem,
  type FokkerPlanck2d,
  type FokkerPlanck2dProblem,
  type FokkerPlanckSolution,
  type Grid1d,
  type Grid2d,
  type InitialDensity1d,
  type InitialDensity2d,
  type SolveOptions,
  solveFokkerPlanck1d,
  type TimeScheme,
  validateGrid1d,
} from './reference/fokker-planck.js';
export { type Gibbs1d, type Gibbs2d, gibbs1d, gibbs2d, NotNormalisableError } from './reference/gibbs.js';
export {
  type KramersOptions,
  kramersRate,
  type MfptOptions,
  meanFirstPassageTime,
} from './reference/kramers.js';
export { choleskyPsd, choleskyPsdRows, expm, type Matrix } from './reference/linalg.js';
export { lyapunovContinuous, lyapunovDiscrete } from './reference/lyapunov.js';
export {
  type OuProcess,
  ouEulerChain,
  ouStationary,
  ouTransition,
} from './reference/ou.js';
export {
  DivergentIntegralError,
  integrate,
  integrateHalfLine,
  integrateLine,
  type QuadratureOptions,
} from './reference/quadrature.js';
export { type FillVariatesOptions, makeFillVariates } from './rng/fill.js';
export {
  createRngGenerator,
  isFloatKind,
  maxSequenceLength,
  RNG_KINDS,
  type RngGenerator,
  type RngGeneratorOptions,
  type RngKind,
  type RngSequenceOptions,
  referenceSequence,
  validateRngSequenceOptions,
} from './rng/generate.js';
export { lowbias32, permutationKey, permuteIndex } from './rng/permutation.js';
export { boxMuller, mulhi32, philox4x32, philox4x32_10Into, uniformOpen01 } from './rng/philox.js';
export { stable2, stableCms, validateStableParameters } from './rng/stable.js';
export { RngStream, rngStreamStep, uniformIndex } from './rng/stream.js';
export { RNG_STREAM } from './rng/streams.js';
export { SKEIN_KS_PARITY32, THREEFRY4X32_ROTATIONS, threefry4x32 } from './rng/threefry.js';
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
  parseNumericCsv,
} from './sgd/datasets.js';
export {
  type EnsembleResult as SgdEnsembleResult,
  MAX_PER_STEP_DIM,
  type NoiseMode,
  runSde,
  runSgd,
  SAMPLINGS,
  type Sampling,
  type SdeOptions,
  type SgdOptions,
  validateSdeOptions,
  validateSgdOptions,
} from './sgd/ensemble.js';
export { type EnsembleMoments, reduceEnsembleLoss, reduceEnsembleMoments } from './sgd/ensemble-stats.js';
export { createGpuDataset, type GpuDataset, type LossSnippet, lossConfig } from './sgd/gpu-dataset.js';
export { createSgdEnsemble, type LiveSdeOptions, type LiveSgdOptions, type SgdEnsemble } from './sgd/live.js';
export { sdeStationaryCovariance, sgdStationaryCovariance } from './sgd/lyapunov.js';
export { type ProbePoint, probeDataset } from './sgd/probe.js';
export {
  packStepParams,
  type SdeKernelConfig,
  type SgdKernelConfig,
  type StepParams,
  sdeStepPipeline,
  sgdStepPipeline,
} from './sgd/step-kernels.js';
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
  gaussianCdf,
  type Histogram,
  type HistogramFit,
} from './stats/histogram-test.js';
export {
  type KsResult,
  kolmogorovSurvival,
  ksPValue,
  ksTest,
  ksTestSorted,
  sortFloat32,
} from './stats/ks.js';
export {
  type Comparison,
  compareWithin,
  type MomentTest,
  momentsFromPowerSums,
  momentTest,
  type SampleMoments,
} from './stats/moments.js';
export { ouEulerChainLaw, ouEulerStationaryVariance, ouLaw } from './stats/ou-exact.js';
export { ouEulerChainLawNd, ouLawNd } from './stats/ou-matrix.js';
export { normalStream, uniformStream } from './stats/sampling.js';
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
export {
  type CoupledEulerOptions,
  type CoupledEulerResult,
  measureWeakOrder,
  type Observable,
  runCoupledEuler,
  type ScalarModel,
  validateCoupledEulerOptions,
  type WeakOrderMeasurement,
  type WeakOrderOptions,
} from './weak/coupled.js';
