/**
 * Column alignment exactly as kubectl does it (Go's text/tabwriter with kubectl's
 * settings: minimum width 6, padding 3, spaces): every column but the last is padded
 * to its widest cell plus 3 (at least 6); the last cell of a row is never padded.
 * Pure; width is counted in code points so non-ASCII names do not skew the columns.
 */

const MIN_WIDTH = 6;
const PADDING = 3;

const width = (s: string): number => [...s].length;

/** Column widths for the rows: the cells of all rows but the last cell of each. */
export function columnWidths(rows: readonly (readonly string[])[], remembered: readonly number[] = []): number[] {
  const widths = [...remembered];
  for (const row of rows) {
    for (let i = 0; i < row.length - 1; i++) {
      widths[i] = Math.max(widths[i] ?? MIN_WIDTH, width(row[i]) + PADDING, MIN_WIDTH);
    }
  }
  return widths;
}

/** Formats rows into aligned lines (each ending in a newline), using `widths` when given (a watch keeps them). */
export function alignRows(rows: readonly (readonly string[])[], widths = columnWidths(rows)): string {
  return rows.map((row) => row.map((cell, i) => (i < row.length - 1 ? cell + ' '.repeat(Math.max(0, widths[i] - width(cell))) : cell)).join('') + '\n').join('');
}

/**
 * Go's text/tabwriter over tab-separated text, column blocks included: a column is
 * aligned only across consecutive lines that have a cell in it, which is what gives
 * `describe` its nested alignment. Used with `describe`'s settings (min width 0, padding 2).
 */
export function tabwrite(text: string, minWidth = 0, padding = 2): string {
  const lines = text.split('\n').map((l) => l.split('\t'));
  const out: string[] = [];
  const widths: number[] = [];
  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const cells = lines[i];
      out.push(cells.map((c, j) => (j < cells.length - 1 && j < widths.length ? c + ' '.repeat(Math.max(0, widths[j] - width(c))) : c)).join(''));
    }
  };
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    let start = line0;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i].length - 1) continue;
      writeLines(start, i);
      start = i;
      let w = minWidth;
      for (; i < line1 && column < lines[i].length - 1; i++) w = Math.max(w, width(lines[i][column]) + padding);
      widths.push(w);
      format(start, i);
      widths.pop();
      start = i;
      i--;
    }
    writeLines(start, line1);
  };
  format(0, lines.length);
  return out.join('\n');
}
