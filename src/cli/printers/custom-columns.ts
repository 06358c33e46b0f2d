/**
 * `-o custom-columns=HEADER:.path,...`: each column is a relaxed JSONPath evaluated
 * per object; several results join with `,`, none prints `<none>`. Pure.
 */
import { JsonPathError, relaxed, selectValues } from './jsonpath.js';

/** One parsed column. */
export interface CustomColumn { header: string; expression: string }

/** Parses `NAME:.metadata.name,IMAGE:.spec.containers[*].image`. */
export function parseCustomColumns(spec: string): CustomColumn[] {
  return spec.split(',').map((part) => {
    const colon = part.indexOf(':');
    if (colon <= 0) throw new JsonPathError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    const expression = relaxed(part.slice(colon + 1));
    return { header: part.slice(0, colon), expression };
  });
}

/** A value as Go's `%v` prints it, which is what kubectl's custom columns show for maps and lists. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o).sort().map((k) => `${k}:${goValue(o[k])}`).join(' ')}]`;
  }
  return String(v);
}

/** The header row and one row per object. */
export function customColumnRows(columns: CustomColumn[], objects: unknown[]): { header: string[]; rows: string[][] } {
  const rows = objects.map((obj) => columns.map((c) => {
    const values = selectValues(c.expression, obj).filter((v) => v !== undefined);
    return values.length ? values.map(goValue).join(',') : '<none>';
  }));
  return { header: columns.map((c) => c.header), rows };
}
