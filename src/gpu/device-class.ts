/** What kind of processor is behind a `GPUDevice`, for kernels that are tuned per kind. */

const CPU_ADAPTERS = /swiftshader|llvmpipe|lavapipe|warp|software/i;

/**
 * True when the device runs on the CPU (SwiftShader, llvmpipe/lavapipe, WARP). There, workgroup barriers and
 * workgroup memory are very costly and each storage load instruction is expensive (docs/performance.md), so
 * reductions use barrier-free kernels with vec4 loads. Decided from `device.adapterInfo` where the
 * implementation exposes it; false otherwise.
 *
 * @param device - the device to classify
 * @returns true for a CPU implementation of WebGPU
 */
export function isCpuBackedDevice(device: GPUDevice): boolean {
  const info = (device as { adapterInfo?: GPUAdapterInfo }).adapterInfo;
  if (!info) return false;
  return CPU_ADAPTERS.test([info.vendor, info.architecture, info.device, info.description].join(' '));
}
