/**
 * Faults that must never read as success, through `sgd-sde simulate` / `sgd` as users run them (dist/cli.js):
 * checkpoints that do not fit their run are refused (exit 2) before any GPU work, diverging particles are reported
 * (exit 3, JSON still written), a dispatch that never ends is stopped by the watchdog (exit 1), and SIGINT stops a
 * run saying whether and where it was saved (exit 130), the saved checkpoint resuming bit for bit.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  canonicalJson,
  type EnsembleCheckpoint,
  sealCheckpoint,
  sha256Hex,
} from '../../src/engine/checkpoint.js';
import { runEnsemble } from '../../src/engine/run.js';
import type { SimulationSpec } from '../../src/engine/spec.js';
import { gpuIt, useGpu } from '../shared/gpu.js';

function cli(...args: string[]) {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
}

const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-faults-'));
const file = (name: string, doc: unknown) => {
  const f = join(dir, name);
  writeFileSync(f, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return f;
};

const spec: SimulationSpec = {
  model: 'ou',
  dt: 0.01,
  steps: 40,
  particles: 3 * 4096,
  seed: 5,
  outputs: { snapshots: [20], histograms: [{ components: [0], bins: 20, range: [-3, 3] }] },
};

describe('checkpoints are verified before any GPU work', () => {
  const gpu = useGpu();
  let cp: EnsembleCheckpoint;

  gpuIt('a run paused in its second chunk gives a sealed checkpoint that resumes', gpu, async (ctx) => {
    let calls = 0;
    const paused = await runEnsemble(ctx, spec, {
      maxChunkParticles: 4096,
      stepsPerDispatch: 5,
      shouldPause: () => ++calls === 12,
    });
    expect(paused.status).toBe('paused');
    cp = JSON.parse(JSON.stringify(paused.checkpoint)) as EnsembleCheckpoint;
    expect(cp.chunk).toBe(1);
    const r = cli('simulate', '--resume', file('good.json', cp), '--json', '-');
    expect(r.status, r.stderr).toBe(0);
    const whole = await runEnsemble(ctx, spec);
    expect(JSON.parse(r.stdout).sums).toEqual(JSON.parse(JSON.stringify(whole.sums)));
  });

  /** A copy of the checkpoint with `change` applied, sealed again (so only the consistency checks can object). */
  const resealed = async (change: (c: Record<string, unknown>) => void) => {
    const { format: _f, version: _v, specHash: _h, checksum: _c, ...body } = structuredClone(cp);
    change(body as unknown as Record<string, unknown>);
    return sealCheckpoint(body as Parameters<typeof sealCheckpoint>[0]);
  };

  it.each([
    [
      'the state truncated to 1000 bytes',
      (c: Record<string, unknown>) => {
        c.state = (c.state as string).slice(0, 1000);
      },
      /checkpoint "state" holds 750 bytes; the chunk needs 16384/,
    ],
    [
      '"step": 999999',
      (c: Record<string, unknown>) => {
        c.step = 999999;
      },
      /checkpoint step 999999 lies outside snapshot \d's steps \[\d+, \d+\]/,
    ],
    [
      '"snapshot": 7',
      (c: Record<string, unknown>) => {
        c.snapshot = 7;
      },
      /checkpoint snapshot 7 is not one of the spec's 2/,
    ],
    [
      '"chunk": 50',
      (c: Record<string, unknown>) => {
        c.chunk = 50;
      },
      /checkpoint chunk 50 is not one of this run's 3 chunk\(s\)/,
    ],
    [
      '"capacity": 0',
      (c: Record<string, unknown>) => {
        c.capacity = 0;
      },
      /checkpoint capacity must be a positive multiple of 4096, got 0/,
    ],
    [
      'bad base64 in the state',
      (c: Record<string, unknown>) => {
        c.state = `!!${(c.state as string).slice(2)}`;
      },
      /checkpoint field "state" is not valid base64/,
    ],
    [
      'an odd-length status',
      (c: Record<string, unknown>) => {
        c.status = (c.status as string).slice(0, 7);
      },
      /checkpoint field "status" is not valid base64/,
    ],
  ])('%s: exit 2 with one line saying what is wrong', async (_what, change, message) => {
    const r = cli(
      'simulate',
      '--resume',
      file('bad.json', await resealed(change)),
      '--json',
      join(dir, 'x.json'),
    );
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
  });

  it.each([
    [
      'a changed step, not sealed again',
      (c: Record<string, unknown>) => {
        c.step = 999999;
      },
      /content does not match its checksum: the file was changed or truncated/,
    ],
    [
      'a truncated state, not sealed again',
      (c: Record<string, unknown>) => {
        c.state = (c.state as string).slice(0, 1000);
      },
      /content does not match its checksum/,
    ],
    [
      '"version": 3',
      (c: Record<string, unknown>) => {
        c.version = 3;
      },
      /checkpoint version 3 cannot be resumed by this sgd-sde \(it reads version 2\)/,
    ],
    [
      'missing "sums"',
      (c: Record<string, unknown>) => {
        delete c.sums;
      },
      /checkpoint is missing "sums"/,
    ],
    [
      'another spec under the old spec hash, the checksum made again',
      (c: Record<string, unknown>) => {
        c.spec = { ...(c.spec as object), seed: 6 };
      },
      /checkpoint spec does not match its specHash/,
    ],
  ])('%s: exit 2 with one line saying what is wrong', async (what, change, message) => {
    const c = structuredClone(cp) as unknown as Record<string, unknown>;
    change(c);
    if (what.includes('checksum made again')) {
      const { checksum: _c, ...rest } = c;
      c.checksum = await sha256Hex(canonicalJson(rest));
    }
    const r = cli('simulate', '--resume', file('bad.json', c));
    expect(r.status, r.stderr).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});

