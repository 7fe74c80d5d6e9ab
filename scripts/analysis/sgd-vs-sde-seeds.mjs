// Seed study for the sgd-vs-sde experiment: for seeds 1…M, measures the weak errors E g(SGD) − E g(SDE) of each
// problem at a superset of its step sizes (measureSgdVsSde, N particles per ensemble), and writes them as JSON,
// so that fit designs (step-size subsets, N as a pooled multiple of the base N, the fitting rule) can be judged by
// how often they pass over many seeds (scripts/analysis/sgd-vs-sde-design.mjs).
//   node scripts/analysis/sgd-vs-sde-seeds.mjs OUT.json [SEEDS=16] [N=8192] [SECONDS=300]
// Needs `npm run build:node` (imports dist/index.node.js). Stops early (keeping what it has) after SECONDS.
import { writeFileSync } from 'node:fs';
import { createGpuContext, measureSgdVsSde, SGD_SDE_SETUP } from '../../dist/index.node.js';

const [out = '/tmp/sgd-vs-sde-seeds.json', seedsArg = '16', nArg = '8192', secArg = '300'] =
  process.argv.slice(2);
const seeds = Number(seedsArg);
const particles = Number(nArg);
const deadline = Date.now() + Number(secArg) * 1000;
// Superset of the step sizes: the experiment's levels and the neighbours a design might add.
const superset = {
  nonconvex2d: { lrs: [8, 12, 16, 24, 32, 48, 64, 96, 128], modifiedLrs: [6, 8, 10, 12, 16, 20, 24, 32, 48] },
  logreg: { lrs: [4, 6, 8, 12, 16, 24, 32, 48, 64, 96], modifiedLrs: [] },
};
const ctx = await createGpuContext();
const result = { adapter: ctx.adapterName, particles, superset, runs: [] };
const t0 = Date.now();
try {
  for (let seed = 1; seed <= seeds && Date.now() < deadline; seed++) {
    for (const [pi, problem] of SGD_SDE_SETUP.problems.entries()) {
      const s = superset[problem.id];
      const p = { ...problem, lrs: s.lrs.map((k) => 1 / k), modifiedLrs: s.modifiedLrs.map((k) => 1 / k) };
      const m = await measureSgdVsSde(ctx, p, { particles, seed, seedBase: pi * 30 });
      // Compact: per g and kind, [1/η, error, SE] (5 significant digits).
      const r5 = (v) => Number(v.toPrecision(5));
      const errors = {};
      for (const [g, kinds] of Object.entries(m.errors)) {
        errors[g] = {};
        for (const [kind, pts] of Object.entries(kinds))
          errors[g][kind] = pts.map((q) => [Math.round(1 / q.h), r5(q.value), r5(q.se)]);
      }
      result.runs.push({ seed, problem: problem.id, errors });
    }
    writeFileSync(out, JSON.stringify(result));
    console.log(`seed ${seed} done at ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
} finally {
  ctx.destroy();
}
process.exit(0);
