/** Plain-text tables for terminal output. */

/** Renders rows as a left/right aligned table with a header rule. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** A number with `digits` significant digits. */
export function sig(v: number, digits = 6): string {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1e-3 || v === 0
    ? Number(v.toPrecision(digits)).toString()
    : v.toExponential(digits - 1);
}

/** Options of {@link wrappedTable}. */
export interface WrappedTableOptions {
  /** Alignment per column ('l' or 'r'); default: first column left, the others right. */
  align?: ('l' | 'r')[];
  /** Column whose cells are word-wrapped so that the table fits in `width` characters. */
  wrapColumn: number;
  /** Total width to fit (default 120); the wrapped column never gets narrower than `minWrapWidth` (default 20). */
  width?: number;
  minWrapWidth?: number;
}

/** Splits `text` into lines of at most `width` characters at spaces (a longer word is cut). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    let w = word;
    while (w.length > width) {
      if (line) lines.push(line);
      lines.push(w.slice(0, width));
      w = w.slice(width);
      line = '';
    }
    if (!line) line = w;
    else if (line.length + 1 + w.length <= width) line += ` ${w}`;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * A table whose `wrapColumn` is word-wrapped onto continuation lines so that every line fits in `width` characters
 * (when the other columns leave room for it); the other cells stay on a row's first line.
 */
export function wrappedTable(header: string[], rows: string[][], o: WrappedTableOptions): string {
  const gap = 2;
  const natural = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const others = natural.reduce((a, w, i) => (i === o.wrapColumn ? a : a + w), 0);
  const room = (o.width ?? 120) - others - gap * (header.length - 1);
  const wrapWidth = Math.min(
    natural[o.wrapColumn]!,
    Math.max(o.minWrapWidth ?? 20, room, header[o.wrapColumn]!.length),
  );
  const widths = natural.map((w, i) => (i === o.wrapColumn ? wrapWidth : w));
  const align = o.align ?? header.map((_, i) => (i === 0 ? 'l' : 'r'));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (align[i] === 'l' ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join(' '.repeat(gap))
      .trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join(' '.repeat(gap))];
  for (const r of rows) {
    const wrapped = wrapText(r[o.wrapColumn] ?? '', wrapWidth);
    for (const [k, text] of wrapped.entries()) {
      out.push(line(header.map((_, i) => (i === o.wrapColumn ? text : k === 0 ? (r[i] ?? '') : ''))));
    }
  }
  return out.join('\n');
}
