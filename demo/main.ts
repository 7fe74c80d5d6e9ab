/**
 * Demo page wiring: URL state → controls → GPU session → panel loops, and the numbers the page exposes for tests
 * (`window.sgdSde`). Each concept lives in its own module: `state.ts` (schema and URL form), `controls.ts`
 * (form), `gpu-session.ts` (device and its loss), `density-panel.ts` (panel 1), `plot.ts` (drawing),
 * `tv-bound.ts` (the TV bound), `capabilities.ts` (what this build can run).
 */
import { TILE } from '../src/engine/chunk.js';
import { DeviceLostError } from '../src/gpu/errors.js';
import { densityAvailability } from './capabilities.js';
import { onControlsChange, readForm, setParticleChoices, showState, writeUrl } from './controls.js';
import { DensityPanel, type MeasuredMoments } from './density-panel.js';
import { type ExperimentStatus, setupExperimentPanel } from './experiment-panel.js';
import { GpuSession, hasWebGpu, noWebGpuMessage } from './gpu-session.js';
import { type LandscapeElements, LandscapePanel, type SideSummary } from './landscape-panel.js';
import { fitCanvas } from './plot.js';
import {
  clampParticles,
  type DemoState,
  maxParticlesFor,
  parseState,
  STATIC_MAX_PARTICLES,
} from './state.js';

const $ = (id: string) => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el;
};
const statusEl = $('status');
const densityStatus = $('density-status');
const canvas = $('density') as HTMLCanvasElement;

/** Numbers the page exposes for tests and for the curious (`window.sgdSde`). */
const exposed = {
  /** Panel-1 frames completed since the page loaded. */
  frames: 0,
  /** SGD steps since the last reset. */
  step: 0,
  particles: 0,
  maxParticles: 0,
  adapter: '',
  /** Particle-steps per second over the last second. */
  rate: 0,
  /** Panel-1 frames per second over the last second. */
  fps: 0,
  /** Longest gap between animation frames (ms) since the last reset: how responsive the page stayed. */
  longestFrameGapMs: 0,
  tv: Number.NaN,
  /** The page's TV bound for this N and these bins (see `tv-bound.ts`), and its mean part. */
  tvBound: Number.NaN,
  tvMeanBound: Number.NaN,
  /** Whether the theory law is the exact law of the simulated chain (then TV < bound is a test of the kernel). */
  exact: true,
  /** Particles left out of the histogram because they diverged. */
  nonFinite: 0,
  counts: [] as number[],
  lo: 0,
  hi: 0,
  /** Exact law of the chain at the last frame, and its stationary variance. */
  lawMean: Number.NaN,
  lawVariance: Number.NaN,
  stationaryVariance: Number.NaN,
  /** Latest measured moments (GPU, a few times a second) with the step and exact law they belong to. */
  moments: undefined as MeasuredMoments | undefined,
  state: undefined as DemoState | undefined,
  running: false,
  error: '',
  /** Panel 2: SGD and SDE heat maps (runs while the panel is on screen). */
  landscape: {
    frames: 0,
    step: 0,
    time: 0,
    particles: 0,
    running: false,
    visible: false,
    /** How the heat maps are drawn: `webgpu` (render pass, no readback) or `2d` (counts read back). */
    renderer: '' as string,
    fps: 0,
    /** Longest panel-2 frame (advance, histogram, draw, wait for the GPU) since it started, in ms. */
    longestFrameMs: 0,
    /** Counts read back a few times a second. */
    sgd: undefined as SideSummary | undefined,
    sde: undefined as SideSummary | undefined,
    /** Step the summaries belong to. */
    summaryStep: 0,
    /** Why the heat maps are drawn from read-back counts although the render pass was asked for ('' if not). */
    fallback: '',
  },
  /** Panel 3's experiment run. */
  experiment: undefined as ExperimentStatus | undefined,
  /** Loses the GPU device on purpose, to exercise recovery on Reset. */
  loseDevice: () => session.loseDevice(),
  /**
   * Pauses, waits for the frames in flight, and draws panel 2's `side` histogram as the 2-D canvas heat map does
   * (one RGBA pixel per cell, row 0 at the top): the reference the render pass's pixels are compared with.
   */
  heatmapReference: async (side: 'sgd' | 'sde') => {
    setPaused(true);
    await Promise.all([inflight, landscapeInflight]);
    if (!landscape) throw new Error('panel 2 is not running');
    const img = await landscape.referenceImage(side);
    return { width: img.width, height: img.height, step: landscape.steps, rgba: Array.from(img.data) };
  },
};
(window as unknown as { sgdSde: typeof exposed }).sgdSde = exposed;

