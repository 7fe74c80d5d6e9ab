declare module '@stdlib/stats-kstest/lib/marsaglia.js' {
  /**
   * P(D_n < d) for the one-sample two-sided Kolmogorov–Smirnov statistic (Marsaglia, Tsang & Wang 2003,
   * "Evaluating Kolmogorov's distribution", J. Stat. Softw. 8(18)); stdlib's implementation, used by its kstest.
   */
  export default function pKolmogorov(d: number, n: number): number;
}
