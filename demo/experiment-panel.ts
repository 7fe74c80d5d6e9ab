/**
 * Panel 3: an experiment of the suite (`src/experiments`), run in the page on the same device, with its figures
 * (error bars, fitted slope). `sgd-vs-sde` builds up live, level by level (`weak-error-live.ts`); any other
 * experiment's figures are drawn when it ends. The panel is meant for `sgd-vs-sde`.
 */

import { EXPERIMENTS } from '../src/experiments/registry.js';
import { fmtNumber, fmtTest, fmtTheory } from '../src/experiments/report.js';
import { runExperiment } from '../src/experiments/run.js';
import type { Experiment, ExperimentOutcome } from '../src/experiments/types.js';
import type { GpuContext } from '../src/gpu/device.js';
import { drawFigure } from './plot.js';
import { type LiveWeakState, runSgdVsSdeLive } from './weak-error-live.js';

/** The experiment panel 3 is for. */
export const PANEL3_EXPERIMENT = 'sgd-vs-sde';

/** What the page exposes about panel 3. */
export interface ExperimentStatus {
  name: string;
  running: boolean;
  progress: number;
  verdict: string;
  figures: number;
  /** Headline quantity, estimate ± SE and theory of the last run. */
  quantity: string;
  estimate: number;
  se: number | null;
  theory: number;
  error: string;
  /**
   * Live sgd-vs-sde runs: step sizes finished and, per finished step size, the points drawn so far (g = loss, all
   * problems and checks) and how far the run was (progress in [0, 1]).
   */
  levelsDone: number;
  levelLog: { level: number; points: number; progress: number; running: boolean }[];
}