const session = new GpuSession();
let state: DemoState;
let maxParticles = STATIC_MAX_PARTICLES;
let panel: DensityPanel | undefined;
let inflight: Promise<void> | undefined;
let generation = 0;
let paused = false;
/** Panel 3 runs an experiment: panel 1 yields the GPU meanwhile. */
let experimentRunning = false;
let failed = false;
const window1s: { t: number; particleSteps: number }[] = [];
let lastRaf = 0;

function setStatus(text: string, kind: 'info' | 'error' = 'info'): void {
  statusEl.textContent = text;
  statusEl.classList.toggle('error', kind === 'error');
}

/**
 * When the device failed before panel 2 finished a single frame drawn into its WebGPU canvases, the browser could
 * not present them (Chromium destroys the device, or drops its WebGPU instance, where its GPU process has no
 * backing for WebGPU swap-chain textures: see GpuSession.destroyedByBrowser). Then both panels start again on a new
 * device with panel 2 drawn from read-back counts, and the page says so under panel 2. Once per page; returns
 * whether it did.
 */
function fallBackToReadback(e: unknown): boolean {
  const L = exposed.landscape;
  if (L.fallback || landscape?.renderer !== 'webgpu' || L.frames > 0) return false;
  const cause = session.destroyedByBrowser
    ? 'the browser destroyed the GPU device'
    : `the GPU work failed: ${e instanceof Error ? e.message : String(e)}`;
  const why =
    `Panel 2 could not draw into WebGPU canvases here (${cause}), so its heat maps are drawn from counts read ` +
    'back into 2-D canvases; a browser without a display surface (headless) cannot present WebGPU canvases.';
  L.fallback = why;
  console.warn(`sgd-sde demo: ${why}`);
  // Detached first, so that the frames still in flight on the failed device are not reported as failures.
  const stale = [panel, landscape];
  panel = undefined;
  landscape = undefined;
  void (async () => {
    await Promise.all([inflight, landscapeInflight]);
    for (const p of stale) {
      try {
        p?.destroy();
      } catch {
        // Their device is gone; the objects go with it.
      }
    }
    session.discard();
    await rebuild();
  })();
  return true;
}

function fail(e: unknown): void {
  if (fallBackToReadback(e)) return;
  failed = true;
  exposed.running = false;
  const msg = e instanceof Error ? e.message : String(e);
  exposed.error = msg;
  const lost = e instanceof DeviceLostError || session.broken;
  setStatus(
    lost
      ? `The GPU device was lost (${msg}). Press Reset to start again on a new device.`
      : `GPU error: ${msg}. Press Reset to start again.`,
    'error',
  );
}

function publish(f: Awaited<ReturnType<DensityPanel['frame']>>, kernelSteps: number): void {
  const now = performance.now();
  window1s.push({ t: now, particleSteps: f.particles * kernelSteps });
  while (window1s.length > 1 && now - window1s[0]!.t > 1000) window1s.shift();
  const span = (now - window1s[0]!.t) / 1000;
  if (window1s.length > 1 && span > 0) {
    exposed.fps = (window1s.length - 1) / span;
    exposed.rate = window1s.slice(1).reduce((a, w) => a + w.particleSteps, 0) / span;
  }
  Object.assign(exposed, {
    frames: exposed.frames + 1,
    step: f.iterations,
    particles: f.particles,
    tv: f.tv,
    tvBound: f.bound?.bound ?? Number.NaN,
    tvMeanBound: f.bound?.mean ?? Number.NaN,
    exact: f.exact,
    nonFinite: f.nonFinite,
    counts: f.counts,
    lo: f.lo,
    hi: f.hi,
    lawMean: f.law.mean,
    lawVariance: f.law.variance,
    stationaryVariance: f.stationaryVariance,
  });
  $('time').textContent = `${f.iterations} / ${f.time.toFixed(2)}`;
  $('rate').textContent = exposed.rate > 0 ? `${(exposed.rate / 1e6).toFixed(2)} M` : '–';
  $('fps').textContent = exposed.fps > 0 ? exposed.fps.toFixed(1) : '–';
  if (f.bound) {
    const ok = f.tv < f.bound.bound;
    const verdict = ok
      ? 'within sampling noise'
      : f.exact
        ? 'above the bound'
        : 'above sampling noise: O(h) bias of the chain vs its SDE';
    $('tv').textContent =
      `${f.tv.toFixed(4)} (${verdict})${f.nonFinite ? `; ${f.nonFinite} particles diverged` : ''}`;
    $('tv-bound').textContent =
      `${f.bound.bound.toFixed(4)} = ${f.bound.mean.toFixed(4)} + ${f.bound.deviation.toFixed(4)}`;
  }
  if (!Number.isFinite(f.law.variance)) {
    $('sd').textContent =
      'infinite variance (α-stable law, α < 2): location and scale are shown by the curve';
  } else if (f.moments) {
    const m = f.moments;
    exposed.moments = m;
    const sd = Math.sqrt(m.variance);
    const sdSE = m.varianceSE / (2 * sd);
    $('sd').textContent = `${sd.toFixed(4)} ± ${sdSE.toFixed(4)} / ${Math.sqrt(m.law.variance).toFixed(4)}`;
  }
}

