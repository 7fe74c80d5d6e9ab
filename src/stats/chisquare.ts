/** Pearson chi-square goodness of fit of counts against cell probabilities. */
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';

/** Result of a chi-square test. */
export interface ChiSquareResult {
  chiSquare: number;
  dof: number;
  pValue: number;
}

/**
 * χ² = Σ (O − E)² / E with E = n p over all cells, dof = cells − 1 − `fitted`. Every expected count should be at
 * least 5 for the χ² approximation; a RangeError says otherwise.
 */
export function chiSquareTest(
  observed: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  fitted = 0,
): ChiSquareResult {
  if (observed.length !== probabilities.length)
    throw new RangeError('observed and probabilities differ in length');
  let n = 0;
  for (let i = 0; i < observed.length; i++) n += observed[i]!;
  let chi = 0;
  for (let i = 0; i < observed.length; i++) {
    const e = n * probabilities[i]!;
    if (!(e >= 5)) throw new RangeError(`expected count ${e} in cell ${i} is below 5`);
    chi += (observed[i]! - e) ** 2 / e;
  }
  const dof = observed.length - 1 - fitted;
  return { chiSquare: chi, dof, pValue: 1 - chisquareCdf(chi, dof) };
}
