/**
 * Shapes shared by the server-side printers: a column definition as
 * `meta.k8s.io/v1 Table` carries it, a cell value, and the contract every
 * per-resource renderer fulfils.
 */

/**
 * One column of a `meta.k8s.io/v1` Table, serialized exactly as the Kubernetes API
 * does: every field is always present (`format` '' and `priority` 0 when unset).
 * kubectl upper-cases `name` for its header and hides `priority > 0` unless `-o wide`.
 */
export interface TableColumn {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** A cell value; kubectl prints strings verbatim and numbers in decimal. */
export type Cell = string | number;

/**
 * A resource's printer: its fixed columns and a pure row function. Invariant:
 * `row(obj, now)` returns one cell per column, in column order, for any object
 * (missing fields render as kubectl would, never throw), wide cells included,
 * because the server always sends the wide form and kubectl picks columns.
 */
export interface Renderer {
  readonly columns: readonly TableColumn[];
  row(obj: Record<string, any>, now: number): Cell[];
}
