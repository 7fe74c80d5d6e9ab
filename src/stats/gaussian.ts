/**
 * The Gaussian law types of the library: N(mean, variance) on R and N(mean, covariance) on R^d (covariance as a
 * matrix of rows, symmetric positive semi-definite). Exact laws (OU, its EM chain, the demo's chain laws) and
 * moment tests take and return these.
 */
import type { Matrix } from '../reference/linalg.js';

/** A Gaussian law on R by mean and variance. */
export interface GaussianLaw {
  mean: number;
  variance: number;
}

/** A Gaussian law on R^d by mean vector and d×d covariance matrix (rows). */
export interface GaussianLawNd {
  mean: number[];
  covariance: Matrix;
}
