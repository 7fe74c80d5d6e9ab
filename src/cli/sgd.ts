/** `sgd-sde sgd`: mini-batch SGD particles (or their SDE) on a built-in problem or a CSV dataset. */
import { createGpuContext } from '../gpu/device.js';
import {
  type Dataset,
  DatasetError,
  datasetFromCsv,
  makeProblem,
  PROBLEMS,
  type ProblemName,
} from '../sgd/datasets.js';
import { type EnsembleResult, runSde, runSgd, SAMPLINGS, type Sampling } from '../sgd/ensemble.js';
import { sdeStationaryCovariance, sgdStationaryCovariance } from '../sgd/lyapunov.js';
import { integer, parseOptions, positive, seedOption, UsageError } from './args.js';
import { EXIT } from './exit.js';
import { sig, table } from './format.js';
import { checkWritableFile, writeJsonOutput } from './output.js';

export const SGD_USAGE = `usage: sgd-sde sgd [--problem quadratic|linreg|logreg|nonconvex2d | --csv FILE [--header] [--loss squared|logistic]]
                  [--examples N] [--dim d] [--lr ETA] [--batch B] [--sampling with|without|gaussian|svag|sde]
                  [--svag-l L] [--substeps M] [--steps K] [--particles P] [--seed S] [--json FILE|-]
                  [--allow-divergence]
Defaults: --problem quadratic, --examples 1000, --dim 4, --lr 0.1, --batch 8, --sampling with, --svag-l 1,
--substeps 4, --steps 100, --particles 65536, --seed 1.
Runs P independent mini-batch SGD runs w <- w - ETA g_B(w) from w = 0 on the GPU (or, with --sampling sde, the
SGD-SDE dW = -grad L dt + sqrt(ETA Sigma(W)/B) dB to time K*ETA by stochastic Heun with M substeps per step) and
prints the particles' mean, covariance and loss statistics. On the quadratic problem the stationary covariance
is compared with the exact Lyapunov solution. Particles that diverge (non-finite coordinates or losses, or moments
beyond float32) are named in the table and exit 3, the JSON still written, unless --allow-divergence.`;

/** Parsed `sgd-sde sgd` options. */
export interface SgdCliOptions {
  problem: ProblemName | 'csv';
  csv?: string;
  header: boolean;
  loss: 'squared' | 'logistic';
  examples: number;
  dim: number;
  lr: number;
  batch: number;
  sampling: Sampling | 'sde';
  svagL: number;
  substeps: number;
  steps: number;
  particles: number;
  /** The 64-bit seed, in decimal. */
  seed: string;
}

