/**
 * Merging shard results: the exact accumulators of disjoint particle slices add up to those of the single run,
 * bit for bit (counts, histograms, exact sums), so the merged statistics equal the single run's.
 */
import { mergeSnapshot, snapshotFromJson, snapshotStats, snapshotToJson } from './accumulate.js';
import type { EnsembleResult } from './run.js';
import { resolveSpec } from './spec.js';

/** Combines the results of shards 0..n-1 of one spec into the result of the whole ensemble. */
export function mergeResults(parts: EnsembleResult[]): EnsembleResult {
  if (parts.length === 0) throw new RangeError('merge needs at least one shard result');
  const first = parts[0]!;
  const specText = JSON.stringify(first.spec);
  const count = first.shard.count;
  const seen = new Set<number>();
  for (const p of parts) {
    if (p.status !== 'complete') throw new RangeError(`shard ${p.shard.index}/${p.shard.count} did not complete (status ${p.status})`);
    if (JSON.stringify(p.spec) !== specText) throw new RangeError(`shard ${p.shard.index}/${p.shard.count} ran a different spec`);
    if (p.shard.count !== count) throw new RangeError(`shards come from different splits (${count} and ${p.shard.count})`);
    if (seen.has(p.shard.index)) throw new RangeError(`shard ${p.shard.index}/${count} is given twice`);
    seen.add(p.shard.index);
  }
  const missing = Array.from({ length: count }, (_, k) => k).filter((k) => !seen.has(k));
  if (missing.length > 0) throw new RangeError(`missing shard(s) ${missing.map((k) => `${k}/${count}`).join(', ')}`);
  const ordered = [...parts].sort((a, b) => a.shard.index - b.shard.index);
  const sums = ordered[0]!.sums.map((s) => snapshotFromJson(s));
  for (const p of ordered.slice(1)) p.sums.forEach((s, i) => mergeSnapshot(sums[i]!, snapshotFromJson(s)));
  const spec = resolveSpec(first.spec);
  const stats = sums.map((s) =>
    snapshotStats(s, spec.model.dim, { dt: spec.dt, t0: spec.t0, names: spec.observables?.names ?? [], histograms: spec.histograms }),
  );
  const last = stats[stats.length - 1]!;
  const seconds = ordered.reduce((a, p) => a + p.seconds, 0);
  return {
    ...first,
    shard: { index: 0, count: 1, first: 0, end: spec.particles },
    n: last.n,
    mean: last.mean,
    meanSE: last.meanSE,
    cov: last.cov,
    covSE: last.covSE,
    variance: last.variance,
    nonFinite: last.nonFinite.count,
    snapshots: stats,
    sums: sums.map(snapshotToJson),
    chunks: ordered.reduce((a, p) => a + p.chunks, 0),
    seconds,
    particleStepsPerSecond: Math.min(...ordered.map((p) => p.particleStepsPerSecond)),
    maxDispatchMs: Math.max(...ordered.map((p) => p.maxDispatchMs)),
  };
}
