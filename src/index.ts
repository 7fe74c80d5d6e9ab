/**
 * sgd-sde: particle ensembles of SGD and of its stochastic differential equation on WebGPU. The same API runs in
 * browsers (navigator.gpu) and in Node.js (Dawn).
 */
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
export { type HistogramCounts, MAX_HISTOGRAM_BINS, reduceHistogram } from './reduce/histogram.js';
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
export { fitHistogram, gaussianCdf, type Histogram, type HistogramFit } from './stats/histogram-test.js';
export { type Comparison, compareWithin, momentsFromPowerSums, type SampleMoments } from './stats/moments.js';
export { type GaussianLaw, ouEulerChainLaw, ouEulerStationaryVariance, ouLaw } from './stats/ou-exact.js';
