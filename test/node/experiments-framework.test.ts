/**
 * The experiment framework without a GPU: verdict rules, the weighted line fit, SVG figures and the HTML report.
 */
import { describe, expect, it } from 'vitest';
import { createProgressBar } from '../../src/cli/progress.js';
import { fitLine } from '../../src/experiments/fit.js';
import { EXPERIMENTS, findExperiment } from '../../src/experiments/registry.js';
import { figureFileName, reportFiles, reportHtml } from '../../src/experiments/report.js';
import { renderSvg, ticks } from '../../src/experiments/svg.js';
import type { Check, ExperimentOutcome, ExperimentResult, Figure } from '../../src/experiments/types.js';
import {
  applyFamilyWise,
  combineVerdicts,
  headline,
  intervalVerdict,
  oneSidedCheck,
  pointCheck,
} from '../../src/experiments/verdict.js';
import { makeHostRng } from '../../src/sgd/datasets.js';

const Z_POWER = 2.3263478740408408; // z₀.₉₉, one-sided

describe('point checks and the family-wise rule', () => {
  it('a point check is a two-sided z-test at its alpha and states the shift it detects with 99% power', () => {
    const z995 = 2.5758293035489004;
    expect(pointCheck('a', 1, 1 + 2.57 * 0.01, 0.01, 0.01).verdict).toBe('pass');
    expect(pointCheck('a', 1, 1 - 2.58 * 0.01, 0.01, 0.01).verdict).toBe('fail');
    const c = pointCheck('a', 2, 2.01, 0.01, 0.01);
    expect(c.kind).toBe('point');
    expect(c.z).toBeCloseTo(1, 12);
    expect(c.ciLevel).toBeCloseTo(0.99, 15);
    expect(c.ci[1] - c.estimate).toBeCloseTo(z995 * 0.01, 12);
    expect(c.detectableAbsolute).toBeCloseTo((z995 + Z_POWER) * 0.01, 10);
    expect(c.detectable).toBeCloseTo(((z995 + Z_POWER) * 0.01) / 2, 10);
    expect(pointCheck('a', 0, 0.1, 0.01).detectable).toBeNull();
    expect(pointCheck('a', 1, Number.NaN, 0.01).verdict).toBe('unresolved');
  });
  it('detectable is the shift caught with probability 0.99: simulated z-tests at that shift fail 99% of the time', () => {
    const rng = makeHostRng(7);
    const alpha = 0.005 / 26;
    const probe = pointCheck('p', 1, 1, 0.01, alpha);
    const shift = probe.detectableAbsolute!;
    const n = 20_000;
    let caught = 0;
    for (let i = 0; i < n; i++) {
      if (pointCheck('p', 1, 1 + shift + 0.01 * rng.normal(), 0.01, alpha).verdict === 'fail') caught++;
    }
    const rate = caught / n;
    const se = Math.sqrt((0.99 * 0.01) / n);
    expect(Math.abs(rate - 0.99)).toBeLessThan(4 * se);
  });
  it('one-sided checks pass below/above their bound and are unresolved when the interval straddles it', () => {
    const below = oneSidedCheck('r', { estimate: 0.08, se: 0.001, side: 'below', bound: 1 });
    expect([below.verdict, below.kind, below.bound, below.side, below.theory]).toEqual([
      'pass',
      'one-sided',
      1,
      'below',
      1,
    ]);
    expect(oneSidedCheck('r', { estimate: 1.5, se: 0.01, side: 'below', bound: 1 }).verdict).toBe('fail');
    expect(oneSidedCheck('r', { estimate: 1.026, se: 0.01, side: 'below', bound: 1 }).verdict).toBe('fail');
    expect(oneSidedCheck('r', { estimate: 0.99, se: 0.01, side: 'below', bound: 1 }).verdict).toBe(
      'unresolved',
    );
    expect(
      oneSidedCheck('r', { estimate: 1.2, se: 0.01, side: 'above', bound: 1.1, theory: 1.21 }).theory,
    ).toBe(1.21);
  });
  const outcome = (checks: Check[]): ExperimentOutcome => ({
    quantity: 'q',
    ...headline(checks, 'all good'),
    checks,
    settings: {},
    figures: [],
    rows: [],
  });
  it('shares the family-wise level among every point check of the run (Bonferroni) and re-decides the outcomes', () => {
    // z = 3.0: fails at the provisional level 0.005 (z 2.81), passes at 0.005/5 (z 3.29).
    const a = outcome([
      pointCheck('a1', 1, 1.03, 0.01),
      pointCheck('a2', 1, 1, 0.01),
      oneSidedCheck('a3', { estimate: 0.5, se: 0.01, side: 'below', bound: 1 }),
    ]);
    const b = outcome([
      pointCheck('b1', 5, 5, 0.1),
      pointCheck('b2', 5, 5, 0.1),
      pointCheck('b3', 5, 5, 0.1),
      { ...a.checks[2]!, name: 'b4' },
    ]);
    expect(a.verdict).toBe('fail');
    expect(a.verdictReason).toBe('a1: fail');
    const [ta, tb] = applyFamilyWise([a, b], 0.005);
    for (const r of [ta!, tb!]) {
      expect(r.familyWiseAlpha).toBe(0.005);
      expect(r.pointChecks).toBe(5);
      for (const c of r.checks.filter((x) => x.kind === 'point')) expect(c.alpha).toBeCloseTo(0.001, 15);
    }
    expect(ta!.verdict).toBe('pass');
    expect(ta!.verdictReason).toBe('all good');
    expect(ta!.ciLevel).toBeCloseTo(0.999, 12);
    expect(ta!.checks[2]).toEqual(a.checks[2]); // one-sided: its own rule, unchanged
    // The inputs are not changed.
    expect(a.verdict).toBe('fail');
    // The same run alone: its two point checks share the level, z = 3.0 is still inside (z 3.02 at 0.0025).
    expect(applyFamilyWise([a], 0.005)[0]!.verdict).toBe('pass');
    expect(applyFamilyWise([a], 0.05)[0]!.verdict).toBe('fail');
    expect(() => applyFamilyWise([a], 0)).toThrow(/familyWiseAlpha/);
  });
  it('a correct engine fails a 26-check family at most at the family-wise rate (simulated null, 40,000 runs)', () => {
    const rng = makeHostRng(11);
    const m = 26;
    const runs = 40_000;
    let anyFail = 0;
    for (let r = 0; r < runs; r++) {
      const checks = Array.from({ length: m }, (_, i) =>
        pointCheck(`c${i}`, 1, 1 + 0.01 * rng.normal(), 0.01),
      );
      const [t] = applyFamilyWise([outcome(checks)], 0.005);
      if (t!.verdict === 'fail') anyFail++;
    }
    const expected = 1 - (1 - 0.005 / m) ** m; // 0.004988
    const rate = anyFail / runs;
    const se = Math.sqrt((expected * (1 - expected)) / runs);
    expect(Math.abs(rate - expected)).toBeLessThan(4 * se);
    expect(rate).toBeLessThan(0.005 + 4 * se);
  });
});

