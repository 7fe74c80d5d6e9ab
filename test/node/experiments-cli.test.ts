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
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPERIMENTS } from '../../src/experiments/registry.js';
import { fmtDetectable, fmtEstimate, fmtNumber, fmtTest, fmtTheory } from '../../src/experiments/report.js';
import type { ExperimentResult } from '../../src/experiments/types.js';
import { closeAll, launchChromium } from './chromium.js';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8', timeout: 1_500_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The summary table's rows, as `formatSummary` prints them: a result's first line starts with its experiment name
 * and seed and carries its theory (`< b` for a one-sided claim), measured [CI], test, N, checks passed and verdict;
 * with `--checks` each sub-claim follows on a line starting with blanks and "· " and carries its theory, measured
 * [CI], test, detectable shift (point checks) and verdict (wrapped claim text continues on lines with no numbers).
 * Checks every number against the JSON's.
 */
function expectTableMatchesJson(stdout: string, results: ExperimentResult[], withChecks: boolean): void {
  const lines = stdout.split('\n');
  // Readable at 120 columns (the adapter's name, on its own line, is whatever the driver says).
  for (const line of lines.filter((l) => !l.startsWith('adapter: ')))
    expect(line.length, line).toBeLessThanOrEqual(120);
  for (const r of results) {
    const at = lines.findIndex((l) => new RegExp(`^${r.experiment} +${r.seed} `).test(l));
    expect(at, `${r.experiment} seed ${r.seed}`).toBeGreaterThanOrEqual(0);
    const head = lines[at]!;
    expect(head).toContain(` ${fmtTheory(r.checks[0]!)} `);
    expect(head).toContain(fmtEstimate(r));
    expect(head).toContain(` ${fmtTest(r.checks[0]!)} `);
    expect(head).toContain(` ${r.n} `);
    const passed = r.checks.filter((c) => c.verdict === 'pass').length;
    expect(head).toMatch(new RegExp(` ${passed}/${r.checks.length} +${r.verdict}$`));
    // The sub-claims, in order, on the lines that start with blanks and "· " before the next result.
    const next = lines.findIndex((l, i) => i > at && /^\S/.test(l));
    const subs = lines.slice(at + 1, next < 0 ? undefined : next).filter((l) => /^\s+· /.test(l));
    expect(subs).toHaveLength(withChecks ? r.checks.length - 1 : 0);
    if (!withChecks) continue;
    r.checks.slice(1).forEach((c, k) => {
      expect(subs[k]).toContain(` ${fmtTheory(c)} `);
      expect(subs[k]).toContain(fmtEstimate(c));
      expect(subs[k]).toContain(` ${fmtTest(c)} `);
      if (c.kind === 'point') expect(subs[k]).toContain(` ${fmtDetectable(c)} `);
      expect(subs[k]).toMatch(new RegExp(` ${c.verdict}$`));
    });
  }
}

const tmp = mkdtempSync(join(tmpdir(), 'sgd-sde-exp-'));
const aFile = join(tmp, 'a-file');
writeFileSync(aFile, '');

// The report test's browser is closed in its own finally; this also covers a run that ends inside it.
afterAll(closeAll);

