/** Small buffer helpers in the style of webgpu-utils: every buffer is labelled. */

/** Creates a buffer and, when `data` is given, fills it at creation. */
export function createBuffer(
  device: GPUDevice,
  desc: { label: string; size?: number; usage: GPUBufferUsageFlags; data?: ArrayBufferView },
): GPUBuffer {
  const raw = desc.data;
  const size = Math.max(4, Math.ceil((desc.size ?? raw?.byteLength ?? 0) / 4) * 4);
  const buffer = device.createBuffer({ label: desc.label, size, usage: desc.usage, mappedAtCreation: !!raw });
  if (raw) {
    new Uint8Array(buffer.getMappedRange()).set(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
    buffer.unmap();
  }
  return buffer;
}

/** Copies `size` bytes of `src` from `offset` into a staging buffer, maps it, and returns a copy of the bytes. */
export async function readBuffer(
  device: GPUDevice,
  src: GPUBuffer,
  offset = 0,
  size = src.size - offset,
): Promise<ArrayBuffer> {
  const staging = device.createBuffer({
    label: `${src.label} (readback)`,
    size,
    usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ,
  });
  const encoder = device.createCommandEncoder({ label: `read ${src.label}` });
  encoder.copyBufferToBuffer(src, offset, staging, 0, size);
  device.queue.submit([encoder.finish()]);
  try {
    await staging.mapAsync(GPUMapMode.READ);
    return staging.getMappedRange().slice(0);
  } finally {
    staging.destroy();
  }
}

/**
 * Workgroup grid for `invocations` invocations in workgroups of `workgroupSize`, folded into two dimensions
 * when the count exceeds `maxPerDimension` (kernels recover the flat index with `flat_index` in
 * `shaders/common/grid.wgsl`; surplus invocations must exit on their bounds check).
 */
export function workgroupGrid(
  invocations: number,
  workgroupSize: number,
  maxPerDimension = 65535,
): [number, number] {
  const groups = Math.max(1, Math.ceil(invocations / workgroupSize));
  if (groups <= maxPerDimension) return [groups, 1];
  const y = Math.ceil(groups / maxPerDimension);
  return [Math.ceil(groups / y), y];
}

/** Splits a 64-bit seed (a non-negative safe integer or bigint) into 32-bit words [lo, hi]. */
export function seedWords(seed: number | bigint): [number, number] {
  const s = BigInt(seed);
  if (s < 0n || s >= 1n << 64n) throw new RangeError(`seed must be in [0, 2^64), got ${seed}`);
  return [Number(s & 0xffffffffn), Number(s >> 32n)];
}
