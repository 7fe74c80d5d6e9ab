/**
 * `sgd-sde sgd` as users run it (the built dist/cli.js): bad input (batch larger than the dataset, η ≤ 0, ragged
 * or non-numeric CSV) exits 2 with a one-line reason before any GPU work; a small run prints valid JSON with the
 * mean, covariance and loss statistics of the particles.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['dist/cli.js', 'sgd', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'sgd-cli-'));
const csv = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('sgd-sde sgd: input validation', () => {
  it.each([
    [['--examples', '10', '--batch', '11'], /--batch 11 is larger than the dataset \(--examples 10\)/],
    [['--lr', '0'], /--lr must be > 0, got 0/],
    [['--lr', '-0.5'], /--lr must be > 0, got -0.5/],
    [['--lr', 'fast'], /--lr must be a number, got "fast"/],
    [['--sampling', 'sometimes'], /--sampling must be one of with, without, gaussian, svag, sde/],
    [['--problem', 'mnist'], /--problem must be one of quadratic, linreg, logreg, nonconvex2d/],
    [['--dim', '65'], /--dim must be in \[1, 64\]/],
    [
      ['--csv', csv('ragged.csv', '1,2,3\n4,5,6\n7,8\n')],
      /CSV line 3 has 2 fields, expected 3 \(ragged rows\)/,
    ],
    [['--csv', csv('nan.csv', '1,2,3\n4,x,6\n')], /CSV line 2, column 2: "x" is not a number/],
    [
      ['--csv', csv('small.csv', '1,2\n3,4\n'), '--batch', '3'],
      /--batch 3 is larger than the dataset \(2 examples\)/,
    ],
    [['--csv', join(dir, 'missing.csv')], /cannot read --csv/],
  ])('%j exits 2 with one line', (args, message) => {
    const r = cli(...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^sgd-sde: /);
    expect(lines[0]).toMatch(message);
  });
});

describe('sgd-sde sgd: a small run', () => {
  it('quadratic, with replacement: JSON with mean, covariance, SEs, loss and the exact Lyapunov covariance', () => {
    const r = cli(
      ...['--problem', 'quadratic', '--examples', '64', '--dim', '3', '--lr', '0.2', '--batch', '4'],
      ...['--sampling', 'with', '--steps', '40', '--particles', '4096', '--seed', '2', '--json', '-'],
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.command).toBe('sgd');
    expect(doc.mean).toHaveLength(3);
    expect(doc.covariance).toHaveLength(3);
    expect(doc.exactCovariance).toHaveLength(3);
    for (let a = 0; a < 3; a++) {
      expect(Math.abs(doc.covariance[a][a] - doc.exactCovariance[a][a])).toBeLessThanOrEqual(
        5 * doc.covarianceSE[a][a],
      );
    }
    expect(doc.loss.mean).toBeGreaterThan(0);
    expect(doc.exampleGradientsPerSecond).toBeGreaterThan(0);
  });

  it('CSV with a header, logistic loss, without replacement: prints the table', () => {
    const rows = [
      'x1,x2,y',
      ...Array.from({ length: 40 }, (_, i) => `${(i % 7) - 3},${(i % 5) - 2},${i % 2}`),
    ];
    const r = cli(
      ...['--csv', csv('data.csv', `${rows.join('\n')}\n`), '--header', '--loss', 'logistic', '--lr', '0.1'],
      ...['--batch', '8', '--sampling', 'without', '--steps', '10', '--particles', '256'],
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/user \(logistic loss\), 40 examples, d = 2/);
    expect(r.stdout).toMatch(/example-gradients\/s/);
  });
});
