/**
 * The input boundary, in-process (no GPU): every bad spec, shard document or option list is refused with a message
 * naming the field or option — never a JavaScript TypeError — and seeds follow one rule everywhere.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedOption, UsageError } from '../../src/cli/args.js';
import { parseRunArgs, parseSuiteArgs } from '../../src/cli/experiments.js';
import { overflowingNumber } from '../../src/cli/json-text.js';
import { parseOuArgs } from '../../src/cli/ou.js';
import { parseRngArgs } from '../../src/cli/rng.js';
import { parseSgdArgs, SGD_USAGE } from '../../src/cli/sgd.js';
import { parseSimulateArgs, shardDocument } from '../../src/cli/simulate.js';
import { engineDefines, engineSources } from '../../src/engine/chunk.js';
import { mergeResults } from '../../src/engine/merge.js';
import type { EnsembleResult } from '../../src/engine/run.js';
import { resolveSpec, type SimulationSpec, SpecError } from '../../src/engine/spec.js';
import { compileErrors } from '../../src/gpu/shader-module.js';
import { composeShader } from '../../src/gpu/shader-source.js';

const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-boundary-'));
const base = { model: 'ou', dt: 0.1, steps: 4, particles: 16 };

function specFile(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

/** The error `fn` throws (fails the test when it returns). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('types are checked at the boundary, naming the field', () => {
  it.each([
    [null, /^the spec must be a JSON object, got null$/],
    [[base], /^the spec must be a JSON object, got an array$/],
    [{ ...base, outputs: { snapshots: 5 } }, /^outputs.snapshots must be an array, got 5$/],
    [{ ...base, outputs: { histograms: {} } }, /^outputs.histograms must be an array, got an object$/],
    [{ ...base, outputs: { histograms: [null] } }, /^outputs.histograms\[0\] must be an object, got null$/],
    [
      { ...base, outputs: { histograms: [{ components: [0], bins: 4, range: null }] } },
      /^outputs.histograms\[0\].range must be "auto", \[lo, hi\] or \[\[lo, hi\]\], got null$/,
    ],
    [{ ...base, init: { gaussian: null } }, /^init.gaussian must be an object, got null$/],
    [{ ...base, init: null }, /^init must be an object, got null$/],
    [{ ...base, model: null }, /^model must be a built-in name or an object, got null$/],
    [{ ...base, model: { builtin: 'ou', params: null } }, /^model.params must be an object, got null$/],
    [
      { ...base, model: { builtin: 7 } },
      /^model.builtin must be one of ou, gbm, double-well, langevin, got 7$/,
    ],
    [{ ...base, model: { builtin: 'ou', dim: null } }, /^model.dim must be a finite number, got null$/],
    [{ ...base, model: { wgsl: 'x', params: { k: 'a' } } }, /model.params.k must be a number .*got "a"/],
    [{ ...base, model: { wgsl: 'x', params: { k: [] } } }, /^parameter model.params.k is an empty array$/],
    [{ ...base, scheme: { name: 3 } }, /^scheme.name must be one of em, weak2, exact, levy-em, got 3$/],
    [
      { ...base, scheme: null },
      /^scheme must be a name \(em, weak2, exact, levy-em\) or an object \{name, \.\.\.\}, got null$/,
    ],
    [{ ...base, outputs: { observables: { wgsl: 'x', count: 1, names: null } } }, /names must be an array/],
    [{ ...base, dt: Number.POSITIVE_INFINITY }, /^dt must be a finite number, got Infinity$/],
    [{ ...base, t0: Number.NEGATIVE_INFINITY }, /^t0 must be a finite number, got -Infinity$/],
    [{ ...base, steps: undefined, horizon: Number.NaN }, /^horizon must be a finite number, got NaN$/],
    [
      { ...base, init: { point: [Number.POSITIVE_INFINITY] } },
      /^init.point\[0\] must be a finite number, got Infinity$/,
    ],
    [
      { ...base, model: { builtin: 'ou', params: { theta: Number.POSITIVE_INFINITY } } },
      /^model.params.theta must be a finite number, got Infinity$/,
    ],
    [
      { ...base, model: { wgsl: 'x', params: { k: [1, Number.POSITIVE_INFINITY] } } },
      /^model.params.k\[1\] must be a finite number, got Infinity$/,
    ],
    [
      {
        ...base,
        outputs: { histograms: [{ components: [0], bins: 4, range: [0, Number.POSITIVE_INFINITY] }] },
      },
      /^outputs.histograms\[0\].range\[0\]\[1\] must be a finite number, got Infinity$/,
    ],
    [{ ...base, steps: 3, horizon: 1 }, /^spec has both "steps" and "horizon": give one$/],
  ])('%j → %s', (spec, message) => {
    const e = thrown(() => resolveSpec(spec as unknown as SimulationSpec));
    expect(e).toBeInstanceOf(SpecError);
    expect(e.message).toMatch(message);
  });

  it('"dt": 1e400 in a spec file is reported with its literal', async () => {
    const f = specFile('inf.json', '{"model": "ou", "dt": 1e400, "steps": 3, "particles": 16}');
    await expect(parseSimulateArgs(['--spec', f])).rejects.toThrow(
      /^dt must be a finite number, got Infinity \(1e400 overflows a double\)$/,
    );
    const g = specFile('inf2.json', '{"model": {"builtin": "ou", "params": {"A": [[1, -2e999]]}}, "dt": 1}');
    await expect(parseSimulateArgs(['--spec', g])).rejects.toThrow(
      /^model.params.A\[0\]\[1\] must be a finite number, got -Infinity \(-2e999 overflows a double\)$/,
    );
  });

  it('overflowingNumber walks strings, keys and arrays', () => {
    expect(overflowingNumber('{"a": "1e400", "b": [1, {"c": 2}], "d\\"": 1e-400}')).toBeUndefined();
    expect(overflowingNumber('{"a": "x", "b": [1, {"c": 2, "e\\"f": [0, 1E+309]}]}')).toEqual({
      path: 'b[1].e"f[1]',
      literal: '1E+309',
      value: Number.POSITIVE_INFINITY,
    });
    expect(overflowingNumber('1e400')?.path).toBe('');
  });

  it('a shard document without "shard" (or with wrong types) is refused naming the field', () => {
    const doc = {
      command: 'simulate',
      status: 'complete',
      spec: base,
      chunks: 1,
      seconds: 1,
      particleStepsPerSecond: 1,
      maxDispatchMs: 1,
      sums: [],
    };
    const e = thrown(() => shardDocument(doc, 's.json'));
    expect(e).toBeInstanceOf(UsageError);
    expect(e.message).toBe('"s.json": shard must be an object {index, count, first, end}, got nothing');
    expect(() =>
      shardDocument({ ...doc, shard: { index: 0, count: '2', first: 0, end: 1 } }, 's.json'),
    ).toThrow(/^"s.json": shard.count must be a non-negative integer, got "2"$/);
    expect(() =>
      shardDocument({ ...doc, shard: { index: 0, count: 1, first: 0, end: 16 }, sums: [{}] }, 's'),
    ).toThrow(/^"s": sums\[0\].step must be a non-negative integer, got nothing$/);
    expect(() => shardDocument({ command: 'ou' }, 'o.json')).toThrow(
      /^"o.json" is not the JSON of sgd-sde simulate$/,
    );
    expect(() => shardDocument(null, 'n.json')).toThrow(/is not the JSON of sgd-sde simulate/);
    // The library entry point checks the same fields.
    expect(() => mergeResults([doc as unknown as EnsembleResult])).toThrow(
      /^shard result 0: shard must be an object/,
    );
  });
});

describe('unknown fields, covariances, names', () => {
  const obs = { wgsl: 'x', count: 2 };
  it.each([
    [{ ...base, partcles: 16 }, 'unknown field "partcles" (did you mean "particles"?)'],
    [
      { ...base, outputs: { snapshot: [3] } },
      'unknown field "outputs.snapshot" (did you mean "outputs.snapshots"?)',
    ],
    [
      { ...base, model: { wgsl: 'x', noize: 'scalar' } },
      'unknown field "model.noize" (did you mean "model.noise"?)',
    ],
    [
      { ...base, model: { builtin: 'gbm', params: { sigam: 1 } } },
      'unknown field "model.params.sigam" (did you mean "model.params.sigma"?)',
    ],
    [
      { ...base, model: { builtin: 'gbm', noise: 'full' } },
      'model.noise does not apply to built-in model "gbm"',
    ],
    [
      { ...base, model: { builtin: 'ou', params: { A: 1, theta: 1 } } },
      'model.params has both "A" and "theta": give one',
    ],
    [{ ...base, scheme: { nam: 'em' } }, 'unknown field "scheme.nam" (did you mean "scheme.name"?)'],
    [
      { ...base, scheme: { name: 'em', alpha: 1.5 } },
      'scheme.alpha applies only to scheme "levy-em", not "em"',
    ],
    [
      { ...base, scheme: { name: 'em', increments: 'three-point' } },
      'scheme.increments applies only to scheme "weak2", not "em"',
    ],
    [
      { ...base, init: { gausian: { mean: 0 } } },
      'unknown field "init.gausian" (did you mean "init.gaussian"?)',
    ],
    [
      { ...base, init: { gaussian: { mean: 0, covariance: 1 } } },
      'unknown field "init.gaussian.covariance" (did you mean "init.gaussian.cov"?)',
    ],
    [
      { ...base, init: { uniform: { lo: 0, high: 1 } } },
      'unknown field "init.uniform.high" (did you mean "init.uniform.hi"?)',
    ],
    [
      { ...base, outputs: { histograms: [{ components: [0], bin: 4 }] } },
      'unknown field "outputs.histograms[0].bin" (did you mean "outputs.histograms[0].bins"?)',
    ],
    [
      { ...base, outputs: { observables: { ...obs, name: ['a', 'b'] } } },
      'unknown field "outputs.observables.name" (did you mean "outputs.observables.names"?)',
    ],
    [
      { ...base, outputs: { firstPassage: { wgsl: 'x', bin: 3 } } },
      'unknown field "outputs.firstPassage.bin" (did you mean "outputs.firstPassage.bins"?)',
    ],
    [
      { ...base, zzz: 1 },
      'unknown field "zzz" (fields: model, scheme, dt, steps, horizon, particles, seed, t0, init, outputs)',
    ],
    [
      {
        ...base,
        model: { builtin: 'gbm', dim: 2 },
        init: {
          gaussian: {
            cov: [
              [1, 0.5],
              [0.2, 1],
            ],
          },
        },
      },
      'init.gaussian.cov must be symmetric: init.gaussian.cov[1][0] is 0.2 but init.gaussian.cov[0][1] is 0.5',
    ],
    [
      { ...base, outputs: { observables: { ...obs, names: 'ab' } } },
      'outputs.observables.names must be an array of 2 strings, got "ab"',
    ],
    [
      { ...base, outputs: { observables: { ...obs, names: ['a', 2] } } },
      'outputs.observables.names[1] must be a string, got 2',
    ],
    [
      { ...base, outputs: { observables: { ...obs, names: ['a'] } } },
      'outputs.observables.names has 1 names for 2 observables',
    ],
  ])('%j → %s', (spec, message) => {
    const e = thrown(() => resolveSpec(spec as unknown as SimulationSpec));
    expect(e).toBeInstanceOf(SpecError);
    expect(e.message).toBe(message);
  });

  it('an indefinite init covariance is refused when the spec is resolved', () => {
    const spec = {
      ...base,
      model: { builtin: 'gbm', dim: 2 },
      init: {
        gaussian: {
          cov: [
            [1, 2],
            [2, 1],
          ],
        },
      },
    };
    expect(() => resolveSpec(spec)).toThrow(
      /^init.gaussian.cov is not positive semi-definite \(Cholesky pivot 1/,
    );
    expect(() => resolveSpec({ ...base, init: { gaussian: { cov: -1 } } })).toThrow(
      /^init.gaussian.cov is not positive/,
    );
    // Semi-definite (a degenerate Gaussian) is a valid initial law.
    expect(
      resolveSpec({
        ...spec,
        init: {
          gaussian: {
            cov: [
              [1, 1],
              [1, 1],
            ],
          },
        },
      }).init.kind,
    ).toBe('gaussian');
  });

  it('the documented example spec still resolves', () => {
    const r = resolveSpec({
      model: { wgsl: 'fn drift', dim: 2, noise: 'scalar', params: { omega: 2.0, gamma: 0.1, eps: 0.3 } },
      scheme: { name: 'weak2', increments: 'three-point' },
      dt: 0.01,
      horizon: 10,
      particles: 1000000,
      seed: 1,
      init: {
        gaussian: {
          mean: [1, 0],
          cov: [
            [0.01, 0],
            [0, 0.01],
          ],
        },
      },
      outputs: {
        snapshots: [100, 500],
        histograms: [{ components: [0, 1], bins: [64, 64], range: 'auto' }],
        observables: { count: 1, names: ['energy'], wgsl: 'fn observable' },
        firstPassage: { wgsl: 'fn in_region', bins: 50 },
      },
    });
    expect(r.steps).toBe(1000);
    expect(r.observables?.names).toEqual(['energy']);
  });
});

describe('one seed rule: decimal or 0x hex in [0, 2^64), exact, on every command and in specs', () => {
  const top = '18446744073709551615';
  it('seedOption', () => {
    expect(seedOption('seed', '0x10')).toBe(16n);
    expect(seedOption('seed', top)).toBe(2n ** 64n - 1n);
    expect(seedOption('seed', undefined)).toBe(1n);
    for (const bad of ['18446744073709551616', '-1', '1.5', '1e3', '', '0x', 'x3'])
      expect(() => seedOption('seed', bad)).toThrow(
        `--seed must be an integer in [0, 2^64), decimal or 0x hex, got "${bad}"`,
      );
    expect(() => seedOption('seed', '0x20000000000000', 1n, 1n << 53n)).toThrow('--seed must be below 2^53');
  });

  it('ou, sgd, rng and simulate take the same seeds and keep them exact', async () => {
    expect(parseOuArgs(['--seed', top]).opts.seed).toBe(2n ** 64n - 1n);
    expect(parseOuArgs(['--seed', '0x10']).opts.seed).toBe(16n);
    expect(parseSgdArgs(['--seed', top]).opts?.seed).toBe(top);
    expect(parseRngArgs(['--kind', 'uint32', '--count', '4', '--seed', '0xff']).opts.sequence.seed).toBe(
      255n,
    );
    const s = await parseSimulateArgs(['--model', 'ou', '--seed', top]);
    expect(s.help === false && s.spec.seed).toBe(top);
    expect(resolveSpec({ ...base, seed: top }).seed).toBe(top);
    expect(resolveSpec({ ...base, seed: '0x10' }).seed).toBe('16');
    expect(resolveSpec({ ...base, seed: 7 }).seed).toBe('7');
    for (const parse of [
      () => parseOuArgs(['--seed', '2e3']),
      () => parseSgdArgs(['--seed', '-4']),
      () => parseRngArgs(['--kind', 'uint32', '--count', '4', '--seed', '18446744073709551616']),
    ])
      expect(parse).toThrow(/^--seed must be an integer in \[0, 2\^64\), decimal or 0x hex, got "/);
    await expect(parseSimulateArgs(['--model', 'ou', '--seed', '1.5'])).rejects.toThrow(
      /^--seed must be an integer/,
    );
    expect(() => resolveSpec({ ...base, seed: '-1' })).toThrow(
      /^seed must be an integer in \[0, 2\^64\), decimal or 0x hex/,
    );
    expect(() => resolveSpec({ ...base, seed: 2 ** 60 })).toThrow(
      `seed 1152921504606846976 is above 2^53, where JSON numbers round: write it as a string`,
    );
  });

  it('experiments take the same rule, below 2^53', () => {
    expect(parseSuiteArgs(['--seeds', '0x10,2']).seeds).toEqual([16, 2]);
    expect(() => parseRunArgs(['weak-order', '--seed', String(2 ** 53)])).toThrow(
      '--seed must be below 2^53',
    );
  });
});

describe('command lines', () => {
  it('a spec with a UTF-8 byte-order mark is read', async () => {
    const f = specFile('bom.json', `\uFEFF${JSON.stringify(base)}`);
    const r = await parseSimulateArgs(['--spec', f]);
    expect(r.help === false && r.spec.particles).toBe(16);
  });

  it('wgslFile must name a file', async () => {
    const f = specFile('wf.json', JSON.stringify({ ...base, model: { wgslFile: 3 } }));
    await expect(parseSimulateArgs(['--spec', f])).rejects.toThrow(
      /^wgslFile must be a file name \(a string\), got number$/,
    );
    const g = specFile('wg.json', JSON.stringify({ ...base, model: { wgslFile: 'missing.wgsl' } }));
    await expect(parseSimulateArgs(['--spec', g])).rejects.toThrow(/^cannot read wgslFile "missing.wgsl": /);
  });

  it('--spec with --model or OU flags names the flags given', async () => {
    const f = specFile('ok.json', JSON.stringify(base));
    await expect(parseSimulateArgs(['--spec', f, '--model', 'ou'])).rejects.toThrow(
      /^--spec cannot be combined with --model; put them in the spec$/,
    );
    await expect(parseSimulateArgs(['--spec', f, '--model', 'ou', '--dt', '0.1'])).rejects.toThrow(
      /^--spec cannot be combined with --model, --dt; put them in the spec$/,
    );
  });

  it('--resume refuses --shard and --spec (the checkpoint carries its own)', async () => {
    await expect(parseSimulateArgs(['--resume', 'cp.json', '--shard', '0/2'])).rejects.toThrow(
      /^--resume continues the checkpoint, which carries its own spec and shard: drop --shard$/,
    );
    await expect(
      parseSimulateArgs(['--resume', 'cp.json', '--spec', 's.json', '--seed', '2']),
    ).rejects.toThrow(/drop --spec, --seed$/);
  });

  it('a repeated option is an error on every command', async () => {
    const twice = /^--seed given twice$/;
    expect(() => parseOuArgs(['--seed', '1', '--seed', '2'])).toThrow(twice);
    expect(() => parseSgdArgs(['--seed', '1', '--seed=2'])).toThrow(twice);
    expect(() => parseRngArgs(['--kind', 'uint32', '--count', '4', '--seed', '1', '--seed', '1'])).toThrow(
      twice,
    );
    expect(() => parseRunArgs(['weak-order', '--seed', '1', '--seed', '2'])).toThrow(twice);
    expect(() => parseSuiteArgs(['--seed', '1', '--seed', '2'])).toThrow(twice);
    await expect(parseSimulateArgs(['--model', 'ou', '--seed', '1', '--seed', '2'])).rejects.toThrow(twice);
    expect(() => parseSgdArgs(['--header', '--header'])).toThrow(/^--header given twice$/);
    expect(() => parseOuArgs(['-h', '--help'])).toThrow(/^--help given twice$/);
    // merge takes file names besides its options.
    const { mergeCommand } = await import('../../src/cli/simulate.js');
    await expect(mergeCommand(['a.json', '--json', 'x.json', '--json', 'y.json'], () => {})).rejects.toThrow(
      /^--json given twice$/,
    );
  });

  it('sgd --help shows --lr, --batch and --sampling as optional, with their defaults', () => {
    expect(SGD_USAGE).toContain('[--lr ETA] [--batch B] [--sampling with|without|gaussian|svag|sde]');
    expect(SGD_USAGE).toMatch(/--lr 0\.1, --batch 8, --sampling with/);
    const o = parseSgdArgs([]).opts!;
    expect([o.lr, o.batch, o.sampling]).toEqual([0.1, 8, 'with']);
  });
});

describe('WGSL errors in a user snippet', () => {
  const model =
    'var<private> state: f32;\nfn drift(x: State, t: f32) -> State { return x; }\nfn diffusion(x: State, t: f32) -> State { return x; }';
  const spec = resolveSpec({ ...base, model: { wgsl: model } });
  const extra = engineSources(spec);
  const shader = composeShader('engine/step.wgsl', engineDefines(spec), extra);
  const lineOf = (file: string, line: number) =>
    shader.lines.findIndex((l) => l.file === file && l.line === line) + 1;
  const message = (type: GPUCompilationMessageType, lineNum: number, linePos: number, text: string) =>
    ({ type, lineNum, linePos, message: text, offset: 0, length: 0 }) as GPUCompilationMessage;

  it('a name the engine also declares is reported at the snippet, with the engine declaration as a note', () => {
    const engine = lineOf('engine/step.wgsl', 37);
    expect(engine).toBeGreaterThan(lineOf('user model', 1));
    const error = message('error', engine, 23, "redeclaration of 'state'");
    const note = message('info', lineOf('user model', 1), 14, "'state' previously declared here");
    const expected = [
      "user model:1:14: error: redeclaration of 'state' (the engine declares it at shaders/engine/step.wgsl:37:23; rename yours)",
    ];
    expect(compileErrors(shader, [error, note], extra)).toEqual(expected);
    // Without the note, the snippet's declaration is found by name.
    expect(compileErrors(shader, [error], extra)).toEqual(expected);
    // Errors elsewhere keep their own location.
    expect(compileErrors(shader, [message('error', lineOf('user model', 2), 40, 'x')], extra)).toEqual([
      'user model:2:40: error: x',
    ]);
  });
});
