/**
 * `sgd-sde list`, `sgd-sde run <experiment>` and `sgd-sde suite`: the experiments that turn the SGD-as-SDE theory
 * into measurements. Every option is validated (and report/JSON destinations are checked writable) before any GPU
 * work; usage errors exit 2 with one line.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXPERIMENTS, findExperiment } from '../experiments/registry.js';
import {
  fmtDetectable,
  fmtEstimate,
  fmtNumber,
  fmtTest,
  fmtTheory,
  reportFiles,
  VERDICT_LEGEND,
} from '../experiments/report.js';
import { LIBRARY_VERSION, runExperiment } from '../experiments/run.js';
import { DEFAULT_FAMILY_WISE_ALPHA, type Experiment, type ExperimentResult } from '../experiments/types.js';
import { applyFamilyWise, bonferroniAlpha } from '../experiments/verdict.js';
import { createGpuContext } from '../gpu/device.js';
import { integer, parseOptions, seedOption, UsageError } from './args.js';

/** An experiment's seed: the common seed rule, below 2^53 (experiments derive their sub-seeds as doubles). */
const experimentSeed = (name: string, raw: string | boolean | undefined): number =>
  Number(seedOption(name, raw, 1n, 1n << 53n));

import { table, wrappedTable, wrapText } from './format.js';
import { checkWritableFile, prepareOutputDir, writeJsonOutput } from './output.js';
import { createProgressBar } from './progress.js';

export const RUN_USAGE = `usage: sgd-sde run <experiment> [--particles N] [--seed S] [--quick] [--json FILE|-] [--report DIR]
Runs one experiment (see "sgd-sde list") and prints theory, estimate with its confidence interval, and a verdict.
  --particles N   particles per ensemble (default: the experiment's; --quick: its test size)
  --seed S        random seed (default 1)
  --json FILE|-   write the result as JSON (- : stdout only, no table, no progress bar)
  --report DIR    write DIR/index.html (self-contained, inline SVG), DIR/results.json and the figures as .svg
Exit status: 0 pass or unresolved, 1 fail, 2 bad input.`;

export const SUITE_USAGE = `usage: sgd-sde suite [--seed S | --seeds S1,S2,...] [--quick] [--only a,b,...] [--checks] [--json FILE|-] [--report DIR]
Runs every available experiment of the default selection (its default size; --quick: its test size) with each
seed and prints one summary table (one row per experiment and seed: its headline claim and how many checks pass).
  --seed S          one seed (default 1)
  --seeds S1,S2     several seeds, e.g. --seeds 1,2: every experiment runs once per seed
  --only a,b        these experiments instead of the default selection
  --checks          also print every sub-claim (check) under its experiment
  --json FILE|-     write {seeds, results: [one per experiment and seed], ...} (- : stdout only, no table)
  --report DIR      one HTML report of every result
Exit status: 0 when no verdict fails (pass or unresolved), 1 when one fails, 2 bad input.`;

