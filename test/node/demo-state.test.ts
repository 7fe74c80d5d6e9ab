/**
 * The demo page's URL state (pure, no GPU): links carry parameters only, validated and clamped, and the state
 * round-trips through its search string. Also the TV bound and the quadratic's SGD/SDE algebra.
 */
import { describe, expect, it } from 'vitest';
import { propagateChain, QUADRATIC, quadraticPlan, sgdStationaryVariance } from '../../demo/quadratic-law.js';
import { propagateStableChain, stableCdf } from '../../demo/stable-law.js';
import {
  clampParticles,
  DEFAULT_STATE,
  FIELDS,
  MIN_PARTICLES,
  maxParticlesFor,
  parseState,
  particleChoices,
  serializeState,
} from '../../demo/state.js';
import { tvBound } from '../../demo/tv-bound.js';
import stableFixture from '../fixtures/stable-cdf.json';

describe('demo URL state', () => {
  it('an empty link is the default state, which serializes to an empty search string', () => {
    expect(parseState('').state).toEqual(DEFAULT_STATE);
    expect(serializeState(DEFAULT_STATE)).toBe('');
  });

  it('round-trips every field', () => {
    const s = {
      problem: 'double-well',
      eta: 0.37,
      batch: 17,
      sampling: 'without',
      noise: 'alpha-stable',
      alpha: 1.55,
      scheme: 'msde',
      substeps: 9,
      particles: 123_456,
      speed: 12,
      seed: 2 ** 40 + 3,
      render: '2d',
    } as const;
    const search = serializeState(s);
    const back = parseState(search);
    expect(back.notes).toEqual([]);
    expect(back.state).toEqual(s);
    expect(serializeState(back.state)).toBe(search);
  });

  it('clamps numbers to their ranges and rounds integers, with a note', () => {
    const { state, notes } = parseState('?eta=99&batch=0&alpha=0.2&particles=12&speed=7.4&seed=-5');
    expect(state.eta).toBe(FIELDS.eta.kind === 'number' ? FIELDS.eta.max : Number.NaN);
    expect(state.batch).toBe(1);
    expect(state.alpha).toBe(1.05);
    expect(state.particles).toBe(MIN_PARTICLES);
    expect(state.speed).toBe(7);
    expect(state.seed).toBe(0);
    expect(notes).toHaveLength(5);
  });

  it('rejects non-numbers, unknown choices and unknown keys, never passing text through', () => {
    const { state, notes } = parseState(
      '?eta=0x10&batch=Infinity&seed=&problem=%3Cscript%3Ealert(1)%3C%2Fscript%3E&scheme=eval&onload=x',
    );
    expect(state).toEqual(DEFAULT_STATE);
    expect(notes).toHaveLength(6);
    expect(serializeState(state)).toBe('');
  });

  it('clamps particles to the device and offers 10^4 … device maximum', () => {
    const max = maxParticlesFor({ maxStorageBufferBindingSize: 2 ** 27, maxBufferSize: 2 ** 28 }, 4);
    expect(max).toBe(2 ** 25);
    expect(clampParticles({ ...DEFAULT_STATE, particles: 2 ** 30 }, max).particles).toBe(max);
    const choices = particleChoices(max);
    expect(choices[0]).toBe(MIN_PARTICLES);
    expect(choices[choices.length - 1]).toBe(max);
    expect(choices.every((c, i) => i === 0 || c > choices[i - 1]!)).toBe(true);
  });
});

describe('demo theory', () => {
  it('the TV bound has its two parts and shrinks like 1/sqrt(N)', () => {
    const p = Array.from({ length: 50 }, () => 1 / 50);
    const a = tvBound(p, 10_000);
    const b = tvBound(p, 1_000_000);
    expect(a.deviation).toBeCloseTo(Math.sqrt(Math.log(1000) / 20_000), 12);
    expect(a.mean).toBeCloseTo(25 * Math.sqrt(((1 / 50) * (49 / 50)) / 10_000), 12);
    expect(a.bound / b.bound).toBeCloseTo(10, 10);
  });

  it('the SGD chain converges to the SGD stationary variance η s²/(aB(2 − aη))', () => {
    const s = { ...DEFAULT_STATE, eta: 0.3, batch: 4 };
    const plan = quadraticPlan(s);
    const law = propagateChain({ mean: QUADRATIC.x0, variance: 0 }, plan, 2000);
    expect(law.mean).toBeCloseTo(0, 12);
    expect(law.variance).toBeCloseTo(sgdStationaryVariance(s), 14);
    // Propagation composes: 700 then 1300 steps equal 2000 steps.
    const two = propagateChain(propagateChain({ mean: 2, variance: 0 }, plan, 700), plan, 1300);
    expect(two.variance).toBeCloseTo(law.variance, 14);
  });

  it('the symmetric α-stable CDF matches scipy.stats.levy_stable (S1) within 2e-6', () => {
    // Fixture: scripts/fixtures/stable_cdf.py (scipy 1.17); tolerance rule written there.
    let worst = 0;
    for (const r of stableFixture.rows) worst = Math.max(worst, Math.abs(stableCdf(r.z, r.alpha) - r.cdf));
    expect(worst).toBeLessThan(2e-6);
    expect(stableCdf(3, 1)).toBeCloseTo(0.5 + Math.atan(3) / Math.PI, 15);
  });

  it('the α-stable chain law composes and reaches scale b / (1 − |c|^α)^{1/α}', () => {
    const [c, b, alpha] = [0.9, 0.05, 1.5];
    const once = propagateStableChain({ loc: 2, scale: 0 }, c, b, alpha, 400);
    const twice = propagateStableChain(
      propagateStableChain({ loc: 2, scale: 0 }, c, b, alpha, 150),
      c,
      b,
      alpha,
      250,
    );
    expect(twice.scale).toBeCloseTo(once.scale, 14);
    expect(twice.loc).toBeCloseTo(once.loc, 14);
    expect(once.scale).toBeCloseTo(b / (1 - c ** alpha) ** (1 / alpha), 12);
  });
});
