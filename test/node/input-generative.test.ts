/**
 * Generative check of the input boundary (fast-check, fixed seeds): valid specs mutated at random (fields deleted,
 * renamed, retyped; null, NaN, ±Infinity, huge numbers, wrong shapes, unknown keys), random JSON, random command
 * lines and mutated shard documents go through the validators in-process. Each outcome is either a valid result or
 * a SpecError / UsageError / RangeError whose one-line message names a field or option — never a TypeError, a
 * JavaScript internal message or a stack. Then 50 generated bad specs go through the real CLI: exit 2, one line on
 * stderr, no output file.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/args.js';
import { parseRunArgs, parseSuiteArgs } from '../../src/cli/experiments.js';
import { parseOuArgs } from '../../src/cli/ou.js';
import { parseRngArgs } from '../../src/cli/rng.js';
import { parseSgdArgs } from '../../src/cli/sgd.js';
import { parseSimulateArgs, shardDocument } from '../../src/cli/simulate.js';
import { mergeResults } from '../../src/engine/merge.js';
import type { EnsembleResult } from '../../src/engine/run.js';
import { resolveSpec, type SimulationSpec, SPEC_FIELDS } from '../../src/engine/spec.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const VALID: Json[] = [
  { model: 'ou', dt: 0.01, steps: 10, particles: 1000, seed: 3 },
  {
    model: {
      builtin: 'ou',
      params: {
        A: [
          [1, 0.2],
          [0, 2],
        ],
        B: [
          [0.5, 0],
          [0.1, 0.3],
        ],
        mu: [1, -1],
      },
    },
    scheme: 'exact',
    dt: 0.1,
    horizon: 2,
    particles: 4096,
    init: {
      gaussian: {
        mean: [0, 1],
        cov: [
          [1, 0.3],
          [0.3, 2],
        ],
      },
    },
    outputs: {
      snapshots: [1, 5],
      histograms: [
        {
          components: [0, 1],
          bins: [8, 8],
          range: [
            [-3, 3],
            [-3, 3],
          ],
        },
      ],
    },
  },
  {
    model: { builtin: 'gbm', dim: 2, params: { mu: [0.1, -0.2], sigma: 0.3 } },
    scheme: { name: 'weak2', increments: 'three-point' },
    dt: 0.01,
    steps: 20,
    particles: 100,
    seed: '0x10',
    t0: 1,
    init: { uniform: { lo: [0.5, 0.5], hi: [1.5, 2] } },
  },
  {
    model: { builtin: 'double-well', params: { sigma: 0.5 } },
    scheme: { name: 'levy-em', alpha: 1.5, beta: 0 },
    dt: 0.01,
    steps: 100,
    particles: 5000,
    outputs: {
      histograms: [{ components: [0], bins: 32, range: [-2, 2] }],
      firstPassage: { wgsl: 'fn in_region(x: State, t: f32) -> bool { return x[0] < 1.0; }', bins: 10 },
    },
  },
  {
    model: { builtin: 'langevin', potential: 'fn grad_potential', params: { beta: 2, k: [1, 2] } },
    dt: 0.05,
    steps: 8,
    particles: 3,
    init: { array: [[0], [1], [2]] },
  },
  {
    model: {
      wgsl: 'fn drift',
      dim: 2,
      noise: 'full',
      noiseDim: 3,
      params: {
        omega: 2,
        m: [
          [1, 2],
          [3, 4],
        ],
      },
    },
    dt: 0.01,
    horizon: 1,
    particles: 1e6,
    seed: '18446744073709551615',
    init: { point: [1, 0] },
    outputs: {
      snapshots: [10, 50],
      histograms: [{ components: [1], bins: [16], range: 'auto' }],
      observables: { wgsl: 'fn observable', count: 2, names: ['a', 'b'] },
    },
  },
];

const FIELD_NAMES = [
  ...SPEC_FIELDS,
  'builtin',
  'wgsl',
  'potential',
  'dim',
  'noise',
  'noiseDim',
  'params',
  'point',
  'gaussian',
  'uniform',
  'array',
  'mean',
  'cov',
  'lo',
  'hi',
  'snapshots',
  'histograms',
  'observables',
  'firstPassage',
  'components',
  'bins',
  'range',
  'count',
  'names',
  'name',
  'increments',
  'alpha',
  'beta',
  'A',
  'B',
  'theta',
  'sigma',
  'mu',
];

/** Values that break types, shapes and ranges. */
const nasty: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    null,
    true,
    false,
    '',
    'auto',
    'abc',
    '0x10',
    '-1',
    '1e400',
    0,
    -0,
    -1,
    0.5,
    1.5,
    2 ** 31,
    2 ** 32,
    2 ** 53 + 2,
    2 ** 64,
    1e308,
    -1e308,
    5e-324,
    [],
    {},
    [null],
    [[]],
    [[1, 2], [3]],
    [1, 'a'],
    { x: 1 },
    'ou',
    'em',
    'weak2',
    'exact',
    'levy-em',
    'gbm',
    'double-well',
    'langevin',
    'full',
    'scalar',
    'three-point',
  ),
  // Values JSON cannot carry but callers of the library can pass.
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY) as fc.Arbitrary<Json>,
  fc.double() as fc.Arbitrary<Json>,
  fc.integer({ min: -5, max: 70000 }),
  fc.array(fc.oneof(fc.integer({ min: -3, max: 5 }), fc.double({ noNaN: false })), { maxLength: 4 }),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
);

