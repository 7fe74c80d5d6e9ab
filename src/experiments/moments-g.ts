/** Expectations of simple test functions from an ensemble's sample moments (delta-method standard errors). */
import type { SampleMoments } from '../stats/moments.js';

/** An estimate of E g(X) with its standard error. */
export interface Expectation {
  value: number;
  se: number;
}

/**
 * E X² from sample moments (mean μ, central m₂, m₃, m₄): E X² = μ² + m₂ and, writing X = μ + Y,
 * Var X² = 4μ² m₂ + 4μ m₃ + m₄ − m₂², so SE = sqrt(Var X² / n).
 */
export function secondMoment(m: SampleMoments): Expectation {
  const m2 = (m.variance * (m.n - 1)) / m.n;
  const v = 4 * m.mean * m.mean * m2 + 4 * m.mean * m.m3 + m.m4 - m2 * m2;
  return { value: m.mean * m.mean + m2, se: Math.sqrt(Math.max(v, 0) / m.n) };
}
