/**
 * The text builder of `describe`: lines of `Label:\tvalue` at an indent level,
 * aligned at the end by Go-tabwriter rules, like kubectl's PrefixWriter. Pure.
 */
import { tabwrite } from '../printers/tabwriter.js';

/** Collects describe lines; `toString()` aligns them. */
export class DescribeWriter {
  private readonly lines: string[] = [];

  /** `Label:\tvalue` at `level` (two spaces each); a value of undefined prints the label alone. */
  line(level: number, label: string, value?: string | number | boolean): this {
    const indent = '  '.repeat(level);
    this.lines.push(value === undefined ? `${indent}${label}` : `${indent}${label}\t${value}`);
    return this;
  }

  /** A multi-valued field: first value after the label, the rest aligned below it; `<none>` when empty. */
  multi(level: number, label: string, values: string[]): this {
    if (!values.length) return this.line(level, label, '<none>');
    this.line(level, label, values[0]);
    for (const v of values.slice(1)) this.lines.push(`${'  '.repeat(level)}\t${v}`);
    return this;
  }

  /** Raw tab-separated row (tables inside describe, such as Events). */
  row(level: number, cells: string[]): this {
    this.lines.push('  '.repeat(level) + cells.join('\t'));
    return this;
  }

  /** The aligned text. */
  toString(): string {
    return tabwrite(this.lines.join('\n') + '\n');
  }
}

/** `k=v` lines sorted by key. */
export function keyValues(map: Record<string, string> | undefined, sep = '='): string[] {
  return Object.keys(map ?? {}).sort().map((k) => `${k}${sep}${map![k]}`);
}

/** kubectl's generic field label: `creationTimestamp` → `Creation Timestamp`. */
export function titleCase(key: string): string {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** Writes any JSON value as kubectl's generic describer does: nested maps indented, lists item by item. */
export function writeGeneric(w: DescribeWriter, level: number, key: string, value: unknown): void {
  const label = `${titleCase(key)}:`;
  if (Array.isArray(value)) {
    w.line(level, label);
    for (const item of value) {
      if (item && typeof item === 'object') {
        const entries = Object.entries(item);
        entries.forEach(([k, v], i) => writeGeneric(w, level + 1, i === 0 ? k : k, v));
      } else w.line(level + 1, String(item));
    }
  } else if (value && typeof value === 'object') {
    w.line(level, label);
    for (const [k, v] of Object.entries(value)) writeGeneric(w, level + 1, k, v);
  } else w.line(level, label, value === null ? '<nil>' : String(value));
}
