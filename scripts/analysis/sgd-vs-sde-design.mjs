// Judges sgd-vs-sde fit designs on the seed study of sgd-vs-sde-seeds.mjs: for a problem, a kind (sde/modified),
// a subset of step sizes and a pooling factor k (N = k × the study's N, by averaging k independent seeds), splits
// the seeds into disjoint groups of k, runs a verdict rule on each group, and prints how often every check of the
// design passes, is unresolved or fails, the mean fitted order, the mean 99% half-width, and how often the
// interval covers the order fitted to all seeds pooled (the design's effective order; nominal 99%).
// Rules: 'log' = fitWeakOrder (WLS of log|e|, Student's t when χ²/dof > 1, levels under 3 SE unresolved; the
// experiment's rule until this study), 'power' = fitPowerLaw (the rule since).
//   node scripts/analysis/sgd-vs-sde-design.mjs STUDY.json
// Needs `npm run build:node` (imports dist/index.js and dist/internal.js).
import { readFileSync } from 'node:fs';
import { fitPowerLaw, fitWeakOrder } from '../../dist/index.js';
import { intervalVerdict } from '../../dist/internal.js';

const study = JSON.parse(readFileSync(process.argv[2] ?? 'docs/results/sgd-vs-sde-seeds-h200.json', 'utf8'));
const tol = { sde: 0.25, modified: 0.5 };
const order = { sde: 1, modified: 2 };

/** Pooled points: mean of k seeds' errors per level ([1/η, error, SE] in the study), SE √(Σ SE²)/k. */
function pool(group, g, kind, inv) {
  return inv.map((k) => {
    const pts = group.map((r) => r.errors[g][kind].find((p) => p[0] === k));
    const value = pts.reduce((s, p) => s + p[1], 0) / pts.length;
    const se = Math.sqrt(pts.reduce((s, p) => s + p[2] * p[2], 0)) / pts.length;
    return { h: 1 / k, value, se, n: study.particles * pts.length };
  });
}

/** Verdict of one check: interval verdict ('log': downgraded to unresolved when a level is unresolved). */
function verdictOf(pts, kind, rule) {
  const fit =
    rule === 'log' ? fitWeakOrder(pts, { confidence: 0.99 }) : fitPowerLaw(pts, { confidence: 0.99 });
  if (!Number.isFinite(fit.order)) return { verdict: 'unresolved', fit };
  const v = intervalVerdict({
    theory: order[kind],
    estimate: fit.order,
    ci: [fit.lower, fit.upper],
    level: 0.99,
    tolerance: tol[kind],
    particles: pts[0].n,
  });
  return { verdict: v.verdict === 'pass' && fit.verdict === 'unresolved' ? 'unresolved' : v.verdict, fit };
}

/** Pass/unresolved/fail rates of a design (every g of the problem, one kind) over disjoint seed groups. */
export function judge(problem, kind, inv, k, rule) {
  const runs = study.runs.filter((r) => r.problem === problem);
  const gs = Object.keys(runs[0].errors);
  const pooled = Object.fromEntries(gs.map((g) => [g, verdictOf(pool(runs, g, kind, inv), kind, rule).fit]));
  const groups = [];
  for (let i = 0; i + k <= runs.length; i += k) groups.push(runs.slice(i, i + k));
  const all = { pass: 0, unresolved: 0, fail: 0 };
  const perG = Object.fromEntries(
    gs.map((g) => [g, { pass: 0, unresolved: 0, fail: 0, order: 0, half: 0, covered: 0 }]),
  );
  for (const group of groups) {
    const vs = gs.map((g) => {
      const { verdict, fit } = verdictOf(pool(group, g, kind, inv), kind, rule);
      perG[g][verdict]++;
      if (fit.lower <= pooled[g].order && pooled[g].order <= fit.upper) perG[g].covered++;
      perG[g].order += fit.order / groups.length;
      perG[g].half += (fit.upper - fit.lower) / 2 / groups.length;
      return verdict;
    });
    all[vs.includes('fail') ? 'fail' : vs.includes('unresolved') ? 'unresolved' : 'pass']++;
  }
  return { groups: groups.length, all, perG, pooled };
}

const OLD = {
  logreg: [8, 12, 16, 24, 32, 48],
  sde: [16, 24, 32, 48, 64, 96],
  modified: [8, 10, 12, 16, 20, 24, 32],
};
const NEW = {
  logreg: [8, 12, 16, 24, 32, 48, 64, 96],
  sde: [16, 24, 32, 48, 64, 96],
  modified: [8, 10, 12, 16, 20, 24, 32, 48],
};
// [problem, kind, levels 1/η, pooling k (N = k × 8192 per ensemble), rule, note]
const designs = [
  ['logreg', 'sde', OLD.logreg, 4, 'log', 'old design and rule, default (2N = 32 768)'],
  ['logreg', 'sde', OLD.logreg, 4, 'power', 'old design, new rule, default'],
  ['logreg', 'sde', NEW.logreg, 6, 'power', 'new design, default (3N = 49 152)'],
  ['logreg', 'sde', NEW.logreg, 3, 'power', 'new design, quick (3N = 24 576)'],
  ['nonconvex2d', 'sde', OLD.sde, 2, 'log', 'old design and rule, default (N = 16 384)'],
  ['nonconvex2d', 'sde', NEW.sde, 4, 'power', 'new design, default (2N = 32 768)'],
  ['nonconvex2d', 'sde', NEW.sde, 2, 'power', 'new design, quick (2N = 16 384)'],
  ['nonconvex2d', 'modified', OLD.modified, 2, 'log', 'old design and rule, default (N = 16 384)'],
  ['nonconvex2d', 'modified', NEW.modified, 4, 'power', 'new design, default (2N = 32 768)'],
  ['nonconvex2d', 'modified', NEW.modified, 2, 'power', 'new design, quick (2N = 16 384)'],
];
const pct = (x, n) => `${((100 * x) / n).toFixed(0)}%`;
for (const [p, kind, inv, k, rule, note] of designs) {
  const r = judge(p, kind, inv, k, rule);
  console.log(
    `${p} ${kind} 1/η = ${inv.join(',')} N = ${k}×${study.particles}, rule ${rule} (${note}), ${r.groups} groups: every g passes ${pct(r.all.pass, r.groups)}, unresolved ${pct(r.all.unresolved, r.groups)}, fail ${pct(r.all.fail, r.groups)}`,
  );
  for (const [g, s] of Object.entries(r.perG))
    console.log(
      `    ${g}: pass ${pct(s.pass, r.groups)} unresolved ${pct(s.unresolved, r.groups)} fail ${pct(s.fail, r.groups)}; mean order ${s.order.toFixed(3)}, mean 99% half-width ${s.half.toFixed(3)}; all seeds pooled ${r.pooled[g].order.toFixed(3)}, covered ${pct(s.covered, r.groups)}`,
    );
}
