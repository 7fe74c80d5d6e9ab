/**
 * `sgd-sde rng`: streams a GPU-generated random sequence (raw little-endian words or JSON) to a file or stdout,
 * chunk by chunk, so that external batteries (dieharder) can read any amount of it.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { endianness } from 'node:os';
import { createGpuContext } from '../gpu/device.js';
import {
  createRngGenerator,
  isFloatKind,
  maxSequenceLength,
  RNG_KINDS,
  type RngKind,
  type RngSequenceOptions,
  validateRngSequenceOptions,
} from '../rng/generate.js';
import { integer, number, parseOptions, seedOption, UsageError } from './args.js';
import { checkWritableFile } from './output.js';

export const RNG_USAGE = `usage: sgd-sde rng --kind uint32|uniform|normal|index|permutation|stable --count N|inf
                  [--seed S] [--stream I] [--particle P] [--n M] [--alpha A --beta B]
                  [--format bin|json] [--out FILE|-] [--chunk C]
Generates values t = 0 .. N-1 of one Philox4x32-10 sequence on the GPU (docs/rng.md) and writes them as
little-endian 32-bit words (bin: uint32, or float32 for uniform/normal/stable) or as a JSON array.
  --count N    number of values (accepts 1e9); "inf" streams until the reader closes the pipe
  --seed S     64-bit seed, decimal or 0x hex (default 1); --stream I, --particle P: counter words 3 and 2 (default 0)
  --n M        range [0, M) for index, size of the permuted set for permutation (required for those kinds)
  --alpha A    stability index in (0, 2] for stable (required); --beta B skewness in [-1, 1] (default 0); S1
  --out FILE   output file, or - for stdout (default -); --chunk C values per GPU dispatch (default 4194304)`;

/** Parsed `sgd-sde rng` options. */
export interface RngCliOptions {
  sequence: RngSequenceOptions;
  /** Number of values; Infinity for an unbounded stream. */
  count: number;
  format: 'bin' | 'json';
  out: string;
  chunk: number;
}

