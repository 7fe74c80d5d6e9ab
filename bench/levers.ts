/**
 * `npm run bench -- --levers`: A/B comparisons of performance levers on the fused 1-D OU kernel, each variant
 * run in turn in every round (so that machine load hits them alike), reported as the median over rounds of the
 * time ratio to the first variant. Also the cost growth with N and with d.
 */
import { createBuffer, seedWords, workgroupGrid } from '../src/gpu/buffers.js';
import type { GpuContext } from '../src/gpu/device.js';
import { getComputePipeline } from '../src/gpu/pipelines.js';
import { shaderSources } from '../src/gpu/shader-source.js';
import { createOu1dEnsemble } from '../src/ou/ou1d.js';
import { makeOu8d } from './ou8d.js';
import type { BenchRow } from './row.js';
import { benchGpu, benchSizes, nativePeers } from './shared.js';
import { median, warmUp } from './timing.js';

/** The OU kernel (`ou/ou1d_em.wgsl`) driven directly, with optional replacement sources (`extra`). */
export async function makeOuKernel(
  ctx: GpuContext,
  o: {
    particles: number;
    generator: 'philox' | 'threefry';
    workgroupSize: number;
    extra?: Record<string, string>;
  },
) {
  const { device } = ctx;
  const pipeline = await getComputePipeline(device, {
    file: 'ou/ou1d_em.wgsl',
    constants: { WG_SIZE: o.workgroupSize },
    defines: { THREEFRY: o.generator === 'threefry' },
    ...(o.extra ? { extra: o.extra } : {}),
    label: `ou1d lever ${o.generator}`,
  });
  const state = createBuffer(device, {
    label: 'lever state',
    size: o.particles * 4,
    usage: GPUBufferUsage.STORAGE,
  });
  const slots = 64;
  const paramBuf = createBuffer(device, {
    label: 'lever params',
    size: 256 * slots,
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  });
  const binds = Array.from({ length: slots }, (_, s) =>
    device.createBindGroup({
      label: `lever bind group ${s}`,
      layout: pipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: paramBuf, offset: 256 * s, size: 48 } },
        { binding: 1, resource: { buffer: state } },
      ],
    }),
  );
  const grid = workgroupGrid(o.particles, o.workgroupSize, device.limits.maxComputeWorkgroupsPerDimension);
  const [lo, hi] = seedWords(1234567);
  const params = new ArrayBuffer(256 * slots);
  return {
    /** `steps` steps in dispatches of `perDispatch`; `batched`: all in one pass of one command buffer. */
    run(steps: number, perDispatch: number, batched: boolean) {
      const chunks = Math.ceil(steps / perDispatch);
      if (batched && chunks > slots) throw new RangeError(`at most ${slots} dispatches per batch`);
      const write = (slot: number, k: number) => {
        new Float32Array(params, 256 * slot, 3).set([1, 1, 0.01]);
        new Uint32Array(params, 256 * slot + 12, 6).set([
          o.particles,
          0,
          k,
          Math.min(perDispatch, steps - k),
          lo,
          hi,
        ]);
      };
      if (batched) {
        for (let c = 0; c < chunks; c++) write(c, c * perDispatch);
        device.queue.writeBuffer(paramBuf, 0, params, 0, 256 * chunks);
        const enc = device.createCommandEncoder({ label: 'lever batched' });
        const pass = enc.beginComputePass({ label: 'lever batched pass' });
        pass.setPipeline(pipeline);
        for (let c = 0; c < chunks; c++) {
          pass.setBindGroup(0, binds[c]!);
          pass.dispatchWorkgroups(...grid);
        }
        pass.end();
        device.queue.submit([enc.finish()]);
        return;
      }
      for (let c = 0; c < chunks; c++) {
        write(0, c * perDispatch);
        device.queue.writeBuffer(paramBuf, 0, params, 0, 48);
        const enc = device.createCommandEncoder({ label: 'lever step' });
        const pass = enc.beginComputePass({ label: 'lever step pass' });
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, binds[0]!);
        pass.dispatchWorkgroups(...grid);
        pass.end();
        device.queue.submit([enc.finish()]);
      }
    },
    destroy() {
      state.destroy();
      paramBuf.destroy();
    },
  };
}

/**
 * Runs each variant once per round (after one warm-up each); returns per variant the median elapsed and CPU
 * seconds and the median over rounds of its speed relative to variant 0, by elapsed and by CPU time.
 */
