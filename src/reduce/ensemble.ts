/**
 * Reductions of a chunk of d-dimensional particles (structure-of-arrays layout, stride = chunk capacity) to
 * per-tile partials: shifted first and second product sums, sums of user test functions, min/max, status and
 * first-passage tallies. Partials are float32 sums over fixed tiles of 4096 particles in a fixed order; callers
 * add them exactly (exact-sum.ts), so totals depend on particle ids only.
 */
import { createBuffer, readBuffer } from '../gpu/buffers.js';
import { getComputePipeline } from '../gpu/pipelines.js';

const WG_SIZE = 256;
const ITEMS = 16;
/** Particles per tile of every reduction here. */
export const REDUCE_TILE = WG_SIZE * ITEMS;

/** A chunk as the reductions see it. */
export interface ChunkView {
  dim: number;
  capacity: number;
  count: number;
  state: GPUBuffer;
  status: GPUBuffer;
  passage: GPUBuffer | null;
}

async function runTiles(
  device: GPUDevice,
  pipeline: GPUComputePipeline,
  label: string,
  entries: GPUBindGroupEntry[],
  uniform: ArrayBuffer,
  outputs: { binding: number; size: number; zero?: boolean }[],
  grid: [number, number],
): Promise<ArrayBuffer[]> {
  const params = createBuffer(device, { label: `${label} params`, usage: GPUBufferUsage.UNIFORM, data: new Uint8Array(uniform) });
  const outs = outputs.map((o) =>
    createBuffer(device, {
      label: `${label} output ${o.binding}`,
      size: o.size,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
    }),
  );
  try {
    const bind = device.createBindGroup({
      label: `${label} bind group`,
      layout: pipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: params } },
        ...entries,
        ...outs.map((b, i) => ({ binding: outputs[i]!.binding, resource: { buffer: b } })),
      ],
    });
    const enc = device.createCommandEncoder({ label });
    const pass = enc.beginComputePass({ label: `${label} pass` });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bind);
    pass.dispatchWorkgroups(grid[0], grid[1]);
    pass.end();
    device.queue.submit([enc.finish()]);
    return await Promise.all(outs.map((b) => readBuffer(device, b)));
  } finally {
    params.destroy();
    for (const b of outs) b.destroy();
  }
}

function tilesOf(chunk: ChunkView): number {
  return Math.max(1, Math.ceil(chunk.count / REDUCE_TILE));
}

function checkTiles(device: GPUDevice, tiles: number, jobs: number): void {
  const max = device.limits.maxComputeWorkgroupsPerDimension;
  if (tiles > max || jobs > max) throw new RangeError(`reduction grid ${tiles} × ${jobs} exceeds ${max} workgroups per dimension`);
}

/**
 * Shifted product sums of a chunk: for job j < d, (Σ d_j, Σ d_j²); for job d + p, the p-th pair a ≤ b in row order,
 * (Σ d_a d_b, Σ (d_a d_b)²), with d_c = x_c − shift_c over finite particles. Returns [job][tile] pairs as one array
 * indexed 2 (job · tiles + tile) + {0, 1}.
 */
export async function chunkProductSums(device: GPUDevice, chunk: ChunkView, shift: Float32Array, config: string): Promise<{ tiles: number; jobs: number; sums: Float32Array }> {
  const d = chunk.dim;
  const jobs = d + (d * (d + 1)) / 2;
  const tiles = tilesOf(chunk);
  checkTiles(device, tiles, jobs);
  const pipeline = await getComputePipeline(device, {
    file: 'reduce/ensemble_moments.wgsl',
    constants: { WG_SIZE, ITEMS },
    extra: { 'engine/config.wgsl': config },
    label: `ensemble moments (d=${d})`,
  });
  const shiftBuf = createBuffer(device, { label: 'moment shifts', usage: GPUBufferUsage.STORAGE, data: shift });
  try {
    const [out] = await runTiles(
      device,
      pipeline,
      'ensemble moments',
      [
        { binding: 1, resource: { buffer: chunk.state } },
        { binding: 2, resource: { buffer: chunk.status } },
        { binding: 3, resource: { buffer: shiftBuf } },
      ],
      Uint32Array.from([chunk.count, chunk.capacity, tiles, 0]).buffer,
      [{ binding: 4, size: jobs * tiles * 8 }],
      [tiles, jobs],
    );
    return { tiles, jobs, sums: new Float32Array(out!) };
  } finally {
    shiftBuf.destroy();
  }
}

