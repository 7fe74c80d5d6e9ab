/** The exit statuses of every `sgd-sde` command (docs list them per command). */
export const EXIT = Object.freeze({
  /** Done; every verdict passed. */
  ok: 0,
  /** A verdict failed, or a runtime failure (device lost, a dispatch past the watchdog, a write that failed). */
  failed: 1,
  /** Bad input: options, spec, data or checkpoint; reported before any GPU work. */
  usage: 2,
  /** Particles diverged (non-finite, or float32 sums overflowed); the JSON is still written. */
  diverged: 3,
  /** Stopped by SIGINT or SIGTERM. */
  interrupted: 130,
});