async function compare(
  variants: { name: string; once: () => Promise<number> }[],
  rounds: number,
): Promise<{ name: string; seconds: number; ratio: number; cpuRatio: number }[]> {
  const { timer } = await benchGpu();
  for (const v of variants) await v.once();
  // Keep a real GPU's clocks up before the first timed round.
  await warmUp(variants[0]!.once, 0.3);
  const times = variants.map(() => [] as number[]);
  const cpu = variants.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < variants.length; i++) {
      times[i]!.push(await variants[i]!.once());
      cpu[i]!.push(timer.lastCpuSeconds);
    }
  }
  return variants.map((v, i) => ({
    name: v.name,
    seconds: median(times[i]!),
    ratio: median(times[i]!.map((t, r) => times[0]![r]! / t)),
    cpuRatio: median(cpu[i]!.map((t, r) => cpu[0]![r]! / t)),
  }));
}

/** The lever table: rows of G particle-steps/s with `ratio` = speed relative to the first variant of a group. */
export async function levers(quick: boolean): Promise<BenchRow[]> {
  const { ctx, timer } = await benchGpu();
  const rounds = quick ? 3 : 5;
  const rows: BenchRow[] = [];
  const push = (
    group: string,
    work: number,
    res: { name: string; seconds: number; ratio: number; cpuRatio: number }[],
  ) => {
    for (const r of res) {
      rows.push({
        name: `${group}: ${r.name}`,
        unit: 'G particle-steps/s',
        value: work / r.seconds / 1e9,
        ratio: r.ratio,
        note: `speed vs first variant (median of ${rounds} paired rounds); by CPU time ${r.cpuRatio.toPrecision(2)}; ${timer.method}`,
      });
    }
  };
  const { big } = benchSizes(ctx, quick);
  const n = big ? 2 ** 24 : 2 ** 17;
  const steps = big ? 256 : 64;

  // Generator and how Threefry is written.
  const kernels = {
    philox: await makeOuKernel(ctx, { particles: n, generator: 'philox', workgroupSize: 64 }),
    threefry: await makeOuKernel(ctx, { particles: n, generator: 'threefry', workgroupSize: 64 }),
    threefryVec2: await makeOuKernel(ctx, {
      particles: n,
      generator: 'threefry',
      workgroupSize: 64,
      extra: { 'rng/threefry_rounds.wgsl': shaderSources['bench/threefry_vec2.wgsl']! },
    }),
    philoxUnrolled: await makeOuKernel(ctx, {
      particles: n,
      generator: 'philox',
      workgroupSize: 64,
      extra: { 'rng/philox.wgsl': shaderSources['bench/philox_unrolled.wgsl']! },
    }),
    threefryLoop: await makeOuKernel(ctx, {
      particles: n,
      generator: 'threefry',
      workgroupSize: 64,
      extra: { 'rng/threefry.wgsl': shaderSources['bench/threefry_loop.wgsl']! },
    }),
    philoxMulhilo: await makeOuKernel(ctx, {
      particles: n,
      generator: 'philox',
      workgroupSize: 64,
      extra: { 'rng/philox.wgsl': shaderSources['bench/philox_mulhilo.wgsl']! },
    }),
    fakeGenerator: await makeOuKernel(ctx, {
      particles: n,
      generator: 'philox',
      workgroupSize: 64,
      extra: { 'rng/philox.wgsl': shaderSources['bench/cost_fake_generator.wgsl']! },
    }),
    fakeNormal: await makeOuKernel(ctx, {
      particles: n,
      generator: 'philox',
      workgroupSize: 64,
      extra: { 'rng/normal.wgsl': shaderSources['bench/cost_fake_normal.wgsl']! },
    }),
  };
  push(
    'generator',
    n * steps,
    await compare(
      [
        {
          name: 'Philox4x32-10 (emulated mul-hi)',
          once: () => timer.time(() => kernels.philox.run(steps, steps, true)),
        },
        {
          name: 'Philox4x32-10, rounds unrolled',
          once: () => timer.time(() => kernels.philoxUnrolled.run(steps, steps, true)),
        },
        {
          name: 'Philox4x32-10, low word from the partial products',
          once: () => timer.time(() => kernels.philoxMulhilo.run(steps, steps, true)),
        },
        {
          name: 'Threefry-4x32-20, scalar rounds',
          once: () => timer.time(() => kernels.threefry.run(steps, steps, true)),
        },
        {
          name: 'Threefry-4x32-20, loop of 8-round bodies',
          once: () => timer.time(() => kernels.threefryLoop.run(steps, steps, true)),
        },
        {
          name: 'Threefry-4x32-20, vec2 rounds',
          once: () => timer.time(() => kernels.threefryVec2.run(steps, steps, true)),
        },
        {
          name: 'diagnostic: Philox replaced by a 1-multiply hash',
          once: () => timer.time(() => kernels.fakeGenerator.run(steps, steps, true)),
        },
        {
          name: 'diagnostic: Box–Muller replaced by uniforms',
          once: () => timer.time(() => kernels.fakeNormal.run(steps, steps, true)),
        },
      ],
      rounds,
    ),
  );
  for (const k of Object.values(kernels)) k.destroy();

  // Workgroup size.
  const wgs = [16, 32, 64, 128, 256];
  const byWg = await Promise.all(
    wgs.map((w) => makeOuKernel(ctx, { particles: n, generator: 'philox', workgroupSize: w })),
  );
  push(
    'workgroup size',
    n * steps,
    await compare(
      byWg.map((k, i) => ({ name: `${wgs[i]}`, once: () => timer.time(() => k.run(steps, steps, true)) })),
      rounds,
    ),
  );
  for (const k of byWg) k.destroy();

  // Steps per dispatch and batching, at a small N where dispatch overhead shows.
  const small = big ? 2 ** 18 : 2 ** 12;
  const sk = await makeOuKernel(ctx, { particles: small, generator: 'philox', workgroupSize: 64 });
  const sSteps = 64;
  push(
    `steps per dispatch (N = ${small}, ${sSteps} steps)`,
    small * sSteps,
    await compare(
      [
        { name: '64 (one dispatch)', once: () => timer.time(() => sk.run(sSteps, 64, true)) },
        { name: '16, one submit each', once: () => timer.time(() => sk.run(sSteps, 16, false)) },
        { name: '16, batched in one pass', once: () => timer.time(() => sk.run(sSteps, 16, true)) },
        { name: '1, one submit each', once: () => timer.time(() => sk.run(sSteps, 1, false)) },
        { name: '1, batched in one pass', once: () => timer.time(() => sk.run(sSteps, 1, true)) },
      ],
      rounds,
    ),
  );
  sk.destroy();
  return rows;
}