const COMMON_SPEC = {
  seed: { type: 'string' },
  quick: { type: 'boolean' },
  json: { type: 'string' },
  report: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function writeReport(dir: string, results: ExperimentResult[], title: string): void {
  for (const f of reportFiles(results, title)) writeFileSync(join(dir, f.path), f.text);
}

const progressEnabled = (json: string | undefined) =>
  json !== '-' && process.stdout.isTTY === true && process.stderr.isTTY === true;

/** "passed/total" of a result's checks (the headline included), e.g. `7/7`. */
export function checksPassed(r: ExperimentResult): string {
  return `${r.checks.filter((c) => c.verdict === 'pass').length}/${r.checks.length}`;
}

/**
 * The one-table summary: one row per experiment and seed with its headline claim: experiment, seed, claim,
 * theory (`< b` / `> b` for a one-sided claim), measured [CI], test (`±tol`, `z α=…` or `1-sided`), N, checks
 * passed (all sub-claims, the headline included), verdict. With `checks`, each sub-claim follows on its own row
 * marked `·`, and a `detects` column gives each point check's detectable relative shift (99% power). Fits 120
 * columns: the claim column is word-wrapped; the numbers of a row are on its first line (what the table/JSON test
 * reads).
 */
export function formatSummary(
  results: ExperimentResult[],
  skipped: Experiment[] = [],
  o: { checks?: boolean } = {},
): string {
  const rows: string[][] = [];
  const detect = o.checks === true;
  const blank = ['', '', '', '', '', '', '', ...(detect ? [''] : [])];
  for (const r of results) {
    const head = r.checks[0];
    rows.push([
      r.experiment,
      String(r.seed),
      r.quantity,
      fmtTheory(head ?? { kind: 'equivalence', theory: r.theory }),
      fmtEstimate(r),
      fmtTest(head ?? { kind: 'equivalence', tolerance: r.tolerance }),
      ...(detect ? [head ? fmtDetectable(head) : ''] : []),
      String(r.n),
      checksPassed(r),
      r.verdict,
    ]);
    // Sub-claims other than the headline, under it.
    if (detect) {
      for (const c of r.checks.slice(1)) {
        rows.push([
          '',
          '',
          `· ${c.name}`,
          fmtTheory(c),
          fmtEstimate(c),
          fmtTest(c),
          fmtDetectable(c),
          '',
          '',
          c.verdict,
        ]);
      }
    }
  }
  for (const e of skipped)
    rows.push([e.name, '', `not in the default selection: sgd-sde run ${e.name}`, ...blank.slice(2), 'n/a']);
  return wrappedTable(
    [
      'experiment',
      'seed',
      'claim',
      'theory',
      'measured [CI]',
      'test',
      ...(detect ? ['detects'] : []),
      'N',
      'checks',
      'verdict',
    ],
    rows,
    {
      wrapColumn: 2,
      align: ['l', 'r', 'l', 'r', 'r', 'r', ...(detect ? ['r' as const] : []), 'r', 'r', 'l'],
      width: 120,
      minWrapWidth: 16,
    },
  );
}

/** The lines under a summary table: what each column and each kind of verdict means, and the family-wise level. */
export function summaryLegend(results: ExperimentResult[], o: { checks?: boolean } = {}): string {
  const m = results[0]?.pointChecks ?? 0;
  const fw = results[0]?.familyWiseAlpha ?? DEFAULT_FAMILY_WISE_ALPHA;
  const wrap = (line: string) => wrapText(line, 120).join('\n  ');
  return [
    `claim: the headline quantity measured; checks: sub-claims passed / checked (${o.checks ? 'the rows marked · under it' : 'each one: --checks, or the JSON'}).`,
    'measured [CI]: the estimate and its confidence interval (99% for equivalence and one-sided claims unless the',
    "JSON's ciLevel says otherwise; 1 − α for a point claim).",
    ...VERDICT_LEGEND.map((line) => wrap(`verdict: ${line}`)),
    ...(o.checks
      ? [
          'detects: the smallest shift from theory (relative) a point check catches with probability 0.99 (JSON detectable).',
        ]
      : []),
    `family-wise level: ${fmtNumber(fw)} over the ${m} point checks of this run (α = ${fmtNumber(m > 0 ? bonferroniAlpha(fw, m) : fw, 3)} each,`,
    `Bonferroni): a correct engine gets any point-check fail with probability at most ${fmtNumber(100 * fw)}%.`,
  ].join('\n');
}

/** `sgd-sde list`. */
export async function listCommand(argv: string[], write: (s: string) => void): Promise<number> {
  const v = parseOptions(argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (v.help) {
    write(
      'usage: sgd-sde list [--json]\nLists the experiments, their claims and whether this build can run them.\n',
    );
    return 0;
  }
  if (v.json) {
    const doc = EXPERIMENTS.map((e) => ({
      name: e.name,
      claim: e.claim,
      reference: e.reference,
      defaultParticles: e.defaults.particles,
    }));
    write(`${JSON.stringify(doc, null, 2)}\n`);
    return 0;
  }
  for (const e of EXPERIMENTS) {
    const status = `default N = ${e.defaults.particles}${e.notInSuite ? `; not in the default suite: ${e.notInSuite}` : ''}`;
    write(`${e.name}\n  claim:  ${e.claim}\n  status: ${status}\n`);
  }
  return 0;
}

/** Parses `sgd-sde run` arguments and checks every destination; no GPU work. */
export function parseRunArgs(argv: string[]) {
  const first = argv[0];
  const named = first !== undefined && !first.startsWith('-');
  const name = named ? first : undefined;
  const rest = named ? argv.slice(1) : argv;
  const v = parseOptions(rest, { ...COMMON_SPEC, particles: { type: 'string' } });
  if (v.help) return { help: true as const };
  if (name === undefined)
    throw new UsageError(
      `missing experiment name (experiments: ${EXPERIMENTS.map((e) => e.name).join(', ')})`,
    );
  const experiment = findExperiment(name);
  if (!experiment) {
    throw new UsageError(
      `unknown experiment "${name}" (experiments: ${EXPERIMENTS.map((e) => e.name).join(', ')})`,
    );
  }
  const size = v.quick ? experiment.quick : experiment.defaults;
  const particles = integer('particles', v.particles, size.particles, 1, 2 ** 31);
  const seed = experimentSeed('seed', v.seed);
  const json = v.json as string | undefined;
  if (json !== undefined) checkWritableFile(json, '--json');
  const report = typeof v.report === 'string' ? prepareOutputDir(v.report, '--report') : undefined;
  return { help: false as const, experiment, particles, seed, json, report };
}

function formatOne(r: ExperimentResult): string {
  const lines = [
    `sgd-sde run ${r.experiment}: ${r.claim}`,
    `reference  ${r.reference}`,
    `run        N = ${r.n}, seed ${r.seed}, ${fmtNumber(r.seconds, 3)} s on ${r.adapter} [${r.backend}], sgd-sde ${r.version}`,
    '',
    formatSummary([r]),
    '',
    summaryLegend([r]),
    '',
    `verdict: ${r.verdict} (${r.verdictReason})`,
  ];
  if (r.rows.length > 0) {
    const cols = [...new Set(r.rows.flatMap((x) => Object.keys(x)))];
    lines.push(
      '',
      table(
        cols,
        r.rows.map((x) =>
          cols.map((c) => (typeof x[c] === 'number' ? fmtNumber(x[c] as number) : String(x[c] ?? ''))),
        ),
      ),
    );
  }
  return lines.join('\n');
}

/** `sgd-sde run <experiment>`. */
export async function runCommand(argv: string[], write: (s: string) => void): Promise<number> {
  const a = parseRunArgs(argv);
  if (a.help) {
    write(`${RUN_USAGE}\n`);
    return 0;
  }
  const ctx = await createGpuContext();
  try {
    const bar = createProgressBar(a.experiment.name, progressEnabled(a.json));
    let result: ExperimentResult;
    try {
      result = await runExperiment(ctx, a.experiment, {
        particles: a.particles,
        seed: a.seed,
        onProgress: (f, note) => bar.update(f, note),
      });
    } finally {
      bar.done();
    }
    if (a.json !== undefined) writeJsonOutput(a.json, result, write);
    if (a.report !== undefined) writeReport(a.report, [result], `sgd-sde ${result.experiment}`);
    if (a.json !== '-') {
      write(`${formatOne(result)}\n`);
      if (a.report !== undefined) write(`report: ${join(a.report, 'index.html')}\n`);
    }
    return result.verdict === 'fail' ? 1 : 0;
  } finally {
    ctx.destroy();
  }
}

/** Parses `sgd-sde suite` arguments; no GPU work. */
export function parseSuiteArgs(argv: string[]) {
  const v = parseOptions(argv, {
    ...COMMON_SPEC,
    only: { type: 'string' },
    seeds: { type: 'string' },
    checks: { type: 'boolean' },
  });
  if (v.help) return { help: true as const };
  if (v.seed !== undefined && v.seeds !== undefined)
    throw new UsageError('give either --seed or --seeds, not both');
  const seeds =
    typeof v.seeds === 'string'
      ? v.seeds.split(',').map((x) => experimentSeed('seeds', x))
      : [experimentSeed('seed', v.seed)];
  if (new Set(seeds).size !== seeds.length) throw new UsageError(`--seeds repeats a seed: ${v.seeds}`);
  let selected = EXPERIMENTS.filter((e) => !e.notInSuite);
  if (typeof v.only === 'string') {
    selected = v.only.split(',').map((n) => {
      const e = findExperiment(n.trim());
      if (!e)
        throw new UsageError(
          `unknown experiment "${n.trim()}" (experiments: ${EXPERIMENTS.map((x) => x.name).join(', ')})`,
        );
      return e;
    });
  }
  const json = v.json as string | undefined;
  if (json !== undefined) checkWritableFile(json, '--json');
  const report = typeof v.report === 'string' ? prepareOutputDir(v.report, '--report') : undefined;
  const skipped = typeof v.only === 'string' ? [] : EXPERIMENTS.filter((e) => e.notInSuite);
  return {
    help: false as const,
    seeds,
    quick: v.quick === true,
    checks: v.checks === true,
    selected,
    skipped,
    json,
    report,
  };
}

/** "n pass, n unresolved, n fail" over the results. */
function summaryLine(results: ExperimentResult[]): string {
  const count = (v: string) => results.filter((r) => r.verdict === v).length;
  return `${results.length} runs: ${count('pass')} pass, ${count('unresolved')} unresolved, ${count('fail')} fail`;
}

/** `sgd-sde suite`: the default selection, one summary table (the `npm start` job). */
export async function suiteCommand(argv: string[], write: (s: string) => void): Promise<number> {
  const a = parseSuiteArgs(argv);
  if (a.help) {
    write(`${SUITE_USAGE}\n`);
    return 0;
  }
  const t0 = performance.now();
  const ctx = await createGpuContext();
  const results: ExperimentResult[] = [];
  try {
    const jobs = a.selected.flatMap((e) => a.seeds.map((seed) => ({ e, seed })));
    for (const [i, { e, seed }] of jobs.entries()) {
      const label = `[${i + 1}/${jobs.length}] ${e.name}${a.seeds.length > 1 ? ` seed ${seed}` : ''}`;
      const bar = createProgressBar(label, progressEnabled(a.json));
      try {
        const size = a.quick ? e.quick : e.defaults;
        results.push(
          await runExperiment(ctx, e, {
            particles: size.particles,
            seed,
            onProgress: (f, n) => bar.update(f, n),
          }),
        );
      } finally {
        bar.done();
      }
    }
  } finally {
    ctx.destroy();
  }
  const seconds = (performance.now() - t0) / 1000;
  // The whole suite is one family: every point check of every experiment and seed shares the family-wise level.
  const tested = applyFamilyWise(results, DEFAULT_FAMILY_WISE_ALPHA);
  results.splice(0, results.length, ...tested);
  const doc = {
    suite: true,
    seeds: a.seeds,
    quick: a.quick,
    adapter: results[0]?.adapter ?? ctx.adapterName,
    backend: ctx.backend,
    version: LIBRARY_VERSION,
    seconds,
    familyWiseAlpha: DEFAULT_FAMILY_WISE_ALPHA,
    pointChecks: results[0]?.pointChecks ?? 0,
    alpha: bonferroniAlpha(DEFAULT_FAMILY_WISE_ALPHA, results[0]?.pointChecks ?? 0),
    results,
    notInSuite: a.skipped.map((e) => ({ experiment: e.name, why: e.notInSuite })),
  };
  if (a.json !== undefined) writeJsonOutput(a.json, doc, write);
  if (a.report !== undefined) writeReport(a.report, results, 'sgd-sde experiment suite');
  if (a.json !== '-') {
    write(
      `sgd-sde suite${a.quick ? ' --quick' : ''}: seed${a.seeds.length > 1 ? 's' : ''} ${a.seeds.join(', ')}, sgd-sde ${LIBRARY_VERSION}\n` +
        `adapter: ${ctx.adapterName} [${ctx.backend}]\n\n` +
        `${formatSummary(results, a.skipped, { checks: a.checks })}\n\n` +
        `${summaryLegend(results, { checks: a.checks })}\n` +
        `unresolved: the JSON's verdictReason says how many particles would decide.\n` +
        `${summaryLine(results)}; total ${fmtNumber(seconds, 3)} s\n`,
    );
    if (a.report !== undefined) write(`report: ${join(a.report, 'index.html')}\n`);
  }
  return results.some((r) => r.verdict === 'fail') ? 1 : 0;
}
