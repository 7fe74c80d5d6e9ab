/**
 * Checkpoints of an ensemble run: everything needed to resume it bit-identically, sealed with the SHA-256 of its
 * spec and of its whole content. {@link verifyCheckpoint} refuses, with a {@link CheckpointError} that says what is
 * wrong, any checkpoint whose format, version, checksum, spec, shard, position or buffers do not fit together;
 * it runs on the host before any GPU work.
 */
import { snapshotFromJson } from './accumulate.js';
import { shardRange, TILE } from './chunk.js';
import { resolveSpec, type SimulationSpec, SpecError } from './spec.js';

/** The `format` field of every checkpoint this library writes. */
export const CHECKPOINT_FORMAT = 'sgd-sde-checkpoint';
/** The checkpoint layout this library writes and reads. */
export const CHECKPOINT_VERSION = 2;

/** Everything needed to resume a run bit-identically. */
export interface EnsembleCheckpoint {
  format: typeof CHECKPOINT_FORMAT;
  version: typeof CHECKPOINT_VERSION;
  spec: SimulationSpec;
  /** SHA-256 (hex) of the spec's canonical JSON (keys sorted). */
  specHash: string;
  shard: { index: number; count: number };
  /** Particles per chunk (a multiple of 4096). */
  capacity: number;
  /** Chunk being stepped, snapshot being approached, and the global step the chunk has reached. */
  chunk: number;
  snapshot: number;
  step: number;
  shifts: number[][];
  observableShifts: number[][];
  ranges: (number[][] | null)[][];
  sums: Record<string, unknown>[];
  /** Base64 of the chunk's state (capacity × d float32), status and first-passage words (capacity × u32). */
  state: string;
  status: string;
  passage: string | null;
  /** SHA-256 (hex) of the canonical JSON of every other field. */
  checksum: string;
}

/** A checkpoint that cannot be resumed, with the reason. */
export class CheckpointError extends RangeError {
  override name = 'CheckpointError';
}

/** JSON with object keys sorted at every depth: the text that the hashes are taken of. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** SHA-256 of `text` (UTF-8) as hex, through Web Crypto (browsers and Node alike). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function toBase64(a: ArrayBufferView): string {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function fromBase64(s: string, what: string): Uint8Array<ArrayBuffer> {
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s))
    throw new CheckpointError(`checkpoint field "${what}" is not valid base64`);
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

type Unsealed = Omit<EnsembleCheckpoint, 'format' | 'version' | 'specHash' | 'checksum'>;

/** Adds the format, version, spec hash and checksum to a checkpoint's content. */
export async function sealCheckpoint(body: Unsealed): Promise<EnsembleCheckpoint> {
  const withHash = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    ...body,
    specHash: await sha256Hex(canonicalJson(body.spec)),
  } as const;
  return { ...withHash, checksum: await sha256Hex(canonicalJson(withHash)) };
}

/** The decoded buffers of a verified checkpoint. */
export interface CheckpointBuffers {
  state: Float32Array<ArrayBuffer>;
  status: Uint32Array<ArrayBuffer>;
  passage: Uint32Array<ArrayBuffer> | null;
}

const verified = new WeakMap<object, CheckpointBuffers>();

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/**
 * Checks everything a resume relies on and returns the decoded buffers; throws a {@link CheckpointError} naming
 * what does not fit. A checkpoint object that passed once is not hashed again.
 */
