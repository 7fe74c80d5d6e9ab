/**
 * `sgd-sde list | run | suite` as users run them (the built dist/cli.js): bad options exit 2 with one line before
 * any GPU work; a quick suite run passes every available experiment, its table equals its JSON, and its HTML
 * report opens in Chromium without console errors and shows every figure.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright';
import { beforeAll, describe, expect, it } from 'vitest';
import { fmtEstimate, fmtNumber } from '../../src/experiments/report.js';
import type { ExperimentResult } from '../../src/experiments/types.js';
import { chromiumArgs } from '../../vite.config.js';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8', timeout: 1_500_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'sgd-sde-exp-'));
const aFile = join(tmp, 'a-file');
writeFileSync(aFile, '');

describe('sgd-sde run / suite: input validation, before any GPU work', () => {
  it.each([
    [['run', 'nope'], /^sgd-sde: unknown experiment "nope" \(experiments: weak-order, /],
    [['run'], /^sgd-sde: missing experiment name/],
    [['run', 'weak-order', '--particles', '0'], /--particles must be in \[1, \d+\], got 0/],
    [['run', 'weak-order', '--particles', '-3'], /--particles must be in \[1, \d+\], got -3/],
    [['run', 'weak-order', '--seed', 'x'], /--seed must be a number/],
    [
      ['run', 'weak-order', '--report', join(aFile, 'sub')],
      /cannot write report directory ".*a-file\/sub": ENOTDIR/,
    ],
    [
      ['run', 'weak-order', '--json', join(aFile, 'x.json')],
      /cannot write JSON file ".*a-file\/x.json": (ENOTDIR|parent is not a directory)/,
    ],
    [['run', 'weak-order', '--bogus'], /Unknown option '--bogus'/],
    [['suite', '--only', 'weak-order,nope'], /unknown experiment "nope"/],
    [['suite', '--report', aFile], /cannot write report directory/],
  ])('%j exits 2 with one line', (args, message) => {
    const r = cli(...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^sgd-sde: /);
    expect(lines[0]).toMatch(message);
    // No GPU work: the parsers (parseRunArgs, parseSuiteArgs) throw before createGpuContext is called.
    expect(r.stderr).not.toMatch(/swiftshader|adapter/i);
  });

  it('lists every experiment and says what an unavailable one needs', () => {
    const r = cli('list', '--json');
    expect(r.status).toBe(0);
    const list = JSON.parse(r.stdout) as { name: string; available: boolean; needs?: string }[];
    expect(list.map((e) => e.name)).toContain('weak-order');
    for (const e of list) if (!e.available) expect(e.needs).toMatch(/^needs /);
  });
});

describe('sgd-sde suite --quick', () => {
  const json = join(tmp, 'suite.json');
  const report = join(tmp, 'report');
  let stdout = '';
  let doc: {
    seed: number;
    results: ExperimentResult[];
    unavailable: { experiment: string; needs: string }[];
  };
  beforeAll(() => {
    const r = cli('suite', '--quick', '--seed', '3', '--json', json, '--report', report);
    stdout = r.stdout;
    expect(r.status, r.stderr).toBe(0);
    doc = JSON.parse(readFileSync(json, 'utf8'));
  }, 1_500_000);

  it('no available experiment contradicts its theory, and each result carries theory, estimate, SE/CI, N, seed, adapter, seconds', () => {
    expect(doc.results.length).toBeGreaterThan(0);
    for (const r of doc.results) {
      // At the quick sizes a claim may be unresolved (its CI wider than the tolerance); it must then say how many
      // particles would resolve it. A 'fail' means the measurement contradicts the theory.
      expect(['pass', 'unresolved'], `${r.experiment}: ${r.verdictReason}`).toContain(r.verdict);
      if (r.verdict === 'unresolved') expect(r.verdictReason, r.experiment).toMatch(/particles/);
      for (const k of ['theory', 'estimate', 'n', 'seed', 'seconds'] as const)
        expect(typeof r[k], k).toBe('number');
      expect(r.se === null || typeof r.se === 'number').toBe(true);
      expect(r.ci[0]).toBeLessThanOrEqual(r.estimate);
      expect(r.ci[1]).toBeGreaterThanOrEqual(r.estimate);
      expect(r.seed).toBe(3);
      expect(r.adapter).toMatch(/\S/);
      expect(r.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(r.seconds).toBeGreaterThan(0);
    }
  });

  it('prints one table whose numbers are the JSON numbers', () => {
    for (const r of doc.results) {
      const line = stdout.split('\n').find((l) => l.startsWith(`${r.experiment} `));
      expect(line, r.experiment).toBeDefined();
      expect(line).toContain(fmtNumber(r.theory));
      expect(line).toContain(fmtEstimate(r));
      expect(line).toContain(String(r.n));
      expect(line).toMatch(new RegExp(`${r.verdict}$`));
    }
    for (const u of doc.unavailable) expect(stdout).toContain(`not available: ${u.needs}`);
  });

  it('writes an HTML report that Chromium opens without console errors, showing every figure', async () => {
    const figures = doc.results.flatMap((r) => r.figures.map((f) => `fig-${r.experiment}-${f.id}`));
    const svgFiles = readdirSync(report).filter((f) => f.endsWith('.svg'));
    expect(svgFiles).toHaveLength(figures.length);
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumArgs,
    });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('requestfailed', (q) => problems.push(`requestfailed: ${q.url()}`));
      await page.goto(pathToFileURL(join(report, 'index.html')).href);
      for (const id of figures) {
        const svg = page.locator(`#${id} svg`);
        await expect(svg.count()).resolves.toBe(1);
        const box = await svg.boundingBox();
        expect(box!.width).toBeGreaterThan(100);
        expect(box!.height).toBeGreaterThan(100);
        expect(await svg.isVisible()).toBe(true);
        // Every series is drawn (a path with data or points).
        expect(await page.locator(`#${id} .series`).count()).toBeGreaterThan(0);
      }
      // Each standalone .svg file parses as SVG in the browser too.
      for (const f of svgFiles) {
        await page.goto(pathToFileURL(join(report, f)).href);
        expect(await page.locator('svg').count()).toBe(1);
      }
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