/** Sums (Σ (g_k − s_k), Σ (g_k − s_k)²) of the spec's test functions per tile, indexed 2 (k · tiles + tile). */
export async function chunkObservableSums(
  device: GPUDevice,
  chunk: ChunkView,
  shift: Float32Array,
  t: number,
  kernel: { extra: Record<string, string>; defines: Record<string, boolean>; params: GPUBuffer },
): Promise<{ tiles: number; sums: Float32Array }> {
  const jobs = shift.length;
  const tiles = tilesOf(chunk);
  checkTiles(device, tiles, jobs);
  const pipeline = await getComputePipeline(device, {
    file: 'reduce/ensemble_observables.wgsl',
    constants: { WG_SIZE, ITEMS },
    extra: kernel.extra,
    defines: kernel.defines,
    label: 'ensemble observables',
  });
  const shiftBuf = createBuffer(device, { label: 'observable shifts', usage: GPUBufferUsage.STORAGE, data: shift });
  const u = new ArrayBuffer(16);
  new Uint32Array(u).set([chunk.count, chunk.capacity, tiles]);
  new Float32Array(u)[3] = t;
  try {
    const [out] = await runTiles(
      device,
      pipeline,
      'ensemble observables',
      [
        { binding: 1, resource: { buffer: chunk.state } },
        { binding: 2, resource: { buffer: chunk.status } },
        { binding: 3, resource: { buffer: kernel.params } },
        { binding: 4, resource: { buffer: shiftBuf } },
      ],
      u,
      [{ binding: 5, size: jobs * tiles * 8 }],
      [tiles, jobs],
    );
    return { tiles, sums: new Float32Array(out!) };
  } finally {
    shiftBuf.destroy();
  }
}

/** Minimum and maximum of each component over the chunk's finite particles ([+3.4e38, −3.4e38] when none). */
export async function chunkMinMax(device: GPUDevice, chunk: ChunkView, config: string): Promise<[number, number][]> {
  const tiles = tilesOf(chunk);
  checkTiles(device, tiles, chunk.dim);
  const pipeline = await getComputePipeline(device, {
    file: 'reduce/ensemble_minmax.wgsl',
    constants: { WG_SIZE, ITEMS },
    extra: { 'engine/config.wgsl': config },
    label: `ensemble min/max (d=${chunk.dim})`,
  });
  const [out] = await runTiles(
    device,
    pipeline,
    'ensemble min/max',
    [
      { binding: 1, resource: { buffer: chunk.state } },
      { binding: 2, resource: { buffer: chunk.status } },
    ],
    Uint32Array.from([chunk.count, chunk.capacity, tiles, 0]).buffer,
    [{ binding: 3, size: chunk.dim * tiles * 8 }],
    [tiles, chunk.dim],
  );
  const r = new Float32Array(out!);
  return Array.from({ length: chunk.dim }, (_, c) => {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let t = 0; t < tiles; t++) {
      lo = Math.min(lo, r[2 * (c * tiles + t)]!);
      hi = Math.max(hi, r[2 * (c * tiles + t) + 1]!);
    }
    return [lo, hi];
  });
}

/** Per-tile status and first-passage tallies (8 words per tile, see ensemble_status.wgsl) and exit-step bins. */
export async function chunkStatus(
  device: GPUDevice,
  chunk: ChunkView,
  passage: { bins: number; binWidth: number } | null,
): Promise<{ tiles: number; tally: Uint32Array; passageHist: Uint32Array | null }> {
  const tiles = tilesOf(chunk);
  checkTiles(device, tiles, 1);
  const pipeline = await getComputePipeline(device, {
    file: 'reduce/ensemble_status.wgsl',
    constants: { WG_SIZE, ITEMS, PASSAGE_BINS: passage?.bins ?? 1 },
    defines: { FIRST_PASSAGE: passage !== null && chunk.passage !== null },
    label: 'ensemble status',
  });
  const entries: GPUBindGroupEntry[] = [{ binding: 2, resource: { buffer: chunk.status } }];
  const outputs = [{ binding: 3, size: tiles * 32 }];
  if (passage && chunk.passage) {
    entries.push({ binding: 4, resource: { buffer: chunk.passage } });
    outputs.push({ binding: 5, size: passage.bins * 4 });
  }
  const out = await runTiles(
    device,
    pipeline,
    'ensemble status',
    entries,
    Uint32Array.from([chunk.count, passage?.binWidth ?? 1, 0, 0]).buffer,
    outputs,
    [tiles, 1],
  );
  return { tiles, tally: new Uint32Array(out[0]!), passageHist: out[1] ? new Uint32Array(out[1]) : null };
}
