/**
 * A self-contained HTML report of experiment results (inline SVG figures, inline CSS, no scripts or external
 * resources), and the list of files a report directory holds: index.html, results.json and one .svg per figure.
 * Pure string building, so it runs in a browser as well; the CLI writes the files.
 */
import { escapeXml, renderSvg } from './svg.js';
import type { Check, ExperimentResult, Row } from './types.js';

/** A file of a report: path relative to the report directory, and its text. */
export interface ReportFile {
  path: string;
  text: string;
}

/** Significant-digit formatting shared by the report and the CLI table. */
export function fmtNumber(v: number | null | undefined, digits = 4): string {
  // Not finite: JSON writes null, so the table and report print what the JSON says (no number).
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e6 ? String(Number(v.toPrecision(digits))) : v.toExponential(digits - 1);
}

/** "estimate [lo, hi]" as the summary table prints it. */
export function fmtEstimate(r: Pick<ExperimentResult, 'estimate' | 'ci'>): string {
  return `${fmtNumber(r.estimate)} [${fmtNumber(r.ci[0])}, ${fmtNumber(r.ci[1])}]`;
}

/** A check's claim as the theory column shows it: the exact value, or `< b` / `> b` for a one-sided claim. */
export function fmtTheory(c: Pick<Check, 'kind' | 'theory' | 'side' | 'bound'>): string {
  if (c.kind === 'one-sided' && c.bound !== undefined)
    return `${c.side === 'below' ? '<' : '>'} ${fmtNumber(c.bound)}`;
  return fmtNumber(c.theory);
}

/**
 * A check's test as the tolerance column shows it: `±tol` (equivalence), `z α=…` (a point z-test at level α),
 * `1-sided` (the 99% interval against the bound).
 */
export function fmtTest(c: Pick<Check, 'kind' | 'tolerance' | 'alpha'>): string {
  if (c.kind === 'point') return `z α=${c.alpha !== undefined ? fmtNumber(c.alpha, 2) : '?'}`;
  if (c.kind === 'one-sided') return '1-sided';
  return `±${fmtNumber(c.tolerance)}`;
}

/** A point check's detectable shift: relative (`1.2%`) when theory ≠ 0, else absolute; '' for other kinds. */
export function fmtDetectable(c: Pick<Check, 'kind' | 'detectable' | 'detectableAbsolute'>): string {
  if (c.kind !== 'point') return '';
  if (c.detectable !== null && c.detectable !== undefined) return `${fmtNumber(100 * c.detectable, 2)}%`;
  return c.detectableAbsolute !== undefined ? `±${fmtNumber(c.detectableAbsolute, 2)}` : '';
}

/** File name of a figure: `<experiment>-<figure id>.svg`. */
export function figureFileName(experiment: string, figureId: string): string {
  return `${experiment}-${figureId}.svg`;
}

const cell = (v: Row[string]) =>
  typeof v === 'number' ? fmtNumber(v) : v === null ? '—' : escapeXml(String(v));