/** Parses and validates `sgd-sde rng` options before any GPU work or output file. */
export function parseRngArgs(argv: string[]): { opts: RngCliOptions; help: boolean } {
  const v = parseOptions(argv, {
    kind: { type: 'string' },
    count: { type: 'string' },
    seed: { type: 'string' },
    stream: { type: 'string' },
    particle: { type: 'string' },
    n: { type: 'string' },
    alpha: { type: 'string' },
    beta: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    chunk: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (v.help === true) return { opts: undefined as unknown as RngCliOptions, help: true };
  const kind = v.kind;
  if (typeof kind !== 'string') throw new UsageError(`--kind is required (${RNG_KINDS.join(', ')})`);
  if (!(RNG_KINDS as readonly string[]).includes(kind))
    throw new UsageError(`--kind must be one of ${RNG_KINDS.join(', ')}, got "${kind}"`);
  const k = kind as RngKind;
  const needsN = k === 'index' || k === 'permutation';
  if (!needsN && v.n !== undefined) throw new UsageError(`--n applies only to --kind index or permutation`);
  if (k !== 'stable' && (v.alpha !== undefined || v.beta !== undefined))
    throw new UsageError(`--alpha and --beta apply only to --kind stable`);
  const sequence: RngSequenceOptions = {
    kind: k,
    seed: seedOption('seed', v.seed),
    stream: integer('stream', v.stream, 0, 0, 2 ** 32 - 1),
    particle: integer('particle', v.particle, 0, 0, 2 ** 32 - 1),
  };
  if (needsN) {
    if (v.n === undefined) throw new UsageError(`--n is required for --kind ${k}`);
    sequence.n = integer('n', v.n, 1, 1, 2 ** 32 - 1);
  }
  if (k === 'stable') {
    if (v.alpha === undefined) throw new UsageError('--alpha is required for --kind stable');
    const alpha = number('alpha', v.alpha, 2);
    const beta = number('beta', v.beta, 0);
    if (!(alpha > 0 && alpha <= 2)) throw new UsageError(`--alpha must be in (0, 2], got ${alpha}`);
    if (!(beta >= -1 && beta <= 1)) throw new UsageError(`--beta must be in [-1, 1], got ${beta}`);
    sequence.alpha = alpha;
    sequence.beta = beta;
  }
  const max = maxSequenceLength(sequence);
  let count: number;
  if (v.count === undefined) throw new UsageError('--count is required (a number, or inf)');
  if (v.count === 'inf') count = Number.POSITIVE_INFINITY;
  else count = integer('count', v.count, 0, 1, max);
  const format = v.format ?? 'bin';
  if (format !== 'bin' && format !== 'json')
    throw new UsageError(`--format must be bin or json, got "${format}"`);
  const out = v.out ?? '-';
  if (typeof out !== 'string' || out === '') throw new UsageError('--out must be a file name or -');
  const chunk = integer('chunk', v.chunk, 2 ** 22, 4, 2 ** 24);
  if (chunk % 4 !== 0) throw new UsageError(`--chunk must be a multiple of 4, got ${chunk}`);
  try {
    validateRngSequenceOptions(sequence);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return { opts: { sequence, count, format, out, chunk }, help: false };
}

/** Shortest decimal that reads back as the same float32. */
function float32Text(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '"Infinity"' : x < 0 ? '"-Infinity"' : '"NaN"';
  for (let p = 1; p < 9; p++) {
    const s = x.toPrecision(p);
    if (Math.fround(Number(s)) === x) return String(Number(s));
  }
  return String(x);
}

class PipeClosed extends Error {}

/** Writes a buffer, waiting for the stream to drain; rejects with PipeClosed when the reader went away. */
function writeChunk(stream: NodeJS.WritableStream, data: Uint8Array | string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => reject(e.code === 'EPIPE' ? new PipeClosed() : e);
    stream.once('error', onError);
    const ok = stream.write(data, (err) => {
      if (err) return;
      if (ok) {
        stream.removeListener('error', onError);
        resolve();
      }
    });
    if (!ok)
      stream.once('drain', () => {
        stream.removeListener('error', onError);
        resolve();
      });
  });
}

/** Runs `sgd-sde rng`; returns the exit status. */
export async function rngCommand(argv: string[], write: (s: string) => void): Promise<number> {
  const { opts, help } = parseRngArgs(argv);
  if (help) {
    write(`${RNG_USAGE}\n`);
    return 0;
  }
  const { sequence, format, chunk } = opts;
  const count = Math.min(opts.count, maxSequenceLength(sequence));
  checkWritableFile(opts.out, '--out');
  const ctx = await createGpuContext();
  const gen = await createRngGenerator(ctx, sequence, { maxChunk: chunk });
  const toStdout = opts.out === '-';
  const stream = toStdout ? process.stdout : createWriteStream(opts.out);
  const floats = isFloatKind(sequence.kind);
  const littleEndian = endianness() === 'LE';
  const t0 = performance.now();
  let written = 0;
  try {
    if (format === 'json') await writeChunk(stream, '[');
    const inflight: Promise<Uint32Array>[] = [];
    let next = 0;
    while (written < count) {
      while (inflight.length < 3 && next < count) {
        const c = Math.min(chunk, count - next);
        inflight.push(gen.generate(next, c));
        next += c;
      }
      const words = await inflight.shift()!;
      if (format === 'bin') {
        if (!littleEndian) {
          const view = new DataView(words.buffer);
          for (let i = 0; i < words.length; i++) view.setUint32(4 * i, words[i]!, true);
        }
        await writeChunk(stream, new Uint8Array(words.buffer, words.byteOffset, words.byteLength));
      } else {
        const values = floats ? new Float32Array(words.buffer, words.byteOffset, words.length) : words;
        const parts: string[] = [];
        for (let i = 0; i < values.length; i++)
          parts.push(floats ? float32Text(values[i]!) : String(values[i]));
        await writeChunk(stream, (written === 0 ? '' : ',') + parts.join(','));
      }
      written += words.length;
    }
    if (format === 'json') await writeChunk(stream, ']\n');
  } catch (e) {
    if (!(e instanceof PipeClosed)) throw e;
    // The reader (e.g. dieharder) has read what it needed: a normal end for a stream.
    return 0;
  } finally {
    if (!toStdout) await new Promise<void>((resolve) => (stream as WriteStream).end(resolve));
    gen.destroy();
    ctx.destroy();
  }
  if (!toStdout) {
    const s = (performance.now() - t0) / 1000;
    write(`sgd-sde rng: wrote ${written} ${sequence.kind} values to ${opts.out} in ${s.toFixed(2)} s\n`);
  }
  return 0;
}
