#!/usr/bin/env node
/**
 * Seed study of the suite's verdicts under the family-wise rule: how often a correct engine gets a `fail`.
 *
 *   node scripts/analysis/family-wise-study.mjs --name NAME --note TEXT FILE...   write docs/results/NAME.json
 *
 * Each FILE is the JSON of one `sgd-sde suite … --checks --json FILE` run (one seed or several): its results carry
 * each check's kind and the verdicts the run gave under its family-wise level. Also accepted: the compact seed-study
 * format of docs/results/suite-seeds-3-81-h200.json (`results` of {experiment, seed, verdict, checks: [name,
 * theory, estimate, se, verdict]}), which predates the kinds: there each seed's point checks are recognised by name
 * (a comparison with an exact chain or a discrete Lyapunov solution), re-tested at α = 0.005 / m (m point checks of
 * that seed's run), and the other checks keep their stored verdicts.
 *
 * Writes every run's verdict and its point checks' z-scores, and per experiment the runs that pass, are unresolved and fail, the seeds with any fail, and the observed
 * family-wise rate (seeds with a point-check fail / seeds) with its exact (Clopper–Pearson) 95% interval, as tables
 * the docs render (scripts/render-results.mjs).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import quantile from '@stdlib/stats-base-dists-normal-quantile';

const normalQuantile = (p) => quantile(p, 0, 1);

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FAMILY_WISE_ALPHA = 0.005;

/** P(X ≤ k) for X ~ Binomial(n, p). */
function binomialCdf(k, n, p) {
  let term = (1 - p) ** n;
  let s = term;
  for (let i = 1; i <= k; i++) {
    term *= ((n - i + 1) / i) * (p / (1 - p));
    s += term;
  }
  return Math.min(1, s);
}

