/**
 * Fokker–Planck solvers: convergence to the exact OU transition density (1-D potential form, 2-D non-gradient
 * field), mass conservation, positivity, the Gibbs density as an exact discrete steady state, and clear errors for
 * invalid problems.
 */
import { describe, expect, it } from 'vitest';
import {
  createFokkerPlanck1d,
  createFokkerPlanck2d,
  type FokkerPlanck1dProblem,
} from '../../src/reference/fokker-planck.js';
import { gibbs1d, gibbs2d, NotNormalisableError } from '../../src/reference/gibbs.js';
import { lyapunovContinuous } from '../../src/reference/lyapunov.js';
import { ouStationary, ouTransition } from '../../src/reference/ou.js';
import { ouLaw } from '../../src/stats/ou-exact.js';

const EPS = Number.EPSILON;
const gauss = (m: number, v: number) => (x: number) =>
  Math.exp(-((x - m) ** 2) / (2 * v)) / Math.sqrt(2 * Math.PI * v);
/** Observed orders log2(e_k / e_{k+1}) of errors on grids refined by 2. */
const orders = (errors: number[]) => errors.slice(1).map((e, k) => Math.log2(errors[k]! / e));

describe('1-D Fokker–Planck (Scharfetter–Gummel, implicit)', () => {
  // dX = −θX dt + σ dB: potential θx²/2 at T = σ²/2.
  const theta = 1.3;
  const sigma = 0.9;
  const T = (sigma * sigma) / 2;
  const problem = (cells: number): FokkerPlanck1dProblem => ({
    grid: { lo: -5, hi: 5, cells },
    drift: { potential: (x) => (theta * x * x) / 2, temperature: T },
  });

  it.each(['crank-nicolson', 'implicit-euler'] as const)(
    'converges to the exact OU transition density with order ≥ 1 in h (%s)',
    (scheme) => {
      // Start from the exact law at t0 = 0.1 from x0 = 1.5 and compare at t0 + 1 (L1 distance on the cells).
      const x0 = 1.5;
      const start = ouLaw(theta, sigma, 0.1, x0);
      const end = ouLaw(theta, sigma, 1.1, x0);
      const exact = gauss(end.mean, end.variance);
      const errors = [50, 100, 200, 400].map((cells) => {
        const fp = createFokkerPlanck1d(problem(cells));
        // CN: dt ∝ h keeps the O(dt²) time error at the O(h²) space error; implicit Euler needs dt ∝ h².
        const dt = scheme === 'crank-nicolson' ? fp.h / 2 : fp.h * fp.h;
        const sol = fp.solve(gauss(start.mean, start.variance), { times: [1], dt, scheme });
        const p = sol.densities[0]!;
        return p.reduce((s, v, i) => s + Math.abs(v - exact(fp.x[i]!)) * fp.h, 0);
      });
      const measured = orders(errors);
      for (const q of measured) expect(q).toBeGreaterThanOrEqual(1);
      expect(errors.at(-1)!).toBeLessThan(1e-3);
    },
  );

  it('from a point mass smoothed to the grid, converges with order ≥ 1 and stays positive', () => {
    const law = ouLaw(theta, sigma, 1, 0.7);
    const exact = gauss(law.mean, law.variance);
    const errors = [100, 200, 400].map((cells) => {
      const fp = createFokkerPlanck1d(problem(cells));
      const sol = fp.solve({ pointMass: 0.7 }, { times: [1], dt: fp.h * fp.h });
      const p = sol.densities[0]!;
      for (const v of p) expect(v).toBeGreaterThanOrEqual(0);
      return p.reduce((s, v, i) => s + Math.abs(v - exact(fp.x[i]!)) * fp.h, 0);
    });
    for (const q of orders(errors)) expect(q).toBeGreaterThanOrEqual(1);
  });

  it('conserves mass to 1e-12 over 10⁴ steps (1,000 cells, double well, t = 10)', () => {
    const fp = createFokkerPlanck1d({
      grid: { lo: -3, hi: 3, cells: 1000 },
      drift: { potential: (x) => x ** 4 / 4 - x ** 2 / 2, temperature: 0.3 },
      diffusion: (x) => 0.3 + 0.1 * Math.sin(x),
    });
    const sol = fp.solve({ pointMass: -1 }, { times: [1, 10], dt: 1e-3 });
    expect(sol.steps).toBe(10_000);
    for (const m of sol.mass) expect(Math.abs(m - 1)).toBeLessThanOrEqual(1e-12);
  });

  it('keeps the Gibbs density stationary to round-off (state-dependent diffusion, both schemes)', () => {
    const fp = createFokkerPlanck1d({
      grid: { lo: -2.5, hi: 2.5, cells: 500 },
      drift: { potential: (x) => x ** 4 / 4 - x ** 2 / 2 + 0.2 * x, temperature: 0.25 },
      diffusion: (x) => 0.25 * (1 + 0.5 * Math.cos(x)),
    });
    const g = fp.stationary();
    // The discrete Gibbs density is exp(−L(x_i)/T)/Z_h exactly.
    const gmax = Math.max(...g);
    // Residual of the semi-discrete operator: each edge flux cancels to round-off, |A g| ≤ 8 EPS ‖A‖∞ ‖g‖∞ with
    // ‖A‖∞ ≤ 2 max(α + β)/h ≤ 4 max D_e (1 + |ΔL|/T)/h².
    const normA = (4 * 0.375 * (1 + 0.1)) / fp.h ** 2;
    const r = fp.apply(g);
    expect(Math.max(...r.map(Math.abs))).toBeLessThanOrEqual(8 * EPS * normA * gmax);
    // K implicit steps: each a backward-stable solve of a column-diagonally dominant system, so the drift stays
    // within K · 16 EPS of ‖g‖∞.
    for (const scheme of ['implicit-euler', 'crank-nicolson'] as const) {
      const steps = 1000;
      const sol = fp.solve(g, { times: [10], dt: 10 / steps, scheme });
      const drift = sol.densities[0]!.reduce((m, v, i) => Math.max(m, Math.abs(v - g[i]!)), 0);
      expect(drift).toBeLessThanOrEqual(steps * 16 * EPS * gmax);
    }
  });

  it('relaxes to the Gibbs law whose Z it shares with gibbs1d (quadrature) up to O(h²)', () => {
    const L = (x: number) => x ** 4 / 4 - x ** 2 / 2;
    const fp = createFokkerPlanck1d({
      grid: { lo: -3, hi: 3, cells: 600 },
      drift: { potential: L, temperature: 0.5 },
    });
    const sol = fp.solve({ pointMass: -1 }, { times: [40], dt: 0.05 });
    const exact = gibbs1d(L, 0.5, -3, 3);
    const err = sol.densities[0]!.reduce((s, v, i) => s + Math.abs(v - exact.density(fp.x[i]!)) * fp.h, 0);
    expect(err).toBeLessThan(1e-4);
  });
});

