/**
 * The `sgd-sde` command as users run it (the built dist/cli.js): bad input exits non-zero with a one-line reason
 * and no stack trace, before any GPU work; a small run prints the OU table and valid JSON.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('sgd-sde ou: input validation', () => {
  it.each([
    [['--particles', '-5'], /--particles must be in \[1, \d+\], got -5/],
    [['--particles', 'abc'], /--particles must be a number, got "abc"/],
    [['--particles', '1.5'], /--particles must be an integer/],
    [['--dt', '0'], /--dt must be > 0, got 0/],
    [['--dt', '-0.1'], /--dt must be > 0/],
    [['--steps', '1e3x'], /--steps must be a number/],
    [['--theta', '10', '--dt', '0.5'], /must be < 2 for a stable Euler-Maruyama chain/],
    [['--bogus', '1'], /Unknown option '--bogus'/],
  ])('%j exits 2 with one line', (args, message) => {
    const r = cli('ou', ...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^sgd-sde: /);
    expect(lines[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('an unknown command exits 2', () => {
    const r = cli('nope');
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/^sgd-sde: unknown command "nope" \(commands: (\w+, )*ou(, \w+)*\)$/);
  });
});

describe('sgd-sde ou: a small run', () => {
  it('prints JSON whose verdicts pass and whose variance matches the EM chain', () => {
    const r = cli('ou', '--particles', '20000', '--steps', '50', '--dt', '0.05', '--json', '-');
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.passed).toBe(true);
    expect(doc.options.particles).toBe(20000);
    expect(doc.adapter).toMatch(/\S/);
    expect(Math.abs(doc.vsChain.variance.z)).toBeLessThanOrEqual(5);
    expect(doc.histogram.counts).toHaveLength(100);
  });

  it('prints the readable table naming the O(h) bias', () => {
    // t = 10: both laws are stationary, so the bias is the stationary 2/(2 − θh) − 1 = 2.56%.
    const r = cli('ou', '--particles', '20000', '--steps', '200', '--dt', '0.05');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/variance vs EM chain .* PASS/);
    expect(r.stdout).toMatch(/O\(h\) bias: .*predicted 2\.56%/);
    expect(r.stdout).toMatch(/G particle-steps\/s/);
  });
});

describe('output destinations are checked before any GPU work', () => {
  // /proc refuses new files and directories; Node's recursive mkdir can spin there without returning.
  const spec = join(mkdtempSync(join(tmpdir(), 'sgd-sde-out-')), 'spec.json');
  writeFileSync(spec, '{"model":"ou","dt":0.01,"steps":5,"particles":1000,"seed":9}');
  it.each([
    [['simulate', '--spec', spec, '--json', '/proc/x/y'], /cannot write --json file "\/proc\/x\/y": ENOENT/],
    [
      ['simulate', '--spec', spec, '--checkpoint', '/proc/x/y'],
      /cannot write --checkpoint file "\/proc\/x\/y"/,
    ],
    [['ou', '--json', '/proc/x/y'], /cannot write --json file "\/proc\/x\/y"/],
    [['sgd', '--json', '/proc/x/y'], /cannot write --json file "\/proc\/x\/y"/],
    [
      ['rng', '--kind', 'uint32', '--count', '8', '--out', '/proc/x/y'],
      /cannot write --out file "\/proc\/x\/y"/,
    ],
    [
      ['run', 'fokker-planck', '--quick', '--report', '/proc/x'],
      /cannot write --report directory "\/proc\/x"/,
    ],
    [['suite', '--quick', '--report', '/proc/x/y'], /cannot write --report directory "\/proc\/x\/y"/],
    [['suite', '--quick', '--json', '/proc/x/y'], /cannot write --json file "\/proc\/x\/y"/],
  ])('%j exits 2 at once with one line naming the option', (args, message) => {
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ['dist/cli.js', ...args], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    // No GPU device was created: far below the time of a device start and a run.
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('merge --json to an unwritable place exits 2 before reading the shards', () => {
    const r = cli('merge', 'missing-shard.json', '--json', '/proc/x/y');
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/cannot write --json file "\/proc\/x\/y"/);
  });
});

describe('a result whose file cannot be written at the end is kept', () => {
  it('is saved in the temporary directory, and the error names that file', async () => {
    const { writeJsonOutput } = await import('../../src/cli/output.js');
    const doc = { n: 1000, variance: 0.048266 };
    let saved = '';
    try {
      writeJsonOutput('/proc/x/result.json', doc, () => {});
      expect.unreachable('the write to /proc must fail');
    } catch (e) {
      const m =
        /cannot write --json file "\/proc\/x\/result\.json" \(ENOENT\); the result was saved to (\S+)$/.exec(
          (e as Error).message,
        );
      expect(m, (e as Error).message).not.toBeNull();
      saved = m![1]!;
    }
    expect(JSON.parse(readFileSync(saved, 'utf8'))).toEqual(doc);
    unlinkSync(saved);
  });
});
