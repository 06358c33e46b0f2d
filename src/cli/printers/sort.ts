/**
 * `--sort-by=<jsonpath>`: a stable sort by the first value the expression selects,
 * numbers numerically, everything else as strings; objects lacking the field sort
 * first, as kubectl's sorter treats missing values as the smallest. Pure.
 */
import { relaxed, selectValues } from './jsonpath.js';

function compareValues(a: unknown, b: unknown): number {
  if (a === undefined) return b === undefined ? 0 : -1;
  if (b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = typeof a === 'string' ? a : JSON.stringify(a);
  const sb = typeof b === 'string' ? b : JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** The indexes of `objects` in sorted order (callers reorder rows or objects with it). */
export function sortOrder(expression: string, objects: readonly unknown[]): number[] {
  const expr = relaxed(expression);
  const keys = objects.map((o) => selectValues(expr, o)[0]);
  return objects.map((_, i) => i).sort((x, y) => compareValues(keys[x], keys[y]) || x - y);
}