/** Every path (list of keys / indices) into a JSON value. */
function paths(v: Json, at: (string | number)[] = []): (string | number)[][] {
  const out = [at];
  if (Array.isArray(v)) for (const [i, x] of v.entries()) out.push(...paths(x, [...at, i]));
  else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

type Mutation = {
  kind: 'delete' | 'retype' | 'rename' | 'insert' | 'wrap' | 'scale';
  pick: number;
  value: Json;
  key: string;
  factor: number;
};

function typo(key: string, n: number): string {
  const i = n % Math.max(1, key.length);
  switch (n % 4) {
    case 0:
      return key.slice(0, i) + key.slice(i + 1) || 'x';
    case 1:
      return `${key}s`;
    case 2:
      return key.length > 1 ? key.slice(0, i) + (key[i + 1] ?? '') + key[i] + key.slice(i + 2) : `${key}_`;
    default:
      return key.toUpperCase() === key ? key.toLowerCase() : key.toUpperCase();
  }
}

/** Applies one mutation at path number `pick` (mod the number of paths) of a deep copy's tree. */
function mutate(v: Json, m: Mutation): Json {
  const root = structuredClone(v) as Json;
  const all = paths(root);
  const path = all[m.pick % all.length]!;
  if (path.length === 0) {
    if (m.kind === 'retype') return m.value;
    if (m.kind === 'wrap') return [root];
    if (m.kind === 'insert' && root !== null && typeof root === 'object' && !Array.isArray(root))
      root[m.key] = m.value;
    return root;
  }
  let parent = root as Record<string | number, Json>;
  for (const k of path.slice(0, -1))
    parent = (parent as Record<string | number, Json>)[k] as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  const cur = parent[last]!;
  switch (m.kind) {
    case 'delete':
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
      break;
    case 'retype':
      parent[last] = m.value;
      break;
    case 'rename':
      if (!Array.isArray(parent) && typeof last === 'string') {
        delete parent[last];
        parent[typo(last, m.pick)] = cur;
      } else parent[last] = m.value;
      break;
    case 'insert':
      if (cur !== null && typeof cur === 'object' && !Array.isArray(cur)) cur[m.key] = m.value;
      else if (Array.isArray(cur)) cur.push(m.value);
      else parent[last] = m.value;
      break;
    case 'wrap':
      parent[last] = [cur];
      break;
    case 'scale':
      parent[last] = typeof cur === 'number' ? cur * m.factor : m.value;
      break;
  }
  return root;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('delete', 'retype', 'rename', 'insert', 'wrap', 'scale'),
  pick: fc.nat(),
  value: nasty,
  key: fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string({ maxLength: 6 })),
  factor: fc.constantFrom(-1, 0, 0.5, 1.5, 1e10, 1e300, -1e300, 1e-300, Number.POSITIVE_INFINITY),
});

const mutatedSpec: fc.Arbitrary<Json> = fc
  .tuple(fc.constantFrom(...VALID), fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([spec, ms]) => ms.reduce(mutate, spec));

