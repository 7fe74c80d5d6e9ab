/**
 * Live density demo: a 1-D OU ensemble advanced on the GPU a few steps per frame, its histogram reduced on the
 * GPU and read back once per frame, drawn against the exact law of the Euler–Maruyama chain.
 */
import { createGpuContext, type GpuContext } from '../src/gpu/device.js';
import { createOu1dEnsemble, type Ou1dEnsemble } from '../src/ou/ou1d.js';
import { reduceHistogram } from '../src/reduce/histogram.js';
import { cellProbabilities, fitHistogram, gaussianCdf } from '../src/stats/histogram-test.js';
import { ouEulerChainLaw } from '../src/stats/ou-exact.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = $<HTMLParagraphElement>('status');
const canvas = $<HTMLCanvasElement>('density');
const num = (id: string) => Number($<HTMLInputElement>(id).value);

/** Numbers the page exposes for tests and for the curious (window.sgdSde). */
const exposed = {
  frames: 0,
  tv: Number.NaN,
  tvNull: Number.NaN,
  step: 0,
  particles: 0,
  adapter: '',
  rate: 0,
};
(window as unknown as { sgdSde: typeof exposed }).sgdSde = exposed;

const BINS = 120;
let ctx: GpuContext;
let ensemble: Ou1dEnsemble | undefined;
let paused = false;
let busy = false;

function params() {
  return {
    theta: num('theta'),
    sigma: num('sigma'),
    dt: num('dt'),
    particles: Number($<HTMLSelectElement>('particles').value),
    seed: Math.max(0, Math.floor(num('seed'))),
    x0: 2,
  };
}

async function rebuild() {
  ensemble?.destroy();
  ensemble = undefined;
  const p = params();
  try {
    ensemble = await createOu1dEnsemble(ctx, { ...p, stepsPerDispatch: 100 });
    status.textContent = 'Running.';
    status.classList.remove('error');
  } catch (e) {
    status.textContent = `Cannot run with these parameters: ${(e as Error).message}`;
    status.classList.add('error');
  }
}

function draw(counts: Uint32Array, lo: number, hi: number, probs: number[]) {
  const g = canvas.getContext('2d')!;
  const { width: w, height: h } = canvas;
  g.clearRect(0, 0, w, h);
  const n = counts.reduce((a, b) => a + b, 0) || 1;
  const inner = probs.slice(1, -1);
  const top = Math.max(...inner, ...Array.from(counts, (c) => c / n)) * 1.1 || 1;
  const bw = w / BINS;
  g.fillStyle = '#8fb3de';
  counts.forEach((c, b) => {
    const y = (c / n / top) * (h - 20);
    g.fillRect(b * bw, h - y, bw - 1, y);
  });
  g.strokeStyle = '#c0392b';
  g.lineWidth = 2;
  g.beginPath();
  inner.forEach((p, b) => {
    const x = (b + 0.5) * bw;
    const y = h - (p / top) * (h - 20);
    if (b === 0) g.moveTo(x, y);
    else g.lineTo(x, y);
  });
  g.stroke();
  g.fillStyle = '#333';
  g.fillText(lo.toFixed(2), 4, h - 4);
  g.fillText(hi.toFixed(2), w - 40, h - 4);
}

async function frame() {
  if (!busy && ensemble && !paused) {
    busy = true;
    const t0 = performance.now();
    try {
      const steps = Math.max(1, Math.floor(num('speed')));
      ensemble.advance(steps);
      await ensemble.done();
      const seconds = (performance.now() - t0) / 1000;
      const p = params();
      const law = ouEulerChainLaw(p.theta, p.sigma, p.dt, ensemble.stepsDone, p.x0);
      const stationarySd = p.sigma / Math.sqrt(p.theta * (2 - p.theta * p.dt));
      const lo = -4 * stationarySd - 0.5;
      const hi = p.x0 + 4 * stationarySd;
      const hist = await reduceHistogram(ctx.device, ensemble.state, ensemble.particles, {
        lo,
        hi,
        bins: BINS,
      });
      // Before the first step the law is a point mass: there is no density to compare with.
      if (ensemble.stepsDone > 0) {
        const cdf = gaussianCdf(law.mean, law.variance);
        const fit = fitHistogram(hist, cdf);
        exposed.tv = fit.tv;
        exposed.tvNull = fit.tvNull;
        draw(hist.counts, lo, hi, cellProbabilities(hist, cdf));
        $('tv').textContent = `${fit.tv.toFixed(4)} (sampling noise alone: ≈${fit.tvNull.toFixed(4)})`;
      }
      exposed.frames++;
      exposed.step = ensemble.stepsDone;
      exposed.particles = ensemble.particles;
      exposed.rate = (ensemble.particles * steps) / seconds;
      $('time').textContent = `${ensemble.stepsDone} / t = ${(ensemble.stepsDone * p.dt).toFixed(2)}`;
      $('rate').textContent = `${(exposed.rate / 1e6).toFixed(1)} M`;
    } catch (e) {
      status.textContent = `GPU error: ${(e as Error).message}. Press Reset to start again.`;
      status.classList.add('error');
      ensemble = undefined;
    } finally {
      busy = false;
    }
  }
  requestAnimationFrame(frame);
}

async function start() {
  if (!('gpu' in navigator)) {
    status.textContent =
      'This browser has no WebGPU. Use a recent Chrome or Edge (or Chromium with --enable-unsafe-webgpu on Linux).';
    status.classList.add('error');
    return;
  }
  try {
    ctx = await createGpuContext();
  } catch (e) {
    status.textContent = (e as Error).message;
    status.classList.add('error');
    return;
  }
  exposed.adapter = ctx.adapterName;
  $('adapter').textContent = ctx.adapterName;
  $('pause').addEventListener('click', () => {
    paused = !paused;
    $('pause').textContent = paused ? 'Resume' : 'Pause';
  });
  $('reset').addEventListener('click', async () => {
    try {
      ctx.check();
    } catch {
      ctx = await createGpuContext();
    }
    await rebuild();
  });
  for (const id of ['theta', 'sigma', 'dt', 'particles', 'seed']) $(id).addEventListener('change', rebuild);
  await rebuild();
  requestAnimationFrame(frame);
}

start();
