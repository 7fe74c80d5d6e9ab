/** Pearson's chi-square test of binned counts against cell probabilities, p-value from stdlib. */
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';

/** Result of a chi-square test. */
export interface ChiSquareResult {
  n: number;
  statistic: number;
  dof: number;
  pValue: number;
  /** Cells after merging neighbours to an expected count of at least `minExpected`. */
  cells: number;
}

/**
 * Pearson's chi-square test of counts against cell probabilities (summing to 1; each cell is a contiguous range so
 * that neighbours may be merged), dof = cells − 1 − `fittedParameters` (at least 1).
 *
 * Small-cell rule: neighbouring cells are pooled, in order, until each group expects at least `minExpected`
 * (default 5, Cochran's rule) counts; a short remainder joins the last group. The grouping depends on the expected
 * counts only, never on the observed ones, so under the null the pooled statistic is still Pearson's statistic of
 * a multinomial on fixed cells and its χ²(cells − 1) limit holds; every cell is used, so sparse tails (the two tail
 * cells of a histogram, the edges of a bounded support) are tested rather than refused. With every expected count
 * at least `minExpected` no cell is pooled and this is the plain Pearson test.
 *
 * @param observed - counts per cell
 * @param probabilities - cell probabilities (summing to 1)
 * @param options - smallest expected count per merged cell, and the number of fitted parameters
 * @returns the statistic, degrees of freedom, p-value and the merged cells
 * @throws RangeError for mismatched lengths, negative counts or probabilities that do not sum to 1
 */
export function chiSquareTest(
  observed: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  options: { minExpected?: number; fittedParameters?: number } = {},
): ChiSquareResult {
  const k = observed.length;
  if (k !== probabilities.length || k < 2) {
    throw new RangeError(
      `need ≥ 2 cells and as many probabilities as counts, got ${k} and ${probabilities.length}`,
    );
  }
  let n = 0;
  let total = 0;
  for (let i = 0; i < k; i++) {
    const o = observed[i]!;
    const p = probabilities[i]!;
    if (!(Number.isFinite(o) && o >= 0))
      throw new RangeError(`counts must be finite and ≥ 0, got ${o} in cell ${i}`);
    if (!(Number.isFinite(p) && p >= 0))
      throw new RangeError(`probabilities must be ≥ 0, got ${p} in cell ${i}`);
    n += o;
    total += p;
  }
  if (Math.abs(total - 1) > 1e-9) throw new RangeError(`probabilities must sum to 1, got ${total}`);
  if (!(n > 0)) throw new RangeError('no counts');
  const minExpected = options.minExpected ?? 5;
  const groups: { o: number; e: number }[] = [];
  let o = 0;
  let e = 0;
  for (let i = 0; i < k; i++) {
    o += observed[i]!;
    e += n * probabilities[i]!;
    if (e >= minExpected) {
      groups.push({ o, e });
      o = 0;
      e = 0;
    }
  }
  if (groups.length === 0) groups.push({ o, e });
  else {
    groups[groups.length - 1]!.o += o;
    groups[groups.length - 1]!.e += e;
  }
  let statistic = 0;
  for (const g of groups) {
    if (g.e === 0) {
      if (g.o > 0) statistic = Number.POSITIVE_INFINITY;
      continue;
    }
    statistic += ((g.o - g.e) * (g.o - g.e)) / g.e;
  }
  const dof = Math.max(1, groups.length - 1 - (options.fittedParameters ?? 0));
  return { n, statistic, dof, pValue: 1 - chisquareCdf(statistic, dof), cells: groups.length };
}