export async function verifyCheckpoint(cp: unknown): Promise<CheckpointBuffers> {
  if (cp === null || typeof cp !== 'object' || Array.isArray(cp))
    throw new CheckpointError('a checkpoint must be a JSON object');
  const done = verified.get(cp);
  if (done) return done;
  const c = cp as Record<string, unknown>;
  if (c.format !== CHECKPOINT_FORMAT)
    throw new CheckpointError('not an sgd-sde checkpoint (no "format" field)');
  if (c.version !== CHECKPOINT_VERSION)
    throw new CheckpointError(
      `checkpoint version ${JSON.stringify(c.version)} cannot be resumed by this sgd-sde (it reads version ${CHECKPOINT_VERSION})`,
    );
  const fields: [string, (v: unknown) => boolean, string][] = [
    ['spec', (v) => v !== null && typeof v === 'object', 'an object'],
    ['specHash', (v) => typeof v === 'string', 'a string'],
    [
      'shard',
      (v) => v !== null && typeof v === 'object' && isInt((v as { index?: unknown }).index),
      'a shard',
    ],
    ['capacity', isInt, 'an integer'],
    ['chunk', isInt, 'an integer'],
    ['snapshot', isInt, 'an integer'],
    ['step', isInt, 'an integer'],
    ['shifts', Array.isArray, 'an array'],
    ['observableShifts', Array.isArray, 'an array'],
    ['ranges', Array.isArray, 'an array'],
    ['sums', Array.isArray, 'an array'],
    ['state', (v) => typeof v === 'string', 'a string'],
    ['status', (v) => typeof v === 'string', 'a string'],
    ['passage', (v) => v === null || typeof v === 'string', 'a string or null'],
    ['checksum', (v) => typeof v === 'string', 'a string'],
  ];
  for (const [name, ok, what] of fields) {
    if (!(name in c)) throw new CheckpointError(`checkpoint is missing "${name}"`);
    if (!ok(c[name])) throw new CheckpointError(`checkpoint field "${name}" must be ${what}`);
  }
  const { checksum, ...rest } = c;
  if ((await sha256Hex(canonicalJson(rest))) !== checksum)
    throw new CheckpointError(
      'checkpoint content does not match its checksum: the file was changed or truncated',
    );
  if ((await sha256Hex(canonicalJson(c.spec))) !== c.specHash)
    throw new CheckpointError('checkpoint spec does not match its specHash');

  // Consistency with the spec (a checkpoint sealed by hand must still describe a run that can continue).
  const k = cp as EnsembleCheckpoint;
  let spec: ReturnType<typeof resolveSpec>;
  try {
    spec = resolveSpec(k.spec);
  } catch (e) {
    if (e instanceof SpecError) throw new CheckpointError(`checkpoint spec: ${e.message}`);
    throw e;
  }
  const { index, count } = k.shard;
  if (!(isInt(count) && count >= 1 && index >= 0 && index < count))
    throw new CheckpointError(`checkpoint shard must be k/n with 0 <= k < n, got ${index}/${count}`);
  const [first, end] = shardRange(spec.particles, index, count);
  if (!(k.capacity >= TILE && k.capacity % TILE === 0))
    throw new CheckpointError(
      `checkpoint capacity must be a positive multiple of ${TILE}, got ${k.capacity}`,
    );
  const chunks = end > first ? Math.ceil((end - first) / k.capacity) : 0;
  if (!(k.chunk >= 0 && k.chunk < chunks))
    throw new CheckpointError(`checkpoint chunk ${k.chunk} is not one of this run's ${chunks} chunk(s)`);
  const snaps = spec.snapshots;
  if (!(k.snapshot >= 0 && k.snapshot < snaps.length))
    throw new CheckpointError(`checkpoint snapshot ${k.snapshot} is not one of the spec's ${snaps.length}`);
  const lo = k.snapshot > 0 ? snaps[k.snapshot - 1]! : 0;
  if (!(k.step >= lo && k.step <= snaps[k.snapshot]!))
    throw new CheckpointError(
      `checkpoint step ${k.step} lies outside snapshot ${k.snapshot}'s steps [${lo}, ${snaps[k.snapshot]}]`,
    );
  const d = spec.model.dim;
  const nObs = spec.observables?.count ?? 0;
  for (const [name, list, len] of [
    ['shifts', k.shifts, d],
    ['observableShifts', k.observableShifts, nObs],
  ] as const) {
    if (list.length !== snaps.length)
      throw new CheckpointError(
        `checkpoint "${name}" has ${list.length} entries for ${snaps.length} snapshots`,
      );
    list.forEach((v, i) => {
      if (!Array.isArray(v) || v.length !== len || !v.every((x) => typeof x === 'number'))
        throw new CheckpointError(`checkpoint "${name}[${i}]" must hold ${len} numbers`);
    });
  }
  if (k.ranges.length !== snaps.length)
    throw new CheckpointError(
      `checkpoint "ranges" has ${k.ranges.length} entries for ${snaps.length} snapshots`,
    );
  if (k.sums.length !== snaps.length)
    throw new CheckpointError(`checkpoint "sums" has ${k.sums.length} entries for ${snaps.length} snapshots`);
  k.sums.forEach((s, i) => {
    try {
      snapshotFromJson(s);
    } catch (e) {
      throw new CheckpointError(`checkpoint "sums[${i}]" cannot be read: ${(e as Error).message}`);
    }
  });
  const bytes = (name: 'state' | 'status' | 'passage', s: string, want: number) => {
    const b = fromBase64(s, name);
    if (b.length !== want)
      throw new CheckpointError(`checkpoint "${name}" holds ${b.length} bytes; the chunk needs ${want}`);
    return b;
  };
  const state = new Float32Array(bytes('state', k.state, k.capacity * d * 4).buffer);
  const status = new Uint32Array(bytes('status', k.status, k.capacity * 4).buffer);
  if ((k.passage !== null) !== (spec.firstPassage !== null))
    throw new CheckpointError(
      `checkpoint "passage" must be ${spec.firstPassage ? 'the first-passage words' : 'null'} for this spec`,
    );
  const passage =
    k.passage === null ? null : new Uint32Array(bytes('passage', k.passage, k.capacity * 4).buffer);
  const out = { state, status, passage };
  verified.set(cp, out);
  return out;
}
