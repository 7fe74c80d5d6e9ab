/** `sgd-sde simulate` and `sgd-sde merge`: ensembles from a JSON spec (or the OU flags), shards, checkpoints. */
import { verifyCheckpoint } from '../engine/checkpoint.js';
import { checkShardResult, mergeResults } from '../engine/merge.js';
import {
  type EnsembleCheckpoint,
  EnsembleInterruptedError,
  type EnsembleResult,
  runEnsemble,
} from '../engine/run.js';
import { resolveSpec, type SimulationSpec } from '../engine/spec.js';
import { createGpuContext } from '../gpu/device.js';
import { integer, number, parseCommandLine, parseOptions, positive, seedOption, UsageError } from './args.js';
import { EXIT } from './exit.js';
import { sig, table } from './format.js';
import { overflowingNumber } from './json-text.js';
import { checkWritableFile, writeJsonOutput } from './output.js';

export const SIMULATE_USAGE = `usage: sgd-sde simulate --spec spec.json [--particles N] [--seed S] [--json FILE|-]
                       [--shard k/n] [--checkpoint FILE] [--checkpoint-every SECONDS] [--resume FILE]
                       [--max-chunk N] [--memory MIB] [--dispatch-ms MS] [--watchdog SECONDS]
                       [--allow-divergence]
       sgd-sde simulate --model ou [--theta T] [--sigma S] [--mu M] [--x0 X] [--dt H] [--steps K]
                       [--scheme em|weak2|exact] [--particles N] [--seed S] [--json FILE|-]
Runs an SDE ensemble on the GPU (docs/models.md) and prints its mean, covariance, non-finite count and the
requested outputs. Spec fields "wgslFile" / "potentialFile" load snippets relative to the spec file.
With --shard k/n only a slice of the particle ids runs; "sgd-sde merge" combines the shard JSON files.
A dispatch still running after --watchdog seconds (default max(30, dispatch-ms / 10)) stops the run (exit 1).
SIGINT or SIGTERM stops after the dispatch in flight and saves a checkpoint when --checkpoint is given.
Exit status: 0 done; 1 a runtime failure; 2 bad input; 3 particles diverged (non-finite, or float32 sums
overflowed; the JSON is still written; --allow-divergence makes this 0); 130 stopped by a signal.`;

export const MERGE_USAGE = `usage: sgd-sde merge SHARD.json... [--json FILE|-]
Adds the exact accumulators of shard results (sgd-sde simulate --shard k/n --json FILE) into the result of the
whole ensemble, bit-identical to a single run.`;

type Fs = typeof import('node:fs');
type PathMod = typeof import('node:path');

async function nodeModules(): Promise<{ fs: Fs; path: PathMod }> {
  return { fs: await import('node:fs'), path: await import('node:path') };
}

/** Replaces `wgslFile` / `potentialFile` keys (at any depth) by the file's text, relative to `dir`. */
function inlineFiles(v: unknown, dir: string, fs: Fs, path: PathMod): unknown {
  if (Array.isArray(v)) return v.map((x) => inlineFiles(x, dir, fs, path));
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const m = /^(wgsl|potential)File$/.exec(k);
    if (m && typeof x !== 'string')
      throw new UsageError(`${k} must be a file name (a string), got ${x === null ? 'null' : typeof x}`);
    if (m && typeof x === 'string') {
      const file = path.resolve(dir, x);
      try {
        out[m[1]!] = fs.readFileSync(file, 'utf8');
      } catch (e) {
        throw new UsageError(`cannot read ${k} "${x}": ${(e as Error).message}`);
      }
    } else out[k] = inlineFiles(x, dir, fs, path);
  }
  return out;
}

function readJson(fs: Fs, file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${what} "${file}": ${(e as Error).message}`);
  }
  // A UTF-8 byte-order mark (as some editors write) is not part of the JSON.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${what} "${file}" is not valid JSON: ${(e as Error).message}`);
  }
  const big = overflowingNumber(text);
  if (big) {
    throw new UsageError(
      `${what === 'spec' ? '' : `${what} "${file}": `}${big.path || 'the document'} must be a finite number, ` +
        `got ${big.value} (${big.literal} overflows a double)`,
    );
  }
  return doc;
}

