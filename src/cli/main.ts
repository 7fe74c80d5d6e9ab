#!/usr/bin/env node
/**
 * The `sgd-sde` command line. Errors are one line on stderr (WGSL compiler messages add their located lines);
 * bad input exits 2 (usage errors, invalid specs and values, WGSL errors in a user snippet), other failures 1.
 */
import { WgslCompileError } from '../gpu/errors.js';
import '../gpu/node-gpu.js'; // Dawn as createGpuContext's adapter finder
import { UsageError } from './args.js';
import { listCommand, runCommand, suiteCommand } from './experiments.js';
import { ouCommand } from './ou.js';
import { rngCommand } from './rng.js';
import { sgdCommand } from './sgd.js';
import { mergeCommand, simulateCommand } from './simulate.js';

const USAGE = `usage: sgd-sde <command> [options]
commands:
  ou      1-D Ornstein-Uhlenbeck ensemble vs its exact laws
  sgd     mini-batch SGD particles (or their SDE) on a finite dataset: mean, covariance, loss
  rng     stream GPU random numbers (uint32, uniform, normal, index, permutation, stable) to a file or stdout
  simulate  an SDE ensemble from a JSON spec or the OU flags (shards, checkpoints)
  merge   combine shard results of simulate, bit-identical to one run
  list    the experiments (claims of the SGD-as-SDE theory) and whether this build runs them
  run     run one experiment: sgd-sde run <experiment> [--particles N] [--seed S] [--json FILE|-] [--report DIR]
  suite   run every available experiment and print one summary table (npm start: suite --quick)
run "sgd-sde <command> --help" for a command's options.`;

type Command = (argv: string[], write: (s: string) => void) => Promise<number>;
const COMMANDS: Record<string, Command> = {
  ou: ouCommand,
  rng: rngCommand,
  sgd: sgdCommand,
  simulate: simulateCommand,
  merge: mergeCommand,
  list: listCommand,
  run: runCommand,
  suite: suiteCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const write = (s: string) => process.stdout.write(s);
  if (name === undefined || name === '--help' || name === '-h') {
    write(`${USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command)
    throw new UsageError(`unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(', ')})`);
  return command(rest, write);
}

main(process.argv.slice(2)).then(
  (code) => {
    // Dawn keeps the event loop alive: exit explicitly once output is flushed.
    process.stdout.write('', () => process.exit(code));
  },
  (e: unknown) => {
    const err = e as Error;
    const message = (err?.message ?? String(e)).split('\n');
    process.stderr.write(`sgd-sde: ${message[0]}\n`);
    // Compiler messages from WGSL span several lines; keep them, they name file and line.
    if (err?.name === 'WgslCompileError') process.stderr.write(`${message.slice(1).join('\n')}\n`);
    const badInput =
      err instanceof UsageError ||
      err instanceof RangeError ||
      (err instanceof WgslCompileError && err.userInput);
    process.exit(badInput ? 2 : 1);
  },
);
