/**
 * `sgd-sde simulate` and `sgd-sde merge` as users run them (dist/cli.js): the OU flag form prints the
 * documented result fields; two shard results merged by the CLI equal the single run bit for bit; bad specs exit 2
 * with one line, invalid WGSL in a user snippet exits 2 naming the snippet's line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEnsemble } from '../../src/engine/run.js';
import type { SimulationSpec } from '../../src/engine/spec.js';
import { gpuIt, useGpu } from '../shared/gpu.js';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8', timeout: 180_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-cli-'));

describe('sgd-sde simulate / merge', () => {
  const gpu = useGpu();

  it('the OU flag form prints n, mean, variance, cov, nonFinite, adapter, seconds', () => {
    const r = cli(
      'simulate',
      '--model',
      'ou',
      '--theta',
      '1',
      '--sigma',
      '1',
      '--x0',
      '1',
      '--dt',
      '0.05',
      '--steps',
      '20',
      '--particles',
      '20000',
      '--seed',
      '4',
      '--json',
      '-',
    );
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    for (const k of ['n', 'mean', 'variance', 'cov', 'nonFinite', 'adapter', 'seconds'])
      expect(doc).toHaveProperty(k);
    expect(doc.n).toBe(20000);
    expect(doc.nonFinite).toBe(0);
    // EM chain: mean a^K x0 with a = 0.95, K = 20.
    expect(Math.abs(doc.mean[0] - 0.95 ** 20) / doc.meanSE[0]).toBeLessThanOrEqual(5);
  });

  gpuIt('shard results (library) merged by the CLI equal the single run bit for bit', gpu, async (ctx) => {
    const spec: SimulationSpec = {
      model: { builtin: 'gbm', params: { mu: 0.2, sigma: 0.4 } },
      scheme: 'weak2',
      dt: 0.05,
      steps: 10,
      particles: 3 * 4096 + 7,
      seed: 12,
      init: { point: 1 },
      outputs: { histograms: [{ components: [0], bins: 20, range: [0, 3] }] },
    };
    const single = await runEnsemble(ctx, spec);
    for (const k of [0, 1]) {
      const part = await runEnsemble(ctx, spec, { shard: { index: k, count: 2 } });
      // The document sgd-sde simulate --shard k/2 --json FILE writes.
      writeFileSync(
        join(dir, `s${k}.json`),
        JSON.stringify({ command: 'simulate', backend: ctx.backend, ...part }),
      );
    }
    const m = cli('merge', join(dir, 's1.json'), join(dir, 's0.json'), '--json', '-');
    expect(m.status, m.stderr).toBe(0);
    const merged = JSON.parse(m.stdout);
    expect(JSON.stringify(merged.sums)).toBe(JSON.stringify(single.sums));
    expect(JSON.stringify(merged.snapshots)).toBe(JSON.stringify(single.snapshots));
    const missing = cli('merge', join(dir, 's0.json'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/missing shard\(s\) 1\/2/);
  });

  it('an empty shard (fewer tiles than shards) counts no particle: simulate --shard then merge equals one run', () => {
    const f = join(dir, 'small.json');
    writeFileSync(f, JSON.stringify({ model: 'ou', dt: 0.01, steps: 5, particles: 1000, seed: 9 }));
    const one = cli('simulate', '--spec', f, '--json', join(dir, 'small-1.json'));
    expect(one.status, one.stderr).toBe(0);
    const files: string[] = [];
    for (const k of [0, 1]) {
      const out = join(dir, `small-${k}of2.json`);
      const r = cli('simulate', '--spec', f, '--shard', `${k}/2`, '--json', out);
      expect(r.status, r.stderr).toBe(0);
      const part = JSON.parse(readFileSync(out, 'utf8'));
      expect(part.n).toBe(part.shard.end - part.shard.first);
      files.push(out);
    }
    const m = cli('merge', ...files, '--json', '-');
    expect(m.status, m.stderr).toBe(0);
    const merged = JSON.parse(m.stdout);
    const single = JSON.parse(readFileSync(join(dir, 'small-1.json'), 'utf8'));
    expect(merged.n).toBe(1000);
    expect(merged.variance).toEqual(single.variance);
    expect(JSON.stringify(merged.sums)).toBe(JSON.stringify(single.sums));
  });

  it.each([
    [{ model: 'ou', dt: 0.1, particles: 10 }, /spec is missing "steps" \(or "horizon"\)/],
    [{ model: 'vasicek', dt: 0.1, steps: 3, particles: 10 }, /unknown built-in model "vasicek"/],
    [
      { model: { builtin: 'gbm', dim: 2, params: { mu: [1, 2, 3] } }, dt: 0.1, steps: 3, particles: 10 },
      /model.params.mu has 3 entries, but the model has dimension 2/,
    ],
  ])('bad spec %j exits 2 with one line', (spec, message) => {
    const f = join(dir, 'bad.json');
    writeFileSync(f, JSON.stringify(spec));
    const r = cli('simulate', '--spec', f);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('invalid WGSL in a user model exits 2 (bad input) naming the line of the snippet', () => {
    writeFileSync(
      join(dir, 'bad.wgsl'),
      'fn drift(x: State, t: f32) -> State {\n  return undefined_thing;\n}\n',
    );
    writeFileSync(
      join(dir, 'wgsl.json'),
      JSON.stringify({ model: { wgslFile: 'bad.wgsl' }, dt: 0.1, steps: 2, particles: 10 }),
    );
    const r = cli('simulate', '--spec', join(dir, 'wgsl.json'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/user model:2:\d+: error: unresolved/);
  });
});
