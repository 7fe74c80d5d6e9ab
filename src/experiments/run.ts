/** Runs one experiment on a GPU context and wraps its outcome with provenance (N, seed, adapter, time, version). */
import { version } from '../../package.json';
import type { GpuContext } from '../gpu/device.js';
import type { Experiment, ExperimentResult, Mutation, RunOptions } from './types.js';
import { applyFamilyWise, bonferroniAlpha } from './verdict.js';

/** The library version recorded in every result. */
export const LIBRARY_VERSION: string = version;

const MUTATIONS: Record<keyof Mutation, (v: unknown) => boolean> = {
  lrFactor: (v) => typeof v === 'number' && Number.isFinite(v) && v > 0,
  batchDelta: (v) => Number.isInteger(v),
  withoutReplacement: (v) => typeof v === 'boolean',
};

/**
 * Checks particles, seed, familyWiseAlpha and mutation at the API boundary; throws a RangeError naming the bad
 * field. A mutation the experiment does not apply is refused (a power test must not pass by running unchanged).
 */
export function validateRunOptions(
  o: Pick<RunOptions, 'particles' | 'seed' | 'familyWiseAlpha' | 'mutation'>,
  experiment?: Pick<Experiment, 'name' | 'mutations'>,
): void {
  if (!(Number.isInteger(o.particles) && o.particles >= 1 && o.particles <= 2 ** 31)) {
    throw new RangeError(`particles must be an integer in [1, ${2 ** 31}], got ${o.particles}`);
  }
  if (!(Number.isInteger(o.seed) && o.seed >= 0 && o.seed <= Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`seed must be an integer in [0, 2^53 - 1], got ${o.seed}`);
  }
  if (o.familyWiseAlpha !== undefined) bonferroniAlpha(o.familyWiseAlpha, 1);
  for (const [key, value] of Object.entries(o.mutation ?? {})) {
    const ok = MUTATIONS[key as keyof Mutation];
    if (!ok) throw new RangeError(`mutation.${key} is not a mutation (${Object.keys(MUTATIONS).join(', ')})`);
    if (!ok(value)) throw new RangeError(`mutation.${key} has an invalid value: ${String(value)}`);
    if (experiment && !experiment.mutations?.includes(key as keyof Mutation)) {
      throw new RangeError(`mutation.${key}: experiment "${experiment.name}" does not apply it`);
    }
  }
}

/**
 * The step size, batch size and sampling scheme the simulated particles use under `o.mutation`; the theory they
 * are compared with keeps the nominal ones.
 */
export function simulated(o: Pick<RunOptions, 'mutation'>) {
  const m = o.mutation ?? {};
  return {
    lr: (lr: number) => lr * (m.lrFactor ?? 1),
    batch: (batch: number) => batch + (m.batchDelta ?? 0),
    sampling: (s: 'with' | 'without'): 'with' | 'without' => (m.withoutReplacement ? 'without' : s),
  };
}

/**
 * Runs `experiment` with `options`; the result's `seconds` is the wall time of the whole run. Its point checks
 * form the run's family (`familyWiseAlpha`, default 0.005); a suite re-tests them with every other result of the
 * suite ({@link applyFamilyWise}).
 * @param ctx - the GPU context to run on
 * @param experiment - an experiment of {@link EXPERIMENTS}
 * @param options - particles, seed, and optionally the family-wise level, a progress callback and a mutation
 * @returns the outcome with its provenance (N, seed, adapter, seconds, version) and family-wise level
 * @throws RangeError naming the field when an option is invalid (before any GPU work)
 * @example
 * ```ts
 * const ctx = await createGpuContext();
 * const r = await runExperiment(ctx, findExperiment('weak-order')!, { particles: 2 ** 16, seed: 1 });
 * console.log(r.verdict, r.estimate, r.ci, r.checks.map((c) => `${c.name}: ${c.verdict}`));
 * ctx.destroy();
 * ```
 */
export async function runExperiment(
  ctx: GpuContext,
  experiment: Experiment,
  options: RunOptions,
): Promise<ExperimentResult> {
  validateRunOptions(options, experiment);
  const t0 = performance.now();
  const outcome = await experiment.run(ctx, options);
  ctx.check();
  const seconds = (performance.now() - t0) / 1000;
  options.onProgress?.(1);
  const [tested] = applyFamilyWise([outcome], options.familyWiseAlpha);
  return {
    experiment: experiment.name,
    claim: experiment.claim,
    reference: experiment.reference,
    ...tested!,
    n: options.particles,
    seed: options.seed,
    adapter: ctx.adapterName,
    backend: ctx.backend,
    seconds,
    version: LIBRARY_VERSION,
  };
}