/** Moments cost a second reduction and readback: a few per second are enough for the width readout. */
const MOMENTS_EVERY_MS = 1000;
let lastMomentsAt = -Infinity;
/** An animation frame went by while a frame was in flight: start the next one as soon as it ends. */
let tickMissed = false;

async function runFrame(p: DensityPanel): Promise<void> {
  try {
    const steps = p.kernelStepsPerFrame();
    const now = performance.now();
    const withMoments = now - lastMomentsAt >= MOMENTS_EVERY_MS;
    if (withMoments) lastMomentsAt = now;
    const f = await p.frame(withMoments);
    if (p === panel && !failed) publish(f, steps);
  } catch (e) {
    // A loss often surfaces first as a failed mapAsync; give the device's lost promise a moment to say so.
    await session.settle(250);
    if (p === panel) fail(e);
  }
}

/** Display refresh interval the loop does not go below (60 Hz). */
const MIN_FRAME_MS = 1000 / 60;
let lastStart = -Infinity;

/**
 * Starts a frame unless one is running or paused: on an animation frame, or at once when the previous frame
 * ended after a missed animation frame or a refresh interval after it started (so a slow GPU loses no time
 * waiting for the next tick, and a fast one is not run above 60 frames per second).
 */
function maybeStartFrame(): void {
  if (inflight || !panel || paused || failed || experimentRunning) return;
  lastStart = performance.now();
  inflight = runFrame(panel).finally(() => {
    inflight = undefined;
    if (tickMissed || performance.now() - lastStart >= MIN_FRAME_MS) {
      tickMissed = false;
      maybeStartFrame();
    }
  });
}

function loop(now: number): void {
  if (lastRaf > 0) exposed.longestFrameGapMs = Math.max(exposed.longestFrameGapMs, now - lastRaf);
  lastRaf = now;
  if (inflight) tickMissed = true;
  else maybeStartFrame();
  maybeStartLandscape(now);
  requestAnimationFrame(loop);
}

function clearDensityCanvas(): void {
  const g = fitCanvas(canvas);
  g.clearRect(0, 0, canvas.width, canvas.height);
}

/**
 * Starts a fresh panel-1 ensemble for the current state, and panel 2's when `withLandscape` (on a new device if
 * the old one was lost).
 */
async function rebuild(withLandscape = true): Promise<void> {
  const gen = ++generation;
  // A fresh attempt: the last error stays on screen until it succeeds, but no longer counts as current.
  exposed.error = '';
  await inflight;
  panel?.destroy();
  panel = undefined;
  exposed.running = false;
  const avail = densityAvailability(state);
  try {
    const ctx = await session.acquire();
    exposed.adapter = ctx.adapterName;
    $('adapter').textContent = ctx.adapterName;
    // One float per particle; the engine's chunks hold whole tiles of 4096 particles.
    maxParticles = Math.floor(maxParticlesFor(ctx.limits, 4) / TILE) * TILE;
    exposed.maxParticles = maxParticles;
    state = clampParticles(state, maxParticles);
    setParticleChoices(maxParticles, state.particles);
    if (gen !== generation) return;
    failed = false;
    if (withLandscape || !landscape) await rebuildLandscape();
    if (failed || gen !== generation) return;
    if (!avail.ok) {
      densityStatus.textContent = avail.reason;
      densityStatus.classList.add('waiting');
      clearDensityCanvas();
      setStatus('Panel 1 shows the 1-D problems; see its note. Panel 2 runs.');
      return;
    }
    densityStatus.textContent = '';
    densityStatus.classList.remove('waiting');
    const p = await DensityPanel.create(ctx, canvas, state);
    if (gen !== generation) {
      p.destroy();
      return;
    }
    panel = p;
    failed = false;
    exposed.error = '';
    exposed.running = true;
    exposed.longestFrameGapMs = 0;
    window1s.length = 0;
    lastRaf = 0;
    lastMomentsAt = -Infinity;
    exposed.moments = undefined;
    setStatus(paused ? 'Paused.' : 'Running.');
  } catch (e) {
    if (gen === generation) fail(e);
  }
}