describe('intervalVerdict', () => {
  const base = { theory: 1, level: 0.95, tolerance: 0.15, particles: 1000 };
  const z95 = 1.959963984540054;
  it('passes only when the whole interval lies inside theory ± tolerance', () => {
    // [1.1 − 0.098, 1.1 + 0.098] ⊂ [0.85, 1.15]? No: 1.198 > 1.15.
    expect(intervalVerdict({ ...base, estimate: 1.1, se: 0.05 }).verdict).toBe('unresolved');
    // [1.05 − 0.098, 1.05 + 0.098] = [0.952, 1.148] ⊂ [0.85, 1.15].
    const v = intervalVerdict({ ...base, estimate: 1.05, se: 0.05 });
    expect(v.verdict).toBe('pass');
    expect(v.reason).toMatch(/lies inside theory ± 0.15/);
    // An interval that merely overlaps the band is unresolved, not a pass: weak order 0.765 [0.640, 0.889] vs 1 ± 0.15.
    expect(intervalVerdict({ ...base, level: 0.99, estimate: 0.765, ci: [0.64, 0.889] }).verdict).toBe(
      'unresolved',
    );
  });
  it('fails when the whole interval is outside the band, on either side', () => {
    const v = intervalVerdict({ ...base, estimate: 1.4, se: 0.05 });
    expect(v.verdict).toBe('fail');
    expect(v.ci[0]).toBeCloseTo(1.4 - z95 * 0.05, 12);
    expect(intervalVerdict({ ...base, estimate: 0.6, se: 0.05 }).verdict).toBe('fail');
    // The interval reaches the band: not a fail, unresolved.
    expect(intervalVerdict({ ...base, estimate: 1.2, se: 0.05 }).verdict).toBe('unresolved');
  });
  it('is unresolved when the interval straddles a band edge, and says how many particles would resolve it', () => {
    const v = intervalVerdict({ ...base, estimate: 1.0, se: 0.15 });
    expect(v.verdict).toBe('unresolved');
    // Half-width 1.96·0.15 = 0.294, distance to the nearer edge 0.15: (0.294 / 0.15)² · 1.1 · 1000 particles.
    expect(v.particlesNeeded).toBe(Math.ceil(1.1 * 1000 * ((z95 * 0.15) / 0.15) ** 2));
    expect(v.reason).toMatch(/particles would resolve it/);
    // Estimate outside the band, interval reaching into it: particles to exclude the band (distance 0.05).
    const w = intervalVerdict({ ...base, estimate: 1.2, se: 0.05 });
    expect(w.particlesNeeded).toBe(Math.ceil(1.1 * 1000 * ((z95 * 0.05) / 0.05) ** 2));
    expect(w.reason).toMatch(/outside the band/);
  });
  it('with tolerance 0 is a two-sided z-test', () => {
    const b = { ...base, tolerance: 0, level: 0.99 };
    expect(intervalVerdict({ ...b, estimate: 1 + 2.5 * 0.01, se: 0.01 }).verdict).toBe('pass');
    expect(intervalVerdict({ ...b, estimate: 1 + 2.6 * 0.01, se: 0.01 }).verdict).toBe('fail');
  });
  it('accepts an explicit interval and rejects an unknown level', () => {
    expect(intervalVerdict({ ...base, estimate: 1, ci: [0.95, 1.1] }).verdict).toBe('pass');
    expect(() => intervalVerdict({ ...base, level: 0.8, estimate: 1, se: 0.1 })).toThrow(/confidence level/);
    expect(() => intervalVerdict({ ...base, estimate: 1 })).toThrow(
      /standard error or a confidence interval/,
    );
  });
  it('combines sub-verdicts', () => {
    expect(combineVerdicts(['pass', 'pass'])).toBe('pass');
    expect(combineVerdicts(['pass', 'unresolved'])).toBe('unresolved');
    expect(combineVerdicts(['unresolved', 'fail'])).toBe('fail');
  });
});

