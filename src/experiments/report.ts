/**
 * A self-contained HTML report of experiment results (inline SVG figures, inline CSS, no scripts or external
 * resources), and the list of files a report directory holds: index.html, results.json and one .svg per figure.
 * Pure string building, so it runs in a browser as well; the CLI writes the files.
 */
import { escapeXml, renderSvg } from './svg.js';
import type { ExperimentResult, Row } from './types.js';

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

function checksTable(r: ExperimentResult): string {
  if (r.checks.length === 0) return '';
  const body = r.checks
    .map(
      (c) =>
        `<tr><td>${escapeXml(c.name)}</td><td>${fmtNumber(c.theory)}</td><td>${fmtEstimate(c)}</td><td>± ${fmtNumber(c.tolerance)}</td><td class="verdict ${c.verdict}">${c.verdict}</td></tr>`,
    )
    .join('\n');
  return `<table class="checks"><thead><tr><th>check</th><th>theory</th><th>measured [CI]</th><th>tolerance</th><th>verdict</th></tr></thead><tbody>\n${body}\n</tbody></table>`;
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
<tr><th>theory</th><td>${fmtNumber(r.theory)}</td></tr>
<tr><th>estimate</th><td>${fmtNumber(r.estimate)}${r.se !== null ? ` ± ${fmtNumber(r.se, 2)} (SE)` : ''}</td></tr>
<tr><th>${Math.round(r.ciLevel * 100)}% CI</th><td>[${fmtNumber(r.ci[0])}, ${fmtNumber(r.ci[1])}]</td></tr>
<tr><th>tolerance</th><td>± ${fmtNumber(r.tolerance)}</td></tr>
<tr><th>verdict</th><td>${r.verdict}: ${escapeXml(r.verdictReason)}</td></tr>
<tr><th>run</th><td>N = ${r.n}, seed ${r.seed}, ${fmtNumber(r.seconds, 3)} s on ${escapeXml(r.adapter)} [${escapeXml(r.backend)}], sgd-sde ${escapeXml(r.version)}</td></tr>
</table>
${checksTable(r)}
${figs}
${rowsTable(r.rows)}
</section>`;
}

/** The report page for one or more results. */
export function reportHtml(results: ExperimentResult[], title = 'sgd-sde experiments'): string {
  const summary = results
    .map(
      (r) =>
        `<tr><td><a href="#exp-${escapeXml(r.experiment)}">${escapeXml(r.experiment)}</a></td><td>${escapeXml(r.quantity)}</td><td>${fmtNumber(r.theory)}</td><td>${fmtEstimate(r)}</td><td class="verdict ${r.verdict}">${r.verdict}</td></tr>`,
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

/** Every file of a report directory: index.html, results.json and the figures as .svg. */
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
