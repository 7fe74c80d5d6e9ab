/**
 * Merging shard results: the exact accumulators of disjoint particle slices add up to those of the single run,
 * bit for bit (counts, histograms, exact sums), so the merged statistics equal the single run's.
 */
import { histogramSlotCount } from '../reduce/histogram.js';
import { mergeSnapshot, snapshotFromJson, snapshotStats, snapshotToJson } from './accumulate.js';
import { shown } from './fields.js';
import type { EnsembleResult } from './run.js';
import { type ResolvedSpec, resolveSpec } from './spec.js';

type Doc = Record<string, unknown>;

function field(what: string, ok: boolean, expected: string, v: unknown): void {
  if (!ok) throw new RangeError(`${what} must be ${expected}, got ${shown(v)}`);
}
const isObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const numbers = (v: unknown) => Array.isArray(v) && v.every(isNumber);
const EXACT = /^(-?\d+|overflow)$/;
const exactPairs = (v: unknown) =>
  Array.isArray(v) &&
  v.every(
    (p) => Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === 'string' && EXACT.test(x)),
  );

/** Checks one snapshot's sums in a shard result (`what` names it); throws a RangeError naming the field. */
function checkSums(what: string, s: unknown): void {
  field(what, isObject(s), 'an object', s);
  const o = s as Doc;
  for (const k of ['step', 'finite', 'nonFinite', 'nonFiniteFirstStep', 'nonFiniteLastStep'])
    field(`${what}.${k}`, isCount(o[k]), 'a non-negative integer', o[k]);
  for (const k of ['shift', 'observableShift'])
    field(`${what}.${k}`, numbers(o[k]), 'an array of numbers', o[k]);
  for (const k of ['moments', 'observables'])
    field(`${what}.${k}`, exactPairs(o[k]), 'an array of [sum, sum of squares] exact-sum strings', o[k]);
  field(`${what}.histograms`, Array.isArray(o.histograms), 'an array', o.histograms);
  (o.histograms as unknown[]).forEach((h, i) => {
    const hw = `${what}.histograms[${i}]`;
    field(hw, isObject(h), 'an object', h);
    const ho = h as Doc;
    field(
      `${hw}.range`,
      Array.isArray(ho.range) && ho.range.every(numbers),
      'an array of [lo, hi]',
      ho.range,
    );
    field(`${hw}.slots`, Array.isArray(ho.slots) && ho.slots.every(isCount), 'an array of counts', ho.slots);
  });
  if (o.passage !== null) {
    const pw = `${what}.passage`;
    field(pw, isObject(o.passage), 'null or an object', o.passage);
    const p = o.passage as Doc;
    for (const k of ['exited', 'lastStep', 'binWidth']) field(`${pw}.${k}`, isCount(p[k]), 'a count', p[k]);
    field(
      `${pw}.stepSum`,
      typeof p.stepSum === 'string' && /^\d+$/.test(p.stepSum),
      'a decimal string',
      p.stepSum,
    );
    field(`${pw}.hist`, Array.isArray(p.hist) && p.hist.every(isCount), 'an array of counts', p.hist);
  }
}

/**
 * Checks that `doc` has the fields of a shard result that {@link mergeResults} reads, with their types; `what`
 * names the document in messages (a file name). Throws a RangeError naming the first wrong field.
 */
export function checkShardResult(doc: unknown, what: string): EnsembleResult {
  field(what, isObject(doc), 'a JSON object', doc);
  const d = doc as Doc;
  field(
    `${what}: status`,
    d.status === 'complete' || d.status === 'paused',
    '"complete" or "paused"',
    d.status,
  );
  field(`${what}: spec`, isObject(d.spec), 'the spec object', d.spec);
  field(`${what}: shard`, isObject(d.shard), 'an object {index, count, first, end}', d.shard);
  const shard = d.shard as Doc;
  for (const k of ['index', 'count', 'first', 'end'])
    field(`${what}: shard.${k}`, isCount(shard[k]), 'a non-negative integer', shard[k]);
  if (!((shard.index as number) < (shard.count as number)))
    throw new RangeError(`${what}: shard ${shard.index}/${shard.count} needs index < count`);
  for (const k of ['chunks', 'seconds', 'particleStepsPerSecond', 'maxDispatchMs'])
    field(`${what}: ${k}`, isNumber(d[k]) && d[k] >= 0, 'a non-negative number', d[k]);
  field(`${what}: sums`, Array.isArray(d.sums), 'an array', d.sums);
  (d.sums as unknown[]).forEach((s, i) => {
    checkSums(`${what}: sums[${i}]`, s);
  });
  return doc as EnsembleResult;
}