describe('fitLine', () => {
  it('recovers an exact line, with zero residual', () => {
    const x = [0, 1, 2, 3];
    const f = fitLine(
      x,
      x.map((v) => 2 - 0.5 * v),
      [1, 1, 1, 1],
    );
    expect(f.slope).toBeCloseTo(-0.5, 12);
    expect(f.intercept).toBeCloseTo(2, 12);
    expect(f.chiSquare).toBeCloseTo(0, 20);
  });
  it('gives the textbook slope standard error for equal weights: σ / sqrt(Σ(x − x̄)²)', () => {
    // Points on a line: χ² = 0 < dof, so no Birge inflation; Σ(x − x̄)² = 5 for x = 0..3.
    const f = fitLine([0, 1, 2, 3], [1, 2, 3, 4], [0.2, 0.2, 0.2, 0.2]);
    expect(f.slopeSE).toBeCloseTo(0.2 / Math.sqrt(5), 12);
  });
  it('inflates the slope error when the scatter exceeds the error bars', () => {
    const y = [0, 1.5, 1.5, 3];
    const tight = fitLine([0, 1, 2, 3], y, [0.01, 0.01, 0.01, 0.01]);
    const model = 0.01 / Math.sqrt(5);
    expect(tight.slopeSE).toBeCloseTo(model * Math.sqrt(tight.chiSquare / 2), 12);
    expect(tight.slopeSE).toBeGreaterThan(10 * model);
  });
  it('rejects fewer than two points and non-positive errors', () => {
    expect(() => fitLine([1], [1], [1])).toThrow(RangeError);
    expect(() => fitLine([1, 2], [1, 2], [1, 0])).toThrow(/error ≤ 0/);
  });
});