describe('diverging particles are reported, not averaged away', () => {
  const cubic = {
    model: {
      wgsl: 'fn drift(x: State, t: f32) -> State { return State(x[0] * x[0] * x[0]); }\nfn diffusion(x: State, t: f32) -> State { return State(1.0); }',
      dim: 1,
      noise: 'diagonal',
    },
    init: { gaussian: { mean: 0, cov: 1 } },
    dt: 0.1,
    steps: 40,
    particles: 4096,
    seed: 3,
  };

  it('some particles non-finite: exit 3, the table says how many and from which step, the JSON is written', () => {
    const out = join(dir, 'cubic.json');
    const r = cli('simulate', '--spec', file('cubic-spec.json', cubic), '--json', out);
    expect(r.status, r.stderr).toBe(3);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    expect(doc.nonFinite).toBeGreaterThan(0);
    expect(doc.nonFinite).toBeLessThan(4096);
    expect(r.stdout).toMatch(
      new RegExp(`DIVERGED: ${doc.nonFinite} of 4096 particles became non-finite, the first at step \\d+`),
    );
    expect(r.stderr.trim()).toMatch(
      /^sgd-sde: the particles diverged .*exit 3 \(--allow-divergence accepts this\)$/,
    );
    const allowed = cli('simulate', '--spec', join(dir, 'cubic-spec.json'), '--allow-divergence');
    expect(allowed.status, allowed.stderr).toBe(0);
    expect(allowed.stdout).toMatch(/DIVERGED: /);
  });

  it('finite particles whose float32 sums overflow: exit 3 naming the overflow instead of a NaN table', () => {
    const big = {
      model: {
        wgsl: 'fn drift(x: State, t: f32) -> State { return State(0.0); }\nfn diffusion(x: State, t: f32) -> State { return State(0.0); }',
        dim: 1,
        noise: 'diagonal',
      },
      init: { uniform: { lo: -1e30, hi: 1e30 } },
      dt: 0.1,
      steps: 2,
      particles: 4096,
    };
    const out = join(dir, 'big.json');
    const r = cli('simulate', '--spec', file('big-spec.json', big), '--json', out);
    expect(r.status, r.stderr).toBe(3);
    expect(r.stdout).toMatch(/DIVERGED: the finite particles overflow float32 sums/);
    expect(JSON.parse(readFileSync(out, 'utf8')).snapshots.at(-1).overflow).toBe(true);
  });

  it('sgd with a step size past stability: exit 3 with its JSON, not "need at least 2 finite samples"', () => {
    const out = join(dir, 'sgd-diverged.json');
    const r = cli(
      'sgd',
      '--lr',
      '0.6',
      '--batch',
      '4',
      '--particles',
      '4096',
      '--steps',
      '200',
      '--json',
      out,
    );
    // At η = 0.6 the coordinates grow past 1e26: finite, but their float32 squares overflow and every loss is
    // non-finite; the table would otherwise show negative variances and exit 0.
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toMatch(
      /the particles diverged by step 200 \(the loss non-finite for 4096 of 4096 particles; means or variances not representable/,
    );
    expect(r.stdout).toMatch(/DIVERGED: /);
    expect(JSON.parse(readFileSync(out, 'utf8')).loss.nonFinite).toBe(4096);
  });
});

describe('a dispatch that never ends is stopped by the watchdog', () => {
  it('exits 1 within seconds with a message naming the cause', () => {
    const spin = {
      model: {
        wgsl:
          'fn drift(x: State, t: f32) -> State { var y = x; for (var i = 0u; i < 0xffffffffu; i++) { y[0] = y[0] * 0.999999 + 1e-7; } return y; }\n' +
          'fn diffusion(x: State, t: f32) -> State { return State(1.0); }',
        dim: 1,
        noise: 'diagonal',
      },
      dt: 0.01,
      steps: 50,
      particles: 4096,
    };
    const r = cli('simulate', '--spec', file('spin.json', spin), '--watchdog', '3');
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr.trim()).toMatch(
      /^sgd-sde: a GPU dispatch has run for more than 3 s .*does the model loop without end\? Stopped in chunk 1 of 1 at step 0 of 50/,
    );
    expect(r.ms).toBeLessThan(30_000);
  });
});

