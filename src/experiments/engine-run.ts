/** Helpers for experiments that run the ensemble engine (src/engine): progress, observables, seeds. */
import type { EnsembleResult } from '../engine/run.js';
import { runEnsemble } from '../engine/run.js';
import type { SimulationSpec } from '../engine/spec.js';
import type { GpuContext } from '../gpu/device.js';

/**
 * Runs `spec` and reports progress as the fraction `base + span · (steps done / steps)` of the whole experiment.
 */
export async function runWithProgress(
  ctx: GpuContext,
  spec: SimulationSpec,
  onProgress: ((f: number, note?: string) => void) | undefined,
  base: number,
  span: number,
  note: string,
): Promise<EnsembleResult> {
  onProgress?.(base, note);
  const r = await runEnsemble(ctx, spec, {
    shouldPause: (p) => {
      const done = (p.chunk + p.step / Math.max(1, p.steps)) / Math.max(1, p.chunks);
      onProgress?.(base + span * done, note);
      return false;
    },
  });
  if (r.status !== 'complete') throw new Error(`ensemble run did not complete (${r.status})`);
  return r;
}

/** Independent seed for sub-run `index` (< 64) of an experiment run with `seed`. */
export function subSeed(seed: number, index: number): string {
  return (BigInt(seed) * 64n + BigInt(index)).toString();
}

/** WGSL snippet of observables: `exprs[k]` is g_k(x, t), written in terms of `x` (State) and `t`. */
export function observablesSnippet(exprs: string[]): { wgsl: string; count: number } {
  const cases = exprs.map((e, k) => `  if (k == ${k}u) { return ${e}; }`).join('\n');
  return {
    wgsl: `fn observable(k: u32, x: State, t: f32) -> f32 {\n${cases}\n  return 0.0;\n}`,
    count: exprs.length,
  };
}