/** Parses and validates `sgd-sde sgd` options (before any GPU work). */
export function parseSgdArgs(argv: string[]) {
  const v = parseOptions(argv, {
    problem: { type: 'string' },
    csv: { type: 'string' },
    header: { type: 'boolean' },
    loss: { type: 'string' },
    examples: { type: 'string' },
    dim: { type: 'string' },
    lr: { type: 'string' },
    batch: { type: 'string' },
    sampling: { type: 'string' },
    'svag-l': { type: 'string' },
    substeps: { type: 'string' },
    steps: { type: 'string' },
    particles: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'string' },
    'allow-divergence': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (v.help === true) return { opts: undefined, json: undefined, help: true, allowDivergence: false };
  const csv = typeof v.csv === 'string' ? v.csv : undefined;
  const problem = (v.problem as string | undefined) ?? (csv ? 'csv' : 'quadratic');
  if (csv && v.problem !== undefined) throw new UsageError('give either --problem or --csv, not both');
  if (problem !== 'csv' && !(PROBLEMS as readonly string[]).includes(problem)) {
    throw new UsageError(`--problem must be one of ${PROBLEMS.join(', ')}, got "${problem}"`);
  }
  const sampling = (v.sampling as string | undefined) ?? 'with';
  if (![...SAMPLINGS, 'sde'].includes(sampling)) {
    throw new UsageError(`--sampling must be one of ${[...SAMPLINGS, 'sde'].join(', ')}, got "${sampling}"`);
  }
  const loss = (v.loss as string | undefined) ?? 'squared';
  if (loss !== 'squared' && loss !== 'logistic')
    throw new UsageError(`--loss must be squared or logistic, got "${loss}"`);
  const opts: SgdCliOptions = {
    problem: problem as ProblemName | 'csv',
    header: v.header === true,
    loss,
    examples: integer('examples', v.examples, 1000, 2, 1_000_000),
    dim: integer('dim', v.dim, 4, 1, 64),
    lr: positive('lr', v.lr, 0.1),
    batch: integer('batch', v.batch, 8, 1, 1_000_000),
    sampling: sampling as Sampling | 'sde',
    svagL: integer('svag-l', v['svag-l'], 1, 1, 4096),
    substeps: integer('substeps', v.substeps, 4, 1, 4096),
    steps: integer('steps', v.steps, 100, 1, 2 ** 31),
    particles: integer('particles', v.particles, 65536, 2, 2 ** 26),
    seed: seedOption('seed', v.seed).toString(),
  };
  if (csv) opts.csv = csv;
  if (opts.problem !== 'csv' && opts.batch > opts.examples) {
    throw new UsageError(`--batch ${opts.batch} is larger than the dataset (--examples ${opts.examples})`);
  }
  return {
    opts,
    json: v.json as string | undefined,
    help: false,
    allowDivergence: v['allow-divergence'] === true,
  };
}

/** Builds the dataset of the parsed options (reads and validates the CSV; no GPU work). */
export async function datasetForCli(o: SgdCliOptions): Promise<Dataset> {
  if (o.problem === 'csv') {
    const { readFileSync } = await import('node:fs');
    let text: string;
    try {
      text = readFileSync(o.csv!, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read --csv ${o.csv}: ${(e as Error).message}`);
    }
    return datasetFromCsv(text, { loss: o.loss, header: o.header });
  }
  // The host-side data generator takes the seed's low 32 bits.
  return makeProblem(o.problem, {
    examples: o.examples,
    dim: o.dim,
    seed: Number(BigInt.asUintN(32, BigInt(o.seed))),
  });
}

const mat = (m: ArrayLike<number>, d: number) =>
  Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => m[i * d + j]!));

/** The exact stationary covariance for the quadratic problem (discrete Lyapunov for SGD, continuous for the SDE). */
function exactCovariance(ds: Dataset, o: SgdCliOptions): Float64Array | undefined {
  if (ds.kind !== 'quadratic' || ds.dim > 24) return undefined;
  if (o.sampling === 'with' || o.sampling === 'gaussian') {
    return sgdStationaryCovariance(ds.hessian!, ds.noiseCovariance!, ds.dim, o.lr, o.batch);
  }
  if (o.sampling === 'sde')
    return sdeStationaryCovariance(ds.hessian!, ds.noiseCovariance!, ds.dim, o.lr, o.batch);
  if (o.sampling === 'svag') {
    const l = o.svagL;
    return sgdStationaryCovariance(
      ds.hessian!,
      ds.noiseCovariance!.map((v) => v * l),
      ds.dim,
      o.lr / l,
      o.batch,
    );
  }
  return undefined;
}

/** The readable report. */
/**
 * Why the statistics of an SGD run are not those of its particles ('' when they are): non-finite coordinates or
 * losses, or moments that float32 sums could not hold (coordinates beyond ~1e19 overflow their squares).
 */
export function sgdDivergence(r: EnsembleResult): string {
  const m = r.moments;
  const d = r.dim;
  const parts: string[] = [];
  if (m.nonFinite > 0) parts.push(`${m.nonFinite} of ${r.particles * d} coordinates non-finite`);
  if (r.loss.nonFinite > 0)
    parts.push(`the loss non-finite for ${r.loss.nonFinite} of ${r.particles} particles`);
  const held = Array.from({ length: d }, (_, a) => [m.mean[a]!, m.covariance[a * d + a]!]).every(
    ([mu, v]) => Number.isFinite(mu) && Number.isFinite(v) && v! >= 0,
  );
  if (!held) parts.push('means or variances not representable (float32 sums overflowed)');
  return parts.join('; ');
}

export function formatSgdReport(
  r: EnsembleResult,
  o: SgdCliOptions,
  ds: Dataset,
  exact?: Float64Array,
): string {
  const d = r.dim;
  const m = r.moments;
  const show = Math.min(d, 8);
  const lines = [
    `sgd-sde: ${o.sampling === 'sde' ? 'SGD-SDE particles (stochastic Heun)' : `mini-batch SGD particles, sampling ${o.sampling}`}`,
    `adapter    ${r.adapter}`,
    `problem    ${ds.kind} (${ds.loss} loss), ${ds.examples} examples, d = ${d}`,
    `run        ${r.particles} particles x ${o.steps} steps of eta = ${o.lr}, batch ${o.batch} (t = ${sig(r.time)}), seed ${o.seed}`,
    `speed      ${sig(r.particleStepsPerSecond / 1e6, 4)} M particle-steps/s, ${sig(r.exampleGradientsPerSecond / 1e6, 4)} M example-gradients/s (${sig(r.seconds, 3)} s)`,
    `loss       mean ${sig(r.loss.mean)} ± ${sig(r.loss.meanSE, 3)}, sd ${sig(Math.sqrt(r.loss.variance), 4)}`,
    '',
    table(
      ['coordinate', 'mean', '± SE', 'variance', '± SE', ...(exact ? ['exact', 'z'] : [])],
      Array.from({ length: show }, (_, a) => {
        const k = a * d + a;
        const row = [
          `w${a + 1}`,
          sig(m.mean[a]!),
          sig(m.meanSE[a]!, 3),
          sig(m.covariance[k]!),
          sig(m.covarianceSE[k]!, 3),
        ];
        if (exact) row.push(sig(exact[k]!), sig((m.covariance[k]! - exact[k]!) / m.covarianceSE[k]!, 3));
        return row;
      }),
    ),
    `non-finite coordinates: ${m.nonFinite}`,
    ...(sgdDivergence(r) ? [`DIVERGED: ${sgdDivergence(r)}`] : []),
  ];
  if (d > show) lines.push(`(first ${show} of ${d} coordinates shown; --json has all of them)`);
  return lines.join('\n');
}

/** Runs `sgd-sde sgd`; returns the exit status. */
export async function sgdCommand(argv: string[], write: (s: string) => void): Promise<number> {
  const { opts, json, help, allowDivergence } = parseSgdArgs(argv);
  if (help || !opts) {
    write(`${SGD_USAGE}\n`);
    return 0;
  }
  let ds: Dataset;
  try {
    ds = await datasetForCli(opts);
  } catch (e) {
    if (e instanceof DatasetError) throw new UsageError(e.message);
    throw e;
  }
  if (opts.batch > ds.examples) {
    throw new UsageError(`--batch ${opts.batch} is larger than the dataset (${ds.examples} examples)`);
  }
  const common = {
    dataset: ds,
    lr: opts.lr,
    batch: opts.batch,
    steps: opts.steps,
    particles: opts.particles,
    seed: BigInt(opts.seed),
  };
  if (json !== undefined) checkWritableFile(json, '--json');
  const ctx = await createGpuContext();
  try {
    let result: EnsembleResult;
    try {
      result =
        opts.sampling === 'sde'
          ? await runSde(ctx, { ...common, substeps: opts.substeps })
          : await runSgd(ctx, { ...common, sampling: opts.sampling, svagL: opts.svagL });
    } catch (e) {
      if (e instanceof DatasetError) throw new UsageError(e.message);
      throw e;
    }
    const exact = exactCovariance(ds, opts);
    const d = ds.dim;
    const doc = {
      command: 'sgd',
      backend: ctx.backend,
      options: opts,
      adapter: result.adapter,
      particles: result.particles,
      time: result.time,
      mean: result.moments.mean,
      meanSE: result.moments.meanSE,
      covariance: mat(result.moments.covariance, d),
      covarianceSE: mat(result.moments.covarianceSE, d),
      exactCovariance: exact ? mat(exact, d) : null,
      loss: result.loss,
      nonFinite: result.moments.nonFinite,
      seconds: result.seconds,
      particleStepsPerSecond: result.particleStepsPerSecond,
      exampleGradientsPerSecond: result.exampleGradientsPerSecond,
    };
    if (json !== '-') write(`${formatSgdReport(result, opts, ds, exact)}\n`);
    if (json !== undefined) writeJsonOutput(json, doc, write);
    const why = sgdDivergence(result);
    if (why && !allowDivergence) {
      process.stderr.write(
        `sgd-sde: the particles diverged by step ${opts.steps} (${why}; a smaller --lr may be stable); ` +
          `exit ${EXIT.diverged} (--allow-divergence accepts this)\n`,
      );
      return EXIT.diverged;
    }
    return 0;
  } finally {
    ctx.destroy();
  }
}
