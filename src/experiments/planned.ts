/** Experiments that this build cannot run yet: they say what they need, and the CLI refuses them before GPU work. */
import type { Experiment } from './types.js';

/** An experiment whose `run` is not available; `needs` names the missing piece. */
export function unavailableExperiment(
  e: Pick<Experiment, 'name' | 'claim' | 'reference' | 'method'>,
  needs: string,
): Experiment {
  return {
    ...e,
    defaults: { particles: 1 },
    quick: { particles: 1 },
    unavailable: needs,
    run: () => Promise.reject(new Error(`experiment "${e.name}" is not available: ${needs}`)),
  };
}