describe('SIGINT stops a run and says whether it was saved', () => {
  const long = { model: 'ou', dt: 0.01, steps: 400, particles: 16 * 4096, seed: 2 };
  let whole: { sums: unknown };

  beforeAll(() => {
    const r = cli('simulate', '--spec', file('long.json', long), '--json', '-', '--dispatch-ms', '20');
    expect(r.status, r.stderr).toBe(0);
    whole = JSON.parse(r.stdout);
  });

  /** Starts the CLI, sends SIGINT once its first dispatches ran, and collects what it printed. */
  const interrupted = (args: string[]) =>
    new Promise<{ status: number | null; stderr: string }>((ok) => {
      const p = spawn(process.execPath, ['dist/cli.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      p.stderr.on('data', (d) => {
        stderr += String(d);
      });
      setTimeout(() => p.kill('SIGINT'), 1500);
      p.on('exit', (status) => ok({ status, stderr }));
    });

  it('without --checkpoint: exit 130 and "nothing was saved"', async () => {
    const r = await interrupted(['simulate', '--spec', join(dir, 'long.json'), '--dispatch-ms', '20']);
    expect(r.status).toBe(130);
    expect(r.stderr.trim()).toMatch(
      /^sgd-sde: SIGINT: stopped at chunk 1 of 1, step \d+; nothing was saved \(give --checkpoint FILE to be able to resume\)$/,
    );
  });

  it('with --checkpoint: saved where it says, and resuming gives the uninterrupted result bit for bit', async () => {
    const cpFile = join(dir, 'long-cp.json');
    const r = await interrupted([
      'simulate',
      '--spec',
      join(dir, 'long.json'),
      '--dispatch-ms',
      '20',
      '--checkpoint',
      cpFile,
    ]);
    expect(r.status).toBe(130);
    expect(r.stderr).toContain(`saved to ${cpFile} (resume with --resume ${cpFile})`);
    const step = JSON.parse(readFileSync(cpFile, 'utf8')).step as number;
    expect(step).toBeGreaterThan(0);
    expect(step).toBeLessThan(400);
    const resumed = cli('simulate', '--resume', cpFile, '--json', '-');
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout).sums).toEqual(whole.sums);
  });
});
