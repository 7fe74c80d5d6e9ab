/** GPU reduction of a float32 array to shifted power sums (deterministic order), finished in float64. */
import { createBuffer, readBuffer, workgroupGrid } from '../gpu/buffers.js';
import { isCpuBackedDevice } from '../gpu/device-class.js';
import { getComputePipeline } from '../gpu/pipelines.js';
import { momentsFromPowerSums, type PowerSums, type SampleMoments } from '../stats/moments.js';

const WG_SIZE = 256;
const ITEMS = 16;
/** Values per invocation of the barrier-free kernel used on CPU-backed devices (`moments_flat.wgsl`). */
const FLAT_ITEMS = 256;
const FLAT_WG_SIZE = 64;

/**
 * Which reduction kernel to run: `tree` (workgroup memory, for GPUs), `flat` (barrier-free, vec4 loads, for
 * CPU-backed devices), or `auto` (default: by {@link isCpuBackedDevice}). Both give the same sums up to float32
 * rounding; `flat` needs count >= 4 and falls back to `tree` below that.
 */
export interface ReductionOptions {
  kernel?: 'auto' | 'tree' | 'flat';
}

/**
 * Power sums of the finite values of `data[0..count)` about `shift`, and the count of non-finite values.
 *
 * @param device - the device owning `data`
 * @param data - float32 values
 * @param count - how many values to reduce
 * @param shift - the centre of the power sums (a value near the mean keeps them well conditioned)
 * @param options - reduction kernel options
 * @returns the power sums and the count of non-finite values
 */
export async function reducePowerSums(
  device: GPUDevice,
  data: GPUBuffer,
  count: number,
  shift: number,
  options: ReductionOptions = {},
): Promise<PowerSums & { nonFinite: number }> {
  // On CPU-backed devices: one partial per invocation of FLAT_ITEMS values, no barriers (see moments_flat.wgsl).
  const flat =
    count >= 4 &&
    (options.kernel === 'auto' || !options.kernel
      ? isCpuBackedDevice(device)
        ? 'flat'
        : 'tree'
      : options.kernel) === 'flat';
  const pipeline = await getComputePipeline(
    device,
    flat
      ? {
          file: 'reduce/moments_flat.wgsl',
          constants: { WG_SIZE: FLAT_WG_SIZE, ITEMS: FLAT_ITEMS },
          label: 'moments (barrier-free)',
        }
      : { file: 'reduce/moments.wgsl', constants: { WG_SIZE, ITEMS }, label: 'moments' },
  );
  const tiles = flat ? Math.ceil(count / FLAT_ITEMS) : Math.max(1, Math.ceil(count / (WG_SIZE * ITEMS)));
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
      entries: (flat
        ? [paramBuf, { buffer: data, size: Math.floor(count / 4) * 16 }, data, sums, counts]
        : [paramBuf, data, sums, counts]
      ).map((r, binding) => ({ binding, resource: 'buffer' in r ? r : { buffer: r } })),
    });
    const encoder = device.createCommandEncoder({ label: 'moments' });
    const pass = encoder.beginComputePass({ label: 'moments pass' });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bind);
    const [gx, gy] = flat
      ? workgroupGrid(tiles, FLAT_WG_SIZE, device.limits.maxComputeWorkgroupsPerDimension)
      : workgroupGrid(tiles * WG_SIZE, WG_SIZE, device.limits.maxComputeWorkgroupsPerDimension);
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

/**
 * Mean, variance and their standard errors of the finite values of `data[0..count)`.
 *
 * @param device - the device owning `data`
 * @param data - float32 values
 * @param count - how many values to reduce
 * @param shift - the centre of the power sums (default 0; a value near the mean keeps them well conditioned)
 * @param options - reduction kernel options
 * @returns mean, variance, their standard errors, and the count of non-finite values
 */
export async function reduceMoments(
  device: GPUDevice,
  data: GPUBuffer,
  count: number,
  shift = 0,
  options: ReductionOptions = {},
): Promise<SampleMoments & { nonFinite: number }> {
  const sums = await reducePowerSums(device, data, count, shift, options);
  if (sums.n < 2) {
    // Fewer than two finite values (a diverged ensemble): no moments, and the counts say why.
    const nan = Number.NaN;
    return {
      n: sums.n,
      mean: nan,
      variance: nan,
      m3: nan,
      m4: nan,
      meanSE: nan,
      varianceSE: nan,
      nonFinite: sums.nonFinite,
    };
  }
  return { ...momentsFromPowerSums(sums), nonFinite: sums.nonFinite };
}