describe('2-D Fokker–Planck (ADI)', () => {
  it('converges to the exact 2-D OU transition density of a non-gradient (rotational) drift', () => {
    const A = [
      [1, 0.6],
      [-0.6, 1],
    ];
    const Q = [
      [1, 0],
      [0, 1],
    ];
    const x0 = [1, -0.5];
    const law = ouTransition({ A, Q }, 1, x0);
    const C = law.covariance;
    const det = C[0]![0]! * C[1]![1]! - C[0]![1]! ** 2;
    const exact = (x: number, y: number) => {
      const dx = x - law.mean[0]!;
      const dy = y - law.mean[1]!;
      const q = (C[1]![1]! * dx * dx - 2 * C[0]![1]! * dx * dy + C[0]![0]! * dy * dy) / det;
      return Math.exp(-q / 2) / (2 * Math.PI * Math.sqrt(det));
    };
    const start = ouTransition({ A, Q }, 0.1, x0);
    const Cs = start.covariance;
    const dets = Cs[0]![0]! * Cs[1]![1]! - Cs[0]![1]! ** 2;
    const initial = (x: number, y: number) => {
      const dx = x - start.mean[0]!;
      const dy = y - start.mean[1]!;
      return Math.exp(-(Cs[1]![1]! * dx * dx - 2 * Cs[0]![1]! * dx * dy + Cs[0]![0]! * dy * dy) / (2 * dets));
    };
    const errors = [40, 80, 160].map((cells) => {
      const fp = createFokkerPlanck2d({
        grid: { x: { lo: -4, hi: 4, cells }, y: { lo: -4, hi: 4, cells } },
        drift: { field: (x, y) => [-(A[0]![0]! * x + A[0]![1]! * y), -(A[1]![0]! * x + A[1]![1]! * y)] },
        diffusion: 0.5,
      });
      const sol = fp.solve(initial, { times: [0.9], dt: fp.hx / 2, scheme: 'crank-nicolson' });
      const p = sol.densities[0]!;
      expect(Math.abs(sol.mass[0]! - 1)).toBeLessThanOrEqual(1e-12);
      let e = 0;
      for (let j = 0; j < cells; j++)
        for (let i = 0; i < cells; i++)
          e += Math.abs(p[j * cells + i]! - exact(fp.x[i]!, fp.y[j]!)) * fp.hx * fp.hy;
      return e;
    });
    for (const q of orders(errors)) expect(q).toBeGreaterThanOrEqual(1);
  });

  it('conserves mass, stays positive and keeps the 2-D Gibbs density stationary (implicit Euler, Lie splitting)', () => {
    const fp = createFokkerPlanck2d({
      grid: { x: { lo: -2.5, hi: 2.5, cells: 120 }, y: { lo: -3, hi: 3, cells: 100 } },
      drift: { potential: (x, y) => (x * x - 1) ** 2 + 0.5 * y * y + 0.3 * x * y, temperature: 0.5 },
      diffusion: (x, y) => 0.5 + 0.2 * Math.exp(-(x * x + y * y)),
    });
    const sol = fp.solve({ pointMass: [-1, 0.2] }, { times: [0.5, 5], dt: 0.01 });
    for (const m of sol.mass) expect(Math.abs(m - 1)).toBeLessThanOrEqual(1e-12);
    for (const p of sol.densities) for (const v of p) expect(v).toBeGreaterThanOrEqual(0);
    const g = fp.stationary();
    const gmax = Math.max(...g);
    const steps = 200;
    const s2 = fp.solve(g, { times: [steps * 0.05], dt: 0.05 });
    const drift = s2.densities[0]!.reduce((m, v, i) => Math.max(m, Math.abs(v - g[i]!)), 0);
    // Two sweeps per step, each within 16 EPS (see the 1-D test).
    expect(drift).toBeLessThanOrEqual(2 * steps * 16 * EPS * gmax);
    // And it is the quadrature Gibbs law on the box up to O(h²): compare one box probability.
    const exact = gibbs2d((x, y) => (x * x - 1) ** 2 + 0.5 * y * y + 0.3 * x * y, 0.5, {
      x: [-2.5, 2.5],
      y: [-3, 3],
    });
    let box = 0;
    for (let j = 0; j < 100; j++)
      for (let i = 0; i < 120; i++) if (fp.x[i]! > 0 && fp.y[j]! < 0) box += g[j * 120 + i]! * fp.hx * fp.hy;
    expect(Math.abs(box - exact.boxProbability(0, 2.5, -3, 0))).toBeLessThan(2e-3);
  });
});

