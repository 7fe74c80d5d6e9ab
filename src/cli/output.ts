/**
 * Where the CLI writes: every destination (a JSON file, a checkpoint, an `rng --out` file, a report directory) is
 * checked before any GPU work, with a message naming the option; a result whose file still cannot be written at the
 * end (disk full, the directory removed meanwhile) is saved in the temporary directory and the error names that file.
 */
import { accessSync, constants, mkdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './args.js';

const reason = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/** Checks that `file` (not "-") can be created or replaced; a UsageError naming `option` otherwise. */
export function checkWritableFile(file: string, option: string): void {
  if (file === '-') return;
  const abs = resolve(file);
  try {
    const dir = dirname(abs);
    if (!statSync(dir).isDirectory()) throw new Error('parent is not a directory');
    accessSync(dir, constants.W_OK);
    try {
      if (statSync(abs).isDirectory()) throw new Error('is a directory');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  } catch (e) {
    throw new UsageError(`cannot write ${option} file "${file}": ${reason(e)}`);
  }
}

/**
 * Creates `dir` if needed (one level at a time: Node's recursive mkdir never returns on some paths of /proc) and
 * checks it is a writable directory by writing a probe file; a UsageError naming `option` otherwise.
 */
export function prepareOutputDir(dir: string, option: string): string {
  const abs = resolve(dir);
  try {
    const missing: string[] = [];
    let at = abs;
    for (;;) {
      try {
        if (!statSync(at).isDirectory()) throw new Error(`"${at}" is not a directory`);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        missing.unshift(at);
        const up = dirname(at);
        if (up === at) throw e;
        at = up;
      }
    }
    for (const d of missing) mkdirSync(d);
    // access() says yes to root everywhere; a real write is the test that counts.
    const probe = join(abs, '.sgd-sde-write-probe');
    writeFileSync(probe, '');
    unlinkSync(probe);
    return abs;
  } catch (e) {
    throw new UsageError(`cannot write ${option} directory "${dir}": ${reason(e)}`);
  }
}

/** Writes `text` to `file`, or to stdout through `write` when `file` is "-" (see the module comment on failure). */
export function writeOutput(file: string, text: string, write: (s: string) => void, option: string): void {
  if (file === '-') {
    write(text);
    return;
  }
  try {
    writeFileSync(file, text);
  } catch (e) {
    const saved = join(tmpdir(), `sgd-sde-${process.pid}-${Date.now()}-${basename(file)}`);
    try {
      writeFileSync(saved, text);
    } catch {
      write(text);
      throw new Error(`cannot write ${option} file "${file}" (${reason(e)}); the result was printed above`);
    }
    throw new Error(`cannot write ${option} file "${file}" (${reason(e)}); the result was saved to ${saved}`);
  }
}

/** {@link writeOutput} of `doc` as indented JSON. */
export function writeJsonOutput(
  file: string,
  doc: unknown,
  write: (s: string) => void,
  option = '--json',
  replacer?: (key: string, value: unknown) => unknown,
): void {
  writeOutput(file, `${JSON.stringify(doc, replacer, 2)}\n`, write, option);
}
