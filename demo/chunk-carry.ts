/** Moving a live ensemble to a new engine chunk when a knob changes what the chunk fixes (its step size). */
import type { EnsembleChunk } from '../src/engine/chunk.js';

/**
 * Copies the first `n` particles' states and divergence flags from `from` into `to` (same capacity and dimension),
 * destroys `from` and returns `to`, ready to be stepped from where `from` stopped.
 */
export function carryParticles(
  device: GPUDevice,
  from: EnsembleChunk,
  to: EnsembleChunk,
  n: number,
  label: string,
) {
  to.count = n;
  to.particle0 = 0;
  const enc = device.createCommandEncoder({ label: `${label}: carry particles to the new step size` });
  enc.copyBufferToBuffer(from.state, 0, to.state, 0, from.state.size);
  enc.copyBufferToBuffer(from.status, 0, to.status, 0, from.status.size);
  device.queue.submit([enc.finish()]);
  from.destroy();
  return to;
}
