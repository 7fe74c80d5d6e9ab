/**
 * What this build of the page can run. Each configuration either runs on a library module that exists, or the
 * page says plainly which module it waits for: nothing is faked.
 */
import type { DemoState } from './state.js';

/** Whether panel 1 can run a state, and if not, why. */
export type Availability = { ok: true } | { ok: false; reason: string };

/** Panel 1 runs the quadratic with Gaussian noise on the OU kernel; everything else waits for a module. */
export function densityAvailability(s: DemoState): Availability {
  if (s.problem === 'double-well') {
    return {
      ok: false,
      reason:
        'The double well needs the d-dimensional SDE ensembles (issue 4, branch engine) and the Fokker–Planck / ' +
        'Gibbs reference densities (issue 6, branch reference), which are not in this build yet.',
    };
  }
  if (s.problem === 'nonconvex2d') {
    return {
      ok: false,
      reason:
        'nonconvex2d is a 2-D problem: it belongs to panel 2, which waits for the SGD particles (issue 5, branch sgd).',
    };
  }
  if (s.noise === 'alpha-stable') {
    return {
      ok: false,
      reason:
        'α-stable gradient noise needs the Lévy scheme of the engine (issue 4, branch engine), which is not in this ' +
        'build yet. Choose Gaussian noise to run.',
    };
  }
  return { ok: true };
}

/** Notes shown next to controls that do not apply to the chosen problem. */
export function controlNotes(s: DemoState): { problem: string; sampling: string; noise: string } {
  return {
    problem:
      s.problem === 'quadratic'
        ? 'a = 1, per-example gradient noise N(0, 1), start x₀ = 2.'
        : 'Not runnable in this build; see panel 1.',
    sampling:
      s.problem === 'quadratic'
        ? 'Not used here: the quadratic draws fresh Gaussian gradient noise each step (no finite data set).'
        : '',
    noise: s.noise === 'alpha-stable' ? 'Waiting for the engine module (issue 4).' : '',
  };
}

/** Panel 2 waits for 2-D SGD and SDE particles and 2-D histograms. */
export const LANDSCAPE_WAITING =
  'Waiting for: SGD particles on nonconvex2d and their SDE (issue 5, branch sgd) and the 2-D histogram reduction ' +
  '(issue 4, branch engine). Neither is in this build yet, so this panel shows nothing rather than made-up data.';

/** Panel 3 waits for the sgd-vs-sde experiment. */
export const WEAK_WAITING =
  'Waiting for: the sgd-vs-sde weak-error experiment (issue 7, branch experiments), which is not in this build ' +
  'yet, so this panel shows nothing rather than made-up data.';
