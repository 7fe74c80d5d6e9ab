/**
 * The measurement tables embedded in the docs are renderings of the data in docs/results/: `node
 * scripts/render-results.mjs --check` exits 0 only when every table between `<!-- results:SPEC -->` and
 * `<!-- /results -->` equals what the script renders from its JSON. A doc page that names a results file names one
 * that exists.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const script = join('scripts', 'render-results.mjs');

describe('docs/results: tables and their data', () => {
  it('every embedded table matches its rendering', () => {
    const r = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('renders one table on request, and names what a file lacks', () => {
    const ok = spawnSync(process.execPath, [script, 'bench-cpu.json#rows=^fused'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout.split('\n')[0]).toBe('| benchmark | value | unit | peer | peer value | ratio |');
    expect(ok.stdout).toMatch(/^\| fused EM 1-D OU, philox \| 0\.0532 \| G particle-steps\/s \| C \|/m);
    const bad = spawnSync(process.execPath, [script, 'suite-swiftshader.json#nope'], { encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/has no table "nope"/);
  });

  it('every docs/results/ path the docs and README name exists', () => {
    const pages = [
      'README.md',
      ...readdirSync('docs')
        .filter((f) => f.endsWith('.md'))
        .map((f) => join('docs', f)),
    ];
    for (const page of pages) {
      for (const [, path] of readFileSync(page, 'utf8').matchAll(/(docs\/results\/[\w.-]+)/g)) {
        expect(existsSync(path!), `${page} names ${path}`).toBe(true);
      }
      for (const [, spec] of readFileSync(page, 'utf8').matchAll(/<!-- results:([^# ]+)/g)) {
        expect(existsSync(join('docs', 'results', spec!)), `${page} embeds ${spec}`).toBe(true);
      }
    }
  });
});
