/**
 * The one stream table: every RNG_STREAM entry of src/rng/streams.ts is a constant of shaders/rng/streams.wgsl with
 * the same value and no other constant is there; no other WGSL file under shaders/ declares a stream constant or
 * passes a literal stream id to a counter or a stream-taking function.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RNG_STREAM, type RngStreamName, wgslStreamConstant } from '../../src/rng/streams.js';

const SHADERS = new URL('../../shaders/', import.meta.url).pathname;
const TABLE = 'rng/streams.wgsl';

function wgslFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? wgslFiles(join(dir, e.name)) : e.name.endsWith('.wgsl') ? [join(dir, e.name)] : [],
  );
}

/** WGSL source without comments. */
const code = (file: string) =>
  readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '');

/** Parses a WGSL integer literal (decimal or hex, optional u/i suffix); undefined when it is not one. */
function intLiteral(s: string): number | undefined {
  const m = /^(0[xX][0-9a-fA-F]+|\d+)[ui]?$/.exec(s.trim());
  return m ? Number(m[1]) : undefined;
}

/** Top-level comma-separated arguments of the call whose opening parenthesis is at `open`. */
function callArgs(src: string, open: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) {
      args.push(src.slice(start, i));
      return args;
    } else if (c === ',' && depth === 1) {
      args.push(src.slice(start, i));
      start = i + 1;
    }
  }
  throw new Error('unbalanced parentheses');
}

// Functions that take a stream id, with the index of that argument.
const STREAM_ARGUMENT: Record<string, number> = {
  rng_begin: 2,
  rng_stream: 2,
  rng_stream_step: 2,
  permutation_key_stream: 3,
  step_normals: 3,
  batch_gradient_with: 4,
};
const COUNTER_FUNCTIONS = /\b(philox4x32_10|threefry4x32_20(?:_ks)?|threefry4x32)\s*\(\s*vec4u\s*\(/g;

describe('RNG stream table', () => {
  const files = wgslFiles(SHADERS);

  it('shaders/rng/streams.wgsl declares exactly the TypeScript table, value for value', () => {
    const declared = new Map<string, number>();
    for (const m of code(join(SHADERS, TABLE)).matchAll(/\bconst\s+(\w+)\s*:\s*u32\s*=\s*([^;]+);/g)) {
      const v = intLiteral(m[2]!);
      expect(v, `${m[1]} = ${m[2]}`).toBeDefined();
      declared.set(m[1]!, v!);
    }
    const expected = new Map(
      (Object.keys(RNG_STREAM) as RngStreamName[]).map((k) => [wgslStreamConstant(k), RNG_STREAM[k]]),
    );
    expect(Object.fromEntries(declared)).toEqual(Object.fromEntries(expected));
    const ids = Object.values(RNG_STREAM);
    expect(new Set(ids).size, 'stream ids are distinct').toBe(ids.length);
    for (const id of ids) expect(Number.isInteger(id) && id >= 0 && id < 2 ** 32).toBe(true);
  });

  it('no other WGSL file declares a stream constant or passes a literal stream id', () => {
    expect(files.length).toBeGreaterThan(10);
    const problems: string[] = [];
    let checkedCalls = 0;
    for (const file of files) {
      const name = relative(SHADERS, file);
      if (name === TABLE) continue;
      const src = code(file);
      for (const m of src.matchAll(/\bconst\s+(\w*STREAM\w*)\s*(:|=)/gi))
        problems.push(`${name}: declares ${m[1]}`);
      for (const m of src.matchAll(COUNTER_FUNCTIONS)) {
        const open = m.index + m[0].length - 1;
        const w = callArgs(src, open)[3];
        checkedCalls++;
        if (w !== undefined && intLiteral(w) !== undefined)
          problems.push(`${name}: ${m[1]} counter word 3 is ${w.trim()}`);
      }
      for (const [fn, at] of Object.entries(STREAM_ARGUMENT)) {
        for (const m of src.matchAll(new RegExp(`\\b${fn}\\s*\\(`, 'g'))) {
          const args = callArgs(src, m.index + m[0].length - 1);
          if (/^\s*(\w+)\s*:/.test(args[0] ?? '')) continue; // the declaration `fn name(seed: vec2u, …)`
          checkedCalls++;
          const s = args[at];
          if (s !== undefined && intLiteral(s) !== undefined)
            problems.push(`${name}: ${fn} stream is ${s.trim()}`);
        }
      }
    }
    expect(checkedCalls, 'calls inspected').toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });
});