/** Checks a shard result document read from `file` (before any merging); a bad one is a usage error. */
export function shardDocument(doc: unknown, file: string): EnsembleResult {
  const d = doc as { command?: unknown } | null;
  if (typeof d !== 'object' || d === null || d.command !== 'simulate')
    throw new UsageError(`"${file}" is not the JSON of sgd-sde simulate`);
  try {
    return checkShardResult(doc, `"${file}"`);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function parseShard(raw: string | boolean | undefined): { index: number; count: number } | undefined {
  if (raw === undefined) return undefined;
  const m = typeof raw === 'string' ? /^(\d+)\/(\d+)$/.exec(raw) : null;
  if (!m) throw new UsageError(`--shard must be k/n (e.g. 0/4), got "${raw}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!(count >= 1 && index < count)) throw new UsageError(`--shard k/n needs 0 <= k < n, got ${raw}`);
  return { index, count };
}

/** Parses `simulate` options into a spec and run options (before any GPU work). */
export async function parseSimulateArgs(argv: string[]) {
  const v = parseOptions(argv, {
    spec: { type: 'string' },
    model: { type: 'string' },
    theta: { type: 'string' },
    sigma: { type: 'string' },
    mu: { type: 'string' },
    x0: { type: 'string' },
    dt: { type: 'string' },
    steps: { type: 'string' },
    scheme: { type: 'string' },
    particles: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'string' },
    shard: { type: 'string' },
    checkpoint: { type: 'string' },
    'checkpoint-every': { type: 'string' },
    resume: { type: 'string' },
    'max-chunk': { type: 'string' },
    memory: { type: 'string' },
    'dispatch-ms': { type: 'string' },
    'allow-divergence': { type: 'boolean' },
    watchdog: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  const { fs, path } = await nodeModules();
  let spec: SimulationSpec;
  let resume: EnsembleCheckpoint | undefined;
  const ouFlags = ['theta', 'sigma', 'mu', 'x0', 'dt', 'steps', 'scheme'].filter((k) => v[k] !== undefined);
  if (v.help) return { help: true as const };
  if (v.resume !== undefined) {
    const ignored = ['spec', 'shard', 'model', ...ouFlags, 'particles', 'seed'].filter(
      (k) => v[k] !== undefined,
    );
    if (ignored.length > 0)
      throw new UsageError(
        `--resume continues the checkpoint, which carries its own spec and shard: drop --${ignored.join(', --')}`,
      );
    resume = readJson(fs, v.resume as string, 'checkpoint') as EnsembleCheckpoint;
    // A checkpoint that cannot be resumed is bad input, refused here (runEnsemble does not hash it again).
    await verifyCheckpoint(resume);
    spec = resume.spec;
  } else if (v.spec !== undefined) {
    const flags = ['model', ...ouFlags].filter((k) => v[k] !== undefined);
    if (flags.length > 0)
      throw new UsageError(`--spec cannot be combined with --${flags.join(', --')}; put them in the spec`);
    const file = v.spec as string;
    spec = inlineFiles(
      readJson(fs, file, 'spec'),
      path.dirname(path.resolve(file)),
      fs,
      path,
    ) as SimulationSpec;
  } else if (v.model !== undefined) {
    if (v.model !== 'ou')
      throw new UsageError(
        `--model supports the built-in "ou" only (use --spec for others), got "${v.model}"`,
      );
    const theta = positive('theta', v.theta, 1);
    const dt = positive('dt', v.dt, 0.01);
    spec = {
      model: {
        builtin: 'ou',
        params: { theta, sigma: positive('sigma', v.sigma, 1), mu: number('mu', v.mu, 0) },
      },
      scheme: ((v.scheme as string | undefined) ?? 'em') as SimulationSpec['scheme'],
      dt,
      steps: integer('steps', v.steps, 100, 1, 2 ** 32 - 2),
      particles: 1_000_000,
      init: { point: number('x0', v.x0, 1) },
    };
  } else {
    throw new UsageError('simulate needs --spec FILE, --model ou, or --resume FILE');
  }
  if (!resume) {
    if (v.particles !== undefined)
      spec = { ...spec, particles: integer('particles', v.particles, 0, 1, 2 ** 32 - 1) };
    if (v.seed !== undefined) spec = { ...spec, seed: seedOption('seed', v.seed).toString() };
    if (spec.seed === undefined) spec = { ...spec, seed: 1 };
  }
  // Validate now: a bad spec is a usage error, reported before the GPU starts.
  try {
    resolveSpec(spec);
  } catch (e) {
    throw new UsageError(`${resume ? `checkpoint "${v.resume}": ` : ''}${(e as Error).message}`);
  }
  const run: Parameters<typeof runEnsemble>[2] = {};
  const shard = parseShard(v.shard);
  if (shard) run.shard = shard;
  if (resume) run.resume = resume;
  if (v['max-chunk'] !== undefined)
    run.maxChunkParticles = integer('max-chunk', v['max-chunk'], 0, 4096, 2 ** 32 - 1);
  if (v.memory !== undefined) run.memoryBudgetBytes = positive('memory', v.memory, 512) * 2 ** 20;
  if (v['dispatch-ms'] !== undefined) run.targetDispatchMs = positive('dispatch-ms', v['dispatch-ms'], 100);
  if (v.watchdog !== undefined) run.watchdogMs = 1000 * positive('watchdog', v.watchdog, 30);
  const checkpoint = v.checkpoint as string | undefined;
  const every = positive('checkpoint-every', v['checkpoint-every'], 60);
  const allowDivergence = v['allow-divergence'] === true;
  return {
    help: false as const,
    spec,
    run,
    json: v.json as string | undefined,
    checkpoint,
    every,
    allowDivergence,
  };
}

/** Why the statistics of `r` are not those of the whole ensemble ('' when they are). */
function divergence(r: EnsembleResult): string {
  const last = r.snapshots.at(-1)!;
  const parts: string[] = [];
  if (r.nonFinite > 0)
    parts.push(
      `${r.nonFinite} of ${r.shard.end - r.shard.first} particles became non-finite, the first at step ` +
        `${last.nonFinite.firstStep}`,
    );
  if (last.overflow) parts.push('the finite particles overflow float32 sums, so means and variances are NaN');
  return parts.join('; ');
}

function summary(r: EnsembleResult, backend: string): string {
  const rows = r.mean.map((m, a) => [
    `x[${a}]`,
    sig(m),
    sig(r.meanSE[a]!, 3),
    sig(r.variance[a]!),
    sig(r.covSE[a]![a]!, 3),
  ]);
  const out = [
    `sgd-sde simulate: model ${r.model}, scheme ${r.scheme}, d = ${r.dim}`,
    `adapter    ${r.adapter} [${backend}]`,
    `particles  ${r.particles}${r.shard.count > 1 ? ` (shard ${r.shard.index}/${r.shard.count}: ids ${r.shard.first}..${r.shard.end - 1})` : ''} in ${r.chunks} chunk(s) of ${r.chunkCapacity}`,
    `speed      ${sig(r.particleStepsPerSecond / 1e9, 4)} G particle-steps/s, ${sig(r.seconds, 3)} s, longest dispatch ${sig(r.maxDispatchMs, 3)} ms`,
    '',
    table(['component', 'mean', '± SE', 'variance', '± SE'], rows),
    '',
    `non-finite particles: ${r.nonFinite}${r.nonFinite ? ` (first at step ${r.snapshots.at(-1)!.nonFinite.firstStep}, last at step ${r.snapshots.at(-1)!.nonFinite.lastStep}; excluded from the statistics)` : ''}`,
  ];
  const why = divergence(r);
  if (why) out.push(`DIVERGED: ${why}`);
  if (r.status === 'paused') out.push('run paused: resume with --resume');
  return out.join('\n');
}

function writeOut(json: string | undefined, doc: unknown, text: string, write: (s: string) => void): void {
  if (json !== '-') write(`${text}\n`);
  if (json !== undefined) writeJsonOutput(json, doc, write);
}

/** Runs `sgd-sde simulate`; returns the exit status. */
export async function simulateCommand(argv: string[], write: (s: string) => void): Promise<number> {
  const parsed = await parseSimulateArgs(argv);
  if (parsed.help) {
    write(`${SIMULATE_USAGE}\n`);
    return 0;
  }
  const { spec, run, json, checkpoint, every, allowDivergence } = parsed;
  const { fs } = await nodeModules();
  if (json !== undefined) checkWritableFile(json, '--json');
  if (checkpoint) checkWritableFile(checkpoint, '--checkpoint');
  const saveCheckpoint = (cp: EnsembleCheckpoint) => {
    if (!checkpoint) return;
    fs.writeFileSync(`${checkpoint}.tmp`, JSON.stringify(cp));
    fs.renameSync(`${checkpoint}.tmp`, checkpoint);
  };
  if (checkpoint) {
    run.checkpointEverySeconds = every;
    run.onCheckpoint = saveCheckpoint;
  }
  // SIGINT / SIGTERM pause the run after the dispatch in flight; a second signal ends the process at once.
  let signalled = '';
  const onSignal = (name: string) => {
    if (signalled) {
      process.stderr.write(`sgd-sde: ${name} again: stopping now, nothing more is saved\n`);
      process.exit(EXIT.interrupted);
    }
    signalled = name;
  };
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((n) => [n, () => onSignal(n)] as const);
  for (const [n, h] of handlers) process.on(n, h);
  run.shouldPause = () => signalled !== '';
  const ctx = await createGpuContext();
  let hung = false;
  try {
    let result: EnsembleResult;
    try {
      result = await runEnsemble(ctx, spec, run);
    } catch (e) {
      if (e instanceof EnsembleInterruptedError && e.checkpoint) saveCheckpoint(e.checkpoint);
      // The overdue dispatch is still running: destroying the device would wait for it (for ever).
      if (e instanceof EnsembleInterruptedError && e.reason === 'dispatch-timeout') hung = true;
      throw e;
    }
    if (result.status === 'paused' && signalled) {
      const at = `chunk ${result.checkpoint!.chunk + 1} of ${result.chunks}, step ${result.checkpoint!.step}`;
      if (checkpoint) {
        saveCheckpoint(result.checkpoint!);
        process.stderr.write(
          `sgd-sde: ${signalled}: stopped at ${at}; saved to ${checkpoint} (resume with --resume ${checkpoint})\n`,
        );
      } else {
        process.stderr.write(
          `sgd-sde: ${signalled}: stopped at ${at}; nothing was saved (give --checkpoint FILE to be able to resume)\n`,
        );
      }
      return EXIT.interrupted;
    }
    const { checkpoint: _cp, ...rest } = result;
    const doc = { command: 'simulate', backend: ctx.backend, ...rest };
    writeOut(json, doc, summary(result, ctx.backend), write);
    const why = divergence(result);
    if (why && !allowDivergence) {
      process.stderr.write(
        `sgd-sde: the particles diverged (${why}); exit ${EXIT.diverged} (--allow-divergence accepts this)\n`,
      );
      return EXIT.diverged;
    }
    return 0;
  } finally {
    for (const [n, h] of handlers) process.off(n, h);
    if (!hung) ctx.destroy();
  }
}

/** Runs `sgd-sde merge`; returns the exit status. */
export async function mergeCommand(argv: string[], write: (s: string) => void): Promise<number> {
  const parsed = parseCommandLine(argv, { json: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (parsed.values.help) {
    write(`${MERGE_USAGE}\n`);
    return 0;
  }
  if (parsed.positionals.length === 0)
    throw new UsageError('merge needs shard result files (sgd-sde simulate --shard k/n --json FILE)');
  const { fs } = await nodeModules();
  const json = parsed.values.json as string | undefined;
  if (json !== undefined) checkWritableFile(json, '--json');
  const parts = parsed.positionals.map((f) => shardDocument(readJson(fs, f, 'shard result'), f));
  let merged: EnsembleResult;
  try {
    merged = mergeResults(parts);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const doc = { ...merged, command: 'simulate', merged: parts.length };
  writeOut(json, doc, summary(merged, (parts[0] as { backend?: string }).backend ?? ''), write);
  return 0;
}
