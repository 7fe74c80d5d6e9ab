/// <reference types="@webgpu/types" preserve="true" />
/**
 * `sgd-sde/internal`: building blocks of the engine that the tests, benchmarks and demo use and that carry no
 * stability promise (GPU kernels and their parameter layouts, counter-based generators' word functions, chunk
 * state). Anything here may change in any release.
 *
 * @packageDocumentation
 */

// SDE ensembles: chunk state, model resolution, shard ranges
export { createEnsembleChunk, type EnsembleChunk, TILE } from './engine/chunk.js';
export { resolveModel } from './engine/models.js';
export { shardRange } from './engine/run.js';

// Experiments: verdict helpers, figures, datasets
export { validateRunOptions } from './experiments/run.js';
export { tiltedDoubleWellDataset } from './experiments/stationary.js';
export { renderSvg } from './experiments/svg.js';
export {
  bonferroniAlpha,
  combineVerdicts,
  intervalVerdict,
  oneSidedCheck,
  pointCheck,
} from './experiments/verdict.js';
export { createBuffer, readBuffer, seedWords, workgroupGrid } from './gpu/buffers.js';
// GPU buffers, pipelines, shader composition, and how Node finds an adapter
export { type NodeAdapterProvider, setNodeAdapterProvider } from './gpu/device.js';
export { withErrorScope } from './gpu/errors.js';
export { getComputePipeline, type KernelSpec } from './gpu/pipelines.js';
export { createShaderModuleFromFile } from './gpu/shader-module.js';
export {
  type ComposedShader,
  composeShader,
  type ShaderDefines,
  shaderSources,
} from './gpu/shader-source.js';

// The 1-D Ornstein-Uhlenbeck ensemble
export { validateOu1dOptions } from './ou/ou1d.js';

// GPU reductions: moments, histograms, pair histograms
export { type ExactSum, exactAdd, exactValue, exactZero } from './reduce/exact-sum.js';
export { histogramSlots } from './reduce/histogram.js';

// Reference laws: Fokker-Planck, Gibbs, Kramers, Lyapunov, OU
export { bernoulli, cellCenters, validateGrid1d } from './reference/fokker-planck.js';
export { choleskyPsd, choleskyPsdRows, expm } from './reference/linalg.js';
export { integrate, integrateHalfLine, integrateLine } from './reference/quadrature.js';

// Random numbers on the GPU
export { type FillVariatesOptions, makeFillVariates } from './rng/fill.js';
export { isFloatKind, maxSequenceLength, validateRngSequenceOptions } from './rng/generate.js';
export { lowbias32, permutationKey, permuteIndex } from './rng/permutation.js';
export { boxMuller, mulhi32, philox4x32, philox4x32_10Into, uniformOpen01 } from './rng/philox.js';
export { stable2, stableCms, validateStableParameters } from './rng/stable.js';
export { RngStream, rngStreamStep, uniformIndex } from './rng/stream.js';
export { RNG_STREAM } from './rng/streams.js';
export { SKEIN_KS_PARITY32, THREEFRY4X32_ROTATIONS, threefry4x32 } from './rng/threefry.js';

// SGD problems: datasets, SGD and SDE particle ensembles, their stationary laws
export { parseNumericCsv } from './sgd/datasets.js';
export { MAX_PER_STEP_DIM, validateSdeOptions, validateSgdOptions } from './sgd/ensemble.js';
export { lossConfig } from './sgd/gpu-dataset.js';
export { type ProbePoint, probeDataset } from './sgd/probe.js';
export {
  packStepParams,
  type SdeKernelConfig,
  type SgdKernelConfig,
  type StepParams,
  sdeStepPipeline,
  sgdStepPipeline,
} from './sgd/step-kernels.js';

// Statistics: tests, distances, exact OU laws, weak-error fits
export { gaussianCdf } from './stats/histogram-test.js';
export { sortFloat32 } from './stats/ks.js';
export { normalStream, uniformStream } from './stats/sampling.js';

// Convergence studies: weak order from coupled Euler chains
export { validateCoupledEulerOptions } from './weak/coupled.js';