const el = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** Wires panel 3's controls; `getContext` supplies the device, `onRunning` tells the page to yield the GPU. */
export function setupExperimentPanel(
  getContext: () => Promise<GpuContext>,
  onRunning: (running: boolean) => void,
): ExperimentStatus {
  const select = el<HTMLSelectElement>('experiment');
  const sizes = el<HTMLSelectElement>('experiment-particles');
  const run = el<HTMLButtonElement>('experiment-run');
  const status = el<HTMLParagraphElement>('weak-status');
  const progress = el<HTMLProgressElement>('experiment-progress');
  const verdict = el<HTMLParagraphElement>('experiment-verdict');
  const figures = el<HTMLDivElement>('experiment-figures');
  const exposed: ExperimentStatus = {
    name: '',
    running: false,
    progress: 0,
    verdict: '',
    figures: 0,
    quantity: '',
    estimate: Number.NaN,
    se: null,
    theory: Number.NaN,
    error: '',
    levelsDone: 0,
    levelLog: [],
  };

  select.replaceChildren(
    ...EXPERIMENTS.map((e) => {
      const o = document.createElement('option');
      o.value = e.name;
      o.textContent = e.name;
      return o;
    }),
  );
  select.value = EXPERIMENTS.some((e) => e.name === PANEL3_EXPERIMENT)
    ? PANEL3_EXPERIMENT
    : (EXPERIMENTS[0]?.name ?? '');
  const current = (): Experiment | undefined => EXPERIMENTS.find((e) => e.name === select.value);

  const show = () => {
    const e = current();
    exposed.name = e?.name ?? '';
    figures.replaceChildren();
    verdict.textContent = '';
    exposed.figures = 0;
    exposed.verdict = '';
    if (!e) {
      status.textContent = `Waiting for: the ${PANEL3_EXPERIMENT} experiment, which this build does not have.`;
      status.classList.add('waiting');
      run.disabled = true;
      return;
    }
    const preview = Math.max(256, Math.floor(e.quick.particles / 4));
    const choices = [
      ...new Set([preview, e.quick.particles, e.defaults.particles, 4 * e.defaults.particles]),
    ].sort((a, b) => a - b);
    sizes.replaceChildren(
      ...choices.map((n) => {
        const o = document.createElement('option');
        o.value = String(n);
        const tag =
          n === e.defaults.particles
            ? ' (suite default)'
            : n === e.quick.particles
              ? ' (quick)'
              : n === preview
                ? ' (preview: fast, often unresolved)'
                : ' (4× the suite: slower)';
        o.textContent = `${n.toLocaleString('en-US')}${tag}`;
        return o;
      }),
    );
    sizes.value = String(e.quick.particles);
    status.textContent = `${e.claim} ${e.name === PANEL3_EXPERIMENT ? '' : `(Panel 3 is meant for ${PANEL3_EXPERIMENT}; this is another experiment of the suite.)`}`;
    run.disabled = false;
    sizes.disabled = false;
  };

  /** Draws figures into the panel, reusing canvases that are already there (so a live redraw does not flicker). */
  const drawFigures = (list: ExperimentOutcome['figures']) => {
    if (figures.childElementCount !== list.length) {
      figures.replaceChildren(
        ...list.map(() => {
          const box = document.createElement('figure');
          const cap = document.createElement('figcaption');
          const c = document.createElement('canvas');
          c.className = 'figure';
          c.setAttribute('role', 'img');
          box.append(cap, c);
          return box;
        }),
      );
    }
    list.forEach((f, i) => {
      const box = figures.children[i]!;
      box.querySelector('figcaption')!.textContent = f.title;
      const c = box.querySelector('canvas')!;
      c.setAttribute('aria-label', `${f.title}; ${f.series.map((s) => s.label).join('; ')}`);
      drawFigure(c, f);
    });
    exposed.figures = list.length;
  };

  /** Exposes an outcome's headline numbers; returns its estimate (± SE) and interval as text. */
  const expose = (
    out: Pick<ExperimentOutcome, 'verdict' | 'quantity' | 'estimate' | 'se' | 'theory' | 'ci'>,
  ) => {
    Object.assign(exposed, {
      verdict: out.verdict,
      quantity: out.quantity,
      estimate: out.estimate,
      se: out.se,
      theory: out.theory,
    });
    return {
      value: `${out.estimate.toPrecision(4)}${out.se !== null ? ` ± ${out.se.toPrecision(2)}` : ''}`,
      ci: `[${out.ci[0].toPrecision(4)}, ${out.ci[1].toPrecision(4)}]`,
    };
  };

  const render = (out: ExperimentOutcome) => {
    const { value, ci } = expose(out);
    const head = out.checks[0]!;
    verdict.textContent = `${out.quantity}: estimate ${value}, ${fmtNumber(100 * out.ciLevel, 4)}% interval ${ci}, theory ${fmtTheory(head)} (test ${fmtTest(head)}) → ${out.verdict}. ${out.verdictReason}`;
    drawFigures(out.figures);
  };

  /** sgd-vs-sde level by level: each level's points appear when it finishes, and the slopes are refitted. */
  const runLive = async (ctx: GpuContext, particles: number) => {
    exposed.levelsDone = 0;
    exposed.levelLog = [];
    const out = await runSgdVsSdeLive(ctx, {
      particles,
      seed: 1,
      onProgress: (fraction, note) => {
        exposed.progress = fraction;
        progress.value = fraction;
        verdict.textContent = `Running: ${note}. Points appear as each step size finishes.`;
      },
      onLevel: (s: LiveWeakState) => {
        exposed.levelsDone = s.done;
        exposed.levelLog.push({
          level: s.done,
          points: Object.values(s.points).reduce((a, k) => a + k.sde.length + k.modified.length, 0),
          progress: exposed.progress,
          running: s.done < s.levels,
        });
        drawFigures(s.figures);
      },
    });
    const { value, ci } = expose(out);
    verdict.textContent = `${out.quantity}: slope ${value}, 99% interval ${ci}, theory 1 ± 0.25 (SGD-SDE), 2 ± 0.5 (modified SDE) → ${out.verdict}. ${out.reason}.`;
  };

  select.addEventListener('change', show);
  run.addEventListener('click', async () => {
    const e = current();
    if (!e || exposed.running) return;
    exposed.running = true;
    exposed.error = '';
    exposed.progress = 0;
    run.disabled = true;
    select.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    figures.replaceChildren();
    const live = e.name === PANEL3_EXPERIMENT;
    verdict.textContent = live
      ? 'Running… (panels 1 and 2 pause meanwhile; points appear as each step size finishes)'
      : 'Running… (panels 1 and 2 pause meanwhile; the figures appear when the run ends)';
    onRunning(true);
    try {
      const ctx = await getContext();
      if (live) {
        await runLive(ctx, Number(sizes.value));
        return;
      }
      const out = await runExperiment(ctx, e, {
        particles: Number(sizes.value),
        seed: 1,
        onProgress: (fraction, note) => {
          exposed.progress = fraction;
          progress.value = fraction;
          if (note) verdict.textContent = `Running: ${note}`;
        },
      });
      render(out);
    } catch (err) {
      exposed.error = err instanceof Error ? err.message : String(err);
      verdict.textContent = `The run failed: ${exposed.error}`;
    } finally {
      exposed.running = false;
      progress.hidden = true;
      run.disabled = false;
      select.disabled = false;
      onRunning(false);
    }
  });
  show();
  return exposed;
}
