/** A one-line terminal progress bar with an ETA, redrawn in place on stderr. */

/** A progress sink: `update(fraction, note)` and `done()` (clears the line). */
export interface ProgressBar {
  update(fraction: number, note?: string): void;
  done(): void;
}

const fmtSeconds = (s: number) =>
  !Number.isFinite(s)
    ? '?'
    : s < 60
      ? `${Math.ceil(s)}s`
      : `${Math.floor(s / 60)}m${String(Math.ceil(s % 60)).padStart(2, '0')}s`;

/**
 * A bar labelled `label` written to `stream`, or a silent one when `enabled` is false (not a TTY, or JSON on
 * stdout). The ETA extrapolates the elapsed time linearly in the completed fraction.
 */
export function createProgressBar(
  label: string,
  enabled: boolean,
  stream: { write(s: string): unknown; columns?: number } = process.stderr,
): ProgressBar {
  if (!enabled) return { update() {}, done() {} };
  const t0 = performance.now();
  let last = 0;
  const draw = (f: number, note = '') => {
    const elapsed = (performance.now() - t0) / 1000;
    const eta = f > 0 ? (elapsed * (1 - f)) / f : Number.NaN;
    const width = 24;
    const filled = Math.round(Math.min(1, Math.max(0, f)) * width);
    const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(f * 100)).padStart(3)}% ${fmtSeconds(elapsed)} elapsed, ETA ${fmtSeconds(eta)} ${note}`;
    const cols = stream.columns ?? 100;
    stream.write(`\r${line.slice(0, cols - 1).padEnd(cols - 1)}`);
  };
  return {
    update(f, note) {
      const now = performance.now();
      if (now - last < 100 && f < 1) return;
      last = now;
      draw(f, note);
    },
    done() {
      const cols = stream.columns ?? 100;
      stream.write(`\r${' '.repeat(cols - 1)}\r`);
    },
  };
}
