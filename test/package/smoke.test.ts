/**
 * The package as a new user gets it: `npm pack` (prepack builds dist/ and the declarations), the tarball
 * installed into a fresh project with `webgpu`, and in that project a strict NodeNext TypeScript consumer
 * (test/package/consumer) type-checked with no error, run in Node, built by Vite into a page that runs in headless
 * Chromium, both checked against the exact OU law; and the installed `sgd-sde` bin. Run by `npm run smoke`
 * (and .ci/run); it prints the tarball's file count and size, the type error count, and each run's z-scores.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAll, launchChromium } from '../node/chromium.js';

const REPO = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
};

interface PackEntry {
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: { path: string; size: number }[];
}

interface OuCheck {
  backend: string;
  adapter: string;
  particles: number;
  mean: number;
  variance: number;
  exact: { mean: number; variance: number };
  zMean: number;
  zVariance: number;
  ok: boolean;
}

let work = '';
let app = '';
let packed: PackEntry;
let server: PreviewServer | undefined;

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}:\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port')),
      );
    });
  });
}

const report = (r: OuCheck) =>
  `${r.backend} (${r.adapter}), ${r.particles} particles: mean ${r.mean.toFixed(5)} vs ${r.exact.mean.toFixed(5)} ` +
  `(z = ${r.zMean.toFixed(2)}), variance ${r.variance.toFixed(5)} vs ${r.exact.variance.toFixed(5)} ` +
  `(z = ${r.zVariance.toFixed(2)})`;

describe('the packed package in a fresh project', () => {
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'sgd-sde-smoke-'));
    const out = run('npm', ['pack', '--json', '--pack-destination', work], REPO);
    // prepack's own output precedes the JSON array.
    packed = (JSON.parse(out.slice(out.lastIndexOf('\n[') + 1)) as PackEntry[])[0]!;
    app = join(work, 'app');
    cpSync(join(REPO, 'test/package/consumer'), app, { recursive: true });
    run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        join(work, packed.filename),
        `webgpu@${pkg.devDependencies.webgpu}`,
      ],
      app,
    );
  });

  afterAll(async () => {
    await closeAll();
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships the bundles and declarations, not the sources', () => {
    const paths = packed.files.map((f) => f.path);
    console.log(
      `tarball ${packed.filename}: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(1)} KiB packed, ` +
        `${(packed.unpackedSize / 1024).toFixed(1)} KiB unpacked`,
    );
    for (const p of ['package.json', 'dist/index.js', 'dist/node.js', 'dist/cli.js', 'dist/types/index.d.ts'])
      expect(paths).toContain(p);
    expect(paths.filter((p) => p.startsWith('src/') || p.endsWith('.map') || p.startsWith('test/'))).toEqual(
      [],
    );
    const manifest = JSON.parse(readFileSync(join(app, 'node_modules/sgd-sde/package.json'), 'utf8'));
    expect(manifest.types).toMatch(/^\.\/dist\/types\/.*\.d\.ts$/);
  });

  it('type-checks a strict NodeNext consumer with no error', () => {
    const r = spawnSync(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', '.'], {
      cwd: app,
      encoding: 'utf8',
    });
    const errors = (r.stdout.match(/error TS\d+/g) ?? []).length;
    console.log(
      `strict NodeNext consumer (typescript ${pkg.devDependencies.typescript}): type errors: ${errors}`,
    );
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('runs in Node against the exact OU law', () => {
    const out = run(process.execPath, ['out/node-main.js'], app);
    const r = JSON.parse(out.trim().split('\n').pop()!) as OuCheck;
    console.log(`Node: ${report(r)}`);
    expect(r.backend).toMatch(/^node/);
    expect(r.ok).toBe(true);
  });

  it('runs in a Vite page in headless Chromium against the exact OU law', async () => {
    await build({ root: app, configFile: false, logLevel: 'warn', base: './', build: { outDir: 'site' } });
    const assets = join(app, 'site/assets');
    const bundle = readdirSync(assets)
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(assets, f), 'utf8'))
      .join('\n');
    // The browser bundle imports no Node built-in and no Dawn, and Vite stubbed none.
    const nodeImports = bundle.match(
      /(from|import)\s*\(?\s*["'`](node:[\w/]+|webgpu)["'`]|__vite-browser-external/g,
    );
    expect(nodeImports ?? []).toEqual([]);
    server = await preview({
      root: app,
      configFile: false,
      logLevel: 'warn',
      build: { outDir: 'site' },
      preview: { host: '127.0.0.1', port: await freePort(), strictPort: true },
    });
    const browser = await launchChromium();
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.resolvedUrls?.local[0] ?? '');
    await page.waitForFunction(
      () => {
        const w = window as unknown as { smoke?: unknown; smokeError?: string };
        return w.smoke !== undefined || w.smokeError !== undefined;
      },
      undefined,
      { timeout: 120_000 },
    );
    const { smoke, smokeError } = await page.evaluate(() => {
      const w = window as unknown as { smoke?: OuCheck; smokeError?: string };
      return { smoke: w.smoke, smokeError: w.smokeError };
    });
    expect(errors).toEqual([]);
    expect(smokeError).toBeUndefined();
    console.log(`Chromium: ${report(smoke!)}`);
    expect(smoke!.backend).toBe('browser');
    expect(smoke!.ok).toBe(true);
  });

  it('runs the installed bin', () => {
    const out = run('npx', ['--no-install', 'sgd-sde', '--help'], app);
    console.log(`npx sgd-sde --help: ${out.split('\n')[0]}`);
    expect(out).toMatch(/^usage: sgd-sde <command>/);
  });
});
