/** Strict command-line parsing: every value is validated and a bad one is reported in one line. */
import { parseArgs } from 'node:util';
import { SEED_RULE, seedFromText } from '../rng/seed.js';

/** A user error: printed as one line, exit status 2, no stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Option declarations: each value is read as a string and converted by {@link number} / {@link integer}. */
export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/**
 * Parses `argv` against `spec`; unknown options, missing values and an option given twice become
 * {@link UsageError}s.
 */
export function parseOptions(argv: string[], spec: OptionSpec): Record<string, string | boolean | undefined> {
  return parseCommandLine(argv, spec, false).values;
}

/** {@link parseOptions} for a command that also takes positional arguments (file names). */
export function parseCommandLine(
  argv: string[],
  spec: OptionSpec,
  allowPositionals = true,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  // `--particles -5` would read as an option named 5: join negative numbers to their option so that the value
  // is checked (and rejected with its own message) like any other.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    if (a.startsWith('--') && !a.includes('=') && next !== undefined && /^-[\d.]/.test(next)) {
      args.push(`${a}=${next}`);
      i++;
    } else args.push(a);
  }
  const parse = () => parseArgs({ args, options: spec, strict: true, allowPositionals, tokens: true });
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
  const seen = new Set<string>();
  for (const t of parsed.tokens) {
    if (t.kind !== 'option') continue;
    if (seen.has(t.name)) throw new UsageError(`--${t.name} given twice`);
    seen.add(t.name);
  }
  return {
    values: parsed.values as Record<string, string | boolean | undefined>,
    positionals: parsed.positionals,
  };
}

/**
 * A 64-bit seed from an option value ({@link SEED_RULE}), exact; `max` narrows the range for commands whose
 * seeds are doubles (the experiments take seeds below 2^53).
 */
export function seedOption(
  name: string,
  raw: string | boolean | undefined,
  fallback = 1n,
  max: bigint = 1n << 64n,
): bigint {
  if (raw === undefined) return fallback;
  const s = typeof raw === 'string' ? seedFromText(raw) : undefined;
  if (s === undefined) throw new UsageError(`--${name} must be ${SEED_RULE}, got "${raw}"`);
  if (s >= max)
    throw new UsageError(`--${name} must be below ${max === 1n << 53n ? '2^53' : max}, got ${raw}`);
  return s;
}

/** A finite number from an option value; accepts forms like `1e6`. */
export function number(name: string, raw: string | boolean | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (
    typeof raw !== 'string' ||
    raw.trim() === '' ||
    !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw.trim())
  ) {
    throw new UsageError(`--${name} must be a number, got "${raw}"`);
  }
  const v = Number(raw);
  if (!Number.isFinite(v)) throw new UsageError(`--${name} must be finite, got "${raw}"`);
  return v;
}

/** An integer in [min, max] from an option value; accepts `1e6`. */
export function integer(
  name: string,
  raw: string | boolean | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  const v = number(name, raw, fallback);
  if (!Number.isInteger(v)) throw new UsageError(`--${name} must be an integer, got "${raw}"`);
  if (v < min || v > max) throw new UsageError(`--${name} must be in [${min}, ${max}], got ${v}`);
  return v;
}

/** A number that must be strictly positive. */
export function positive(name: string, raw: string | boolean | undefined, fallback: number): number {
  const v = number(name, raw, fallback);
  if (!(v > 0)) throw new UsageError(`--${name} must be > 0, got ${v}`);
  return v;
}