const FORBIDDEN =
  /Cannot read|is not a function|is not iterable|undefined|\[object |Unexpected token|\n\s+at /;
const NAMES_FIELD = new RegExp(`\\b(${[...FIELD_NAMES, 'spec', 'parameter', 'field'].join('|')})\\b`);

/** The outcome of a validator: ok, or the error if it is one the boundary may throw with a proper message. */
function checkError(e: unknown, names: RegExp): void {
  const err = e as Error;
  const expected = err instanceof UsageError || err instanceof RangeError;
  expect(expected, `${err.name}: ${err.message}\n${err.stack}`).toBe(true);
  expect(err.message, err.message).not.toMatch(FORBIDDEN);
  expect(err.message.includes('\n'), err.message).toBe(false);
  expect(err.message, err.message).toMatch(names);
}

function resolves(spec: Json): boolean {
  try {
    resolveSpec(spec as unknown as SimulationSpec);
    return true;
  } catch (e) {
    checkError(e, NAMES_FIELD);
    return false;
  }
}

const counts = { specs: 0, resolved: 0, argv: 0, shards: 0 };

describe('generative: the validators answer a valid result or a message naming the field', () => {
  it('the seed specs are valid', () => {
    for (const s of VALID) expect(resolves(s)).toBe(true);
  });

  it('8000 mutated specs and 1000 random JSON values through resolveSpec', () => {
    fc.assert(
      fc.property(mutatedSpec, (spec) => {
        counts.specs++;
        if (resolves(spec)) counts.resolved++;
      }),
      { numRuns: 8000, seed: 20240611 },
    );
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
        counts.specs++;
        resolves(v as Json);
      }),
      { numRuns: 1000, seed: 7 },
    );
    // Mutations reach both outcomes.
    expect(counts.resolved).toBeGreaterThan(200);
    expect(counts.resolved).toBeLessThan(counts.specs - 2000);
  });

  it('2000 random command lines through the option parsers', async () => {
    const OPTIONS = [
      'particles',
      'steps',
      'dt',
      'theta',
      'sigma',
      'x0',
      'seed',
      'bins',
      'mu',
      'model',
      'scheme',
      'shard',
      'max-chunk',
      'memory',
      'dispatch-ms',
      'checkpoint-every',
      'problem',
      'csv',
      'header',
      'loss',
      'examples',
      'dim',
      'lr',
      'batch',
      'sampling',
      'svag-l',
      'substeps',
      'kind',
      'count',
      'stream',
      'particle',
      'n',
      'alpha',
      'beta',
      'format',
      'chunk',
      'seeds',
      'only',
      'quick',
      'checks',
      'help',
      'bogus',
      'partcles',
    ];
    const VALUES = [
      '1',
      '0',
      '-1',
      '1e6',
      '1e400',
      '0x10',
      '18446744073709551615',
      '18446744073709551616',
      '9007199254740993',
      '1.5',
      '',
      'abc',
      'inf',
      'NaN',
      'ou',
      'em',
      'weak2',
      '0/2',
      '2/2',
      'quadratic',
      'with',
      'sde',
      'uint32',
      'stable',
      'index',
      'json',
      '1,2',
      '1,1',
      'weak-order',
      '--seed',
      '-h',
    ];
    const token = fc.oneof(
      fc.constantFrom(...OPTIONS).map((o) => `--${o}`),
      fc.constantFrom(...VALUES),
      fc.tuple(fc.constantFrom(...OPTIONS), fc.constantFrom(...VALUES)).map(([o, v]) => `--${o}=${v}`),
      fc.string({ maxLength: 5 }),
    );
    const parsers: [string, (argv: string[]) => unknown][] = [
      ['ou', parseOuArgs],
      ['sgd', parseSgdArgs],
      ['rng', parseRngArgs],
      ['suite', parseSuiteArgs],
      ['run', (argv) => parseRunArgs(['weak-order', ...argv])],
      ['simulate', parseSimulateArgs],
    ];
    const OPTION = /--|argument|option|experiment/;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...parsers),
        fc.array(token, { maxLength: 8 }),
        async ([, parse], argv) => {
          counts.argv++;
          try {
            await parse(argv);
          } catch (e) {
            expect(e, String(e)).toBeInstanceOf(UsageError);
            checkError(e, OPTION);
          }
        },
      ),
      { numRuns: 2000, seed: 11 },
    );
  });

  it('1000 mutated shard documents through the merge document check and mergeResults', () => {
    const jobs = 2; // d = 1: one mean and one second moment
    const shard = (index: number): Json => ({
      command: 'simulate',
      status: 'complete',
      spec: { model: 'ou', dt: 0.1, steps: 4, particles: 8192, seed: 1 },
      shard: { index, count: 2, first: index * 4096, end: (index + 1) * 4096 },
      chunks: 1,
      chunkCapacity: 4096,
      seconds: 0.5,
      particleStepsPerSecond: 1e6,
      maxDispatchMs: 3,
      sums: [
        {
          step: 4,
          shift: [0.25],
          observableShift: [],
          finite: 4096,
          nonFinite: 0,
          nonFiniteFirstStep: 0,
          nonFiniteLastStep: 0,
          moments: Array.from({ length: jobs }, () => ['123456', '987654321']),
          observables: [],
          histograms: [],
          passage: null,
        },
      ],
    });
    const whole = mergeResults([shard(0), shard(1)] as unknown as EnsembleResult[]);
    expect(whole.n).toBe(8192);
    const SHARD_NAMES = new RegExp(`${NAMES_FIELD.source}|\\b(shards?|sums|status|chunks|seconds|JSON)\\b`);
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean(), (ms, second) => {
        counts.shards++;
        const doc = ms.reduce(mutate, shard(second ? 1 : 0));
        let part: EnsembleResult;
        try {
          part = shardDocument(doc, 'shard.json');
        } catch (e) {
          expect(e, String(e)).toBeInstanceOf(UsageError);
          checkError(e, SHARD_NAMES);
          return;
        }
        try {
          mergeResults(
            second
              ? [shard(0) as unknown as EnsembleResult, part]
              : [part, shard(1) as unknown as EnsembleResult],
          );
        } catch (e) {
          checkError(e, SHARD_NAMES);
        }
      }),
      { numRuns: 1000, seed: 5 },
    );
  });

  it('covers at least 10,000 inputs', () => {
    expect(counts.specs + counts.argv + counts.shards).toBeGreaterThanOrEqual(12000);
  });
});

