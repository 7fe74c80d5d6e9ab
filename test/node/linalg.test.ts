/**
 * The one Cholesky factorisation (`choleskyPsd` in src/reference/linalg.ts) and its PSD rule: positive definite
 * matrices factor like the strict `cholesky`, semidefinite ones factor with zero columns, indefinite ones throw
 * with the matrix's name.
 */
import { describe, expect, it } from 'vitest';
import {
  cholesky,
  choleskyPsd,
  choleskyPsdRows,
  type Matrix,
  matmul,
  transpose,
} from '../../src/reference/linalg.js';
import { uniformStream } from '../../src/stats/sampling.js';

/** G Gᵀ for a d×r matrix G of uniforms on (−1, 1) (rank r almost surely). */
function gram(d: number, r: number, seed: number): Matrix {
  const u = uniformStream(seed);
  const g = Array.from({ length: d }, () => Array.from({ length: r }, () => 2 * u() - 1));
  return matmul(g, transpose(g));
}

const maxAbsDiff = (a: Matrix, b: Matrix) =>
  Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - b[i]![j]!))));

describe('choleskyPsd', () => {
  it('positive definite: the same factor as the strict Cholesky, bit for bit, flat and as rows', () => {
    const s = gram(6, 9, 1);
    const strict = cholesky(s)!;
    expect(strict).toBeDefined();
    expect(choleskyPsdRows(s, 'S')).toEqual(strict);
    expect(Array.from(choleskyPsd(Float64Array.from(s.flat()), 6, 'S'))).toEqual(strict.flat());
  });

  it('semidefinite of rank 3 in 6-D: L Lᵀ = S to rounding, with 3 zero columns', () => {
    const s = gram(6, 3, 2);
    expect(cholesky(s)).toBeUndefined();
    const l = choleskyPsdRows(s, 'S');
    const scale = Math.max(...s.map((row, i) => row[i]!));
    expect(maxAbsDiff(matmul(l, transpose(l)), s)).toBeLessThan(1e-12 * scale);
    const zeroColumns = l[0]!.filter((_, j) => l.every((row) => row[j] === 0)).length;
    expect(zeroColumns).toBe(3);
  });

  it('an indefinite matrix throws, naming it; a float32-rounded semidefinite one factors', () => {
    expect(() =>
      choleskyPsdRows(
        [
          [1, 2],
          [2, 1],
        ],
        'the test matrix',
      ),
    ).toThrow(/the test matrix is not positive semi-definite/);
    // Rank 1 rounded to float32: the second pivot is rounding noise; those that come out negative (a few
    // parts in 1e8 of the scale) are taken as zero, the positive ones kept.
    let negative = 0;
    for (let k = 1; k <= 64; k++) {
      const v = [k / 7, 0.3 + k / 13];
      const s32 = Float32Array.from([v[0]! * v[0]!, v[0]! * v[1]!, v[1]! * v[0]!, v[1]! * v[1]!]);
      const pivot = s32[3]! - (s32[2]! / Math.sqrt(s32[0]!)) ** 2;
      const l = choleskyPsd(s32, 2, 'S');
      if (pivot < 0) {
        negative++;
        expect(l[3]).toBe(0);
      }
      expect(Math.abs(l[2]! ** 2 + l[3]! ** 2 - s32[3]!)).toBeLessThan(1e-6 * s32[3]!);
    }
    expect(negative).toBeGreaterThan(0);
  });
});
