/** Runs one experiment on a GPU context and wraps its outcome with provenance (N, seed, adapter, time, version). */
import pkg from '../../package.json';
import type { GpuContext } from '../gpu/device.js';
import type { Experiment, ExperimentResult, RunOptions } from './types.js';

/** The library version recorded in every result. */
export const LIBRARY_VERSION: string = pkg.version;

/** Checks particles and seed at the API boundary; throws a RangeError naming the bad field. */
export function validateRunOptions(o: Pick<RunOptions, 'particles' | 'seed'>): void {
  if (!(Number.isInteger(o.particles) && o.particles >= 1 && o.particles <= 2 ** 31)) {
    throw new RangeError(`particles must be an integer in [1, ${2 ** 31}], got ${o.particles}`);
  }
  if (!(Number.isInteger(o.seed) && o.seed >= 0 && o.seed <= Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`seed must be an integer in [0, 2^53 - 1], got ${o.seed}`);
  }
}

/** Runs `experiment` with `options`; the result's `seconds` is the wall time of the whole run. */
export async function runExperiment(
  ctx: GpuContext,
  experiment: Experiment,
  options: RunOptions,
): Promise<ExperimentResult> {
  validateRunOptions(options);
  if (experiment.unavailable) {
    throw new Error(`experiment "${experiment.name}" is not available: ${experiment.unavailable}`);
  }
  const t0 = performance.now();
  const outcome = await experiment.run(ctx, options);
  ctx.check();
  const seconds = (performance.now() - t0) / 1000;
  options.onProgress?.(1);
  return {
    experiment: experiment.name,
    claim: experiment.claim,
    reference: experiment.reference,
    ...outcome,
    n: options.particles,
    seed: options.seed,
    adapter: ctx.adapterName,
    backend: ctx.backend,
    seconds,
    version: LIBRARY_VERSION,
  };
}