/** Runs the CLI without waiting for each run in turn (no GPU work: every spec is refused before it). */
function cliAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['dist/cli.js', ...args]);
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('generative: 50 bad specs through the real CLI', () => {
  it('merge of a shard file without "shard" exits 2 naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-gen-'));
    const f = join(dir, 'shard.json');
    writeFileSync(f, JSON.stringify({ command: 'simulate', status: 'complete', spec: VALID[0], sums: [] }));
    const out = join(dir, 'merged.json');
    const r = await cliAsync(['merge', f, '--json', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `sgd-sde: "${f}": shard must be an object {index, count, first, end}, got nothing\n`,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('each exits 2 with one line on stderr starting "sgd-sde: ", no stack, no output file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-gen-'));
    const bad = fc
      .sample(mutatedSpec, { numRuns: 400, seed: 99 })
      .filter((s) => !resolves(s))
      .slice(0, 48)
      .map((s) => JSON.stringify(s));
    // Texts JSON.stringify cannot write: an overflowing literal, and one behind a byte-order mark.
    bad.push('{"model": "ou", "dt": 1e400, "steps": 3, "particles": 16}');
    bad.push('\uFEFF{"model": "ou", "dt": 0.1, "steps": 3, "partcles": 16}');
    expect(bad).toHaveLength(50);
    const results: { text: string; r: Awaited<ReturnType<typeof cliAsync>>; out: string }[] = [];
    for (let i = 0; i < bad.length; i += 5) {
      results.push(
        ...(await Promise.all(
          bad.slice(i, i + 5).map(async (text, j) => {
            const spec = join(dir, `bad-${i + j}.json`);
            const out = join(dir, `out-${i + j}.json`);
            writeFileSync(spec, text);
            return { text, r: await cliAsync(['simulate', '--spec', spec, '--json', out]), out };
          }),
        )),
      );
    }
    for (const { text, r, out } of results) {
      expect(r.status, `${text}\n${r.stderr}`).toBe(2);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines, text).toHaveLength(1);
      expect(lines[0]).toMatch(/^sgd-sde: /);
      expect(lines[0]).not.toMatch(FORBIDDEN);
      expect(r.stdout).toBe('');
      expect(existsSync(out)).toBe(false);
    }
  });
});