describe('sgd-sde run / suite: input validation, before any GPU work', () => {
  it.each([
    [['run', 'nope'], /^sgd-sde: unknown experiment "nope" \(experiments: weak-order, /],
    [['run'], /^sgd-sde: missing experiment name/],
    [['run', 'weak-order', '--particles', '0'], /--particles must be in \[1, \d+\], got 0/],
    [['run', 'weak-order', '--particles', '-3'], /--particles must be in \[1, \d+\], got -3/],
    [
      ['run', 'weak-order', '--seed', 'x'],
      /--seed must be an integer in \[0, 2\^64\), decimal or 0x hex, got "x"/,
    ],
    [
      ['run', 'weak-order', '--report', join(aFile, 'sub')],
      /cannot write --report directory ".*a-file\/sub": ENOTDIR/,
    ],
    [
      ['run', 'weak-order', '--json', join(aFile, 'x.json')],
      /cannot write --json file ".*a-file\/x.json": (ENOTDIR|parent is not a directory)/,
    ],
    [['run', 'weak-order', '--bogus'], /Unknown option '--bogus'/],
    [['suite', '--only', 'weak-order,nope'], /unknown experiment "nope"/],
    [['suite', '--report', aFile], /cannot write --report directory/],
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

  it('lists every experiment with its default size', () => {
    const r = cli('list', '--json');
    expect(r.status).toBe(0);
    const list = JSON.parse(r.stdout) as { name: string; defaultParticles: number }[];
    expect(list.map((e) => e.name)).toEqual(EXPERIMENTS.map((e) => e.name));
    for (const e of list) expect(Number.isInteger(e.defaultParticles)).toBe(true);
  });
});

describe('sgd-sde suite --quick', () => {
  const json = join(tmp, 'suite.json');
  const report = join(tmp, 'report');
  let stdout = '';
  let doc: {
    seed: number;
    results: ExperimentResult[];
    familyWiseAlpha: number;
    pointChecks: number;
    alpha: number;
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
    expectTableMatchesJson(stdout, doc.results, false);
  });

  it('writes an HTML report that Chromium opens without console errors, showing every figure', async () => {
    const figures = doc.results.flatMap((r) => r.figures.map((f) => `fig-${r.experiment}-${f.id}`));
    const svgFiles = readdirSync(report).filter((f) => f.endsWith('.svg'));
    expect(svgFiles).toHaveLength(figures.length);
    const browser = await launchChromium();
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

describe('sgd-sde suite --seeds: one row per experiment and seed, the table equal to the JSON', () => {
  it('runs replacement and noise-scale (quick) with seeds 1 and 2: one family of point checks, every row printed', () => {
    const json = join(tmp, 'seeds.json');
    const r = cli(
      'suite',
      '--quick',
      '--only',
      'replacement,noise-scale',
      '--seeds',
      '1,2',
      '--checks',
      '--json',
      json,
    );
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(json, 'utf8')) as {
      seeds: number[];
      results: ExperimentResult[];
      familyWiseAlpha: number;
      pointChecks: number;
      alpha: number;
    };
    expect(doc.seeds).toEqual([1, 2]);
    expect(doc.results.map((x) => [x.experiment, x.seed])).toEqual([
      ['replacement', 1],
      ['replacement', 2],
      ['noise-scale', 1],
      ['noise-scale', 2],
    ]);
    // Different seeds, different particles: the estimates differ.
    expect(doc.results[0]!.estimate).not.toBe(doc.results[1]!.estimate);
    expectTableMatchesJson(r.stdout, doc.results, true);
    // One family over the whole run: every point check of both experiments and both seeds shares 0.005.
    const points = doc.results.flatMap((x) => x.checks.filter((c) => c.kind === 'point'));
    expect(points.length).toBe(doc.pointChecks);
    expect(doc.pointChecks).toBeGreaterThanOrEqual(4);
    expect(doc.familyWiseAlpha).toBe(0.005);
    expect(doc.alpha).toBeCloseTo(0.005 / doc.pointChecks, 15);
    for (const c of points) {
      expect(c.alpha).toBeCloseTo(doc.alpha, 15);
      expect(c.ciLevel).toBeCloseTo(1 - doc.alpha, 15);
      expect(c.detectableAbsolute).toBeGreaterThan(0);
      expect(c.detectable).toBeGreaterThan(0);
      expect(c.verdict).toBe(Math.abs(c.z!) <= normalQuantile(1 - doc.alpha / 2, 0, 1) ? 'pass' : 'fail');
    }
    for (const x of doc.results) {
      expect(x.familyWiseAlpha).toBe(0.005);
      expect(x.pointChecks).toBe(doc.pointChecks);
    }
    // The one-sided headline of replacement reads as its claim.
    const one = doc.results[0]!.checks[0]!;
    expect([one.kind, one.side, one.bound]).toEqual(['one-sided', 'below', 1]);
    expect(r.stdout).toMatch(/^replacement +1 .* < 1 +[\d.]+ \[/m);
    expect(r.stdout).toContain(
      `family-wise level: 0.005 over the ${doc.pointChecks} point checks of this run (α = ${fmtNumber(doc.alpha, 3)} each,`,
    );
    expect(r.stdout).toMatch(/verdict: One-sided \(theory < b or > b\): pass when/);
    expect(r.stdout).toMatch(/^sgd-sde suite --quick: seeds 1, 2, sgd-sde \d+\.\d+\.\d+\nadapter: \S/);
    expect(r.stdout).toMatch(/4 runs: \d pass, \d unresolved, 0 fail; total [\d.]+ s/);
  }, 600_000);

  it.each([
    [['suite', '--seed', '1', '--seeds', '1,2'], /give either --seed or --seeds/],
    [['suite', '--seeds', '1,x'], /--seeds must be/],
    [['suite', '--seeds', '2,2'], /--seeds repeats a seed/],
  ])('%j exits 2 with one line', (args, message) => {
    const r = cli(...args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