const landscapeEls: LandscapeElements = {
  sgd: {
    heat: $('heat-sgd') as HTMLCanvasElement,
    overlay: $('heat-sgd-overlay') as HTMLCanvasElement,
    title: $('heat-sgd-title'),
  },
  sde: {
    heat: $('heat-sde') as HTMLCanvasElement,
    overlay: $('heat-sde-overlay') as HTMLCanvasElement,
    title: $('heat-sde-title'),
  },
};
let landscape: LandscapePanel | undefined;
let landscapeInflight: Promise<void> | undefined;
let landscapeGeneration = 0;
/** When the last panel-2 frame ended and how long it took (its GPU share is kept at most one half). */
let landscapeLastEnd = -Infinity;
let landscapeLastMs = 0;
const landscapeWindow: number[] = [];
/** Panel-2 summaries are read back this often. */
const LANDSCAPE_READBACK_MS = 500;
let landscapeReadAt = -Infinity;

/** Starts panel 2's ensembles for the current state on the current device. */
async function rebuildLandscape(): Promise<void> {
  const gen = ++landscapeGeneration;
  await landscapeInflight;
  landscape?.destroy();
  landscape = undefined;
  const L = exposed.landscape;
  L.running = false;
  try {
    const ctx = await session.acquire();
    // Two float weights per particle: at most half of panel 1's largest ensemble.
    const most = Math.floor(maxParticlesFor(ctx.limits, 8));
    const p = await LandscapePanel.create(ctx, landscapeEls, {
      ...state,
      particles: Math.min(state.particles, most),
      ...(L.fallback ? { render: '2d' as const } : {}),
    });
    if (gen !== landscapeGeneration) {
      p.destroy();
      return;
    }
    landscape = p;
    Object.assign(L, {
      running: true,
      frames: 0,
      step: 0,
      time: 0,
      fps: 0,
      longestFrameMs: 0,
      particles: p.particles,
    });
    Object.assign(L, { sgd: undefined, sde: undefined, summaryStep: 0, renderer: p.renderer });
    landscapeWindow.length = 0;
    landscapeReadAt = -Infinity;
    $('landscape-status').textContent = L.fallback;
  } catch (e) {
    if (gen === landscapeGeneration) fail(e);
  }
}

async function runLandscapeFrame(p: LandscapePanel): Promise<void> {
  const t0 = performance.now();
  try {
    const readback = t0 - landscapeReadAt >= LANDSCAPE_READBACK_MS;
    if (readback) landscapeReadAt = t0;
    const summary = await p.frame(readback);
    if (p !== landscape || failed) return;
    const now = performance.now();
    landscapeLastEnd = now;
    landscapeLastMs = now - t0;
    const L = exposed.landscape;
    landscapeWindow.push(now);
    while (landscapeWindow.length > 1 && now - landscapeWindow[0]! > 2000) landscapeWindow.shift();
    if (landscapeWindow.length > 1)
      L.fps = (landscapeWindow.length - 1) / ((now - landscapeWindow[0]!) / 1000);
    L.frames += 1;
    L.step = p.steps;
    L.time = p.time;
    L.longestFrameMs = Math.max(L.longestFrameMs, landscapeLastMs);
    $('landscape-time').textContent = `${p.steps} / ${p.time.toFixed(2)}`;
    $('landscape-fps').textContent = L.fps > 0 ? L.fps.toFixed(1) : '–';
    if (summary) {
      Object.assign(L, { sgd: summary.sgd, sde: summary.sde, summaryStep: p.steps });
      const n = p.particles;
      const pct = (s: SideSummary) => `${s.outside} (${((100 * s.outside) / n).toFixed(2)}%)`;
      $('landscape-outside').textContent = `${pct(summary.sgd)} / ${pct(summary.sde)}`;
      const m = (s: SideSummary) => `(${s.meanX.toFixed(3)}, ${s.meanY.toFixed(3)})`;
      $('landscape-mean').textContent = `${m(summary.sgd)} / ${m(summary.sde)}`;
    }
  } catch (e) {
    await session.settle(250);
    if (p === landscape) fail(e);
  }
}