const figure: Figure = {
  id: 'weak-error',
  title: 'a <log-log> plot & "quotes"',
  xLabel: 'h',
  yLabel: 'error',
  xScale: 'log',
  yScale: 'log',
  series: [
    {
      label: 'measured',
      style: 'points',
      x: [0.25, 0.125, 0.0625],
      y: [0.2, 0.1, 0.05],
      yErr: [0.01, 0.01, 0.06],
    },
    { label: 'fit', style: 'line', x: [0.25, 0.0625], y: [0.2, 0.05] },
    { label: 'hist', style: 'steps', x: [0.1, 0.2], y: [0.1, 0.2] },
  ],
};

describe('renderSvg', () => {
  it('draws every series, error bars and escaped text', () => {
    const svg = renderSvg(figure);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('a &#60;log-log&#62; plot &#38; &#34;quotes&#34;');
    expect(svg.match(/<circle cx=/g)?.length).toBe(3 + 1); // three points and one legend marker
    expect(svg.match(/class="series"/g)?.length).toBe(3);
    expect(svg).not.toMatch(/NaN|Infinity/);
  });
  it('places log ticks on decades and linear ticks on 1-2-5 steps', () => {
    expect(ticks(0.01, 10, 'log')).toEqual([0.01, 0.1, 1, 10]);
    expect(ticks(0, 1, 'linear')).toEqual([0, 0.2, 0.4, 0.6000000000000001, 0.8, 1]);
  });
});

describe('report', () => {
  const result: ExperimentResult = {
    experiment: 'weak-order',
    claim: 'c',
    reference: 'r',
    quantity: 'q',
    theory: 1,
    estimate: 1.01,
    se: 0.01,
    ci: [0.98, 1.04],
    ciLevel: 0.99,
    tolerance: 0.15,
    verdict: 'pass',
    verdictReason: 'ok',
    passReason: 'ok',
    familyWiseAlpha: 0.005,
    pointChecks: 0,
    checks: [],
    settings: {},
    figures: [figure],
    rows: [{ h: 0.25, error: 0.2 }],
    n: 10,
    seed: 1,
    adapter: 'a',
    backend: 'b',
    seconds: 1,
    version: '0',
  };
  it('inlines every figure and lists one .svg file per figure', () => {
    const html = reportHtml([result]);
    expect(html.match(/<svg /g)?.length).toBe(1);
    expect(html).not.toMatch(/<script|\ssrc=|rel="stylesheet"/);
    // The only URL is the SVG namespace name, which is never fetched.
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:/);
    const files = reportFiles([result]);
    expect(files.map((f) => f.path)).toEqual([
      'index.html',
      'results.json',
      figureFileName('weak-order', 'weak-error'),
    ]);
    expect(JSON.parse(files[1]!.text).estimate).toBe(1.01);
  });
});

describe('registry', () => {
  it('names every experiment of the suite once, each with a claim, a reference and a method', () => {
    const names = EXPERIMENTS.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of [
      'weak-order',
      'sgd-vs-sde',
      'stationary',
      'linear-scaling',
      'posterior',
      'heavy-tails',
      'replacement',
      'fokker-planck',
      'noise-scale',
    ]) {
      const e = findExperiment(n);
      expect(e, n).toBeDefined();
      expect(e!.claim.length).toBeGreaterThan(20);
      expect(e!.reference.length).toBeGreaterThan(5);
      expect(e!.method.length).toBeGreaterThan(20);
      expect(e!.quick.particles).toBeLessThanOrEqual(e!.defaults.particles);
    }
  });
});

describe('progress bar', () => {
  it('draws a bar with percentage and ETA in place, and clears it when done', () => {
    const out: string[] = [];
    const bar = createProgressBar('weak-order', true, { write: (s: string) => out.push(s), columns: 80 });
    bar.update(0.5, 'h = 1/8');
    bar.done();
    expect(out[0]).toMatch(/^\rweak-order \[#{12}\.{12}\] {2}50% \S+ elapsed, ETA \S+ h = 1\/8/);
    expect(out[0]!.length).toBe(80);
    expect(out.at(-1)).toMatch(/^\r +\r$/);
  });
  it('writes nothing when disabled (not a TTY, or JSON on stdout)', () => {
    const out: string[] = [];
    const bar = createProgressBar('x', false, { write: (s: string) => out.push(s) });
    bar.update(0.3);
    bar.done();
    expect(out).toEqual([]);
  });
});
