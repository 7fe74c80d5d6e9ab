/**
 * `npm run bench [-- --json FILE] [--quick] [--only NAME] [--levers] [--scaling]`: runs every benchmark module `bench/*.ts` that exports
 * `bench` (a {@link BenchModule}), each row beside its peer measured in the same run, and prints the table.
 * Modules are found by file name (`import.meta.glob`), so a new `bench/*.ts` joins the table without editing this file.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { levers, reductionLevers, scaling } from './levers.js';
import type { BenchModule, BenchRow } from './row.js';
import { benchGpu, nativePeers, releaseBench } from './shared.js';

const modules = import.meta.glob(['./*.ts', '!./main.ts', '!./vite.config.ts'], { eager: true }) as Record<
  string,
  { bench?: BenchModule }
>;

const fmt = (v: number | undefined, digits = 3) =>
  v === undefined ? '—' : Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(digits);

/** Fixed-width text table. */
export function formatTable(rows: BenchRow[]): string {
  const head = ['benchmark', 'value', 'unit', 'peer value', 'ratio', 'note'];
  const body = rows.map((r) => [
    r.name,
    fmt(r.value),
    r.unit,
    fmt(r.peerValue),
    fmt(r.ratio, 2),
    r.note ?? '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 5 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: 'string' },
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      levers: { type: 'boolean', default: false },
      scaling: { type: 'boolean', default: false },
    },
  });
  const quick = values.quick === true;
  const started = new Date();
  const load0 = loadavg();
  const { ctx } = await benchGpu();
  const peers = nativePeers();
  console.log(`sgd-sde bench${quick ? ' (quick)' : ''}, ${started.toISOString()}`);
  console.log(
    `device  ${ctx.adapterName} [${ctx.backend}], features: ${[...ctx.features].sort().join(', ')}`,
  );
  console.log(`peer    ${peers.available ? peers.name : peers.reason}`);
  console.log(`load    ${load0.map((l) => l.toFixed(2)).join(' ')} (1/5/15-min load average at start)`);
  if (values.levers || values.scaling) {
    const got = [
      ...(values.levers && values.only !== 'reduce' ? await levers(quick) : []),
      ...(values.levers && values.only !== 'ou' ? await reductionLevers(quick) : []),
      ...(values.scaling ? await scaling(quick) : []),
    ];
    console.log('');
    console.log(formatTable(got));
    console.log(
      `load    ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} at end`,
    );
    if (values.json)
      writeFileSync(values.json, `${JSON.stringify({ started, load0, rows: got }, null, 2)}\n`);
    await releaseBench();
    return;
  }
  const rows: BenchRow[] = [];
  const names = Object.keys(modules).sort();
  for (const file of names) {
    const mod = modules[file]!;
    if (typeof mod.bench !== 'function') continue;
    if (values.only && !file.includes(values.only)) continue;
    const t0 = performance.now();
    try {
      const got = await mod.bench({ quick });
      rows.push(...got);
      for (const r of got) console.error(`  ${r.name}: ${fmt(r.value)} ${r.unit}, ratio ${fmt(r.ratio, 2)}`);
    } catch (e) {
      console.error(`${file} failed: ${(e as Error).stack ?? e}`);
      process.exitCode = 1;
    }
    console.error(`${file}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const load1 = loadavg();
  console.log('');
  console.log(formatTable(rows));
  console.log('');
  console.log(
    `load    ${load1.map((l) => l.toFixed(2)).join(' ')} at end; ratio = value / peer value, same run`,
  );
  const extra = await pythonPeers(quick);
  const versus = extra.length ? gpuPeerRatios(rows, extra) : [];
  if (extra.length) {
    console.log('');
    console.log(formatTable(extra));
    console.log('');
    console.log('WebGPU rows against the CUDA / PyTorch peers on the same GPU, same run:');
    console.log(formatTable(versus));
  }
  if (values.json) {
    const doc = {
      started: started.toISOString(),
      adapter: ctx.adapterName,
      backend: ctx.backend,
      peer: peers.name,
      load: { start: load0, end: load1 },
      quick,
      rows: [...rows, ...extra, ...versus],
    };
    writeFileSync(values.json, `${JSON.stringify(doc, null, 2)}\n`);
  }
  await releaseBench();
}

/** Which WebGPU row is compared with which GPU peer row (regular expressions on names), and the target ratio. */
const GPU_PAIRS: { ours: RegExp; peer: RegExp; target?: string }[] = [
  { ours: /^fused EM 1-D OU, philox/, peer: /CuPy.*precise/, target: '>= 2.0' },
  { ours: /^fused EM 1-D OU, threefry/, peer: /CuPy.*precise/, target: '>= 2.0' },
  { ours: /^fused EM 1-D OU, philox/, peer: /CuPy.*fast-math/ },
  { ours: /^fused EM 1-D OU, threefry/, peer: /CuPy.*fast-math/ },
  { ours: /^fused EM 1-D OU, threefry/, peer: /^PyTorch eager/ },
  { ours: /^fused EM 1-D OU, threefry/, peer: /^PyTorch vectorised/ },
  { ours: /^SGD particles, linear/, peer: /^PyTorch batched SGD/, target: '>= 10' },
  { ours: /^histogram 1-D.*kernel only/, peer: /^torch\.histc/ },
];

/**
 * Ratios of WebGPU rows to the GPU peers (`bench/peers/torch_cupy.py`), and of the kernel-only 1-D histogram to the
 * copy bandwidth counted as bytes read plus written (the target "≥ 50% of the copy bandwidth").
 */
export function gpuPeerRatios(rows: BenchRow[], peers: BenchRow[]): BenchRow[] {
  const out: BenchRow[] = [];
  for (const pair of GPU_PAIRS) {
    const ours = rows.find((r) => pair.ours.test(r.name));
    const peer = peers.find((r) => pair.peer.test(r.name) && Number.isFinite(r.value));
    if (!ours || !peer) continue;
    out.push({
      name: ours.name,
      unit: ours.unit,
      value: ours.value,
      peer: peer.name,
      peerValue: peer.value,
      ratio: ours.value / peer.value,
      note: `vs ${peer.name}${pair.target ? `; target ratio ${pair.target}` : ''}`,
    });
  }
  const hist = rows.find((r) => /^histogram 1-D.*kernel only/.test(r.name));
  const copy = rows.find((r) => r.name === 'buffer copy');
  if (hist && copy) {
    out.push({
      name: hist.name,
      unit: 'GB/s',
      value: hist.value,
      peer: 'buffer copy, bytes read + written',
      peerValue: 2 * copy.value,
      ratio: hist.value / (2 * copy.value),
      note: 'vs copy bandwidth (read + write); target ratio >= 0.5',
    });
  }
  return out;
}

/**
 * PyTorch (eager, vectorised) and CuPy RawKernel peers (`bench/peers/torch_cupy.py`), run only where
 * `nvidia-smi` works and python3 can import torch or cupy. Their rows stand beside, not inside, the main table:
 * they run on the NVIDIA GPU, not the WebGPU adapter timed above.
 */
async function pythonPeers(quick: boolean): Promise<BenchRow[]> {
  try {
    execFileSync('nvidia-smi', ['-L'], { stdio: 'ignore' });
  } catch {
    console.log('peers   no nvidia-smi: PyTorch / CuPy peers skipped');
    return [];
  }
  try {
    const out = execFileSync('python3', ['bench/peers/torch_cupy.py', ...(quick ? ['--quick'] : [])], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 120_000,
    });
    return JSON.parse(out) as BenchRow[];
  } catch (e) {
    console.log(`peers   PyTorch / CuPy peers failed: ${(e as Error).message.split('\n')[0]}`);
    return [];
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