/** Checks that a shard's sums have the shape `spec` gives (snapshots, moments, observables, histogram cells). */
function checkSumsShape(p: EnsembleResult, spec: ResolvedSpec): void {
  const what = `shard ${p.shard.index}/${p.shard.count}`;
  const d = spec.model.dim;
  if (p.sums.length !== spec.snapshots.length)
    throw new RangeError(
      `${what} has ${p.sums.length} snapshots of sums; its spec has ${spec.snapshots.length}`,
    );
  p.sums.forEach((raw, i) => {
    const s = raw as Doc & { moments: unknown[]; observables: unknown[]; histograms: { slots: unknown[] }[] };
    const sw = `${what}: sums[${i}]`;
    if (s.moments.length !== d + (d * (d + 1)) / 2)
      throw new RangeError(
        `${sw}.moments has ${s.moments.length} entries; dimension ${d} needs ${d + (d * (d + 1)) / 2}`,
      );
    if (s.observables.length !== (spec.observables?.count ?? 0))
      throw new RangeError(
        `${sw}.observables has ${s.observables.length} entries; the spec has ${spec.observables?.count ?? 0}`,
      );
    if (s.histograms.length !== spec.histograms.length)
      throw new RangeError(
        `${sw}.histograms has ${s.histograms.length} entries; the spec has ${spec.histograms.length}`,
      );
    s.histograms.forEach((h, j) => {
      const cells = histogramSlotCount(spec.histograms[j]!.bins);
      if (h.slots.length !== cells)
        throw new RangeError(
          `${sw}.histograms[${j}].slots has ${h.slots.length} entries; the spec needs ${cells}`,
        );
    });
  });
}

/**
 * Combines the results of shards 0..n-1 of one spec into the result of the whole ensemble.
 *
 * @param parts - the results of shards 0..n−1 of one spec (each `status: 'complete'`), in any order
 * @returns the result of the whole ensemble, bit-identical to one unsharded run
 * @throws RangeError when the parts are not the complete, distinct shards of one spec
 */
export function mergeResults(parts: EnsembleResult[]): EnsembleResult {
  if (parts.length === 0) throw new RangeError('merge needs at least one shard result');
  parts.forEach((p, i) => {
    checkShardResult(p, `shard result ${i}`);
  });
  const first = parts[0]!;
  const specText = JSON.stringify(first.spec);
  const count = first.shard.count;
  const seen = new Set<number>();
  for (const p of parts) {
    if (p.status !== 'complete')
      throw new RangeError(`shard ${p.shard.index}/${p.shard.count} did not complete (status ${p.status})`);
    if (JSON.stringify(p.spec) !== specText)
      throw new RangeError(`shard ${p.shard.index}/${p.shard.count} ran a different spec`);
    if (p.shard.count !== count)
      throw new RangeError(`shards come from different splits (${count} and ${p.shard.count})`);
    if (seen.has(p.shard.index)) throw new RangeError(`shard ${p.shard.index}/${count} is given twice`);
    seen.add(p.shard.index);
  }
  const missing = Array.from({ length: count }, (_, k) => k).filter((k) => !seen.has(k));
  if (missing.length > 0)
    throw new RangeError(`missing shard(s) ${missing.map((k) => `${k}/${count}`).join(', ')}`);
  const spec = resolveSpec(first.spec);
  for (const p of parts) checkSumsShape(p, spec);
  const ordered = [...parts].sort((a, b) => a.shard.index - b.shard.index);
  const sums = ordered[0]!.sums.map((s) => snapshotFromJson(s));
  for (const p of ordered.slice(1)) {
    p.sums.forEach((s, i) => {
      mergeSnapshot(sums[i]!, snapshotFromJson(s));
    });
  }
  const stats = sums.map((s) =>
    snapshotStats(s, spec.model.dim, {
      dt: spec.dt,
      t0: spec.t0,
      names: spec.observables?.names ?? [],
      histograms: spec.histograms,
    }),
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