describe('invalid problems give clear errors', () => {
  const good: FokkerPlanck1dProblem = {
    grid: { lo: -1, hi: 1, cells: 10 },
    drift: { potential: (x) => x * x, temperature: 1 },
  };
  it.each([
    [{ lo: 1, hi: -1, cells: 10 }, /lo < hi/],
    [{ lo: 0, hi: 0, cells: 10 }, /lo < hi/],
    [{ lo: Number.NaN, hi: 1, cells: 10 }, /finite/],
    [{ lo: 0, hi: Number.POSITIVE_INFINITY, cells: 10 }, /finite/],
    [{ lo: 0, hi: 1, cells: 2 }, /cells must be an integer/],
    [{ lo: 0, hi: 1, cells: 10.5 }, /cells must be an integer/],
  ])('grid %o', (grid, message) => {
    expect(() => createFokkerPlanck1d({ ...good, grid })).toThrow(message);
    expect(() =>
      createFokkerPlanck2d({
        grid: { x: grid, y: good.grid },
        drift: { potential: () => 0, temperature: 1 },
      }),
    ).toThrow(message);
  });
  it('negative or zero diffusion, constant or somewhere inside the domain', () => {
    expect(() => createFokkerPlanck1d({ ...good, diffusion: -0.5 })).toThrow(
      /diffusion must be finite and > 0.*-0\.5/,
    );
    expect(() => createFokkerPlanck1d({ ...good, diffusion: 0 })).toThrow(/diffusion must be finite and > 0/);
    expect(() => createFokkerPlanck1d({ ...good, diffusion: (x) => x })).toThrow(/diffusion .* at x = -/);
    expect(() =>
      createFokkerPlanck1d({ grid: good.grid, drift: { field: (x) => -x }, diffusion: (x) => 0.1 - x * x }),
    ).toThrow(/diffusion must be finite and > 0/);
    expect(() =>
      createFokkerPlanck2d({
        grid: { x: good.grid, y: good.grid },
        drift: { field: (x, y) => [-x, -y] },
        diffusion: (x, y) => x * y,
      }),
    ).toThrow(/diffusion must be finite and > 0/);
    expect(() => ouTransition({ A: [[1]], Q: [[-1]] }, 1, [0])).toThrow(/negative diffusion/);
  });
  it('bad temperature, non-finite potential, a field without diffusion, a point mass off the grid, bad times', () => {
    expect(() => createFokkerPlanck1d({ ...good, drift: { potential: (x) => x, temperature: 0 } })).toThrow(
      /temperature/,
    );
    expect(() =>
      createFokkerPlanck1d({ ...good, drift: { potential: (x) => 1 / x, temperature: 1 } }),
    ).not.toThrow();
    expect(() =>
      createFokkerPlanck1d({ ...good, drift: { potential: (x) => Math.log(x), temperature: 1 } }),
    ).toThrow(/potential must be finite/);
    expect(() => createFokkerPlanck1d({ grid: good.grid, drift: { field: (x) => x } })).toThrow(
      /needs a diffusion/,
    );
    const fp = createFokkerPlanck1d(good);
    expect(() => fp.solve({ pointMass: 3 }, { times: [1] })).toThrow(/outside the grid/);
    expect(() => fp.solve({ pointMass: 0 }, { times: [1, 0.5] })).toThrow(/non-decreasing/);
    expect(() => fp.solve({ pointMass: 0 }, { times: [1], dt: -1 })).toThrow(/dt must be/);
    expect(() => fp.solve(new Float64Array(10).fill(-1), { times: [1] })).toThrow(/≥ 0/);
  });
  it('non-normalisable potentials: Z = ∞ on the domain', () => {
    expect(() => gibbs1d(() => 0, 1)).toThrow(NotNormalisableError);
    expect(() => gibbs1d((x) => -x * x, 1)).toThrow(/not normalisable/);
    expect(() => gibbs1d((x) => x, 1)).toThrow(/not normalisable/);
    expect(() => gibbs1d((x) => x, 1, 0)).not.toThrow();
    expect(() => gibbs1d((x) => 0.5 * Math.log1p(x * x), 1)).toThrow(/not normalisable/); // density ~ 1/|x|
    expect(() => gibbs1d((x) => Math.log1p(x * x), 1)).not.toThrow(); // Cauchy
    expect(() => gibbs2d((x) => x * x, 1)).toThrow(NotNormalisableError); // free in y
    expect(() => gibbs1d((x) => x * x, -1)).toThrow(/temperature/);
    expect(() => gibbs1d((x) => x * x, 1, 2, 1)).toThrow(/lo < hi/);
  });
  it('no stationary law for an unstable drift, and unsolvable Lyapunov equations', () => {
    expect(() => ouStationary({ A: [[-1]], Q: [[1]] })).toThrow(/not stable/);
    expect(() =>
      ouStationary({
        A: [
          [0, 1],
          [-1, 0],
        ],
        Q: [
          [1, 0],
          [0, 1],
        ],
      }),
    ).toThrow(/not stable/);
    expect(() => lyapunovContinuous([[0]], [[1]])).toThrow(/no unique solution/);
  });
});