/** Exact (Clopper–Pearson) two-sided 95% interval of a binomial proportion x / n, by bisection. */
function clopperPearson(x, n) {
  const solve = (f) => {
    let lo = 0;
    let hi = 1;
    for (let i = 0; i < 200; i++) {
      const mid = (lo + hi) / 2;
      if (f(mid)) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  const upper = x === n ? 1 : solve((p) => binomialCdf(x, n, p) > 0.025);
  const lower = x === 0 ? 0 : solve((p) => 1 - binomialCdf(x - 1, n, p) < 0.025);
  return [lower, upper];
}

const LEGACY_POINT =
  /vs exact chain|vs discrete Lyapunov|vs the exact SGD chain|vs fitted to the exact chain/;
const LEGACY_ONE_SIDED = /claim < |the rule breaks|law differs|\) > 0|− KL\(preconditioned\) > 0/;

/** One run's results as {experiment, seed, verdict, points: [{name, z, verdict}]} under the family-wise rule. */
function normalise(doc, file) {
  const results = doc.results ?? doc;
  if (!Array.isArray(results)) throw new Error(`${file}: no results`);
  if (
    results.every(
      (r) =>
        Array.isArray(r.checks) &&
        r.checks.every((c) => typeof c === 'object' && !Array.isArray(c) && c.kind),
    )
  ) {
    return results.map((r) => ({
      experiment: r.experiment,
      seed: r.seed,
      verdict: r.verdict,
      points: r.checks
        .filter((c) => c.kind === 'point')
        .map((c) => ({ name: c.name, z: c.z, verdict: c.verdict })),
      pointChecks: r.pointChecks,
    }));
  }
  // Compact legacy rows: one run per seed; re-test that seed's point checks as one family.
  const bySeed = new Map();
  for (const r of results) {
    if (!bySeed.has(r.seed)) bySeed.set(r.seed, []);
    bySeed.get(r.seed).push(r);
  }
  const out = [];
  for (const rs of bySeed.values()) {
    const isPoint = (name) => LEGACY_POINT.test(name) && !LEGACY_ONE_SIDED.test(name);
    const m = rs.reduce((n, r) => n + r.checks.filter(([name]) => isPoint(name)).length, 0);
    const zc = normalQuantile(1 - FAMILY_WISE_ALPHA / m / 2);
    for (const r of rs) {
      const verdicts = [];
      const points = [];
      for (const [name, theory, estimate, se, verdict] of r.checks) {
        if (isPoint(name)) {
          const z = (estimate - theory) / se;
          const v = Math.abs(z) <= zc ? 'pass' : 'fail';
          points.push({ name, z, verdict: v });
          verdicts.push(v);
        } else verdicts.push(verdict);
      }
      const verdict = verdicts.includes('fail')
        ? 'fail'
        : verdicts.includes('unresolved')
          ? 'unresolved'
          : 'pass';
      out.push({ experiment: r.experiment, seed: r.seed, verdict, points, pointChecks: m });
    }
  }
  return out;
}

function main(argv) {
  const files = [];
  let name;
  let note = '';
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--name') name = argv[++i];
    else if (argv[i] === '--note') note = argv[++i];
    else files.push(argv[i]);
  }
  if (!name || files.length === 0) {
    console.error('usage: family-wise-study.mjs --name NAME [--note TEXT] FILE...');
    process.exit(2);
  }
  const runs = files.flatMap((f) => normalise(JSON.parse(readFileSync(f, 'utf8')), f));
  const seeds = [...new Set(runs.map((r) => r.seed))].sort((a, b) => a - b);
  const experiments = [...new Set(runs.map((r) => r.experiment))];
  const per = experiments.map((e) => {
    const rs = runs.filter((r) => r.experiment === e);
    const count = (v) => rs.filter((r) => r.verdict === v).length;
    const zs = rs.flatMap((r) => r.points.map((p) => p.z)).filter(Number.isFinite);
    const maxZ = zs.length ? Math.max(...zs.map(Math.abs)) : null;
    const failSeeds = rs.filter((r) => r.verdict === 'fail').map((r) => r.seed);
    return [
      e,
      rs.length,
      count('pass'),
      count('unresolved'),
      count('fail'),
      zs.length / rs.length,
      maxZ === null ? '—' : maxZ.toFixed(2),
      failSeeds.join(', ') || '—',
    ];
  });
  const anyFail = seeds.filter((s) => runs.some((r) => r.seed === s && r.verdict === 'fail'));
  const pointFail = seeds.filter((s) =>
    runs.some((r) => r.seed === s && r.points.some((p) => p.verdict === 'fail')),
  );
  const [lo, hi] = clopperPearson(pointFail.length, seeds.length);
  const m = [...new Set(runs.map((r) => r.pointChecks))];
  const zc = m.length === 1 ? normalQuantile(1 - FAMILY_WISE_ALPHA / m[0] / 2) : null;
  const pct = (x) => `${(100 * x).toFixed(2)}%`;
  const doc = {
    note,
    files: files.map((f) => (f.startsWith(ROOT) ? f.slice(ROOT.length + 1) : basename(f))),
    familyWiseAlpha: FAMILY_WISE_ALPHA,
    seeds,
    pointChecksPerRun: m,
    criticalZ: zc,
    seedsWithAnyFail: anyFail,
    seedsWithPointCheckFail: pointFail,
    familyWiseRate: {
      failures: pointFail.length,
      runs: seeds.length,
      rate: pointFail.length / seeds.length,
      ci95: [lo, hi],
    },
    // Every run's verdict and its point checks' z-scores (4 decimals), so the tables can be recomputed from this file.
    runs: runs.map((r) => ({
      seed: r.seed,
      experiment: r.experiment,
      verdict: r.verdict,
      points: r.points.map((p) => [p.name, Number(p.z.toFixed(4)), p.verdict]),
    })),
    tables: {
      'per-experiment': {
        columns: [
          'experiment',
          'runs',
          'pass',
          'unresolved',
          'fail',
          'point checks per run',
          'max |z| of its point checks',
          'seeds that fail',
        ],
        align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
        rows: per,
      },
      'family-wise': {
        columns: [
          'seeds',
          'point checks per run',
          'α per check',
          'critical z',
          'runs with a point-check fail',
          'observed rate',
          '95% interval (exact)',
          'stated level',
        ],
        align: ['r', 'r', 'r', 'r', 'r', 'r', 'l', 'r'],
        rows: [
          [
            seeds.length,
            m.join(', '),
            m.length === 1 ? (FAMILY_WISE_ALPHA / m[0]).toExponential(2) : '—',
            zc === null ? '—' : zc.toFixed(2),
            pointFail.length,
            pct(pointFail.length / seeds.length),
            `[${pct(lo)}, ${pct(hi)}]`,
            pct(FAMILY_WISE_ALPHA),
          ],
        ],
      },
    },
  };
  const out = join(ROOT, 'docs', 'results', `${name}.json`);
  writeFileSync(out, `${JSON.stringify(doc, null, 1)}\n`);
  console.log(
    `${out}: ${seeds.length} seeds, ${pointFail.length} with a point-check fail (95% upper ${pct(hi)}), ${anyFail.length} with any fail`,
  );
}

main(process.argv.slice(2));
