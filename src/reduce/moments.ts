/** GPU reduction of a float32 array to shifted power sums (deterministic order), finished in float64. */
import { createBuffer, readBuffer, workgroupGrid } from '../gpu/buffers.js';
import { getComputePipeline } from '../gpu/pipelines.js';
import { momentsFromPowerSums, type PowerSums, type SampleMoments } from '../stats/moments.js';

const WG_SIZE = 256;
const ITEMS = 16;

/** Power sums of the finite values of `data[0..count)` about `shift`, and the count of non-finite values. */
export async function reducePowerSums(
  device: GPUDevice,
  data: GPUBuffer,
  count: number,
  shift: number,
): Promise<PowerSums & { nonFinite: number }> {
  const pipeline = await getComputePipeline(device, {
    file: 'reduce/moments.wgsl',
    constants: { WG_SIZE, ITEMS },
    label: 'moments',
  });
  const tiles = Math.max(1, Math.ceil(count / (WG_SIZE * ITEMS)));
  const params = new ArrayBuffer(16);
  new Uint32Array(params, 0, 1)[0] = count;
  new Float32Array(params, 4, 1)[0] = shift;
  const paramBuf = createBuffer(device, {
    label: 'moments params',
    usage: GPUBufferUsage.UNIFORM,
    data: new Uint8Array(params),
  });
  const sums = createBuffer(device, {
    label: 'moments partial sums',
    size: tiles * 16,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
  });
  const counts = createBuffer(device, {
    label: 'moments partial counts',
    size: tiles * 8,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
  });
  try {
    const bind = device.createBindGroup({
      label: 'moments bind group',
      layout: pipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: paramBuf } },
        { binding: 1, resource: { buffer: data } },
        { binding: 2, resource: { buffer: sums } },
        { binding: 3, resource: { buffer: counts } },
      ],
    });
    const encoder = device.createCommandEncoder({ label: 'moments' });
    const pass = encoder.beginComputePass({ label: 'moments pass' });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bind);
    const [gx, gy] = workgroupGrid(tiles * WG_SIZE, WG_SIZE, device.limits.maxComputeWorkgroupsPerDimension);
    pass.dispatchWorkgroups(gx, gy);
    pass.end();
    device.queue.submit([encoder.finish()]);
    const [s, c] = await Promise.all([readBuffer(device, sums), readBuffer(device, counts)]);
    const fs = new Float32Array(s);
    const cs = new Uint32Array(c);
    const out = { n: 0, shift, s1: 0, s2: 0, s3: 0, s4: 0, nonFinite: 0 };
    // Tiles beyond the grid's exact size never ran a full tile: only the first `tiles` partials exist.
    for (let t = 0; t < tiles; t++) {
      out.s1 += fs[4 * t]!;
      out.s2 += fs[4 * t + 1]!;
      out.s3 += fs[4 * t + 2]!;
      out.s4 += fs[4 * t + 3]!;
      out.n += cs[2 * t]!;
      out.nonFinite += cs[2 * t + 1]!;
    }
    return out;
  } finally {
    paramBuf.destroy();
    sums.destroy();
    counts.destroy();
  }
}

/** Mean, variance and their standard errors of the finite values of `data[0..count)`. */
export async function reduceMoments(
  device: GPUDevice,
  data: GPUBuffer,
  count: number,
  shift = 0,
): Promise<SampleMoments & { nonFinite: number }> {
  const sums = await reducePowerSums(device, data, count, shift);
  return { ...momentsFromPowerSums(sums), nonFinite: sums.nonFinite };
}