/** One reduction kernel over `n` float32 values with the standard bindings (params, data, out[, counts]). */
async function makeReductionKernel(
  ctx: GpuContext,
  data: GPUBuffer,
  n: number,
  o: {
    file: string;
    constants: Record<string, number>;
    perInvocation: number;
    wg: number;
    histogram: boolean;
    /** The library's histogram.wgsl: its defines and its 48-byte HistParams (count, stride, components, axes). */
    library?: boolean;
  },
) {
  const { device } = ctx;
  const pipeline = await getComputePipeline(device, {
    file: o.file,
    constants: o.constants,
    ...(o.library ? { defines: { MASKED: false, TWO_D: false, FLAT: false } } : {}),
    label: `lever ${o.file}`,
  });
  const params = new ArrayBuffer(o.library ? 48 : 16);
  if (o.library) {
    new Uint32Array(params, 0, 4).set([n, n, 0, 0]);
    new Float32Array(params, 16, 3).set([-4, 100 / 8, 4]);
    new Uint32Array(params, 28, 1)[0] = 1;
  } else {
    new Uint32Array(params, 0, 1)[0] = n;
    new Float32Array(params, 4, 3).set(o.histogram ? [-4, 100 / 8, 4] : [0, 0, 0]);
  }
  const invocations = Math.ceil(n / o.perInvocation);
  const buffers = [
    createBuffer(device, {
      label: 'lever reduce params',
      usage: GPUBufferUsage.UNIFORM,
      data: new Uint8Array(params),
    }),
    data,
    createBuffer(device, {
      label: 'lever reduce out',
      size: o.histogram ? 103 * 4 : invocations * 16,
      usage: GPUBufferUsage.STORAGE,
    }),
    ...(o.histogram
      ? []
      : [
          createBuffer(device, {
            label: 'lever reduce counts',
            size: invocations * 8,
            usage: GPUBufferUsage.STORAGE,
          }),
        ]),
  ];
  const bind = device.createBindGroup({
    label: 'lever reduce bind group',
    layout: pipeline.getBindGroupLayout(0),
    entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const grid = workgroupGrid(invocations, o.wg, device.limits.maxComputeWorkgroupsPerDimension);
  return {
    run() {
      const enc = device.createCommandEncoder({ label: 'lever reduce' });
      const pass = enc.beginComputePass({ label: 'lever reduce pass' });
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bind);
      pass.dispatchWorkgroups(...grid);
      pass.end();
      device.queue.submit([enc.finish()]);
    },
    destroy() {
      for (const b of buffers) if (b !== data) b.destroy();
    },
  };
}

/** Reduction levers: workgroup tree vs subgroupAdd vs no shared memory; workgroup vs global histogram atomics. */
export async function reductionLevers(quick: boolean): Promise<BenchRow[]> {
  const { ctx, timer } = await benchGpu();
  const n = benchSizes(ctx, quick).big ? 2 ** 26 : 2 ** 18;
  const data = createBuffer(ctx.device, {
    label: 'lever reduce data',
    size: n * 4,
    usage: GPUBufferUsage.STORAGE,
  });
  const rows: BenchRow[] = [];
  const rounds = quick ? 3 : 5;
  const group = async (
    name: string,
    specs: { name: string; spec: Parameters<typeof makeReductionKernel>[3] }[],
  ) => {
    const ks: Awaited<ReturnType<typeof makeReductionKernel>>[] = [];
    for (const s of specs) ks.push(await makeReductionKernel(ctx, data, n, s.spec));
    const res = await compare(
      specs.map((s, i) => ({ name: s.name, once: () => timer.time(() => ks[i]!.run()) })),
      rounds,
    );
    for (const r of res) {
      rows.push({
        name: `${name}: ${r.name}`,
        unit: 'GB/s',
        value: (n * 4) / r.seconds / 1e9,
        ratio: r.ratio,
        note: `N = ${n}; speed vs first variant; by CPU time ${r.cpuRatio.toPrecision(2)}; ${timer.method}`,
      });
    }
    for (const k of ks) k.destroy();
  };
  const tree = (wg: number, items: number) => ({
    file: 'reduce/moments.wgsl',
    constants: { WG_SIZE: wg, ITEMS: items },
    perInvocation: items,
    wg,
    histogram: false,
  });
  const momentVariants = [
    { name: 'workgroup tree, WG 256 (library)', spec: tree(256, 16) },
    { name: 'workgroup tree, WG 64', spec: tree(64, 16) },
    {
      name: 'no shared memory, contiguous 256 per invocation',
      spec: { ...tree(64, 256), file: 'bench/moments_flat.wgsl' },
    },
    {
      name: 'no shared memory, contiguous 256 per invocation as vec4f',
      spec: { ...tree(64, 256), file: 'bench/moments_flat_vec4.wgsl' },
    },
    {
      name: 'no shared memory, coalesced 64 per invocation',
      spec: { ...tree(64, 64), file: 'bench/moments_coalesced.wgsl' },
    },
  ];
  if (ctx.features.has('subgroups')) {
    momentVariants.push({
      name: 'subgroupAdd + 1 barrier, WG 256',
      spec: { ...tree(256, 16), file: 'bench/moments_subgroup.wgsl' },
    });
    momentVariants.push({
      name: 'subgroupAdd only, WG 64, 64 per invocation',
      spec: { ...tree(64, 64), file: 'bench/moments_subgroup_nobarrier.wgsl', perInvocation: 16 },
    });
  }
  await group('moments', momentVariants);
  const hist = (file: string, wg: number, items: number) => ({
    file,
    constants: { WG_SIZE: wg, ITEMS: items, BINS: 100 },
    perInvocation: items,
    wg,
    histogram: true,
    library: file === 'reduce/histogram.wgsl',
  });
  await group('histogram', [
    { name: 'workgroup atomics, WG 256 (library)', spec: hist('reduce/histogram.wgsl', 256, 16) },
    { name: 'workgroup atomics, WG 64', spec: hist('reduce/histogram.wgsl', 64, 16) },
    { name: 'global atomics only, WG 64', spec: hist('bench/histogram_global.wgsl', 64, 16) },
  ]);
  data.destroy();
  return rows;
}

/** Cost growth with N (library 1-D OU path, Philox) and with d (d = 1 vs the 8-D kernel). */
export async function scaling(quick: boolean): Promise<BenchRow[]> {
  const { ctx, timer } = await benchGpu();
  const peers = nativePeers();
  const rows: BenchRow[] = [];
  const maxParticles = Math.floor(
    Math.min(ctx.limits.maxStorageBufferBindingSize, ctx.limits.maxBufferSize) / 4,
  );
  const sizes = [1e4, 1e5, 1e6, 1e7, 1e8].filter((s) => !quick || s <= 1e6);
  for (const n of sizes) {
    if (n > maxParticles) {
      rows.push({
        name: `1-D OU N = ${n}`,
        unit: '',
        value: Number.NaN,
        note: `over maxStorageBufferBindingSize/4 = ${maxParticles}`,
      });
      continue;
    }
    // Keep each run near 0.1-1 s: fewer steps for large N (more on a GPU, where one step of 1e4 particles is µs).
    const work = benchSizes(ctx, quick).scalingWork;
    const steps = Math.max(4, Math.min(work >= 1e9 ? 4096 : 400, Math.round(work / n / 4) * 4));
    const ens = await createOu1dEnsemble(ctx, {
      particles: n,
      theta: 1,
      sigma: 1,
      dt: 0.01,
      x0: 1,
      seed: 1,
      stepsPerDispatch: steps,
    });
    const once = () =>
      timer.time(() => {
        ens.reset();
        ens.advance(steps);
      });
    // Large N: one run (already minutes on SwiftShader, and the pipeline is compiled by the smaller sizes).
    const runs = n >= 1e7 ? 1 : 3;
    if (runs > 1) await once();
    await warmUp(once, 0.3); // a real GPU's clocks fall while the peer runs
    const times: number[] = [];
    for (let r = 0; r < runs; r++) times.push(await once());
    const t = median(times);
    let peerValue: number | undefined;
    if (peers.available) {
      // On a GPU the per-N work is far beyond what the C peer does in a second: give it fewer steps (same rate).
      const peerSteps = work >= 1e9 ? Math.max(4, Math.round(4e8 / n / 4) * 4) : steps;
      const p = Array.from({ length: runs }, () => peers.run('ou1d', ['philox', n, peerSteps]));
      peerValue = (n * peerSteps) / median(p.map((r) => r.seconds)) / 1e9;
    }
    const value = (n * steps) / t / 1e9;
    rows.push({
      name: `1-D OU Philox, N = ${n.toExponential(0)}`,
      unit: 'G particle-steps/s',
      value,
      ...(peerValue !== undefined ? { peer: peers.name, peerValue, ratio: value / peerValue } : {}),
      note: `${steps} steps in one dispatch; ${(t * 1e3).toFixed(1)} ms per run; ${timer.method}`,
    });
    console.error(
      `  N = ${n}: ${value.toPrecision(3)} G particle-steps/s, peer ${peerValue?.toPrecision(3)}`,
    );
    ens.destroy();
  }
  // Growth with d: the same particle count and steps at d = 1 and d = 8 (full matrices).
  const n = 2 ** 14;
  const steps = 32;
  const ens = await createOu1dEnsemble(ctx, {
    particles: n,
    theta: 1,
    sigma: 1,
    dt: 0.01,
    x0: 1,
    seed: 1,
    stepsPerDispatch: steps,
  });
  const ou8 = await makeOu8d(ctx, { particles: n, generator: 'philox' });
  const res = await compare(
    [
      {
        name: 'd = 1',
        once: () =>
          timer.time(() => {
            ens.reset();
            ens.advance(steps);
          }),
      },
      { name: 'd = 8 (full A, S)', once: () => timer.time(() => ou8.run(steps)) },
    ],
    quick ? 3 : 5,
  );
  for (const r of res) {
    rows.push({
      name: `OU Philox, N = ${n}, ${r.name}`,
      unit: 'G particle-steps/s',
      value: (n * steps) / r.seconds / 1e9,
      ratio: r.ratio,
      note:
        `by CPU time ${r.cpuRatio.toPrecision(2)}; ` +
        'ratio = speed vs d = 1 (cost per step grows with the 2 d normals and 2 d² multiply-adds)',
    });
  }
  ens.destroy();
  ou8.destroy();
  return rows;
}