/**
 * Starts a panel-2 frame when the panel is on screen and nothing holds it back; after a frame of d ms it waits
 * d ms before the next, so panel 2 never takes more than half of the GPU queue from panel 1.
 */
function maybeStartLandscape(now: number): void {
  const L = exposed.landscape;
  if (!landscape || landscapeInflight || paused || failed || experimentRunning || !L.visible) return;
  if (panel && now - landscapeLastEnd < landscapeLastMs) return;
  const p = landscape;
  landscapeInflight = runLandscapeFrame(p).finally(() => {
    landscapeInflight = undefined;
  });
}

function setPaused(v: boolean): void {
  paused = v;
  const b = $('pause');
  b.textContent = paused ? 'Resume' : 'Pause';
  b.setAttribute('aria-pressed', String(paused));
  if (!failed && panel) setStatus(paused ? 'Paused.' : 'Running.');
  lastRaf = 0;
}

/** Keys that restart panel 1's ensemble; the others change the running chain in place. */
const REBUILD_KEYS = new Set<keyof DemoState>(['problem', 'noise', 'alpha', 'particles', 'seed']);

/** Keys that restart panel 2's ensembles (η and B carry the particles on; problem and noise do not apply). */
const LANDSCAPE_REBUILD_KEYS = new Set<keyof DemoState>([
  'particles',
  'seed',
  'sampling',
  'scheme',
  'substeps',
  'render',
]);

function onChange(key: keyof DemoState): void {
  const { state: next, notes } = readForm(state, maxParticles);
  state = next;
  exposed.state = state;
  showState(state);
  writeUrl(state);
  if (notes.length) setStatus(`Corrected: ${notes.join('; ')}.`);
  const again1 = REBUILD_KEYS.has(key) || !panel;
  const again2 = LANDSCAPE_REBUILD_KEYS.has(key) || !landscape;
  if (again1) void rebuild(again2);
  else {
    panel?.update(state);
    if (again2) void rebuildLandscape();
  }
  if (!again2) landscape?.update(state);
}

async function start(): Promise<void> {
  const parsed = parseState(window.location.search);
  state = parsed.state;
  exposed.state = state;
  setParticleChoices(Math.max(state.particles, 10 ** 6), state.particles);
  showState(state);
  writeUrl(state);
  new ResizeObserver(() => landscape?.resize()).observe(
    document.querySelector('#panel-landscape .heatmaps') as Element,
  );
  // Panel 2 runs while a fifth of its heat maps is on screen: off screen it would only slow panel 1 down.
  new IntersectionObserver(
    (entries) => {
      for (const e of entries) exposed.landscape.visible = e.isIntersecting;
    },
    { threshold: 0.2 },
  ).observe(document.querySelector('#panel-landscape .heatmaps') as Element);
  exposed.experiment = setupExperimentPanel(
    () => session.acquire(),
    (running) => {
      experimentRunning = running;
    },
  );
  if (!hasWebGpu()) {
    const msg = noWebGpuMessage(navigator.userAgent);
    setStatus(msg, 'error');
    exposed.error = msg;
    densityStatus.textContent = 'Nothing runs without WebGPU.';
    $('landscape-status').textContent = 'Nothing runs without WebGPU.';
    document
      .querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLButtonElement>(
        '#controls input, #controls select, #controls button, #panel-weak select, #panel-weak button',
      )
      .forEach((el) => {
        el.disabled = true;
      });
    return;
  }
  onControlsChange(onChange);
  $('pause').addEventListener('click', () => setPaused(!paused));
  $('reset').addEventListener('click', () => void rebuild());
  document.addEventListener('keydown', (e) => {
    const t = e.target as HTMLElement | null;
    if (e.ctrlKey || e.metaKey || e.altKey || (t && /^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName))) return;
    if (e.key === 'p') setPaused(!paused);
    else if (e.key === 'r') void rebuild();
  });
  await rebuild();
  if (parsed.notes.length) setStatus(`Link corrected: ${parsed.notes.join('; ')}.`);
  requestAnimationFrame(loop);
}

void start();
