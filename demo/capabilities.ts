/**
 * What this build of the page can run. Each configuration either runs on a library module that exists, or the
 * page says plainly which module it waits for: nothing is faked.
 */
import type { DemoState } from './state.js';

/** Whether panel 1 can run a state, and if not, why. */
export type Availability = { ok: true } | { ok: false; reason: string };

/**
 * Panel 1 runs the quadratic (library OU kernel, exact Gaussian law; or the engine's Lévy–Euler scheme with
 * α-stable noise, exact α-stable law) and the double well (engine Langevin ensemble, reference Fokker–Planck and
 * Gibbs laws) with Gaussian noise; everything else says what it waits for.
 */
export function densityAvailability(s: DemoState): Availability {
  if (s.problem === 'nonconvex2d') {
    return {
      ok: false,
      reason:
        'nonconvex2d is a 2-D problem: it runs in panel 2 (SGD and SDE side by side); panel 1 shows the 1-D problems.',
    };
  }
  if (s.noise === 'alpha-stable' && s.problem === 'double-well') {
    return {
      ok: false,
      reason:
        'The double well with α-stable noise has no reference law here: the Fokker–Planck and Gibbs references are ' +
        'for Gaussian noise. Choose Gaussian noise, or the quadratic.',
    };
  }
  if (s.noise === 'alpha-stable' && s.scheme === 'msde') {
    return {
      ok: false,
      reason:
        'The modified equation (Li, Tai & E) is derived for Gaussian gradient noise; with α-stable noise choose SGD ' +
        'or the SDE scheme.',
    };
  }
  return { ok: true };
}

/** Notes shown next to controls that do not apply to the chosen problem. */
export function controlNotes(s: DemoState): { problem: string; sampling: string; noise: string } {
  return {
    problem:
      s.problem === 'quadratic'
        ? 'a = 1, per-example gradient noise N(0, 1), start x₀ = 2. Theory: exact Gaussian law of the chain.'
        : s.problem === 'double-well'
          ? 'V(x) = x⁴/4 − x²/2, per-example gradient noise N(0, 1), start x₀ = 0. Theory: Fokker–Planck solution of the SDE and its Gibbs density.'
          : 'The 2-D landscape of panel 2 (16 examples, four minima near (±1, ±1)); panel 1 is idle.',
    sampling:
      s.problem === 'nonconvex2d'
        ? 'Used by panel 2’s SGD side (16 examples; B is capped at 16 there).'
        : 'Panel 1 draws fresh Gaussian gradient noise each step (no finite data set), so this applies to panel 2’s SGD side only.',
    noise:
      s.noise === 'alpha-stable'
        ? 'Per-example noise s·S, S standard symmetric α-stable (S1); the engine’s Lévy–Euler scheme. α is fixed per run.'
        : '',
  };
}
