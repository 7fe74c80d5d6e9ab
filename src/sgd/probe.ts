/**
 * Exact full-dataset quantities at given weight vectors, computed on the GPU: L(w), ∇L(w), the per-example
 * gradient covariance Σ(w) = (1/n) Σ_i (∇ℓ_i − ∇L)(∇ℓ_i − ∇L)ᵀ and the gradient-noise scale
 * B_noise = tr Σ(w) / |∇L(w)|² (the critical batch size of McCandlish et al. 2018, "An empirical model of
 * large-batch training").
 */
import { createBuffer, readBuffer, workgroupGrid } from '../gpu/buffers.js';
import { getComputePipeline } from '../gpu/pipelines.js';
import type { GpuDataset } from './gpu-dataset.js';

/** What {@link probeDataset} measured at one point. */
export interface ProbePoint {
  w: number[];
  loss: number;
  gradient: number[];
  /** Σ(w), d×d row-major. */
  covariance: Float64Array;
  /** tr Σ(w) / |∇L(w)|² (Infinity at a stationary point). */
  noiseScale: number;
}

const CHUNK = 256;
const WG = 64;

/** L, ∇L, Σ and B_noise at each of `points` (each of length d), summed per chunk on the GPU and in float64 here. */
export async function probeDataset(
  device: GPUDevice,
  data: GpuDataset,
  points: number[][],
): Promise<ProbePoint[]> {
  const d = data.dataset.dim;
  const n = data.dataset.examples;
  const q = points.length;
  if (q < 1) throw new RangeError('probeDataset needs at least one point');
  for (const p of points) {
    if (p.length !== d || !p.every(Number.isFinite))
      throw new RangeError(`each point must be ${d} finite numbers`);
  }
  const np = (d * (d + 1)) / 2;
  const chunks = Math.ceil(n / CHUNK);
  const [first, centred] = await Promise.all(
    [false, true].map((c) =>
      getComputePipeline(device, {
        file: 'sgd/probe.wgsl',
        constants: { WG_SIZE: WG },
        defines: { CENTRED: c, CLOSED_FORM: false, HAS_HVP: false },
        extra: data.extra,
        label: c ? 'sgd probe (centred second moments)' : 'sgd probe (loss and gradient)',
      }),
    ),
  );
  const uniforms = createBuffer(device, {
    label: 'sgd probe params',
    usage: GPUBufferUsage.UNIFORM,
    data: Uint32Array.of(q, n, chunks, CHUNK),
  });
  const pts = createBuffer(device, {
    label: 'sgd probe points',
    usage: GPUBufferUsage.STORAGE,
    data: Float32Array.from(points.flat()),
  });
  const outA = createBuffer(device, {
    label: 'sgd probe partial loss and gradient',
    size: q * chunks * (d + 1) * 4,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
  });
  const outB = createBuffer(device, {
    label: 'sgd probe partial covariance',
    size: q * chunks * np * 4,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
  });
  const gbarBuf = createBuffer(device, {
    label: 'sgd probe mean gradients',
    size: q * d * 4,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
  });
  const dispatch = (pipeline: GPUComputePipeline, extraEntries: GPUBindGroupEntry[], label: string) => {
    const bind = device.createBindGroup({
      label: `${label} bind group`,
      layout: pipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: uniforms } },
        { binding: 1, resource: { buffer: data.rows } },
        { binding: 2, resource: { buffer: data.params } },
        { binding: 3, resource: { buffer: pts } },
        ...extraEntries,
      ],
    });
    const enc = device.createCommandEncoder({ label });
    const pass = enc.beginComputePass({ label: `${label} pass` });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bind);
    pass.dispatchWorkgroups(...workgroupGrid(q * chunks, WG, device.limits.maxComputeWorkgroupsPerDimension));
    pass.end();
    device.queue.submit([enc.finish()]);
  };
  try {
    dispatch(first!, [{ binding: 4, resource: { buffer: outA } }], 'sgd probe first pass');
    const a = new Float32Array(await readBuffer(device, outA));
    const loss = new Float64Array(q);
    const grad = new Float64Array(q * d);
    for (let p = 0; p < q; p++) {
      for (let c = 0; c < chunks; c++) {
        const base = (p * chunks + c) * (d + 1);
        loss[p]! += a[base]!;
        for (let j = 0; j < d; j++) grad[p * d + j]! += a[base + 1 + j]!;
      }
      loss[p]! /= n;
      for (let j = 0; j < d; j++) grad[p * d + j]! /= n;
    }
    device.queue.writeBuffer(gbarBuf, 0, Float32Array.from(grad));
    dispatch(
      centred!,
      [
        { binding: 4, resource: { buffer: outB } },
        { binding: 5, resource: { buffer: gbarBuf } },
      ],
      'sgd probe centred pass',
    );
    const b = new Float32Array(await readBuffer(device, outB));
    return points.map((w, p) => {
      const cov = new Float64Array(d * d);
      for (let c = 0; c < chunks; c++) {
        const base = (p * chunks + c) * np;
        for (let i = 0; i < d; i++)
          for (let j = 0; j <= i; j++) cov[i * d + j]! += b[base + (i * (i + 1)) / 2 + j]!;
      }
      for (let i = 0; i < d; i++) {
        for (let j = 0; j <= i; j++) {
          cov[i * d + j]! /= n;
          cov[j * d + i] = cov[i * d + j]!;
        }
      }
      const gradient = Array.from(grad.subarray(p * d, (p + 1) * d));
      let tr = 0;
      for (let i = 0; i < d; i++) tr += cov[i * d + i]!;
      const g2 = gradient.reduce((s, v) => s + v * v, 0);
      return { w, loss: loss[p]!, gradient, covariance: cov, noiseScale: g2 > 0 ? tr / g2 : Infinity };
    });
  } finally {
    uniforms.destroy();
    pts.destroy();
    outA.destroy();
    outB.destroy();
    gbarBuf.destroy();
  }
}
