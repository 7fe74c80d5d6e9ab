/**
 * sgd-sde: particle ensembles of SGD and of its stochastic differential equation on WebGPU. The same API runs in
 * browsers (navigator.gpu) and in Node.js (Dawn).
 */

export type { SnapshotStats } from './engine/accumulate.js';
export { createEnsembleChunk, type EnsembleChunk, TILE } from './engine/chunk.js';
export { mergeResults } from './engine/merge.js';
// engine
// (engine and sgd both export MAX_DIM and EnsembleResult: the engine's are aliased here; the coordinator may prefer other names.)
export {
  BUILTIN_MODELS,
  MAX_DIM as ENGINE_MAX_DIM,
  type ResolvedModel,
  resolveModel,
} from './engine/models.js';
export {
  type EnsembleCheckpoint,
  EnsembleInterruptedError,
  type EnsembleResult as EngineEnsembleResult,
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
// experiments
export { EXPERIMENTS, findExperiment } from './experiments/registry.js';
export { type ReportFile, reportFiles, reportHtml } from './experiments/report.js';
export { LIBRARY_VERSION, runExperiment, validateRunOptions } from './experiments/run.js';
export { renderSvg } from './experiments/svg.js';
export type {
  Check,
  Experiment,
  ExperimentOutcome,
  ExperimentResult,
  Figure,
  Row,
  RunOptions as ExperimentRunOptions,
  Series,
  Verdict,
} from './experiments/types.js';
export { combineVerdicts, intervalVerdict } from './experiments/verdict.js';
export { createBuffer, readBuffer, seedWords, workgroupGrid } from './gpu/buffers.js';
export {
  createGpuContext,
  type GpuContext,
  type GpuContextOptions,
  OPTIONAL_FEATURES,
} from './gpu/device.js';
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
export { type Ou1dOptions, type Ou1dResult, runOu1d, validateOu1dOptions } from './ou/ou1d.js';
export { type ExactSum, exactAdd, exactValue, exactZero } from './reduce/exact-sum.js';
export {
  type HistogramCounts,
  histogramSlots,
  MAX_HISTOGRAM_BINS,
  reduceHistogram,
} from './reduce/histogram.js';
export { reduceMoments, reducePowerSums } from './reduce/moments.js';
// rng
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
// sgd: mini-batch SGD particles on finite datasets and the SGD-SDE
export {
  type Dataset,
  DatasetError,
  datasetFromArrays,
  datasetFromCsv,
  type LossName,
  MAX_DIM,
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
  type EnsembleResult,
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
export {
  lyapunovContinuous,
  lyapunovDiscrete,
  sdeStationaryCovariance,
  sgdStationaryCovariance,
} from './sgd/lyapunov.js';
export { choleskyPsd, type ProbePoint, probeDataset } from './sgd/probe.js';
export { fitHistogram, gaussianCdf, type Histogram, type HistogramFit } from './stats/histogram-test.js';
export { cholesky, expm, ouTransition } from './stats/linalg.js';
export { type Comparison, compareWithin, momentsFromPowerSums, type SampleMoments } from './stats/moments.js';
export { type GaussianLaw, ouEulerChainLaw, ouEulerStationaryVariance, ouLaw } from './stats/ou-exact.js';
export { type GaussianLawNd, ouEulerChainLawNd, ouLawNd } from './stats/ou-matrix.js';