function rowsTable(rows: Row[]): string {
  if (rows.length === 0) return '';
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const head = cols.map((c) => `<th>${escapeXml(c)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${cols.map((c) => `<td>${cell(r[c] ?? null)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table class="rows"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** What pass means for each kind of check (the CLI and the report print it under their tables). */
export const VERDICT_LEGEND: readonly string[] = [
  'Equivalence (test ±tol): pass when the whole interval lies inside theory ± tol, fail when it lies entirely outside, unresolved otherwise.',
  'Point (test z, an exact law or exact chain): pass when theory lies inside the 1 − α interval (a two-sided z-test at level α), fail otherwise; the run’s point checks share its family-wise level (Bonferroni).',
  'One-sided (theory < b or > b): pass when the whole 99% interval lies on the claimed side of b, fail when it lies on the other side, unresolved otherwise.',
];

function checksTable(r: ExperimentResult): string {
  if (r.checks.length === 0) return '';
  const body = r.checks
    .map(
      (c) =>
        `<tr><td>${escapeXml(c.name)}</td><td>${escapeXml(fmtTheory(c))}</td><td>${fmtEstimate(c)}</td><td>${fmtNumber(100 * c.ciLevel, 4)}%</td><td>${escapeXml(fmtTest(c))}</td><td>${escapeXml(fmtDetectable(c))}</td><td class="verdict ${c.verdict}">${c.verdict}</td></tr>`,
    )
    .join('\n');
  return `<table class="checks"><thead><tr><th>check</th><th>theory</th><th>measured [CI]</th><th>CI level</th><th>test</th><th>detects (99% power)</th><th>verdict</th></tr></thead><tbody>\n${body}\n</tbody></table>
<p class="legend">${escapeXml(VERDICT_LEGEND.join(' '))} Point checks of this run: ${r.pointChecks}, family-wise level ${fmtNumber(r.familyWiseAlpha)}.</p>`;
}

function section(r: ExperimentResult): string {
  const figs = r.figures
    .map(
      (f) =>
        `<figure id="fig-${escapeXml(r.experiment)}-${escapeXml(f.id)}" class="figure">${renderSvg(f)}<figcaption>${escapeXml(f.title)} (<a href="${escapeXml(figureFileName(r.experiment, f.id))}">SVG</a>)</figcaption></figure>`,
    )
    .join('\n');
  return `<section id="exp-${escapeXml(r.experiment)}">
<h2>${escapeXml(r.experiment)} <span class="verdict ${r.verdict}">${r.verdict}</span></h2>
<p class="claim">${escapeXml(r.claim)}</p>
<p class="ref">Reference: ${escapeXml(r.reference)}</p>
<table class="summary">
<tr><th>quantity</th><td>${escapeXml(r.quantity)}</td></tr>
<tr><th>theory</th><td>${escapeXml(fmtTheory(r.checks[0] ?? { kind: 'equivalence', theory: r.theory }))}</td></tr>
<tr><th>estimate</th><td>${fmtNumber(r.estimate)}${r.se !== null ? ` ± ${fmtNumber(r.se, 2)} (SE)` : ''}</td></tr>
<tr><th>${fmtNumber(100 * r.ciLevel, 4)}% CI</th><td>[${fmtNumber(r.ci[0])}, ${fmtNumber(r.ci[1])}]</td></tr>
<tr><th>test</th><td>${escapeXml(fmtTest(r.checks[0] ?? { kind: 'equivalence', tolerance: r.tolerance }))}</td></tr>
<tr><th>verdict</th><td>${r.verdict}: ${escapeXml(r.verdictReason)}</td></tr>
<tr><th>run</th><td>N = ${r.n}, seed ${r.seed}, ${fmtNumber(r.seconds, 3)} s on ${escapeXml(r.adapter)} [${escapeXml(r.backend)}], sgd-sde ${escapeXml(r.version)}</td></tr>
</table>
${checksTable(r)}
${figs}
${rowsTable(r.rows)}
</section>`;
}

/**
 * The report page for one or more results: self-contained HTML (inline CSS and SVG, no scripts or links).
 * @param results - the results to show, in order
 * @param title - the page title
 * @returns the HTML text
 */
export function reportHtml(results: ExperimentResult[], title = 'sgd-sde experiments'): string {
  const summary = results
    .map(
      (r) =>
        `<tr><td><a href="#exp-${escapeXml(r.experiment)}">${escapeXml(r.experiment)}</a></td><td>${escapeXml(r.quantity)}</td><td>${escapeXml(fmtTheory(r.checks[0] ?? { kind: 'equivalence', theory: r.theory }))}</td><td>${fmtEstimate(r)}</td><td class="verdict ${r.verdict}">${r.verdict}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(title)}</title>
<link rel="icon" href="data:,">
<style>
body { font-family: system-ui, sans-serif; max-width: 1280px; margin: 1.5em auto; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 0.6em 0; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: left; font-variant-numeric: tabular-nums; }
.figure { display: inline-block; margin: 0.5em; }
.verdict.pass { color: #1a7f37; } .verdict.fail { color: #cf222e; } .verdict.unresolved { color: #9a6700; }
section { border-top: 1px solid #ddd; margin-top: 1.5em; }
.ref { color: #555; font-size: 0.9em; }
</style>
</head>
<body>
<h1>${escapeXml(title)}</h1>
<table class="overview"><thead><tr><th>experiment</th><th>quantity</th><th>theory</th><th>measured [CI]</th><th>verdict</th></tr></thead>
<tbody>
${summary}
</tbody></table>
${results.map(section).join('\n')}
</body>
</html>
`;
}

/**
 * Every file of a report directory: index.html, results.json and the figures as .svg.
 * @param results - the results to report
 * @param title - the page title (default `sgd-sde experiments`)
 * @returns the files, each a path relative to the report directory and its text
 */
export function reportFiles(results: ExperimentResult[], title?: string): ReportFile[] {
  const files: ReportFile[] = [
    { path: 'index.html', text: reportHtml(results, title) },
    {
      path: 'results.json',
      text: `${JSON.stringify(results.length === 1 ? results[0] : results, null, 2)}\n`,
    },
  ];
  for (const r of results) {
    for (const f of r.figures)
      files.push({ path: figureFileName(r.experiment, f.id), text: `${renderSvg(f)}\n` });
  }
  return files;
}
