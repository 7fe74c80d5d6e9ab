/** `sgd-sde ou`: the 1-D Ornstein–Uhlenbeck check, the project's main job. */
import { createGpuContext } from '../gpu/device.js';
import { type Ou1dResult, runOu1d } from '../ou/ou1d.js';
import { integer, number, parseOptions, positive, seedOption, UsageError } from './args.js';
import { sig, table } from './format.js';
import { checkWritableFile, writeJsonOutput } from './output.js';

export const OU_USAGE = `usage: sgd-sde ou [--particles N] [--steps K] [--dt H] [--theta T] [--sigma S] [--x0 X]
                 [--seed S] [--bins B] [--json FILE|-]
Runs dX = -theta X dt + sigma dB by Euler-Maruyama on the GPU and compares the ensemble with the exact law of
the Euler-Maruyama chain and with the continuous OU law.`;

/** Parses and validates `sgd-sde ou` options (before any GPU work). */
export function parseOuArgs(argv: string[]) {
  const v = parseOptions(argv, {
    particles: { type: 'string' },
    steps: { type: 'string' },
    dt: { type: 'string' },
    theta: { type: 'string' },
    sigma: { type: 'string' },
    x0: { type: 'string' },
    seed: { type: 'string' },
    bins: { type: 'string' },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  const opts = {
    particles: integer('particles', v.particles, 1_000_000, 1, 2 ** 32 - 1),
    steps: integer('steps', v.steps, 500, 1, 2 ** 32 - 1),
    dt: positive('dt', v.dt, 0.02),
    theta: positive('theta', v.theta, 1),
    sigma: positive('sigma', v.sigma, 1),
    x0: number('x0', v.x0, 1),
    seed: seedOption('seed', v.seed),
    bins: integer('bins', v.bins, 100, 1, 4096),
  };
  if (opts.theta * opts.dt >= 2) {
    throw new UsageError(
      `--theta times --dt must be < 2 for a stable Euler-Maruyama chain, got ${opts.theta * opts.dt}`,
    );
  }
  return { opts, json: v.json as string | undefined, help: v.help === true };
}

const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');

/** The readable table printed by `npm start`. */
export function formatOuReport(r: Ou1dResult, backend: string): string {
  const o = r.options;
  const m = r.moments;
  const bias = r.vsOu.relativeVarianceBias;
  const out = [
    `sgd-sde: 1-D Ornstein-Uhlenbeck, Euler-Maruyama on the GPU`,
    `adapter    ${r.adapter} [${backend}]`,
    `model      dX = -${o.theta} X dt + ${o.sigma} dB, x0 = ${o.x0}`,
    `run        ${o.particles} particles x ${o.steps} steps of h = ${o.dt} (t = ${sig(o.steps * o.dt)}), seed ${o.seed}`,
    `speed      ${sig(r.particleStepsPerSecond / 1e9, 4)} G particle-steps/s (${sig(r.seconds, 3)} s stepping)`,
    '',
    table(
      ['quantity', 'measured', '± SE', 'exact', 'z', 'verdict'],
      [
        [
          'mean vs EM chain',
          sig(m.mean),
          sig(m.meanSE, 3),
          sig(r.chainLaw.mean),
          sig(r.vsChain.mean.z, 3),
          verdict(r.vsChain.mean.pass),
        ],
        [
          'variance vs EM chain',
          sig(m.variance),
          sig(m.varianceSE, 3),
          sig(r.chainLaw.variance),
          sig(r.vsChain.variance.z, 3),
          verdict(r.vsChain.variance.pass),
        ],
        [
          'mean vs OU',
          sig(m.mean),
          sig(m.meanSE, 3),
          sig(r.ouLaw.mean),
          sig(r.vsOu.mean.z, 3),
          verdict(r.vsOu.mean.pass),
        ],
        [
          'variance vs OU',
          sig(m.variance),
          sig(m.varianceSE, 3),
          sig(r.ouLaw.variance),
          sig(r.vsOu.variance.z, 3),
          r.vsOu.variance.pass ? 'PASS' : 'O(h) bias',
        ],
      ],
    ),
    '',
    `verdicts pass within ${r.vsChain.mean.tolerance} standard errors; SE of the variance from the sample's 4th moment.`,
    `O(h) bias: the EM chain's variance exceeds the OU variance by a factor 2/(2 - theta h); predicted ` +
      `${sig(100 * bias.predicted, 3)}%, measured ${sig(100 * bias.measured, 3)}% ± ${sig(100 * bias.se, 2)}%.`,
    `histogram  ${o.bins} bins over mean ± 6 sd vs the EM-chain law: chi-square ${sig(r.vsChain.histogram.chiSquare, 5)} ` +
      `on ${r.vsChain.histogram.dof} dof, p = ${sig(r.vsChain.histogram.pValue, 3)} (alpha ${r.vsChain.histogram.alpha}), ` +
      `TV ${sig(r.vsChain.histogram.tv, 3)} (null expectation ${sig(r.vsChain.histogram.tvNull, 3)}): ${verdict(r.vsChain.histogram.pass)}`,
    `non-finite particles: ${m.nonFinite}`,
  ];
  return out.join('\n');
}

/** True when every comparison with the EM chain passed. */
export function ouPassed(r: Ou1dResult): boolean {
  return (
    r.vsChain.mean.pass && r.vsChain.variance.pass && r.vsChain.histogram.pass && r.moments.nonFinite === 0
  );
}

/** Runs `sgd-sde ou`; returns the exit status. */
export async function ouCommand(argv: string[], write: (s: string) => void): Promise<number> {
  const { opts, json, help } = parseOuArgs(argv);
  if (help) {
    write(`${OU_USAGE}\n`);
    return 0;
  }
  if (json !== undefined) checkWritableFile(json, '--json');
  const ctx = await createGpuContext();
  try {
    const result = await runOu1d(ctx, opts);
    const passed = ouPassed(result);
    const doc = { command: 'ou', passed, backend: ctx.backend, ...result };
    if (json !== '-') write(`${formatOuReport(result, ctx.backend)}\n`);
    if (json !== undefined)
      writeJsonOutput(json, doc, write, '--json', (_k, v) => (v instanceof Uint32Array ? Array.from(v) : v));
    return passed ? 0 : 1;
  } finally {
    ctx.destroy();
  }
}
