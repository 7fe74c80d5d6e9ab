#!/usr/bin/env node
/**
 * Renders the measurement tables the docs show from the data in docs/results/ (plain Node, no dependencies).
 *
 *   node scripts/render-results.mjs             print every table the docs embed, each under its marker
 *   node scripts/render-results.mjs SPEC        print one table (SPEC as in a marker, e.g. bench-cpu.json)
 *   node scripts/render-results.mjs --write     rewrite the embedded tables in docs/*.md and README.md
 *   node scripts/render-results.mjs --check     exit 1 naming each embedded table that differs from its rendering
 *
 * Bad input (a missing file or table) exits 2 with one line.
 *
 * A doc embeds a table between `<!-- results:SPEC -->` and `<!-- /results -->`. SPEC is a file in docs/results/,
 * optionally followed by `#KEY`:
 *   - a file written by `npm run bench -- --json` (`rows` of name, value, unit, peer, peerValue, ratio): one row per
 *     benchmark; `#rows=REGEX` keeps the rows whose name matches;
 *   - an array of experiment results (`sgd-sde run … --json`): one row per experiment and seed;
 *   - a file with `tables`: `#NAME` picks `tables[NAME]`, literal `columns`, optional `align` (l, r) and `rows`;
 *   - a file with `dieharder` (result lines of dieharder runs): `#summary` gives one row per test.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(ROOT, 'docs', 'results');
const MARKER = /<!-- results:([^ ]+) -->\n([\s\S]*?)<!-- \/results -->/g;

/** `x` to `digits` significant digits, without exponent for ordinary magnitudes. */
function sig(x, digits = 3) {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 10 ** digits) return Math.round(x).toLocaleString('en-US');
  if (a < 1e-4) return x.toExponential(digits - 1);
  return String(Number(x.toPrecision(digits)));
}

function table(columns, rows, align = columns.map(() => 'l')) {
  const line = (cells) => `| ${cells.map((c) => String(c).replaceAll('|', '\\|')).join(' | ')} |`;
  const rule = `| ${align.map((a) => (a === 'r' ? '---:' : '---')).join(' | ')} |`;
  return [line(columns), rule, ...rows.map(line)].join('\n');
}

function benchTable(data, key) {
  const filter = key?.startsWith('rows=') ? new RegExp(key.slice(5)) : null;
  const rows = data.rows
    .filter((r) => !filter || filter.test(r.name))
    .map((r) => [
      r.name,
      sig(r.value),
      r.unit,
      r.peer === undefined ? '—' : r.peer === data.peer ? 'C' : r.peer,
      sig(r.peerValue),
      sig(r.ratio, 2),
    ]);
  return table(['benchmark', 'value', 'unit', 'peer', 'peer value', 'ratio'], rows, [
    'l',
    'r',
    'l',
    'l',
    'r',
    'r',
  ]);
}

function experimentsTable(results) {
  const sorted = [...results].sort((a, b) => a.experiment.localeCompare(b.experiment) || a.seed - b.seed);
  const rows = sorted.map((r) => {
    const passed = r.checks.filter((c) => c.verdict === 'pass').length;
    return [
      r.experiment,
      r.seed,
      r.n.toLocaleString('en-US'),
      `${sig(r.theory, 4)} ± ${sig(r.tolerance, 4)}`,
      `${sig(r.estimate, 4)} [${sig(r.ci[0], 4)}, ${sig(r.ci[1], 4)}]`,
      `${passed}/${r.checks.length}`,
      r.verdict,
      r.seconds.toFixed(2),
    ];
  });
  return table(
    ['experiment', 'seed', 'N', 'theory ± tol', 'measured [CI]', 'checks passed', 'verdict', 's'],
    rows,
    ['l', 'r', 'r', 'l', 'l', 'r', 'l', 'r'],
  );
}

function dieharderSummary(data) {
  const byTest = new Map();
  for (const run of data.dieharder) {
    for (const l of run.lines) {
      const t = byTest.get(l.test) ?? { n: 0, min: 1, max: 0, assessments: new Map(), seeds: new Set() };
      t.n += 1;
      t.min = Math.min(t.min, l.p);
      t.max = Math.max(t.max, l.p);
      t.assessments.set(l.assessment, (t.assessments.get(l.assessment) ?? 0) + 1);
      t.seeds.add(run.seed);
      byTest.set(l.test, t);
    }
  }
  const rows = [...byTest].map(([test, t]) => [
    test,
    t.n,
    sig(t.min, 4),
    sig(t.max, 4),
    [...t.assessments].map(([a, n]) => `${n} ${a}`).join(', '),
    [...t.seeds].join(', '),
  ]);
  return table(['test', 'p-values', 'smallest p', 'largest p', 'assessments', 'seeds'], rows, [
    'l',
    'r',
    'r',
    'r',
    'l',
    'l',
  ]);
}

/** The markdown table for one SPEC (`file.json` or `file.json#key`). */
export function render(spec) {
  const [file, key] = spec.split(/#(.*)/s);
  const data = JSON.parse(readFileSync(join(RESULTS, file), 'utf8'));
  if (Array.isArray(data)) return experimentsTable(data);
  if (data.tables) {
    const t = data.tables[key];
    if (!t) throw new Error(`${file} has no table "${key}" (has ${Object.keys(data.tables).join(', ')})`);
    return table(t.columns, t.rows, t.align);
  }
  if (data.dieharder && key === 'summary') return dieharderSummary(data);
  if (data.rows) return benchTable(data, key);
  throw new Error(`${file}: no table for "${spec}"`);
}

function docs() {
  const dir = join(ROOT, 'docs');
  return [
    join(ROOT, 'README.md'),
    ...readdirSync(dir)
      .filter((f) => f.endsWith('.md'))
      .map((f) => join(dir, f)),
  ];
}

function main(args) {
  const mode = args[0];
  if (mode && !mode.startsWith('--')) {
    console.log(render(mode));
    return 0;
  }
  let stale = 0;
  for (const path of docs()) {
    const text = readFileSync(path, 'utf8');
    const next = text.replace(MARKER, (_whole, spec, body) => {
      const want = `${render(spec)}\n`;
      if (body !== want) {
        stale += 1;
        if (mode === '--check')
          console.error(`${path.slice(ROOT.length + 1)}: table ${spec} differs from its data`);
      }
      if (mode === undefined) console.log(`<!-- results:${spec} -->\n${want}`);
      return `<!-- results:${spec} -->\n${want}<!-- /results -->`;
    });
    if (mode === '--write' && next !== text) writeFileSync(path, next);
  }
  if (mode === '--check') return stale ? 1 : 0;
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    console.error(`render-results: ${e instanceof Error ? e.message : e}`);
    process.exitCode = 2;
  }
}
