/**
 * Lays out the visible rows of a table as fixed-width text lines: which
 * columns a view shows, how wide each is, and truncation to the terminal.
 * Pure; it only ever sees the rows on screen, so its cost does not grow with
 * the size of the cluster.
 */
import type { Cell, Renderer } from '../../src/apiserver/tables/index.js';

/** A column on screen: its header and where its cell comes from (-1 = the namespace). */
export interface ScreenColumn {
  header: string;
  source: number;
}

/** Columns of a view: NAMESPACE first when showing all namespaces, then priority-0 columns and the named extras. */
export function screenColumns(renderer: Renderer, extra: readonly string[], withNamespace: boolean): ScreenColumn[] {
  const cols: ScreenColumn[] = withNamespace ? [{ header: 'NAMESPACE', source: -1 }] : [];
  renderer.columns.forEach((c, i) => {
    if (c.priority === 0 || extra.includes(c.name)) cols.push({ header: c.name.toUpperCase(), source: i });
  });
  return cols;
}

/** The cells of one row for `cols`. */
export function pickCells(cols: readonly ScreenColumn[], namespace: string, cells: readonly Cell[]): string[] {
  return cols.map((c) => (c.source < 0 ? namespace : String(cells[c.source] ?? '')));
}

/** Longest a single column may be before it is cut (the last column takes what is left). */
const MAX_COLUMN = 60;
const GAP = 2;

function fit(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text.padEnd(width);
}

/** Header line and one line per row, each exactly `width` characters. */
export function layoutTable(cols: readonly ScreenColumn[], rows: readonly string[][], width: number): { header: string; lines: string[] } {
  const widths = cols.map((c, i) => Math.min(MAX_COLUMN, rows.reduce((w, r) => Math.max(w, (r[i] ?? '').length), c.header.length)));
  const line = (cells: readonly string[]): string => {
    let out = '';
    for (let i = 0; i < cols.length && out.length < width; i++) {
      const last = i === cols.length - 1;
      out += last ? cells[i] ?? '' : fit(cells[i] ?? '', widths[i]!) + ' '.repeat(GAP);
    }
    return fit(out, width);
  };
  return { header: line(cols.map((c) => c.header)), lines: rows.map(line) };
}
