/**
 * Fused Euler–Maruyama benchmarks: the library's 1-D OU ensemble (`createOu1dEnsemble`, Philox and Threefry)
 * and an 8-D OU with full drift and diffusion matrices (`shaders/bench/ou8d_em.wgsl`), each beside the native
 * C build of the same recursion and generator.
 */
import { createOu1dEnsemble, type Ou1dGenerator } from '../src/ou/ou1d.js';
import { makeOu8d } from './ou8d.js';
import type { BenchModule, BenchRow } from './row.js';
import { benchGpu, benchSizes, pairedRow } from './shared.js';

/** One fused 1-D OU row: N particles × `steps` steps per timed run. */
export async function ou1dRow(o: {
  generator: Ou1dGenerator;
  particles: number;
  steps: number;
  quick: boolean;
  workgroupSize?: number;
  stepsPerDispatch?: number;
  label?: string;
  /** Steps of the C peer's run, when fewer than `steps` (its rate per particle-step is the same). */
  peerSteps?: number;
}): Promise<BenchRow> {
  const { ctx, timer } = await benchGpu();
  const wg = o.workgroupSize ?? 64;
  const spd = o.stepsPerDispatch ?? 100;
  const ens = await createOu1dEnsemble(ctx, {
    particles: o.particles,
    theta: 1,
    sigma: 1,
    dt: 0.01,
    x0: 1,
    seed: 1234567,
    generator: o.generator,
    workgroupSize: wg,
    stepsPerDispatch: spd,
  });
  try {
    return await pairedRow({
      name: o.label ?? `fused EM 1-D OU, ${o.generator}`,
      unit: 'G particle-steps/s',
      scale: 1e9,
      work: o.particles * o.steps,
      quick: o.quick,
      gpuOnce: () =>
        timer.time(() => {
          ens.reset();
          ens.advance(o.steps);
        }),
      program: 'ou1d',
      // The C peer's rate does not depend on the step count; fewer steps keep it to about a second on big sizes.
      args: [o.generator, o.particles, o.peerSteps ?? o.steps],
      note: `N = ${o.particles}, ${o.steps} steps, wg ${wg}, ${spd} steps/dispatch${o.peerSteps ? `; C peer ${o.peerSteps} steps` : ''}`,
    });
  } finally {
    ens.destroy();
  }
}

/** Rows: 1-D OU with each generator, 8-D OU. */
export const bench: BenchModule = async ({ quick }) => {
  const { ctx, timer } = await benchGpu();
  const sizes = benchSizes(ctx, quick);
  const rows: BenchRow[] = [];
  for (const generator of ['philox', 'threefry'] as const) {
    const { particles, steps } = sizes.ou1d;
    // On a GPU all steps in one dispatch (the dispatch lever measured in --levers); 100 on SwiftShader.
    rows.push(
      await ou1dRow({ generator, particles, steps, quick, stepsPerDispatch: sizes.big ? steps : 100 }),
    );
  }
  for (const generator of ['philox', 'threefry'] as const) {
    const { particles, steps } = sizes.ou8d;
    const ou8 = await makeOu8d(ctx, { particles, generator });
    try {
      rows.push(
        await pairedRow({
          name: `fused EM 8-D OU (full A, S), ${generator}`,
          unit: 'G particle-steps/s',
          scale: 1e9,
          work: particles * steps,
          quick,
          gpuOnce: () => timer.time(() => ou8.run(steps)),
          program: 'ou8d',
          args: [generator, particles, sizes.big ? 8 : steps],
          note: `N = ${particles}, ${steps} steps in one dispatch, d = 8${sizes.big ? '; C peer 8 steps' : ''}`,
        }),
      );
    } finally {
      ou8.destroy();
    }
  }
  return rows;
};
