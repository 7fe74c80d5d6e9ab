/**
 * The demo's frame, in Node: a live 1-D OU ensemble advances `steps` steps, a 100-bin histogram is counted on the
 * GPU with `makeHistogramPass` and read back once (what the demo's density panel does per frame, without the
 * drawing). Reported as milliseconds per frame (wall clock, submit to readback, median and worst of 60 frames) at
 * 10^6 particles on a GPU (the target "no frame longer than 50 ms with 10^6 particles") and 10^5 on SwiftShader;
 * the peer is the C build of the same steps plus a 1-D histogram of the same values.
 */
import { createOu1dEnsemble } from '../src/ou/ou1d.js';
import { makeHistogramPass } from '../src/reduce/histogram.js';
import type { BenchModule, BenchRow } from './row.js';
import { benchGpu, benchSizes, nativePeers } from './shared.js';
import { median } from './timing.js';

export const bench: BenchModule = async ({ quick }) => {
  const { ctx } = await benchGpu();
  const { big } = benchSizes(ctx, quick);
  const particles = big ? 1e6 : 1e5;
  const steps = 10;
  const frames = quick ? 20 : 60;
  const ens = await createOu1dEnsemble(ctx, {
    particles,
    theta: 1,
    sigma: 1,
    dt: 0.01,
    x0: 0,
    seed: 99,
    stepsPerDispatch: steps,
  });
  const hist = await makeHistogramPass(ctx.device, ens.state, particles, { lo: -4, hi: 4, bins: 100 });
  const frame = async () => {
    const t0 = performance.now();
    ens.advance(steps);
    const enc = ctx.device.createCommandEncoder({ label: 'frame histogram' });
    hist.encode(enc);
    ctx.device.queue.submit([enc.finish()]);
    await hist.read();
    return performance.now() - t0;
  };
  try {
    for (let i = 0; i < 5; i++) await frame();
    const ms: number[] = [];
    for (let i = 0; i < frames; i++) ms.push(await frame());
    const value = median(ms);
    const row: BenchRow = {
      name: `demo frame: 1-D OU ${steps} steps + 100-bin histogram + readback`,
      unit: 'ms per frame',
      value,
      note: `N = ${particles}; median of ${frames} frames, worst ${Math.max(...ms).toFixed(2)} ms; wall clock`,
    };
    const peers = nativePeers();
    if (peers.available) {
      const runs = [0, 1, 2].map(() => {
        const ou = peers.run('ou1d', ['philox', particles, steps]);
        const h = peers.run('reduce', ['hist1d', particles]);
        return (ou.seconds + h.seconds) * 1e3;
      });
      row.peer = peers.name;
      row.peerValue = median(runs);
      // Frames per second relative to the peer: peer ms / our ms.
      row.ratio = row.peerValue / value;
      row.note += '; ratio = peer ms / ms (speed)';
    }
    return [row];
  } finally {
    hist.destroy();
    ens.destroy();
  }
};
